/// A virtual clock and the events waiting on it.
///
/// The simulation never calls back into models. The driver loop asks for the
/// next due action and hands it to whichever model owns it, which keeps
/// every state change visible at one call site:
///
/// ```swift
/// var sim = Simulation<MyAction>()
/// sim.schedule(.start, after: .zero)
/// while let action = sim.step(through: end) { world.handle(action, in: &sim) }
/// ```
///
/// A simulation is not copyable (its event queue owns its buffer).
public struct Simulation<Action: Sendable>: ~Copyable, Sendable {
  @usableFromInline var _now: SimTime = .zero
  @usableFromInline var pending = EventQueue<Action>()
  /// How many events have been handed out by `step(through:)`.
  public var processedEvents: UInt64 = 0

  /// Creates a simulation at time zero with nothing pending.
  public init() {}

  /// The current virtual time; it only moves forward.
  @inlinable public var now: SimTime { _now }

  /// The number of pending events.
  @inlinable public var pendingCount: Int { pending.count }

  /// The time of the next pending event, if any.
  @inlinable public var nextEventTime: SimTime? { pending.first?.time }

  /// Reserves room for `capacity` pending events.
  public mutating func reserveCapacity(_ capacity: Int) {
    pending.reserveCapacity(capacity)
  }

  /// Schedules `action` to become due `delay` after the current time.
  ///
  /// - Precondition: `delay` is not negative (a programmer error).
  @inlinable
  public mutating func schedule(_ action: Action, after delay: SimDuration) {
    precondition(delay.nanoseconds >= 0, "negative delay \(delay)")
    pending.schedule(action, at: SimTime(nanoseconds: _now.nanoseconds &+ delay.nanoseconds))
  }

  /// Schedules `action` to become due at `time`.
  ///
  /// - Precondition: `time` is not before `now` (a programmer error).
  @inlinable
  public mutating func schedule(_ action: Action, at time: SimTime) {
    precondition(time >= _now, "scheduled in the past: \(time) < \(_now)")
    pending.schedule(action, at: time)
  }

  /// ``schedule(_:after:)`` with the push inlined into the caller (see
  /// `EventQueue.scheduleInline`): for a model's per-message events only.
  @inlinable @inline(__always)
  public mutating func scheduleInline(_ action: Action, after delay: SimDuration) {
    precondition(delay.nanoseconds >= 0, "negative delay \(delay)")
    pending.scheduleInline(action, at: SimTime(nanoseconds: _now.nanoseconds &+ delay.nanoseconds))
  }

  /// ``schedule(_:at:)`` with the push inlined into the caller.
  @inlinable @inline(__always)
  public mutating func scheduleInline(_ action: Action, at time: SimTime) {
    precondition(time >= _now, "scheduled in the past: \(time) < \(_now)")
    pending.scheduleInline(action, at: time)
  }

  /// Advances the clock to the next due action and returns it, or returns
  /// `nil` without moving the clock when nothing is due at or before `limit`.
  @inlinable
  public mutating func step(through limit: SimTime) -> Action? {
    guard let next = pending.popFirst(before: limit, inclusive: true) else { return nil }
    _now = next.time
    processedEvents &+= 1
    return next.action
  }

  /// Advances the clock to the next action due strictly before `limit` and
  /// returns it, or returns `nil` without moving the clock when none is.
  /// With `limit` a period boundary, the events at the boundary itself are
  /// left for the next period (periods are half-open, [t, t + P)).
  @inlinable
  public mutating func step(before limit: SimTime) -> Action? {
    guard let next = pending.popFirst(before: limit, inclusive: false) else { return nil }
    _now = next.time
    processedEvents &+= 1
    return next.action
  }

  /// Moves the clock forward to `time` without running anything.
  ///
  /// - Precondition: no pending event is due before `time`.
  public mutating func advance(to time: SimTime) {
    precondition(time >= _now, "time moved backwards")
    if let next = pending.first { precondition(next.time >= time, "skipped a due event") }
    _now = time
  }
}
