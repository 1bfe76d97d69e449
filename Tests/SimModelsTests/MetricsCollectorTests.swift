import Testing
import SimCore
@testable import SimModels

/// The collector's buffer holds both kinds of a queue's samples; whatever
/// path a period takes (figures from the buffer, or from a histogram the
/// buffer spilled into), its figures and the summary must be those of
/// plain histograms fed the same samples.
@Suite("Metrics collector")
struct MetricsCollectorTests {
  @Test(
    "QueueTime and EndToEndLatency samples sharing a buffer give the figures of separate histograms",
    arguments: [0, 1, 2, 64, 127, 128, 129, 255, 256, 1_000])
  func sharedBuffer(samples: Int) {
    var rng = SeededGenerator(seed: UInt64(samples))
    var collector = MetricsCollector(period: 60_000_000_000, queues: 3)
    var queueTime = StreamingHistogram()
    var endToEnd = StreamingHistogram()
    for _ in 0..<samples {
      // Values 0 included (a receive at the send's instant), up to minutes.
      let value = rng.nextBool(probability: 0.1) ? 0 : Int64(rng.nextInt(below: 200_000_000_000))
      if rng.nextBool(probability: 0.4) {
        collector.recordQueueTime(1, nanoseconds: value)
        queueTime.record(value)
      } else {
        collector.recordEndToEnd(1, nanoseconds: value)
        endToEnd.record(value)
      }
    }
    let (queueTimeFigures, endToEndFigures) = collector.closePeriod(1, warmupOver: true)
    #expect(queueTimeFigures?.mean == PeriodLatency(queueTime)?.mean)
    #expect(queueTimeFigures?.p99 == PeriodLatency(queueTime)?.p99)
    #expect(endToEndFigures?.mean == PeriodLatency(endToEnd)?.mean)
    #expect(endToEndFigures?.p99 == PeriodLatency(endToEnd)?.p99)
    #expect(collector.queueTimeSummary[1] == queueTime)
    #expect(collector.endToEndSummary[1] == endToEnd)
    // The other queues saw nothing.
    for q in [0, 2] {
      #expect(collector.queueTimeSummary[q].isEmpty && collector.endToEndSummary[q].isEmpty)
    }
    // The next period starts empty.
    let (nextQueueTime, nextEndToEnd) = collector.closePeriod(1, warmupOver: true)
    #expect(nextQueueTime == nil && nextEndToEnd == nil)
  }
}
