/// Exponential backoff with full jitter: the wait of an AWS SDK client
/// before it retries a failed or throttled call.
///
/// The delay before retry `k` (`k = 0` for the first retry) is drawn
/// uniformly below a ceiling that doubles with each retry up to `cap`:
///
///     ceiling(k) = min(cap, base · 2^min(k, maxExponent))
///     delay(k)   = u · ceiling(k),  u uniform in [0, 1)
///
/// This is the "Full Jitter" of Marc Brooker's *Exponential Backoff And
/// Jitter* (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/),
/// which the SDKs' standard retry mode uses, with a base of 100 ms and
/// backoffs capped at 20 s (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
///
/// ```swift
/// let backoff = FullJitterBackoff(
///   base: .milliseconds(100), cap: .seconds(20), maxExponent: 8)
/// backoff.ceiling(retry: 0)   // 100ms
/// backoff.ceiling(retry: 3)   // 800ms
/// backoff.ceiling(retry: 9)   // 20s
/// var rng = SeededGenerator(seed: 1)
/// backoff.delay(retry: 3, using: &rng)  // somewhere in 0 ..< 800ms
/// ```
///
/// **How the ceiling is computed.** The exponent is `min(k, maxExponent)`;
/// the ceiling is `base` shifted left by it, or `cap` when that would
/// exceed `cap`. The comparison is made as `base > cap >> exponent`, which
/// is exact for whole nanoseconds and cannot overflow.
///
/// **Why the exponent is capped.** `2^k` does not fit an `Int64` from
/// `k = 63` on, and `base · 2^k` stops fitting much sooner (100 ms · 2^37 already exceeds `Int64.max`):
/// a bare shift would wrap to a small or negative ceiling after enough
/// retries. Capping the exponent bounds the shift; `maxExponent` is also
/// part of the model (with a cap beyond `base · 2^maxExponent` the
/// ceiling stops doubling at that exponent). The cap on the exponent alone does not make the product safe
/// for every base, hence the overflow-free comparison above: where the old
/// formula `min(cap, base << exponent)` did not overflow both agree to the
/// nanosecond, and where it did this one returns `cap`.
///
/// A zero or negative `base` or `cap` gives a zero ceiling (every retry at
/// once). The delay is truncated towards zero to whole nanoseconds; for
/// ceilings up to 2^53 ns (about 104 days) it is below the ceiling.
public struct FullJitterBackoff: Sendable, Equatable {
  /// The ceiling of the first retry.
  public var base: SimDuration
  /// The largest ceiling.
  public var cap: SimDuration
  /// The largest power of two that multiplies `base`.
  public var maxExponent: Int

  /// Creates a backoff whose ceiling starts at `base` and doubles with
  /// each retry, at most `maxExponent` times, up to `cap`.
  ///
  /// - Precondition: `maxExponent` is not negative.
  @inlinable
  public init(base: SimDuration, cap: SimDuration, maxExponent: Int) {
    precondition(maxExponent >= 0, "negative maximum exponent \(maxExponent)")
    self.base = base
    self.cap = cap
    self.maxExponent = maxExponent
  }

  /// The bound below which the delay before retry `k` is drawn:
  /// `min(cap, base · 2^min(k, maxExponent))`, without overflow.
  ///
  /// - Parameter k: The retry's index, 0 for the first retry.
  /// - Precondition: `k` is not negative.
  @inlinable
  public func ceiling(retry k: Int) -> SimDuration {
    precondition(k >= 0, "negative retry index \(k)")
    let base = self.base.nanoseconds
    let cap = self.cap.nanoseconds
    guard base > 0, cap > 0 else { return .zero }
    let exponent = min(k, maxExponent)
    // Smart shifts: `cap >> exponent` is 0 for exponents of 64 and more.
    if base > cap >> exponent { return self.cap }
    return SimDuration(nanoseconds: base << exponent)
  }

  /// The delay before retry `k`: one `nextUnitInterval()` draw of `rng`
  /// times ``ceiling(retry:)``, truncated to whole nanoseconds.
  ///
  /// Exactly one draw is taken, even when the ceiling is zero, so a
  /// component's later draws do not depend on its parameters.
  ///
  /// - Parameters:
  ///   - k: The retry's index, 0 for the first retry.
  ///   - rng: The calling component's generator.
  /// - Precondition: `k` is not negative.
  @inlinable
  public func delay(retry k: Int, using rng: inout SeededGenerator) -> SimDuration {
    let ceiling = ceiling(retry: k).nanoseconds
    return SimDuration(nanoseconds: Int64(rng.nextUnitInterval() * Double(ceiling)))
  }
}
