import SimCore

/// Latency histograms and time integrals the world feeds while it runs.
///
/// Counters live in the models as cumulative totals; this type keeps what
/// is not a counter: per-period and whole-run latency histograms, and the
/// time integral of the visible-message count (for time averages).
struct MetricsCollector: Sendable {
  let period: Int64
  var queueTimePeriod: [StreamingHistogram]
  var endToEndPeriod: [StreamingHistogram]
  var queueTimeSummary: [StreamingHistogram]
  var endToEndSummary: [StreamingHistogram]
  /// ∫ visibleCount dt in message·nanoseconds, since the run started.
  var visibleArea: [Double]
  var lastVisibleChange: [Int64]

  init(period: Int64, queues: Int, producers: Int, consumers: Int) {
    self.period = period
    queueTimePeriod = Array(repeating: StreamingHistogram(), count: queues)
    endToEndPeriod = queueTimePeriod
    queueTimeSummary = queueTimePeriod
    endToEndSummary = queueTimePeriod
    visibleArea = Array(repeating: 0, count: queues)
    lastVisibleChange = Array(repeating: 0, count: queues)
  }

  /// Call before the visible count of `q` changes (its value is `count`).
  @inline(__always)
  mutating func noteVisibleChange(_ q: Int, count: Int, at now: Int64) {
    visibleArea[q] += Double(count) * Double(now - lastVisibleChange[q])
    lastVisibleChange[q] = now
  }

  @inline(__always)
  mutating func recordQueueTime(_ q: Int, nanoseconds: Int64, countsInSummary: Bool) {
    queueTimePeriod[q].record(nanoseconds)
    if countsInSummary { queueTimeSummary[q].record(nanoseconds) }
  }

  @inline(__always)
  mutating func recordEndToEnd(_ q: Int, nanoseconds: Int64, countsInSummary: Bool) {
    endToEndPeriod[q].record(nanoseconds)
    if countsInSummary { endToEndSummary[q].record(nanoseconds) }
  }
}

/// Counter snapshots taken at a period boundary or at the end of warm-up.
struct CounterSnapshot: Sendable {
  var time: Int64 = 0
  var queues: [QueueCounters] = []
  var producers: [ProducerCounters] = []
  var consumers: [ConsumerCounters] = []
  var busy: [Int64] = []
  var visibleArea: [Double] = []
}
