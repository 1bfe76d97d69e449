/// A growable double-ended queue over one contiguous array (a ring).
///
/// Appending at the back and removing at the front are O(1) amortized and
/// allocate only when the ring grows (capacity doubles). Free cells hold a
/// `filler` value (or, for trivial elements, what was popped last), so
/// elements are stored without an optional's overhead.
/// Everything is `@inlinable` so that clients get a specialized ring.
public struct RingBuffer<Element>: Sendable where Element: Sendable {
  @usableFromInline var storage: [Element]
  @usableFromInline var head = 0
  @usableFromInline var length = 0
  @usableFromInline let filler: Element

  /// Creates an empty ring whose free cells hold `filler`.
  @inlinable public init(filler: Element) {
    storage = []
    self.filler = filler
  }

  /// The number of elements.
  @inlinable public var count: Int { length }

  /// Whether the ring is empty.
  @inlinable public var isEmpty: Bool { length == 0 }

  /// The front element, if any.
  ///
  /// - Complexity: O(1)
  @inlinable @inline(__always) public var first: Element? {
    length == 0 ? nil : storage[head]
  }

  /// Adds `element` at the back.
  ///
  /// - Complexity: O(1) amortized.
  @inlinable @inline(__always) public mutating func append(_ element: Element) {
    if length == storage.count { grow() }
    var index = head + length
    if index >= storage.count { index -= storage.count }
    storage[index] = element
    length += 1
  }

  /// Adds `element` at the front.
  ///
  /// - Complexity: O(1) amortized.
  @inlinable public mutating func prepend(_ element: Element) {
    if length == storage.count { grow() }
    head = head == 0 ? storage.count - 1 : head - 1
    storage[head] = element
    length += 1
  }

  /// Removes and returns the front element, or `nil` if empty.
  ///
  /// - Complexity: O(1)
  @inlinable @inline(__always) @discardableResult
  public mutating func popFirst() -> Element? {
    guard length > 0 else { return nil }
    let element = storage[head]
    // A freed cell is only read again after it is written; it needs the
    // filler only to let go of what it references. A trivial element is
    // left as it is, so a pop writes nothing to the array and makes no
    // copy-on-write check.
    if !_isPOD(Element.self) { storage[head] = filler }
    length -= 1
    // An emptied ring starts again at cell 0, which shares a cache line
    // with the array's header: a ring that is mostly empty (a queue's
    // visible list, its waiting polls) then touches one line per use
    // instead of walking its whole capacity, a cold line each time when
    // hundreds of queues take turns.
    head = length == 0 || head + 1 == storage.count ? 0 : head + 1
    return element
  }

  /// The back element, if any.
  ///
  /// - Complexity: O(1)
  @inlinable @inline(__always) public var last: Element? {
    guard length > 0 else { return nil }
    var index = head + length - 1
    if index >= storage.count { index -= storage.count }
    return storage[index]
  }

  /// Removes and returns the back element, or `nil` if empty.
  ///
  /// - Complexity: O(1)
  @inlinable @inline(__always) @discardableResult
  public mutating func popLast() -> Element? {
    guard length > 0 else { return nil }
    var index = head + length - 1
    if index >= storage.count { index -= storage.count }
    let element = storage[index]
    if !_isPOD(Element.self) { storage[index] = filler }
    length -= 1
    if length == 0 { head = 0 }
    return element
  }

  /// The element `offset` places behind the front.
  ///
  /// - Precondition: `0 <= offset < count`.
  @inlinable public subscript(offset: Int) -> Element {
    precondition(offset >= 0 && offset < length, "ring index out of range")
    var index = head + offset
    if index >= storage.count { index -= storage.count }
    return storage[index]
  }

  /// Removes every element, keeping the capacity.
  @inlinable public mutating func removeAll() {
    for index in storage.indices { storage[index] = filler }
    head = 0
    length = 0
  }

  /// Grows the capacity (doubling, or by half once past a million cells,
  /// which keeps the copy's transient memory down for huge backlogs),
  /// moving the elements to the front. `@inlinable` so that it is
  /// specialised for the element type: a generic copy costs thousands of
  /// instructions per element.
  @inlinable @inline(never) mutating func grow() {
    let current = storage.count
    let newCapacity = current < 16 ? 16 : (current < 1 << 20 ? current * 2 : current + current / 2)
    var newStorage = [Element](repeating: filler, count: newCapacity)
    for offset in 0..<length {
      var index = head + offset
      if index >= storage.count { index -= storage.count }
      newStorage[offset] = storage[index]
    }
    storage = newStorage
    head = 0
  }
}
