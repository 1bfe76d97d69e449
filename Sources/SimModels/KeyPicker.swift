import Foundation
import SimCore

/// Draws key indices `0 ..< count` by a `KeyChoice`.
///
/// Everything a choice needs is computed once, in `init`; `pick` never
/// allocates.
///
/// - `uniform`: one `nextInt(below: count)` per pick.
/// - `zipf(exponent: s)`: key *k* (1-based) has weight 1/*k*^*s*. For at most
///   `KeyPicker.zipfTableLimit` (1,000,000) keys, or a negative exponent, the
///   sampler is the exact inverse CDF over a precomputed cumulative table
///   (8 bytes a key, summed with compensation so the table is correct to
///   about one ulp), searched by bisection: one `nextUnitInterval()` per
///   pick, O(log *count*). Above that, with *s* > 0, it is Hörmann and
///   Derflinger's rejection-inversion sampler (as in Apache Commons RNG):
///   O(1) memory, exact, usually one draw, and rarely (under 10 % for *s* ≈ 1)
///   a few more. *s* = 0 is `uniform`.
/// - `hot(share, keys)`: with probability `share` the pick is uniform among
///   the first `keys` keys, otherwise uniform among the others; two draws
///   (`nextUnitInterval()` then `nextInt(below:)`) per pick. When `keys` is
///   at least `count` (or not positive) every key is equally likely, drawn as
///   `uniform`.
///
/// With one key, `pick` returns 0 and draws nothing.
///
/// ```swift
/// var picker = KeyPicker(count: 100, choice: .zipf(exponent: 1))
/// var rng = SeededGenerator(seed: 7)
/// let key = picker.pick(using: &rng)   // 0 most often (≈ 19 %)
/// ```
struct KeyPicker: Sendable {
  /// Number of keys (at least 1).
  let count: Int
  /// The choice as configured.
  let choice: KeyChoice
  /// The precomputed sampler.
  private let method: Method

  /// Largest key count the Zipf sampler tabulates (8 bytes a key).
  static let zipfTableLimit = 1_000_000

  /// A choice compiled for sampling.
  private enum Method: Sendable {
    /// Always key 0.
    case single
    /// `nextInt(below: count)`.
    case uniform
    /// Inverse CDF: `cumulative[i]` is the total weight of keys `0 ... i`
    /// (the last entry is the total).
    case table(cumulative: [Double])
    /// Rejection-inversion Zipf for large key counts.
    case rejectionInversion(ZipfRejectionInversion)
    /// `hotKeys` keys share `share` of the picks; the other `coldKeys` the rest.
    case hot(share: Double, hotKeys: Int, coldKeys: Int)
  }

  /// Creates a picker over `count` keys (fewer than 1 counts as 1).
  ///
  /// - Precondition: a Zipf exponent is finite.
  /// - Complexity: O(*count*) for a tabulated Zipf choice, O(1) otherwise.
  init(count: Int, choice: KeyChoice) {
    let count = max(1, count)
    self.count = count
    self.choice = choice
    if count == 1 {
      method = .single
      return
    }
    switch choice {
    case .uniform:
      method = .uniform
    case .zipf(let exponent):
      precondition(exponent.isFinite, "Zipf exponent must be finite")
      if exponent == 0 {
        method = .uniform
      } else if exponent > 0 && count > KeyPicker.zipfTableLimit {
        method = .rejectionInversion(ZipfRejectionInversion(count: count, exponent: exponent))
      } else {
        method = .table(cumulative: KeyPicker.zipfCumulative(count: count, exponent: exponent))
      }
    case .hot(let share, let keys):
      if keys <= 0 || keys >= count {
        method = .uniform
      } else {
        let share = share.isNaN ? 0 : min(max(share, 0), 1)
        method = .hot(share: share, hotKeys: keys, coldKeys: count - keys)
      }
    }
  }

  /// Returns the next key index, in `0 ..< count`.
  ///
  /// - Complexity: O(1), or O(log *count*) for a tabulated Zipf choice; no
  ///   allocation.
  mutating func pick(using rng: inout SeededGenerator) -> Int {
    switch method {
    case .single:
      return 0
    case .uniform:
      return rng.nextInt(below: count)
    case .table(let cumulative):
      return KeyPicker.invert(cumulative, rng.nextUnitInterval())
    case .rejectionInversion(let sampler):
      return sampler.sample(using: &rng)
    case .hot(let share, let hotKeys, let coldKeys):
      if rng.nextUnitInterval() < share {
        return rng.nextInt(below: hotKeys)
      }
      return hotKeys + rng.nextInt(below: coldKeys)
    }
  }

  /// The probability of key `index` (0-based) under this picker, for tests
  /// and reports.
  func probability(ofKey index: Int) -> Double {
    guard index >= 0 && index < count else { return 0 }
    switch method {
    case .single:
      return 1
    case .uniform:
      return 1 / Double(count)
    case .table(let cumulative):
      let below = index == 0 ? 0 : cumulative[index - 1]
      return (cumulative[index] - below) / cumulative[count - 1]
    case .rejectionInversion(let sampler):
      return sampler.h(Double(index + 1)) / sampler.approximateTotal
    case .hot(let share, let hotKeys, let coldKeys):
      return index < hotKeys ? share / Double(hotKeys) : (1 - share) / Double(coldKeys)
    }
  }

