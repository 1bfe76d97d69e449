/// One entry in the future-event list.
///
/// Entries are ordered by `time`, then by `sequence`, the order in which
/// they were scheduled. Two events due at the same instant therefore run
/// first-in, first-out, on every platform and every run.
public struct ScheduledEvent<Action>: HeapOrdered, Sendable where Action: Sendable {
  /// When the event is due.
  public let time: SimTime
  /// A number unique within one queue that breaks ties between equal times.
  public let sequence: UInt64
  /// What to do when the event is due.
  public let action: Action

  @inlinable
  init(time: SimTime, sequence: UInt64, action: Action) {
    self.time = time
    self.sequence = sequence
    self.action = action
  }

  /// Whether `self` is due before `other`: earlier, or at the same time
  /// and scheduled first.
  @inlinable
  public func precedes(_ other: Self) -> Bool {
    time.nanoseconds < other.time.nanoseconds
      || (time.nanoseconds == other.time.nanoseconds && sequence < other.sequence)
  }
}

/// A min-priority queue of scheduled events, each stamped with the next
/// sequence number: a binary heap (``HeapSift``, the sifts ``BinaryHeap``
/// uses) over a buffer the queue owns.
///
/// ```swift
/// var queue = EventQueue<String>()
/// queue.schedule("b", at: SimTime(nanoseconds: 5))
/// queue.schedule("a", at: .zero)
/// queue.popFirst()?.action  // "a"
/// ```
///
/// Events due at the same time pop in the order they were scheduled (the
/// sequence number breaks the tie, so the heap never sees a tie, and any
/// correct heap pops the same order). Scheduling and popping never
/// allocate once the buffer has grown to the run's peak number of pending
/// events. Cancellation is lazy: models stamp events with a generation and
/// ignore stale ones when they are popped.
///
/// The queue is not copyable: it owns its buffer, so a push or a pop makes
/// no copy-on-write check (an `Array` heap makes two per operation, a
/// fifth of the cost of an event in the M/M/8 benchmark).
public struct EventQueue<Action>: ~Copyable, @unchecked Sendable where Action: Sendable {
  @usableFromInline var base: UnsafeMutablePointer<ScheduledEvent<Action>>
  @usableFromInline var capacity: Int
  @usableFromInline var length = 0
  @usableFromInline var nextSequence: UInt64 = 0

  /// Creates an empty queue.
  @inlinable public init() {
    capacity = 16
    base = .allocate(capacity: capacity)
  }

  deinit {
    base.deinitialize(count: length)
    base.deallocate()
  }

  /// The number of pending events.
  @inlinable public var count: Int { length }

  /// Whether no event is pending.
  @inlinable public var isEmpty: Bool { length == 0 }

  /// The earliest pending event, if any.
  ///
  /// - Complexity: O(1)
  @inlinable public var first: ScheduledEvent<Action>? { length == 0 ? nil : base[0] }

  /// Reserves room for `capacity` pending events.
  public mutating func reserveCapacity(_ capacity: Int) {
    if capacity > self.capacity { resize(to: capacity) }
  }

  /// Adds `action` to run at `time`.
  ///
  /// - Complexity: O(log *n*), plus O(*n*) when the buffer has to grow.
  @inlinable
  public mutating func schedule(_ action: Action, at time: SimTime) {
    scheduleInline(action, at: time)
  }

  /// ``schedule(_:at:)`` inlined into its caller, for the one or two
  /// schedules of a model's per-message path (a call's register saves and
  /// restores cost about a fifth of a push); elsewhere the call keeps code
  /// small.
  @inlinable @inline(__always)
  public mutating func scheduleInline(_ action: Action, at time: SimTime) {
    if length == capacity { resize(to: 2 * capacity) }
    let event = ScheduledEvent(time: time, sequence: nextSequence, action: action)
    nextSequence &+= 1
    // The sift assigns cells: a trivial event may be assigned to the
    // uninitialised end cell, anything else is initialised there first.
    if !_isPOD(ScheduledEvent<Action>.self) { (base + length).initialize(to: event) }
    HeapSift.up(base, placing: event, at: length)
    length &+= 1
  }

  /// Removes and returns the earliest pending event, or `nil` if none.
  ///
  /// - Complexity: O(log *n*)
  @inlinable
  public mutating func popFirst() -> ScheduledEvent<Action>? {
    guard length > 0 else { return nil }
    return removeFirst()
  }

  /// Removes and returns the earliest pending event if it is due before
  /// `limit` (or at it, with `inclusive`).
  @inlinable @inline(__always)
  public mutating func popFirst(before limit: SimTime, inclusive: Bool) -> ScheduledEvent<Action>? {
    guard length > 0 else { return nil }
    let due = base[0].time.nanoseconds
    guard due < limit.nanoseconds || (inclusive && due == limit.nanoseconds) else { return nil }
    return removeFirst()
  }

  /// Removes the root: the last event fills the hole and sifts down.
  @inlinable @inline(__always)
  mutating func removeFirst() -> ScheduledEvent<Action> {
    let earliest = base[0]
    length -= 1
    let last = (base + length).move()
    if length > 0 { HeapSift.down(base, count: length, placing: last) }
    return earliest
  }

  /// Moves the events into a buffer of `newCapacity`.
  @usableFromInline @inline(never)
  mutating func resize(to newCapacity: Int) {
    let grown = UnsafeMutablePointer<ScheduledEvent<Action>>.allocate(capacity: newCapacity)
    grown.moveInitialize(from: base, count: length)
    base.deallocate()
    base = grown
    capacity = newCapacity
  }
}
