/// One entry in the future-event list.
///
/// Entries are ordered by `time`, then by `sequence`, the order in which
/// they were scheduled. Two events due at the same instant therefore run
/// first-in, first-out, on every platform and every run.
public struct ScheduledEvent<Action>: Sendable where Action: Sendable {
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

  /// Whether `self` is due before `other`.
  @inlinable
  func precedes(_ other: Self) -> Bool {
    time.nanoseconds < other.time.nanoseconds
      || (time.nanoseconds == other.time.nanoseconds && sequence < other.sequence)
  }
}

/// A min-priority queue of scheduled events, stored as an implicit binary
/// heap in one contiguous array.
///
/// ```swift
/// var queue = EventQueue<String>()
/// queue.schedule("b", at: SimTime(nanoseconds: 5))
/// queue.schedule("a", at: .zero)
/// queue.popFirst()?.action  // "a"
/// ```
///
/// Scheduling and popping never allocate once the array has grown to the
/// run's peak number of pending events. Cancellation is lazy: models stamp
/// events with a generation and ignore stale ones when they are popped.
public struct EventQueue<Action>: Sendable where Action: Sendable {
  @usableFromInline var storage: [ScheduledEvent<Action>] = []
  @usableFromInline var nextSequence: UInt64 = 0

  /// Creates an empty queue.
  @inlinable public init() {}

  /// The number of pending events.
  @inlinable public var count: Int { storage.count }

  /// Whether no event is pending.
  @inlinable public var isEmpty: Bool { storage.isEmpty }

  /// The earliest pending event, if any.
  ///
  /// - Complexity: O(1)
  @inlinable public var first: ScheduledEvent<Action>? { storage.first }

  /// Reserves room for `capacity` pending events.
  public mutating func reserveCapacity(_ capacity: Int) {
    storage.reserveCapacity(capacity)
  }

  /// Adds `action` to run at `time`.
  ///
  /// - Complexity: O(log *n*)
  @inlinable
  public mutating func schedule(_ action: Action, at time: SimTime) {
    let event = ScheduledEvent(time: time, sequence: nextSequence, action: action)
    nextSequence &+= 1
    storage.append(event)
    siftUp(from: storage.count - 1)
  }

  /// Removes and returns the earliest pending event, or `nil` if none.
  ///
  /// - Complexity: O(log *n*)
  @inlinable
  public mutating func popFirst() -> ScheduledEvent<Action>? {
    guard !storage.isEmpty else { return nil }
    let last = storage.removeLast()
    guard !storage.isEmpty else { return last }
    let earliest = storage[0]
    siftDown(placing: last)
    return earliest
  }

  @inlinable
  mutating func siftUp(from index: Int) {
    storage.withUnsafeMutableBufferPointer { heap in
      let moving = heap[index]
      var child = index
      while child > 0 {
        let parent = (child - 1) >> 1
        guard moving.precedes(heap[parent]) else { break }
        heap[child] = heap[parent]
        child = parent
      }
      heap[child] = moving
    }
  }

  /// Moves `element` into the hole at the root and sifts it down.
  @inlinable
  mutating func siftDown(placing element: ScheduledEvent<Action>) {
    storage.withUnsafeMutableBufferPointer { heap in
      let count = heap.count
      var hole = 0
      while true {
        let left = 2 * hole + 1
        if left >= count { break }
        var smallest = left
        let right = left + 1
        if right < count, heap[right].precedes(heap[left]) { smallest = right }
        guard heap[smallest].precedes(element) else { break }
        heap[hole] = heap[smallest]
        hole = smallest
      }
      heap[hole] = element
    }
  }
}
