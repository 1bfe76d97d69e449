/// A span of virtual time in whole nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The span in nanoseconds; negative spans exist only as differences.
  public var nanoseconds: Int64

  /// Creates a span of `nanoseconds`.
  @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

  /// No time at all.
  @inlinable public static var zero: SimDuration { SimDuration(nanoseconds: 0) }

  /// A span of `value` seconds, rounded to the nearest nanosecond and
  /// clamped to the representable range.
  @inlinable @inline(__always) public static func seconds(_ value: Double) -> SimDuration {
    SimDuration(nanoseconds: clampedNanoseconds(value * 1e9))
  }

  /// A span of `value` milliseconds.
  @inlinable public static func milliseconds(_ value: Double) -> SimDuration {
    .seconds(value / 1e3)
  }

  /// The span as fractional seconds (for reporting and formulas only).
  @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

  @inlinable public static func < (lhs: SimDuration, rhs: SimDuration) -> Bool {
    lhs.nanoseconds < rhs.nanoseconds
  }

  @inlinable public static func + (lhs: SimDuration, rhs: SimDuration) -> SimDuration {
    SimDuration(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
  }

  @inlinable public static func - (lhs: SimDuration, rhs: SimDuration) -> SimDuration {
    SimDuration(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
  }

  @inlinable public static func * (lhs: SimDuration, rhs: Int64) -> SimDuration {
    SimDuration(nanoseconds: lhs.nanoseconds &* rhs)
  }

  /// A compact human form such as `250ms`, `30s`, `1.5s` or `4d`.
  public var description: String {
    let ns = nanoseconds
    let units: [(Int64, String)] = [
      (86_400_000_000_000, "d"), (3_600_000_000_000, "h"), (60_000_000_000, "m"),
      (1_000_000_000, "s"), (1_000_000, "ms"), (1_000, "us"), (1, "ns"),
    ]
    if ns == 0 { return "0s" }
    for (size, name) in units where ns % size == 0 {
      return "\(ns / size)\(name)"
    }
    return "\(Double(ns) / 1e9)s"
  }
}

/// Rounds a nanosecond count given as a `Double` to `Int64`, clamping
/// non-finite and out-of-range values instead of trapping.
@inlinable @inline(__always) public func clampedNanoseconds(_ value: Double) -> Int64 {
  if value.isNaN { return 0 }
  if value >= 9.2e18 { return Int64.max / 2 }
  if value <= -9.2e18 { return Int64.min / 2 }
  // Round half away from zero without a libm call (hot path).
  return Int64(value < 0 ? value - 0.5 : value + 0.5)
}
