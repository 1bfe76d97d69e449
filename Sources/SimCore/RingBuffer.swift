/// A growable double-ended queue over one contiguous array (a ring).
///
/// Appending at the back and removing at the front are O(1) amortized and
/// allocate only when the ring grows (capacity doubles). Free cells hold a
/// `filler` value, so elements are stored without an optional's overhead.
public struct RingBuffer<Element>: Sendable where Element: Sendable {
  @usableFromInline var storage: [Element]
  @usableFromInline var head = 0
  @usableFromInline let filler: Element
  /// The number of elements.
  public private(set) var count = 0

  /// Creates an empty ring whose free cells hold `filler`.
  public init(filler: Element) {
    storage = []
    self.filler = filler
  }

  /// Whether the ring is empty.
  @inlinable public var isEmpty: Bool { count == 0 }

  /// The front element, if any.
  ///
  /// - Complexity: O(1)
  @inlinable public var first: Element? {
    count == 0 ? nil : storage[head]
  }

  /// Adds `element` at the back.
  ///
  /// - Complexity: O(1) amortized.
  public mutating func append(_ element: Element) {
    if count == storage.count { grow() }
    var index = head + count
    if index >= storage.count { index -= storage.count }
    storage[index] = element
    count += 1
  }

  /// Adds `element` at the front.
  ///
  /// - Complexity: O(1) amortized.
  public mutating func prepend(_ element: Element) {
    if count == storage.count { grow() }
    head = head == 0 ? storage.count - 1 : head - 1
    storage[head] = element
    count += 1
  }

  /// Removes and returns the front element, or `nil` if empty.
  ///
  /// - Complexity: O(1)
  @discardableResult
  public mutating func popFirst() -> Element? {
    guard count > 0 else { return nil }
    let element = storage[head]
    storage[head] = filler
    head += 1
    if head == storage.count { head = 0 }
    count -= 1
    return element
  }

  /// The element `offset` places behind the front.
  ///
  /// - Precondition: `0 <= offset < count`.
  public subscript(offset: Int) -> Element {
    precondition(offset >= 0 && offset < count, "ring index out of range")
    var index = head + offset
    if index >= storage.count { index -= storage.count }
    return storage[index]
  }

  /// Removes every element, keeping the capacity.
  public mutating func removeAll() {
    for index in storage.indices { storage[index] = filler }
    head = 0
    count = 0
  }

  mutating func grow() {
    let newCapacity = Swift.max(16, storage.count * 2)
    var newStorage = [Element](repeating: filler, count: newCapacity)
    for offset in 0..<count {
      var index = head + offset
      if index >= storage.count { index -= storage.count }
      newStorage[offset] = storage[index]
    }
    storage = newStorage
    head = 0
  }
}
