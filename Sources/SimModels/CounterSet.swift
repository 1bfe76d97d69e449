/// Cumulative counters whose period and post-warm-up figures are
/// differences of two snapshots, so the hot path increments each counter
/// once and nothing is reset.
///
/// Models count with wrapping increments (`&+=`): a counter cannot reach
/// 2⁶³ in any run (a million events a second for 292,000 years), and the
/// overflow check would cost an instruction and a branch at every count,
/// about 1 % of the M/M/8 benchmark. Counts that can fall (`-=`) stay
/// checked: a negative count is a model defect and traps.
///
/// A conforming type lists its counters in `fields` (and any per-reason
/// arrays in `arrayFields`); `subtracting` is derived from the lists. A test
/// checks, by reflection, that every stored property is listed.
public protocol CounterSet: Sendable {
  /// All counters at zero.
  init()
  /// Every `Int` counter.
  static var fields: [WritableKeyPath<Self, Int>] { get }
  /// Every array of counters (element-wise differences).
  static var arrayFields: [WritableKeyPath<Self, [Int]>] { get }
  /// Whether the type is nothing but its `fields`, `Int`s laid out back to
  /// back (no arrays, no padding): then `subtracting` works on the raw
  /// words instead of key paths. A test checks every type that says so.
  static var isPlainIntegers: Bool { get }
}

extension CounterSet {
  public static var arrayFields: [WritableKeyPath<Self, [Int]>] { [] }
  public static var isPlainIntegers: Bool { false }

  /// `self − earlier`, counter by counter.
  ///
  /// - Complexity: O(number of counters); called per period and resource,
  ///   not per event. Plain-integer types subtract word by word: key paths
  ///   cost a third of a 1,000-queue run's time.
  public func subtracting(_ earlier: Self) -> Self {
    if Self.isPlainIntegers {
      var difference = self
      withUnsafeMutableBytes(of: &difference) { d in
        withUnsafeBytes(of: earlier) { e in
          let words = d.count / MemoryLayout<Int>.stride
          let dw = d.bindMemory(to: Int.self)
          let ew = e.bindMemory(to: Int.self)
          for i in 0..<words { dw[i] &-= ew[i] }
        }
      }
      return difference
    }
    var difference = Self()
    for field in Self.fields {
      difference[keyPath: field] = self[keyPath: field] - earlier[keyPath: field]
    }
    for field in Self.arrayFields {
      difference[keyPath: field] = zip(self[keyPath: field], earlier[keyPath: field]).map { $0 - $1 }
    }
    return difference
  }
}

/// Each entity's counters as they were when the current period started and
/// when warm-up ended: a period's figures are `counters − period`, the
/// summary's `counters − warmup`. Every model keeps its baselines this way.
struct CounterBaselines<Counters: CounterSet>: Sendable {
  var period: [Counters]
  var warmup: [Counters]

  init(count: Int) {
    period = Array(repeating: Counters(), count: count)
    warmup = period
  }
}
