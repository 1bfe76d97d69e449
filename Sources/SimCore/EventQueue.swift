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

/// A min-priority queue of scheduled events: a ``BinaryHeap`` of
/// ``ScheduledEvent``s, each stamped with the next sequence number.
///
/// ```swift
/// var queue = EventQueue<String>()
/// queue.schedule("b", at: SimTime(nanoseconds: 5))
/// queue.schedule("a", at: .zero)
/// queue.popFirst()?.action  // "a"
/// ```
///
/// Events due at the same time pop in the order they were scheduled (the
/// sequence number breaks the tie, so the heap never sees a tie).
/// Scheduling and popping never allocate once the heap has grown to the
/// run's peak number of pending events. Cancellation is lazy: models stamp
/// events with a generation and ignore stale ones when they are popped.
public struct EventQueue<Action>: Sendable where Action: Sendable {
  @usableFromInline var heap = BinaryHeap<ScheduledEvent<Action>>()
  @usableFromInline var nextSequence: UInt64 = 0

  /// Creates an empty queue.
  @inlinable public init() {}

  /// The number of pending events.
  @inlinable public var count: Int { heap.count }

  /// Whether no event is pending.
  @inlinable public var isEmpty: Bool { heap.isEmpty }

  /// The earliest pending event, if any.
  ///
  /// - Complexity: O(1)
  @inlinable public var first: ScheduledEvent<Action>? { heap.first }

  /// Reserves room for `capacity` pending events.
  public mutating func reserveCapacity(_ capacity: Int) {
    heap.reserveCapacity(capacity)
  }

  /// Adds `action` to run at `time`.
  ///
  /// - Complexity: O(log *n*)
  @inlinable
  public mutating func schedule(_ action: Action, at time: SimTime) {
    heap.push(ScheduledEvent(time: time, sequence: nextSequence, action: action))
    nextSequence &+= 1
  }

  /// Removes and returns the earliest pending event, or `nil` if none.
  ///
  /// - Complexity: O(log *n*)
  @inlinable
  public mutating func popFirst() -> ScheduledEvent<Action>? {
    heap.popFirst()
  }
}
