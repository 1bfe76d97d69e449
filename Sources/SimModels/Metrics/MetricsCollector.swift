import SimCore

/// Latency histograms and time integrals the world feeds while it runs.
///
/// Counters live in the models as cumulative totals; this type keeps what
/// is not a counter: latency histograms and the time integral of the
/// visible-message count (for time averages). Each sample is recorded once,
/// into the current period's histogram; closing a period merges it into
/// the whole-run summary when warm-up is over, so the summary holds exactly
/// the samples recorded after warm-up.
struct MetricsCollector: Sendable {
  let period: Int64
  /// Samples since the last period boundary or the end of warm-up.
  var queueTimeCurrent: [StreamingHistogram]
  var endToEndCurrent: [StreamingHistogram]
  /// The warm-up part of the period in which warm-up ends.
  var queueTimeCarry: [StreamingHistogram]
  var endToEndCarry: [StreamingHistogram]
  /// Every sample recorded after warm-up.
  var queueTimeSummary: [StreamingHistogram]
  var endToEndSummary: [StreamingHistogram]
  /// ∫ visibleCount dt in message·nanoseconds, since the run started.
  var visibleArea: [Double]
  var lastVisibleChange: [Int64]

  init(period: Int64, queues: Int) {
    self.period = period
    queueTimeCurrent = Array(repeating: StreamingHistogram(), count: queues)
    endToEndCurrent = queueTimeCurrent
    queueTimeCarry = queueTimeCurrent
    endToEndCarry = queueTimeCurrent
    queueTimeSummary = queueTimeCurrent
    endToEndSummary = queueTimeCurrent
    visibleArea = Array(repeating: 0, count: queues)
    lastVisibleChange = Array(repeating: 0, count: queues)
  }

  /// Call before the visible count of `q` changes (its value is `count`).
  @inline(__always)
  mutating func noteVisibleChange(_ q: Int, count: Int, at now: Int64) {
    visibleArea[q] += Double(count) * Double(now - lastVisibleChange[q])
    lastVisibleChange[q] = now
  }

  /// Records a QueueTime sample (send to first receive).
  @inline(__always)
  mutating func recordQueueTime(_ q: Int, nanoseconds: Int64) {
    queueTimeCurrent[q].record(nanoseconds)
  }

  /// Records an EndToEndLatency sample (creation to delete).
  @inline(__always)
  mutating func recordEndToEnd(_ q: Int, nanoseconds: Int64) {
    endToEndCurrent[q].record(nanoseconds)
  }

  /// Warm-up ends mid-period: what was recorded so far stays out of the
  /// summary but still belongs to this period's rows.
  mutating func endWarmup() {
    for q in queueTimeCurrent.indices {
      queueTimeCarry[q].merge(queueTimeCurrent[q])
      queueTimeCurrent[q].reset()
      endToEndCarry[q].merge(endToEndCurrent[q])
      endToEndCurrent[q].reset()
    }
  }

  /// Closes a period: returns its QueueTime and EndToEndLatency samples,
  /// adds the post-warm-up ones to the summary, and starts afresh.
  mutating func closePeriod(_ q: Int, warmupOver: Bool) -> (queueTime: StreamingHistogram, endToEnd: StreamingHistogram) {
    var queueTime = queueTimeCurrent[q]
    var endToEnd = endToEndCurrent[q]
    if !queueTimeCarry[q].isEmpty { queueTime.merge(queueTimeCarry[q]) }
    if !endToEndCarry[q].isEmpty { endToEnd.merge(endToEndCarry[q]) }
    if warmupOver {
      queueTimeSummary[q].merge(queueTimeCurrent[q])
      endToEndSummary[q].merge(endToEndCurrent[q])
    }
    queueTimeCurrent[q].reset()
    endToEndCurrent[q].reset()
    queueTimeCarry[q].reset()
    endToEndCarry[q].reset()
    return (queueTime, endToEnd)
  }
}
