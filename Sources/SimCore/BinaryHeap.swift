/// A type whose values a ``BinaryHeap`` can order.
///
/// `precedes` must be a strict weak order: never true of a value and
/// itself, and transitive. Values of which neither precedes the other are
/// *ties*; the heap pops them in an order fixed by its algorithm (see
/// ``BinaryHeap``), not in insertion order. A type that needs first-in,
/// first-out ties breaks them itself, as ``ScheduledEvent`` does with its
/// sequence number.
public protocol HeapOrdered {
  /// Whether `self` leaves the heap strictly before `other`.
  func precedes(_ other: Self) -> Bool
}

/// A min-heap over one contiguous array: an implicit binary tree whose
/// root precedes everything else.
///
/// ```swift
/// struct Deadline: HeapOrdered {
///   var at: Int64
///   func precedes(_ other: Deadline) -> Bool { at < other.at }
/// }
/// var heap = BinaryHeap<Deadline>()
/// heap.push(Deadline(at: 30))
/// heap.push(Deadline(at: 10))
/// heap.popFirst()?.at  // 10
/// ```
///
/// The comparisons are fixed, so the order in which ties pop is a pure
/// function of the sequence of pushes and pops, on every platform:
/// - ``push(_:)`` appends and sifts up while the element strictly precedes
///   its parent (a tie stops the climb);
/// - ``popFirst()`` moves the last element to the root and sifts it down:
///   the smaller child is the right one only when it strictly precedes the
///   left one, and the descent stops unless that child strictly precedes
///   the moved element.
///
/// Ties do *not* come out first-in, first-out.
///
/// Sifting moves a hole rather than swapping, and reads the array through
/// an unchecked buffer pointer: everything is `@inlinable`, so clients in
/// other modules get a copy specialised for their element type, with
/// `precedes` inlined. Pushing and popping never allocate once the array
/// has grown to the peak number of elements.
public struct BinaryHeap<Element: HeapOrdered> {
  /// The implicit tree: the children of `i` are at `2i + 1` and `2i + 2`.
  @usableFromInline var storage: [Element]

  /// Creates an empty heap.
  @inlinable public init() { storage = [] }

  /// The number of elements.
  @inlinable public var count: Int { storage.count }

  /// Whether the heap is empty.
  @inlinable public var isEmpty: Bool { storage.isEmpty }

  /// The element that precedes all others, if any (among ties, the one
  /// ``popFirst()`` would return).
  ///
  /// - Complexity: O(1)
  @inlinable public var first: Element? { storage.first }

  /// Reserves room for `capacity` elements.
  ///
  /// - Complexity: O(*n*) when the array has to grow.
  @inlinable public mutating func reserveCapacity(_ capacity: Int) {
    storage.reserveCapacity(capacity)
  }

  /// Adds `element`.
  ///
  /// - Complexity: O(log *n*), plus O(*n*) when the array has to grow.
  @inlinable
  public mutating func push(_ element: Element) {
    storage.append(element)
    siftUp(from: storage.count - 1)
  }

  /// Removes and returns the element that precedes all others, or `nil`
  /// if the heap is empty.
  ///
  /// - Complexity: O(log *n*)
  @inlinable
  public mutating func popFirst() -> Element? {
    guard !storage.isEmpty else { return nil }
    let last = storage.removeLast()
    guard !storage.isEmpty else { return last }
    let earliest = storage[0]
    siftDown(placing: last)
    return earliest
  }

  /// Removes and returns the element that precedes all others.
  ///
  /// - Precondition: the heap is not empty.
  /// - Complexity: O(log *n*)
  @inlinable @discardableResult
  public mutating func removeFirst() -> Element {
    precondition(!storage.isEmpty, "removeFirst() on an empty heap")
    return popFirst().unsafelyUnwrapped
  }

  /// Moves the element at `index` up while it strictly precedes its parent.
  @inlinable
  mutating func siftUp(from index: Int) {
    storage.withUnsafeMutableBufferPointer { heap in
      HeapSift.up(heap.baseAddress.unsafelyUnwrapped, placing: heap[index], at: index)
    }
  }

  /// Moves `element` into the hole at the root and sifts it down.
  @inlinable
  mutating func siftDown(placing element: Element) {
    storage.withUnsafeMutableBufferPointer { heap in
      HeapSift.down(heap.baseAddress.unsafelyUnwrapped, count: heap.count, placing: element)
    }
  }

  /// Whether no element strictly precedes its parent (the heap property).
  ///
  /// - Complexity: O(*n*); for tests and internal checks.
  func isHeapOrdered() -> Bool {
    storage.indices.dropFirst().allSatisfy { !storage[$0].precedes(storage[($0 - 1) >> 1]) }
  }
}

extension BinaryHeap: Sendable where Element: Sendable {}

/// The two sifts of an implicit binary min-heap over raw storage, shared by
/// ``BinaryHeap`` (over its array) and ``EventQueue`` (over its own
/// buffer), so that both pop ties in the order ``BinaryHeap`` documents.
/// Sifting moves a hole rather than swapping.
@usableFromInline enum HeapSift<Element: HeapOrdered> {
  /// Places `element` in the hole at `index`, climbing while it strictly
  /// precedes its parent (a tie stops the climb).
  ///
  /// - Precondition: `heap[0 ..< index]` is a heap, and every cell of
  ///   `heap[0 ... index]` is initialised (cells are assigned, not
  ///   initialised), or `Element` is trivial (`_isPOD`), for which
  ///   assigning an uninitialised cell is initialising it.
  @inlinable @inline(__always)
  static func up(_ heap: UnsafeMutablePointer<Element>, placing element: Element, at index: Int) {
    // Indices are below the heap's count: wrapping arithmetic cannot wrap,
    // and spares an overflow check per level.
    var child = index
    while child > 0 {
      let parent = (child &- 1) &>> 1
      guard element.precedes(heap[parent]) else { break }
      heap[child] = heap[parent]
      child = parent
    }
    heap[child] = element
  }

  /// Places `element` in the hole at the root of `heap[0 ..< count]`,
  /// descending while the smaller child strictly precedes it (the right
  /// child is the smaller only when it strictly precedes the left one).
  ///
  /// - Precondition: every cell of `heap[0 ..< max(count, 1)]` is
  ///   initialised.
  @inlinable @inline(__always)
  static func down(_ heap: UnsafeMutablePointer<Element>, count: Int, placing element: Element) {
    var hole = 0
    while true {
      let left = 2 &* hole &+ 1
      if left >= count { break }
      var smallest = left
      let right = left &+ 1
      if right < count, heap[right].precedes(heap[left]) { smallest = right }
      guard heap[smallest].precedes(element) else { break }
      heap[hole] = heap[smallest]
      hole = smallest
    }
    heap[hole] = element
  }
}
