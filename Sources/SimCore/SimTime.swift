/// A point on the simulation's virtual clock, counted in whole nanoseconds
/// since the start of the run.
///
/// `Int64` nanoseconds cover ±292 years with exact arithmetic, so adding and
/// comparing times never rounds.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Nanoseconds since the start of the run.
  public var nanoseconds: Int64

  /// Creates the instant `nanoseconds` after the start of the run.
  @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

  /// The start of every run.
  @inlinable public static var zero: SimTime { SimTime(nanoseconds: 0) }

  /// The instant `value` seconds after the start, rounded to the nanosecond.
  @inlinable public static func seconds(_ value: Double) -> SimTime {
    SimTime(nanoseconds: clampedNanoseconds(value * 1e9))
  }

  /// A time later than any a run reaches.
  public static let distantFuture = SimTime(nanoseconds: Int64.max)

  /// The instant as fractional seconds (for reporting only).
  @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

  @inlinable public static func < (lhs: SimTime, rhs: SimTime) -> Bool {
    lhs.nanoseconds < rhs.nanoseconds
  }

  /// Returns the instant `delay` after `time`.
  @inlinable public static func + (time: SimTime, delay: SimDuration) -> SimTime {
    SimTime(nanoseconds: time.nanoseconds &+ delay.nanoseconds)
  }

  /// Returns the instant `delay` before `time`.
  @inlinable public static func - (time: SimTime, delay: SimDuration) -> SimTime {
    SimTime(nanoseconds: time.nanoseconds &- delay.nanoseconds)
  }

  /// Returns the span from `earlier` to `later`.
  @inlinable public static func - (later: SimTime, earlier: SimTime) -> SimDuration {
    SimDuration(nanoseconds: later.nanoseconds &- earlier.nanoseconds)
  }

  public var description: String { SimDuration(nanoseconds: nanoseconds).description }
}
