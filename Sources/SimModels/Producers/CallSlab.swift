import SimCore

/// The calls in flight of one producer whose calls succeed record by
/// record (Kinesis PutRecords, Firehose PutRecordBatch): each call's
/// records still to be written, its attempts so far and whether the
/// current attempt failed as a whole, in slots reused through a free list,
/// so sending allocates nothing per call once the slots exist.
struct CallSlab<Record: Sendable>: Sendable {
  /// Each call's records still to be written (empty for a free slot).
  var records: [[Record]] = []
  var attempts: [UInt8] = []
  var failed: [Bool] = []
  private var free: [Int32] = []

  /// What becomes of a call after an attempt.
  enum Outcome: Equatable {
    /// Every record was written: the slot is free again.
    case done
    /// Records remain and attempts are left: retry after the backoff for
    /// retry number `retry` (0 for the first retry).
    case retry(Int)
    /// Records remain and no attempt is left: `count` records given up;
    /// the slot is free again.
    case givenUp(count: Int)
  }

  /// Takes a free slot (its record list empty, capacity kept).
  mutating func allocate() -> Int {
    if let call = free.popLast() { return Int(call) }
    records.append([])
    attempts.append(0)
    failed.append(false)
    return records.count - 1
  }

  /// A new call holding `batch`'s records (`batch` is left empty, with the
  /// capacity of an earlier call's list).
  mutating func take(_ batch: inout [Record]) -> Int {
    let call = allocate()
    swap(&records[call], &batch)
    return call
  }

  /// Starts an attempt of `call`: whether it fails as a whole (drawn with
  /// `errorRate`), and how long it takes (`apiLatency`, not drawn when
  /// `isInstant`), from `rng`. Returns the latency, or `nil` when the
  /// attempt completes at once (no latency, no failure).
  mutating func beginAttempt(
    _ call: Int, errorRate: Double, apiLatency: Distribution, isInstant: Bool, rng: inout SeededGenerator
  ) -> SimDuration? {
    attempts[call] += 1
    failed[call] = rng.nextBool(probability: errorRate)
    let latency = isInstant ? SimDuration.zero : apiLatency.sampleDuration(using: &rng)
    return latency.nanoseconds == 0 && !failed[call] ? nil : latency
  }

  /// Gives back `call`, which holds no records (a batch drawn empty).
  mutating func release(_ call: Int) {
    precondition(records[call].isEmpty, "a call given back still holds records")
    attempts[call] = 0
    free.append(Int32(call))
  }

  /// After an attempt of `call`: done, to retry, or given up after
  /// `maxAttempts` attempts in all.
  mutating func settle(_ call: Int, maxAttempts: Int) -> Outcome {
    let remaining = records[call].count
    if remaining > 0 && Int(attempts[call]) < maxAttempts { return .retry(Int(attempts[call]) - 1) }
    records[call].removeAll(keepingCapacity: true)
    attempts[call] = 0
    free.append(Int32(call))
    return remaining == 0 ? .done : .givenUp(count: remaining)
  }

  /// Records in calls in flight (a free slot holds none).
  var recordsInFlight: Int { records.reduce(0) { $0 + $1.count } }
}
