/// A FIFO of timers that all share one delay, so their deadlines arrive in
/// the order they were set.
///
/// Instead of one heap event per timer, the owner keeps at most one event
/// armed: at the deadline of the first timer that still matters. Timers
/// that were cancelled (lazily: the owner's `isLive` says so) are dropped in
/// bulk when the lane is examined, so a timer that is almost always
/// cancelled first (an SQS visibility timeout, a long-poll wait) costs an
/// append and a pop, not a heap push and pop.
///
/// While its event fires the lane stays armed, so a timer added by a firing
/// timer's consequences (a message returned by its visibility timeout and
/// received at once by a waiting poll) cannot arm the lane at its own, later
/// deadline past the timers already queued: `rearm()` arms the
/// lane at the first live deadline once firing is done.
///
/// ```swift
/// var lane = TimerLane<Int>(filler: 0)
/// if lane.add(7, deadline: now + delay) { schedule(laneEvent, at: now + delay) }
/// // when the event fires:
/// while let timer = lane.nextLiveDue(at: now, isLive: isLive) { fire(timer) }  // may add timers
/// if let next = lane.finishFiring(isLive: isLive) { schedule(laneEvent, at: next) }
/// ```
public struct TimerLane<Payload: Sendable>: Sendable {
  /// One timer: its deadline and payload (one ring, one append per timer).
  @usableFromInline struct Timer: Sendable {
    @usableFromInline var deadline: Int64
    @usableFromInline var payload: Payload
    @inlinable init(deadline: Int64, payload: Payload) {
      self.deadline = deadline
      self.payload = payload
    }
  }

  // The deadlines first and the ring last, so that what an add reads
  // (both deadlines, the ring's storage and counts) comes before the
  // ring's filler element, which only growth reads.
  /// The deadline of the armed event, if one is scheduled.
  @usableFromInline var armedDeadline: Int64?
  /// The latest deadline added (deadlines must not decrease).
  @usableFromInline var lastDeadline = Int64.min
  @usableFromInline var timers: RingBuffer<Timer>

  /// Creates an empty lane; `filler` fills free cells.
  @inlinable public init(filler: Payload) {
    timers = RingBuffer(filler: Timer(deadline: 0, payload: filler))
  }

  /// The number of timers held (live or not yet dropped).
  @inlinable public var count: Int { timers.count }

  /// Whether the lane is in order: deadlines never decrease from front to
  /// back, none is later than the last one added, and a lane holding
  /// timers has an event armed no later than its first deadline (for
  /// invariant checks; O(count)).
  public var isConsistent: Bool {
    var previous = Int64.min
    for i in 0..<timers.count {
      let deadline = timers[i].deadline
      if deadline < previous || deadline > lastDeadline { return false }
      previous = deadline
    }
    if let first = timers.first, let armed = armedDeadline, armed > first.deadline { return false }
    return timers.isEmpty || armedDeadline != nil
  }

  /// Adds a timer. Returns `true` when the owner must schedule the lane's
  /// event at `deadline` (no event was armed).
  ///
  /// - Precondition: deadlines never decrease.
  @inlinable @inline(__always)
  public mutating func add(_ payload: Payload, deadline: Int64) -> Bool {
    precondition(deadline >= lastDeadline, "timer lane deadlines must not decrease")
    lastDeadline = deadline
    timers.append(Timer(deadline: deadline, payload: payload))
    if armedDeadline == nil {
      armedDeadline = deadline
      return true
    }
    return false
  }

  /// The earliest timer, live or not.
  @inlinable public var first: (deadline: Int64, payload: Payload)? {
    guard let timer = timers.first else { return nil }
    return (timer.deadline, timer.payload)
  }

  /// Removes the earliest timer.
  @inlinable public mutating func removeFirst() {
    timers.popFirst()
  }

  /// Drops the latest timers while `isLive` rejects them (cancelled just
  /// after they were added: a message deleted before a later receive).
  /// The armed event stays armed: when it fires early it finds nothing due
  /// and arms the lane at its first live deadline, as it would have after
  /// skipping the dropped timers, so the events are the same. It keeps a
  /// lane whose messages are deleted quickly near empty, in the cache line
  /// next to its ring's header, instead of holding a visibility timeout's
  /// worth of dead timers.
  ///
  /// - Complexity: O(1) amortized.
  @inlinable
  public mutating func dropCancelledLatest(isLive: (Payload) -> Bool) {
    while let timer = timers.last, !isLive(timer.payload) { timers.popLast() }
  }

  /// While the armed event fires: removes and returns the earliest timer
  /// if it is due at `now`, live or not. Timers added meanwhile with a
  /// deadline at `now` are returned too.
  @inlinable
  public mutating func popDue(at now: Int64) -> Payload? {
    guard let timer = timers.first, timer.deadline <= now else { return nil }
    timers.popFirst()
    return timer.payload
  }

  /// Drops the timers `keep` rejects (cancelled ones), keeping the others
  /// in deadline order; the armed event stays armed.
  ///
  /// - Complexity: O(count)
  @inlinable
  public mutating func retain(where keep: (Payload) -> Bool) {
    for _ in 0..<timers.count {
      guard let timer = timers.popFirst() else { break }
      if keep(timer.payload) { timers.append(timer) }
    }
  }

  /// Ends the firing of the armed event: arms the lane again at its first
  /// timer's deadline, if it has one, and returns the deadline to schedule
  /// the event at (`nil`: the lane is idle until the next `add`).
  @inlinable
  public mutating func rearm() -> Int64? {
    armedDeadline = timers.first?.deadline
    return armedDeadline
  }

  /// The lane's event fired: the next timer due at `now` that `isLive`
  /// accepts, or `nil` when none is left (cancelled timers on the way are
  /// dropped). The owner handles each one, then calls `finishFiring`:
  ///
  /// ```swift
  /// while let timer = lane.nextLiveDue(at: now, isLive: isLive) { fire(timer) }  // may add timers
  /// if let next = lane.finishFiring(isLive: isLive) { schedule(laneEvent, at: next) }
  /// ```
  @inlinable
  public mutating func nextLiveDue(at now: Int64, isLive: (Payload) -> Bool) -> Payload? {
    while let timer = popDue(at: now) {
      if isLive(timer) { return timer }
    }
    return nil
  }

  /// After `nextLiveDue` returned `nil`: drops cancelled timers from the
  /// front and arms the lane at its first live deadline; returns that
  /// deadline to schedule the lane's event at (`nil`: idle).
  @inlinable
  public mutating func finishFiring(isLive: (Payload) -> Bool) -> Int64? {
    while let timer = timers.first, !isLive(timer.payload) { timers.popFirst() }
    return rearm()
  }
}
