import SimCore

/// A record producer's calls, as the stream and Firehose producer fleets
/// make them: an open batch closed into a call, each attempt counted and
/// started (an error drawn, a latency sampled), the target taking what it
/// can, the rest retried with backoff or, after the last attempt, dropped
/// (docs/model.md §8.7, §11.1). The fleets keep only what differs: the
/// target, their events, and the stream producer's keys.
protocol RecordCallState {
  associatedtype Record: Sendable
  associatedtype Counters: RecordProducerCounters
  var config: ProducerConfig { get }
  /// Latencies, errors and backoff draws.
  var callRng: SeededGenerator { get set }
  var backoff: FullJitterBackoff { get }
  var hasZeroLatency: Bool { get }
  /// Batch calls (batch size above 1) rather than single-record ones.
  var isBatching: Bool { get }
  var batch: [Record] { get set }
  var batchBytes: Int { get set }
  var batchEpoch: UInt32 { get set }
  var calls: CallSlab<Record> { get set }
  var counters: Counters { get set }
}

extension RecordCallState {
  /// Closes the open batch (its window's event goes stale) into a call:
  /// the call, or `nil` when the batch was empty.
  @inline(__always)
  mutating func closeBatch() -> Int? {
    batchEpoch &+= 1
    guard !batch.isEmpty else { return nil }
    // (Through the protocol, `calls` and `batch` are two accesses to
    // `self`: the batch goes by way of a local.)
    var open: [Record] = []
    swap(&open, &batch)
    let call = calls.take(&open)
    swap(&open, &batch)
    batchBytes = 0
    return call
  }

  /// Counts an attempt of `call` and starts it: its latency, or `nil` when
  /// calls take no time (the response is handled at once).
  @inline(__always)
  mutating func beginPut(_ call: Int) -> SimDuration? {
    counters.countCall(isBatch: isBatching)
    var rng = callRng
    defer { callRng = rng }
    return calls.beginAttempt(
      call, errorRate: config.errorRate, apiLatency: config.apiLatency, isInstant: hasZeroLatency, rng: &rng)
  }

  /// Whether the attempt of `call` failed as a whole (counted), so the
  /// target never saw it.
  @inline(__always)
  mutating func attemptFailed(_ call: Int) -> Bool {
    guard calls.failed[call] else { return false }
    counters.callErrors &+= 1
    return true
  }

  /// The target took `accepted` of the call's `offered` records; the rest
  /// were throttled.
  @inline(__always)
  mutating func noteAccepted(_ accepted: Int, of offered: Int) {
    counters.put &+= accepted
    counters.throttled &+= offered - accepted
  }

  /// After the target took what it could of `call`: the backoff before
  /// retrying the rest, or `nil` when the call is over (done, or given up
  /// with its records counted as dropped).
  @inline(__always)
  mutating func settlePut(_ call: Int) -> SimDuration? {
    switch calls.settle(call, maxAttempts: config.retry.maxAttempts) {
    case .retry(let retry):
      counters.retries &+= 1
      return backoff.delay(retry: retry, using: &callRng)
    case .givenUp(let count):
      counters.dropped &+= count
      return nil
    case .done:
      return nil
    }
  }
}