  /// The cumulative Zipf weights Σ_{j ≤ k} 1/j^s for k = 1 … count, summed
  /// with Neumaier compensation.
  static func zipfCumulative(count: Int, exponent: Double) -> [Double] {
    var cumulative = [Double](repeating: 0, count: count)
    var sum = 0.0
    var compensation = 0.0
    for k in 0..<count {
      let weight = exponent == 1 ? 1 / Double(k + 1) : pow(Double(k + 1), -exponent)
      let t = sum + weight
      if abs(sum) >= abs(weight) {
        compensation += (sum - t) + weight
      } else {
        compensation += (weight - t) + sum
      }
      sum = t
      cumulative[k] = sum + compensation
    }
    return cumulative
  }

  /// The smallest index whose cumulative weight exceeds `u` × total (the
  /// last index if rounding puts the target at the total).
  @inline(__always)
  static func invert(_ cumulative: [Double], _ u: Double) -> Int {
    cumulative.withUnsafeBufferPointer { table in
      let target = u * table[table.count - 1]
      var lo = 0
      var hi = table.count - 1
      while lo < hi {
        let mid = (lo &+ hi) >> 1
        if table[mid] > target { hi = mid } else { lo = mid &+ 1 }
      }
      return lo
    }
  }
}

/// Zipf sampling by rejection-inversion (W. Hörmann and G. Derflinger,
/// "Rejection-inversion to generate variates from monotone discrete
/// distributions", 1996), for exponents above 0 and any number of keys.
///
/// Exact (up to floating-point rounding of the hat function), O(1) memory;
/// each attempt takes one `nextUnitInterval()` and is accepted with
/// probability well above 90 % for exponents near 1.
struct ZipfRejectionInversion: Sendable {
  /// Number of keys.
  let count: Int
  /// The exponent *s* (> 0).
  let exponent: Double
  /// H(1.5) − 1.
  let hIntegralX1: Double
  /// H(count + 0.5).
  let hIntegralCount: Double
  /// The squeeze constant: a candidate within it of its rounding is accepted
  /// without evaluating the hat.
  let squeeze: Double
  /// Σ 1/k^s over the keys, to about 1e-9 relative (for
  /// `KeyPicker.probability(ofKey:)` only).
  let approximateTotal: Double

  init(count: Int, exponent: Double) {
    precondition(exponent > 0 && count >= 1)
    typealias Z = ZipfRejectionInversion
    self.count = count
    self.exponent = exponent
    hIntegralX1 = Z.hIntegral(1.5, exponent) - 1
    hIntegralCount = Z.hIntegral(Double(count) + 0.5, exponent)
    squeeze = 2 - Z.hIntegralInverse(Z.hIntegral(2.5, exponent) - Z.h(2, exponent), exponent)
    // Σ_{k=1}^{n} k^-s: the first terms exactly, the tail by Euler–Maclaurin
    // (∫ + end-point average + first derivative correction); relative error
    // far below 1e-9 for the counts this sampler serves.
    let head = min(count, 1_000)
    var total = 0.0
    for k in stride(from: head, through: 1, by: -1) { total += Z.h(Double(k), exponent) }
    if count > head {
      let a = Double(head + 1)
      let b = Double(count)
      let integral = exponent == 1 ? log(b / a) : (pow(b, 1 - exponent) - pow(a, 1 - exponent)) / (1 - exponent)
      let derivative = { (x: Double) in -exponent * pow(x, -exponent - 1) }
      total += integral + (Z.h(a, exponent) + Z.h(b, exponent)) / 2 + (derivative(b) - derivative(a)) / 12
    }
    approximateTotal = total
  }

  /// Returns a key index in `0 ..< count`.
  func sample(using rng: inout SeededGenerator) -> Int {
    while true {
      let u = hIntegralCount + rng.nextUnitInterval() * (hIntegralX1 - hIntegralCount)
      let x = ZipfRejectionInversion.hIntegralInverse(u, exponent)
      var k = (x + 0.5).rounded(.down)
      if k < 1 { k = 1 } else if k > Double(count) { k = Double(count) }
      if k - x <= squeeze || u >= ZipfRejectionInversion.hIntegral(k + 0.5, exponent) - h(k) {
        return Int(k) - 1
      }
    }
  }

  /// The weight x^-s.
  func h(_ x: Double) -> Double { ZipfRejectionInversion.h(x, exponent) }

  /// The weight x^-s.
  static func h(_ x: Double, _ s: Double) -> Double { exp(-s * log(x)) }

  /// H(x) = (x^(1−s) − 1)/(1 − s), or log x when s = 1: an antiderivative of h.
  static func hIntegral(_ x: Double, _ s: Double) -> Double {
    let logX = log(x)
    return expm1OverX((1 - s) * logX) * logX
  }

  /// The inverse of `hIntegral`.
  static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
    var t = x * (1 - s)
    if t < -1 { t = -1 }  // rounding guard, as in the reference
    return exp(log1pOverX(t) * x)
  }

  /// log(1 + x)/x, continuous at 0.
  static func log1pOverX(_ x: Double) -> Double {
    abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x))
  }

  /// (e^x − 1)/x, continuous at 0.
  static func expm1OverX(_ x: Double) -> Double {
    abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x))
  }
}
