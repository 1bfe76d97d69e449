/// A deterministic token bucket for API quotas, on the simulation's
/// integer-nanosecond clock.
///
/// The bucket refills continuously at `ratePerSecond` tokens a second, holds
/// at most `burst` tokens, and starts full. A call that finds enough tokens
/// takes them and is admitted; otherwise it takes nothing and is throttled.
///
/// **Burst.** `init(ratePerSecond:)` uses `burst = ratePerSecond`, one second
/// of rate, which is how AWS quotas stated per second behave in this model:
/// a "300 TPS" quota admits 300 calls at once (or in any second) after the
/// caller has been idle for a second, and 300 a second sustained after that.
/// Over any window of *T* seconds at most `burst + rate·T` calls get through.
/// (Below 1 call a second the default burst is 1 token, so that one call can
/// ever be admitted: "0.5 TPS" admits one call every 2 s.)
///
/// **Precision.** The level is kept in whole nano-tokens (10⁻⁹ token) in an
/// `Int64`, with the sub-nano-token remainder of each refill carried in a
/// `Double` accumulator, and timestamps are integer nanoseconds. One
/// nanosecond at `r` tokens a second refills exactly `r` nano-tokens, so for
/// an integer rate (and whole-token requests, and a burst below 2⁵³
/// nano-tokens, about 9 million tokens) the arithmetic is exact: no drift
/// however many calls, and a bucket emptied at time *t* holds one token again
/// at exactly *t* + ⌈10⁹/*r*⌉ ns. For a fractional rate each refill rounds
/// the carried remainder by at most one ulp of a nano-token count: after
/// 10¹² refills the error is still below 10⁻⁴ token. Requests are rounded up
/// to whole nano-tokens.
///
/// **Time.** `now` should not decrease between calls; an earlier `now`
/// refills nothing and does not move the bucket's clock back.
///
/// ```swift
/// var quota = TokenBucket(ratePerSecond: 300)      // burst 300
/// quota.tryTake(at: 0)                            // true, 299 left
/// let wait = quota.timeUntilAvailable(300, at: 0) // 3_333_334 ns
/// ```
public struct TokenBucket: Sendable, Equatable {
  /// Nano-tokens in one token (and nanoseconds in one second).
  static let scale: Double = 1e9

  /// Refill rate, tokens a second (numerically nano-tokens a nanosecond).
  public private(set) var ratePerSecond: Double
  /// Capacity in tokens.
  public private(set) var burst: Double
  /// Capacity in nano-tokens.
  var capacity: Int64
  /// Level at `stamp`, in whole nano-tokens (0 ... capacity).
  var level: Int64
  /// The part of a nano-token refilled beyond `level` (0 ..< 1).
  var fraction: Double
  /// The time `level` is for, in nanoseconds.
  var stamp: Int64

  /// Creates a full bucket refilling at `ratePerSecond` that holds at most
  /// `burst` tokens.
  ///
  /// - Precondition: `ratePerSecond` and `burst` are finite and not negative.
  public init(ratePerSecond: Double, burst: Double) {
    precondition(ratePerSecond.isFinite && ratePerSecond >= 0, "rate must be finite and >= 0")
    precondition(burst.isFinite && burst >= 0, "burst must be finite and >= 0")
    self.ratePerSecond = ratePerSecond
    self.burst = burst
    capacity = TokenBucket.nanoTokens(burst)
    level = capacity
    fraction = 0
    stamp = 0
  }

  /// Creates a full bucket refilling at `ratePerSecond` with one second of
  /// rate as its burst, but at least 1 token (the AWS-like default: see the
  /// type's notes).
  public init(ratePerSecond: Double) {
    self.init(ratePerSecond: ratePerSecond, burst: max(ratePerSecond, 1))
  }

