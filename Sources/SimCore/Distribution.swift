import Foundation

/// A distribution of non-negative values (durations in nanoseconds, sizes in
/// bytes, or plain numbers), sampled from one uniform draw each.
///
/// Every sample uses exactly one `nextOpenUnitInterval()` draw (none for
/// `constant`), so adding a distribution elsewhere never shifts this one's
/// stream. Sampling never allocates.
///
/// What does not hold: `normal` is truncated at zero, so its mean is above
/// `mean` when `stddev` is large against it; `empirical` interpolates between
/// sorted samples, so it never returns a value outside their range.
public enum Distribution: Sendable, Equatable {
  /// Always `value`.
  case constant(Double)
  /// Exponential with the given mean.
  case exponential(mean: Double)
  /// Uniform on `low ... high`.
  case uniform(low: Double, high: Double)
  /// Normal with `mean` and `stddev`, truncated at zero (inverse-CDF sampled).
  case normal(mean: Double, stddev: Double)
  /// Lognormal fixed by its median and 99th percentile.
  case lognormal(median: Double, p99: Double)
  /// The empirical distribution of `sortedSamples` (linear interpolation of
  /// the inverse CDF between order statistics).
  case empirical(sortedSamples: [Double])

  /// The standard normal 99th percentile, z₀.₉₉.
  public static let z99 = 2.326_347_874_040_840_8

  /// Draws one value.
  @inlinable
  public func sample(using rng: inout SeededGenerator) -> Double {
    switch self {
    case .constant(let value):
      return value
    case .exponential(let mean):
      return -mean * log(rng.nextOpenUnitInterval())
    case .uniform(let low, let high):
      return low + (high - low) * rng.nextUnitInterval()
    case .normal(let mean, let stddev):
      let u = rng.nextOpenUnitInterval()
      guard stddev > 0 else { return max(0, mean) }
      // Inverse CDF restricted to the part of the normal above zero.
      let lowerMass = standardNormalCDF(-mean / stddev)
      let p = lowerMass + u * (1 - lowerMass)
      return max(0, mean + stddev * inverseStandardNormalCDF(min(p, 1 - 1e-16)))
    case .lognormal(let median, let p99):
      let u = rng.nextOpenUnitInterval()
      let sigma = log(p99 / median) / Distribution.z99
      return median * exp(sigma * inverseStandardNormalCDF(u))
    case .empirical(let samples):
      let u = rng.nextUnitInterval()
      if samples.count == 1 { return samples[0] }
      let position = u * Double(samples.count - 1)
      let index = Int(position)
      let fraction = position - Double(index)
      return samples[index] + (samples[index + 1] - samples[index]) * fraction
    }
  }

  /// Draws one duration (the distribution's values are nanoseconds).
  @inlinable @inline(__always)
  public func sampleDuration(using rng: inout SeededGenerator) -> SimDuration {
    switch self {
    case .constant(let value): return SimDuration(nanoseconds: clampedNanoseconds(value))
    case .exponential(let mean):
      // The hot case, inline: the same expression as `sample`'s, so the
      // same value.
      return SimDuration(nanoseconds: max(0, clampedNanoseconds(-mean * log(rng.nextOpenUnitInterval()))))
    default: return SimDuration(nanoseconds: max(0, clampedNanoseconds(sample(using: &rng))))
    }
  }

  /// Draws one whole, non-negative count (for sizes in bytes).
  @inlinable
  public func sampleCount(using rng: inout SeededGenerator) -> Int {
    Self.count(of: sample(using: &rng))
  }

  /// The whole, non-negative count `value` stands for (`sampleCount`'s
  /// rounding and clamping).
  @inlinable
  public static func count(of value: Double) -> Int {
    let value = value.rounded()
    if !(value > 0) { return 0 }
    return value >= 9e15 ? 9_000_000_000_000_000 : Int(value)
  }

  /// The count every draw of `sampleCount` gives, if the distribution is
  /// a constant (callers skip the draw: a constant takes nothing from the
  /// stream).
  public var constantCount: Int? {
    if case .constant(let value) = self { return Self.count(of: value) }
    return nil
  }

  /// The distribution's mean (for the normal, of the untruncated normal).
  public var mean: Double {
    switch self {
    case .constant(let v): return v
    case .exponential(let m): return m
    case .uniform(let lo, let hi): return (lo + hi) / 2
    case .normal(let m, _): return m
    case .lognormal(let median, let p99):
      let sigma = log(p99 / median) / Distribution.z99
      return median * exp(sigma * sigma / 2)
    case .empirical(let s): return s.isEmpty ? 0 : s.reduce(0, +) / Double(s.count)
    }
  }

  /// Whether every sample is the same value.
  public var isConstant: Bool {
    if case .constant = self { return true }
    return false
  }

  /// Whether every sample is exactly zero.
  public var isAlwaysZero: Bool {
    switch self {
    case .constant(let v): return v == 0
    case .uniform(let lo, let hi): return lo == 0 && hi == 0
    case .empirical(let s): return s.allSatisfy { $0 == 0 }
    default: return false
    }
  }
}

/// Φ(x), the standard normal cumulative distribution function.
@inlinable
public func standardNormalCDF(_ x: Double) -> Double {
  0.5 * erfc(-x / 2.0.squareRoot())
}

/// Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation, refined by one
/// Halley step to about 1e-15 relative error).
@inlinable
public func inverseStandardNormalCDF(_ p: Double) -> Double {
  let a = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
           1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
  let b = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
           6.680131188771972e+01, -1.328068155288572e+01)
  let c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
           -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
  let d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
           3.754408661907416e+00)
  let low = 0.02425
  var x: Double
  if p < low {
    let q = (-2 * log(p)).squareRoot()
    x = (((((c.0 * q + c.1) * q + c.2) * q + c.3) * q + c.4) * q + c.5)
      / ((((d.0 * q + d.1) * q + d.2) * q + d.3) * q + 1)
  } else if p <= 1 - low {
    let q = p - 0.5
    let r = q * q
    x = (((((a.0 * r + a.1) * r + a.2) * r + a.3) * r + a.4) * r + a.5) * q
      / (((((b.0 * r + b.1) * r + b.2) * r + b.3) * r + b.4) * r + 1)
  } else {
    let q = (-2 * log(1 - p)).squareRoot()
    x = -(((((c.0 * q + c.1) * q + c.2) * q + c.3) * q + c.4) * q + c.5)
      / ((((d.0 * q + d.1) * q + d.2) * q + d.3) * q + 1)
  }
  // One Halley refinement step.
  let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
  let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
  x = x - u / (1 + x * u / 2)
  return x
}
