import SimCore

/// Latency histograms and time integrals the world feeds while it runs.
///
/// Counters live in the models as cumulative totals; this type keeps what
/// is not a counter: latency histograms and the time integral of the
/// visible-message count (for time averages). Each sample is recorded once,
/// into the current period's histogram; closing a period merges it into
/// the whole-run summary when warm-up is over, so the summary holds exactly
/// the samples recorded after warm-up.
///
/// A sample first goes into a small per-queue buffer and the histograms
/// take the buffer in one burst when it fills or before anything reads
/// them: with many queues, recording would otherwise touch a different
/// histogram's buckets, far apart in memory, on nearly every event (a
/// histogram's contents do not depend on the order samples arrive in).
/// A queue's two kinds of sample share its buffer, a QueueTime sample
/// stored as its value (never negative) and an EndToEndLatency sample as
/// its bitwise complement (always negative), so the two samples of one
/// message, taken tens of milliseconds apart, usually land on one cache
/// line instead of two.
struct MetricsCollector: Sendable {
  let period: Int64
  /// Samples per queue's buffer.
  static let bufferCapacity = 128
  /// Buffered samples: queue `q` owns `pending[q * bufferCapacity ..<]`,
  /// `pendingCount[q]` of them (see the type's documentation).
  let pending: FixedArray<Int64>
  let pendingCount: FixedArray<Int32>
  // Per-queue state in fixed arrays: mutated in place, no copy-on-write
  // checks (a collector is never copied: it lives in the world's SQSModel).
  /// Samples since the last period boundary or the end of warm-up.
  let queueTimeCurrent: FixedArray<StreamingHistogram>
  let endToEndCurrent: FixedArray<StreamingHistogram>
  /// The warm-up part of the period in which warm-up ends.
  let queueTimeCarry: FixedArray<StreamingHistogram>
  let endToEndCarry: FixedArray<StreamingHistogram>
  /// Every sample recorded after warm-up.
  let queueTimeSummary: FixedArray<StreamingHistogram>
  let endToEndSummary: FixedArray<StreamingHistogram>
  /// ∫ visibleCount dt in message·nanoseconds, since the run started.
  let visibleArea: FixedArray<Double>
  let lastVisibleChange: FixedArray<Int64>

  init(period: Int64, queues: Int) {
    self.period = period
    func histograms() -> FixedArray<StreamingHistogram> { FixedArray(repeating: StreamingHistogram(), count: queues) }
    queueTimeCurrent = histograms()
    endToEndCurrent = histograms()
    queueTimeCarry = histograms()
    endToEndCarry = histograms()
    queueTimeSummary = histograms()
    endToEndSummary = histograms()
    visibleArea = FixedArray(repeating: 0, count: queues)
    lastVisibleChange = FixedArray(repeating: 0, count: queues)
    pending = FixedArray(repeating: 0, count: queues * Self.bufferCapacity)
    pendingCount = FixedArray(repeating: 0, count: queues)
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
    precondition(nanoseconds >= 0, "latency samples are never negative")
    buffer(q, nanoseconds)
  }

  /// Records an EndToEndLatency sample (creation to delete).
  @inline(__always)
  mutating func recordEndToEnd(_ q: Int, nanoseconds: Int64) {
    precondition(nanoseconds >= 0, "latency samples are never negative")
    buffer(q, ~nanoseconds)
  }

  @inline(__always)
  mutating func buffer(_ q: Int, _ entry: Int64) {
    let n = Int(pendingCount[q])
    pending[q * Self.bufferCapacity + n] = entry
    pendingCount[q] = Int32(n + 1)
    if n + 1 == Self.bufferCapacity { flush(queue: q) }
  }

  /// Empties queue `q`'s buffer: calls `body` with its QueueTime and its
  /// EndToEndLatency samples, apart (each possibly empty; `body` may
  /// reorder them).
  func takeSamples<R>(
    _ q: Int,
    _ body: (_ queueTime: UnsafeMutableBufferPointer<Int64>, _ endToEnd: UnsafeMutableBufferPointer<Int64>) -> R
  ) -> R {
    let n = Int(pendingCount[q])
    pendingCount[q] = 0
    let capacity = Self.bufferCapacity
    return withUnsafeTemporaryAllocation(of: Int64.self, capacity: 2 * capacity) { scratch in
      var queueTime = 0
      var endToEnd = capacity
      pending.withUnsafeMutableBufferPointer(q * capacity..<q * capacity + n) { entries in
        for entry in entries {
          if entry >= 0 {
            scratch[queueTime] = entry
            queueTime &+= 1
          } else {
            scratch[endToEnd] = ~entry
            endToEnd &+= 1
          }
        }
      }
      return body(
        UnsafeMutableBufferPointer(rebasing: scratch[0..<queueTime]),
        UnsafeMutableBufferPointer(rebasing: scratch[capacity..<endToEnd]))
    }
  }

