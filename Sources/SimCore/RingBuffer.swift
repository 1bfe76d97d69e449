/// A growable double-ended queue over one contiguous block of cells (a
/// ring).
///
/// Appending at the back and removing at the front are O(1) amortized and
/// allocate only when the ring grows (capacity doubles). Free cells hold a
/// `filler` value (or, for trivial elements, what was popped last), so
/// elements are stored without an optional's overhead.
/// Everything is `@inlinable` so that clients get a specialized ring.
///
/// ## Copies
/// The cells are a block the ring owns (a ``RingStorage``), written
/// without a copy-on-write check: an `Array` makes one at every write, a
/// runtime call that, with the bounds checks, cost about 5 % of the M/M/8
/// benchmark's instructions (four ring writes per message). A copy of a ring therefore shares its cells once it
/// has any: copy a ring only while it has never held an element (an empty
/// ring has no cells, so `Array(repeating: RingBuffer(filler: x), count: n)`
/// makes `n` independent rings), and mutate one copy only. Debug builds
/// check it: a write to cells another copy also holds traps.
public struct RingBuffer<Element>: @unchecked Sendable where Element: Sendable {
  /// The cells, in one allocation with their number (nil until the first
  /// element).
  @usableFromInline var storage: RingStorage<Element>?
  // Counts and positions in 32 bits, so that the ring is no larger than
  // the `Array`-based one it replaced (hot structs hold rings in their
  // first cache lines); a ring holds at most 2³¹ − 1 elements, as many as
  // the message store has slots.
  @usableFromInline var cellCount: Int32 = 0
  @usableFromInline var front: Int32 = 0
  @usableFromInline var length: Int32 = 0
  @usableFromInline let filler: Element

  /// Creates an empty ring whose free cells hold `filler`.
  @inlinable public init(filler: Element) {
    self.filler = filler
  }

  /// The cells, once the ring has any. The address stays valid while
  /// `storage` lives (cells never move), and the ring holds `storage`.
  @inlinable @inline(__always) var base: UnsafeMutablePointer<Element> {
    storage.unsafelyUnwrapped.withUnsafeMutablePointerToElements { $0 }
  }

  /// The cell `offset` places behind the front (`offset < cellCount`).
  @inlinable @inline(__always) func cell(_ offset: Int32) -> Int {
    // In 64 bits: front + offset can pass 2³¹ in a ring of over 2³⁰ cells.
    let index = Int(front) &+ Int(offset)
    return index >= Int(cellCount) ? index &- Int(cellCount) : index
  }

  /// Debug builds: traps if another copy of the ring holds these cells.
  @inlinable @inline(__always) mutating func checkUnshared() {
    #if DEBUG
      precondition(
        storage == nil || isKnownUniquelyReferenced(&storage),
        "a RingBuffer copy that shares its cells was mutated (see RingBuffer: Copies)")
    #endif
  }

  /// The number of elements.
  @inlinable public var count: Int { Int(length) }

  /// Whether the ring is empty.
  @inlinable public var isEmpty: Bool { length == 0 }

  /// The front element, if any.
  ///
  /// - Complexity: O(1)
  @inlinable @inline(__always) public var first: Element? {
    length == 0 ? nil : base[Int(front)]
  }

  /// Adds `element` at the back.
  ///
  /// - Complexity: O(1) amortized.
  @inlinable @inline(__always) public mutating func append(_ element: Element) {
    if length == cellCount { grow() }
    checkUnshared()
    base[cell(length)] = element
    length &+= 1
  }

  /// Adds `element` at the front.
  ///
  /// - Complexity: O(1) amortized.
  @inlinable public mutating func prepend(_ element: Element) {
    if length == cellCount { grow() }
    checkUnshared()
    front = front == 0 ? cellCount &- 1 : front &- 1
    base[Int(front)] = element
    length &+= 1
  }

  /// Removes and returns the front element, or `nil` if empty.
  ///
  /// - Complexity: O(1)
  @inlinable @inline(__always) @discardableResult
  public mutating func popFirst() -> Element? {
    guard length > 0 else { return nil }
    checkUnshared()
    let element = base[Int(front)]
    // A freed cell is only read again after it is written; it needs the
    // filler only to let go of what it references. A trivial element is
    // left as it is, so a pop writes nothing to the cells.
    if !_isPOD(Element.self) { base[Int(front)] = filler }
    length &-= 1
    // An emptied ring starts again at cell 0, which shares a cache line
    // with the cell count: a ring that is mostly empty (a queue's visible
    // list, its waiting polls) then touches one line per use instead of
    // walking its whole capacity, a cold line each time when hundreds of
    // queues take turns.
    front = length == 0 || front &+ 1 == cellCount ? 0 : front &+ 1
    return element
  }

  /// The back element, if any.
  ///
  /// - Complexity: O(1)
  @inlinable @inline(__always) public var last: Element? {
    guard length > 0 else { return nil }
    return base[cell(length &- 1)]
  }

  /// Removes and returns the back element, or `nil` if empty.
  ///
  /// - Complexity: O(1)
  @inlinable @inline(__always) @discardableResult
  public mutating func popLast() -> Element? {
    guard length > 0 else { return nil }
    checkUnshared()
    let index = cell(length &- 1)
    let element = base[index]
    if !_isPOD(Element.self) { base[index] = filler }
    length &-= 1
    if length == 0 { front = 0 }
    return element
  }

  /// The element `offset` places behind the front.
  ///
  /// - Precondition: `0 <= offset < count`.
  @inlinable public subscript(offset: Int) -> Element {
    precondition(offset >= 0 && offset < count, "ring index out of range")
    return base[cell(Int32(truncatingIfNeeded: offset))]
  }

  /// Removes every element, keeping the capacity.
  @inlinable public mutating func removeAll() {
    checkUnshared()
    for index in 0..<Int(cellCount) { base[index] = filler }
    front = 0
    length = 0
  }

  /// Grows the capacity (doubling, or by half once past a million cells,
  /// which keeps the copy's transient memory down for huge backlogs),
  /// moving the elements to the front. `@inlinable` so that it is
  /// specialised for the element type: a generic copy costs thousands of
  /// instructions per element.
  @inlinable @inline(never) mutating func grow() {
    checkUnshared()
    let current = Int(cellCount)
    let wanted = current < 16 ? 16 : (current < 1 << 20 ? current * 2 : current + current / 2)
    let newCount = Int32(Swift.min(wanted, Int(Int32.max)))
    precondition(newCount > cellCount, "a ring holds at most \(Int32.max) elements")
    let grown = RingStorage<Element>.make(capacity: Int(newCount), filler: filler)
    let target = grown.withUnsafeMutablePointerToElements { $0 }
    for offset in 0..<length { target[Int(offset)] = base[cell(offset)] }
    storage = grown
    cellCount = newCount
    front = 0
  }
}

/// The cells of a ``RingBuffer``, tail-allocated after their number: every
/// cell initialised (to the ring's filler), freed with the last ring that
/// holds them.
@usableFromInline final class RingStorage<Element>: ManagedBuffer<Int, Element> {
  /// A block of `capacity` cells, each holding `filler`.
  @inlinable static func make(capacity: Int, filler: Element) -> RingStorage {
    let buffer = unsafeDowncast(create(minimumCapacity: capacity) { _ in capacity }, to: RingStorage.self)
    buffer.withUnsafeMutablePointerToElements { $0.initialize(repeating: filler, count: capacity) }
    return buffer
  }

  deinit {
    _ = withUnsafeMutablePointers { capacity, cells in cells.deinitialize(count: capacity.pointee) }
  }
}
