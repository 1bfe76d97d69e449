/// A deterministic random number generator: xoshiro256** seeded through
/// SplitMix64.
///
/// The same seed yields the same sequence on every platform and Swift
/// release, which keeps recorded reports reproducible. Not for anything
/// security related.
///
/// ```swift
/// let root = SeededGenerator(seed: 42)
/// var arrivals = root.stream(named: "producer/web")
/// let u = arrivals.nextUnitInterval()   // in 0 ..< 1
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64
  /// The seed this generator was created from.
  public let seed: UInt64

  /// Creates a generator whose whole sequence is fixed by `seed`.
  public init(seed: UInt64) {
    self.seed = seed
    var mixer = SplitMix64(state: seed)
    s0 = mixer.next()
    s1 = mixer.next()
    s2 = mixer.next()
    s3 = mixer.next()
  }

  /// Returns the next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, by: 7) &* 9
    let shifted = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= shifted
    s3 = rotateLeft(s3, by: 45)
    return result
  }

  /// Returns a uniformly distributed value in `0 ..< 1` built from the top
  /// 53 bits, independent of how the standard library samples doubles.
  @inlinable
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Returns a uniformly distributed value in `0 < u < 1` (never zero), for
  /// formulas that take a logarithm.
  @inlinable
  public mutating func nextOpenUnitInterval() -> Double {
    (Double(next() >> 11) + 0.5) * 0x1p-53
  }

  /// Returns a uniformly distributed integer in `0 ..< bound`.
  ///
  /// Uses Lemire's multiply-shift with rejection, so it is unbiased and
  /// fixed by this type rather than by the standard library.
  @inlinable
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0, "empty range")
    let b = UInt64(bound)
    var product = next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold { product = next().multipliedFullWidth(by: b) }
    }
    return Int(product.high)
  }

  /// Returns `true` with probability `p`.
  @inlinable
  public mutating func nextBool(probability p: Double) -> Bool {
    if p <= 0 { return false }
    if p >= 1 { return true }
    return nextUnitInterval() < p
  }

  /// Returns an independent generator for the component called `label`,
  /// derived from this generator's seed and the label only.
  ///
  /// Deriving one stream per component keeps a producer's arrivals unchanged
  /// when another component starts drawing more numbers, or when components
  /// are added or reordered in the scenario.
  public func stream(named label: String) -> SeededGenerator {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a offset basis
    for byte in label.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    var mixer = SplitMix64(state: seed ^ hash)
    return SeededGenerator(seed: mixer.next())
  }
}

/// The SplitMix64 generator, used to expand one seed into a full xoshiro
/// state.
public struct SplitMix64: Sendable {
  /// The current state.
  public var state: UInt64

  /// Creates a generator with the given state.
  public init(state: UInt64) { self.state = state }

  /// Returns the next 64 bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}

@inlinable @inline(__always)
func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
  (value << amount) | (value >> (64 - amount))
}
