/// A fixed-length array of values behind one reference, for state that is
/// sized once and then mutated in place on the hot path.
///
/// Element access needs neither a copy-on-write uniqueness check nor a
/// dynamic exclusivity check, which an `Array` stored in a struct pays on
/// every mutation.
///
/// What does not hold: it has reference semantics. Copies share elements;
/// its owner must not be copied while it mutates it.
public final class FixedArray<Element>: RandomAccessCollection, @unchecked Sendable {
  @usableFromInline let base: UnsafeMutablePointer<Element>
  /// The number of elements (fixed).
  public let count: Int

  /// Creates an array holding `elements`.
  public init(_ elements: [Element]) {
    count = elements.count
    base = .allocate(capacity: Swift.max(1, elements.count))
    _ = UnsafeMutableBufferPointer(start: base, count: elements.count).initialize(from: elements)
  }

  /// Creates an array of `count` copies of `element`.
  public convenience init(repeating element: Element, count: Int) {
    self.init(Array(repeating: element, count: count))
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { count }

  /// The element at `index`.
  ///
  /// - Precondition: `index` is in `0 ..< count` (checked in debug builds).
  @inlinable public subscript(index: Int) -> Element {
    // Addressors: reading `array[i].field` loads just that field through
    // the pointer instead of copying (and retaining) the whole element.
    unsafeAddress {
      assert(index >= 0 && index < count, "index out of range")
      return UnsafePointer(base + index)
    }
    unsafeMutableAddress {
      assert(index >= 0 && index < count, "index out of range")
      return base + index
    }
  }

  /// Calls `body` with the elements in `range` as one mutable buffer.
  ///
  /// - Precondition: `range` lies in `0 ..< count` (checked in debug builds).
  @inlinable public func withUnsafeMutableBufferPointer<R>(
    _ range: Range<Int>, _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
  ) rethrows -> R {
    assert(range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
    return try body(UnsafeMutableBufferPointer(start: base + range.lowerBound, count: range.count))
  }
}