  /// Records queue `q`'s buffered samples into its histograms.
  mutating func flush(queue q: Int) {
    guard pendingCount[q] > 0 else { return }
    takeSamples(q) { queueTime, endToEnd in
      queueTimeCurrent[q].record(contentsOf: UnsafeBufferPointer(queueTime))
      endToEndCurrent[q].record(contentsOf: UnsafeBufferPointer(endToEnd))
    }
  }

  /// Warm-up ends mid-period: what was recorded so far stays out of the
  /// summary but still belongs to this period's rows.
  mutating func endWarmup() {
    for q in queueTimeCurrent.indices {
      flush(queue: q)
      queueTimeCarry[q].merge(queueTimeCurrent[q])
      queueTimeCurrent[q].reset()
      endToEndCarry[q].merge(endToEndCurrent[q])
      endToEndCurrent[q].reset()
    }
  }

  /// Closes a period: returns its QueueTime and EndToEndLatency figures
  /// (nil without samples), adds the post-warm-up samples to the summary,
  /// and starts afresh. Histograms are read and reset in place: nothing is
  /// copied.
  mutating func closePeriod(_ q: Int, warmupOver: Bool) -> (queueTime: PeriodLatency?, endToEnd: PeriodLatency?) {
    takeSamples(q) { queueTime, endToEnd in
      (
        Self.close(
          queueTime, &queueTimeCurrent[q], carry: &queueTimeCarry[q], into: &queueTimeSummary[q], warmupOver),
        Self.close(
          endToEnd, &endToEndCurrent[q], carry: &endToEndCarry[q], into: &endToEndSummary[q], warmupOver)
      )
    }
  }

  /// One histogram's period, with `samples` its buffered samples: its
  /// figures (with the warm-up part `carry` of the period in which warm-up
  /// ended), the summary's share, a reset.
  ///
  /// When every sample of the period is still in the buffer (a quiet
  /// queue: fewer than `bufferCapacity` samples, no warm-up carry), the
  /// figures come from the samples themselves and the samples go straight
  /// into the summary: the period histogram's buckets are never filled,
  /// scanned and cleared. The figures are the ones the histogram would
  /// give (`StreamingHistogram.figures(of:quantile:)`).
  static func close(
    _ samples: UnsafeMutableBufferPointer<Int64>, _ current: inout StreamingHistogram,
    carry: inout StreamingHistogram, into summary: inout StreamingHistogram, _ warmupOver: Bool
  ) -> PeriodLatency? {
    if current.isEmpty && carry.isEmpty {
      guard !samples.isEmpty else { return nil }
      if warmupOver { for value in samples { summary.record(value) } }
      let figures = StreamingHistogram.figures(of: samples, quantile: PeriodLatency.quantile)!
      return PeriodLatency(mean: figures.mean, p99: figures.quantile)
    }
    current.record(contentsOf: UnsafeBufferPointer(samples))
    if warmupOver && !current.isEmpty { summary.merge(current) }
    let figures: PeriodLatency?
    if carry.isEmpty {
      figures = PeriodLatency(current)
    } else {
      carry.merge(current)
      figures = PeriodLatency(carry)
      carry.reset()
    }
    if !current.isEmpty { current.reset() }
    return figures
  }
}

/// A period's latency figures in nanoseconds.
struct PeriodLatency: Sendable {
  var mean: Double
  var p99: Int64
  /// The quantile reported as `p99`.
  static let quantile = 0.99

  init(mean: Double, p99: Int64) {
    self.mean = mean
    self.p99 = p99
  }

  /// The figures of `histogram`, nil when it holds no sample.
  init?(_ histogram: StreamingHistogram) {
    guard !histogram.isEmpty else { return nil }
    mean = histogram.mean
    p99 = histogram.quantile(Self.quantile)
  }
}
