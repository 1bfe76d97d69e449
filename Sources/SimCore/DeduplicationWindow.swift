/// A memory of identifiers accepted within a sliding interval of virtual
/// time: the deduplication of SQS FIFO queues and SNS FIFO topics.
///
/// ```swift
/// var window = DeduplicationWindow(interval: .seconds(300))
/// window.isDuplicate(42, at: 0)                // false: accepted, remembered
/// window.isDuplicate(42, at: 299_999_999_999)  // true
/// window.isDuplicate(42, at: 300_000_000_000)  // false: accepted again
/// ```
///
/// The interval counts from an identifier's *first* acceptance: a
/// duplicate does not extend it, so an identifier sent every minute is
/// accepted again every `interval`. An identifier accepted at `t` is a
/// duplicate at every time in `t ..< t + interval` and not at
/// `t + interval`.
///
/// Identifiers are forgotten lazily, oldest first, by the next call after
/// their interval ends: a dictionary holds each identifier's expiry and a
/// ring holds the acceptances in time order, so a call costs O(1)
/// amortized and memory is bounded by the acceptances of one interval.
public struct DeduplicationWindow: Sendable {
  /// One acceptance: an identifier and when its interval ends.
  private struct Acceptance: Sendable {
    var id: UInt64
    var expiresAt: Int64
  }

  /// How long an accepted identifier counts as seen.
  public let interval: SimDuration
  /// The end of the interval of each remembered identifier.
  private var expiryOf: [UInt64: Int64] = [:]
  /// The acceptances in time order, hence in order of expiry.
  private var acceptances = RingBuffer(filler: Acceptance(id: 0, expiresAt: 0))
  /// The time of the latest call.
  private var latest = Int64.min

  /// Creates a window that remembers identifiers for `interval`.
  ///
  /// - Precondition: `interval` is not negative.
  public init(interval: SimDuration) {
    precondition(interval.nanoseconds >= 0, "negative deduplication interval \(interval)")
    self.interval = interval
  }

  /// The number of identifiers remembered: after a call at time `t`, those
  /// accepted in `(t - interval, t]` (with a zero interval, the one that
  /// call accepted, if any).
  public var count: Int { expiryOf.count }

  /// Whether `id` was accepted within the interval before `now`; if not,
  /// accepts it, remembering it from `now`.
  ///
  /// - Parameters:
  ///   - id: The identifier (a deduplication ID, or a hash of the body).
  ///   - now: The current time in nanoseconds.
  /// - Precondition: `now` is not before the time of an earlier call.
  /// - Complexity: O(1) amortized: each acceptance is forgotten once.
  public mutating func isDuplicate(_ id: UInt64, at now: Int64) -> Bool {
    precondition(now >= latest, "deduplication time moved backwards")
    latest = now
    while let oldest = acceptances.first, oldest.expiresAt <= now {
      acceptances.popFirst()
      // A later acceptance of the same id has its own entry further back.
      if expiryOf[oldest.id] == oldest.expiresAt { expiryOf[oldest.id] = nil }
    }
    if let expiresAt = expiryOf[id], expiresAt > now { return true }
    let expiresAt = now + interval.nanoseconds
    expiryOf[id] = expiresAt
    acceptances.append(Acceptance(id: id, expiresAt: expiresAt))
    return false
  }
}
