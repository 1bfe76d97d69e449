import SimCore

/// What every service model shares, and nothing more: the clock with its
/// event heap, the message store, and the log of discrete events.
///
/// Models receive it `inout` with each call, next to the state they own;
/// no model keeps another model's state.
struct Kernel: ~Copyable, Sendable {
  var sim = Simulation<Action>()
  var store = MessageStore()
  /// Discrete happenings, for `events.csv`.
  var events: [EventRow] = []
  /// When warm-up ends and when the run ends, in nanoseconds.
  let warmupNanos: Int64
  let endNanos: Int64

  init(warmupNanos: Int64, endNanos: Int64) {
    self.warmupNanos = warmupNanos
    self.endNanos = endNanos
  }

  /// The current time in nanoseconds.
  @inline(__always) var now: Int64 { sim.now.nanoseconds }

  @inline(__always) mutating func schedule(_ action: Action, after delay: SimDuration) {
    sim.schedule(action, after: delay)
  }

  @inline(__always) mutating func schedule(_ action: Action, at nanoseconds: Int64) {
    sim.schedule(action, at: SimTime(nanoseconds: nanoseconds))
  }

  /// `schedule` with the event queue's push inlined: for the events every
  /// message makes (an arrival, the end of its processing), nothing else.
  @inline(__always) mutating func schedulePerMessage(_ action: Action, after delay: SimDuration) {
    sim.scheduleInline(action, after: delay)
  }

  /// `schedule(_:at:)` with the push inlined (see `schedulePerMessage(_:after:)`).
  @inline(__always) mutating func schedulePerMessage(_ action: Action, at nanoseconds: Int64) {
    sim.scheduleInline(action, at: SimTime(nanoseconds: nanoseconds))
  }

  /// Records a discrete happening for `events.csv`.
  mutating func log(_ resource: String, _ event: String, _ detail: String) {
    events.append(EventRow(time: now, resource: resource, event: event, detail: detail))
  }
}