  /// Takes `tokens` at time `now` (ns) if the bucket holds that many.
  ///
  /// - Returns: whether the tokens were taken (the call is admitted). A
  ///   throttled call takes nothing.
  /// - Complexity: O(1).
  @discardableResult
  public mutating func tryTake(_ tokens: Double = 1, at now: Int64) -> Bool {
    refill(to: now)
    let needed = TokenBucket.nanoTokens(tokens)
    guard level >= needed else { return false }
    level -= needed
    return true
  }

  /// The tokens the bucket holds at `now` (ns), without changing it.
  public func tokens(at now: Int64) -> Double {
    let (whole, fraction) = levelAt(now)
    return (Double(whole) + fraction) / TokenBucket.scale
  }

  /// Nanoseconds from `now` until `tryTake(tokens, at:)` would succeed
  /// (0 if it would succeed now), assuming nothing else takes tokens.
  ///
  /// The answer is exact on the nanosecond clock: `tryTake` fails one
  /// nanosecond earlier and succeeds at `now + timeUntilAvailable(…)`.
  ///
  /// - Returns: `Int64.max` if the tokens never become available (more than
  ///   `burst`, or a rate of zero with too few tokens left).
  public func timeUntilAvailable(_ tokens: Double = 1, at now: Int64) -> Int64 {
    let needed = TokenBucket.nanoTokens(tokens)
    let (whole, fraction) = levelAt(now)
    if whole >= needed { return 0 }
    if needed > capacity || ratePerSecond <= 0 { return Int64.max }
    // Refilling starts at `stamp` if `now` is earlier.
    let start = max(now, stamp)
    let missing = Double(needed - whole) - fraction
    let estimate = (missing / ratePerSecond).rounded(.up)
    guard estimate < Double(Int64.max - start) - 2 else { return Int64.max }
    // The division rounds; settle the exact first nanosecond with the same
    // arithmetic `tryTake` uses (a step or two at most).
    var wait = max(1, Int64(estimate))
    while levelAt(start + wait).whole < needed { wait += 1 }
    while wait > 1 && levelAt(start + wait - 1).whole >= needed { wait -= 1 }
    return start - now + wait
  }

  /// Changes the rate (and, if given, the burst) from `now` on: tokens
  /// accrued until `now` are kept at the old rate, and the level is cut to
  /// the new burst if it is smaller.
  ///
  /// - Precondition: the rate and burst are finite and not negative.
  public mutating func setRate(_ ratePerSecond: Double, burst: Double? = nil, at now: Int64) {
    precondition(ratePerSecond.isFinite && ratePerSecond >= 0, "rate must be finite and >= 0")
    refill(to: now)
    self.ratePerSecond = ratePerSecond
    if let burst {
      precondition(burst.isFinite && burst >= 0, "burst must be finite and >= 0")
      self.burst = burst
      capacity = TokenBucket.nanoTokens(burst)
      if level >= capacity {
        level = capacity
        fraction = 0
      }
    }
  }

  /// Brings the level forward to `now`.
  mutating func refill(to now: Int64) {
    guard now > stamp else { return }
    (level, fraction) = levelAt(now)
    stamp = now
  }

  /// The level at `now`: whole nano-tokens and the carried fraction.
  func levelAt(_ now: Int64) -> (whole: Int64, fraction: Double) {
    guard now > stamp, level < capacity else { return (level, fraction) }
    let missing = capacity - level
    // For an integer rate and elapsed < 2^53 / rate this product is exact.
    let added = ratePerSecond * Double(now &- stamp) + fraction
    if added >= Double(missing) { return (capacity, 0) }
    let whole = added.rounded(.down)
    return (level + Int64(whole), added - whole)
  }

  /// `tokens` in nano-tokens, rounded up (whole-token amounts are exact).
  static func nanoTokens(_ tokens: Double) -> Int64 {
    precondition(!tokens.isNaN, "token count is NaN")
    let scaled = (tokens * scale).rounded(.up)
    if scaled <= 0 { return 0 }
    if scaled >= 9.2e18 { return Int64.max / 2 }
    return Int64(scaled)
  }
}
