/// A fixed-length array of values behind one reference, for state that is
/// sized once and then mutated in place on the hot path.
///
/// Element access needs neither a copy-on-write uniqueness check nor a
/// dynamic exclusivity check, which an `Array` stored in a struct pays on
/// every mutation. The elements sit in the same allocation as the count
/// (tail-allocated), so reaching element `i` is the reference plus an
/// offset: no pointer to load first, no second cache line to touch.
///
/// What does not hold: it has reference semantics. Copies share elements;
/// its owner must not be copied while it mutates it.
public struct FixedArray<Element>: RandomAccessCollection, @unchecked Sendable {
  /// The count and the elements, in one allocation.
  @usableFromInline final class Storage: ManagedBuffer<Int, Element> {
    deinit {
      _ = withUnsafeMutablePointers { count, elements in elements.deinitialize(count: count.pointee) }
    }
  }

  /// The accessors take the elements' address out of
  /// `withUnsafeMutablePointerToElements`: it stays valid while `storage`
  /// lives (the elements never move), and the owner holds `storage`.
  @usableFromInline let storage: Storage

  /// Creates an array holding `elements`.
  public init(_ elements: [Element]) {
    let buffer = Storage.create(minimumCapacity: Swift.max(1, elements.count)) { _ in elements.count }
    storage = unsafeDowncast(buffer, to: Storage.self)
    storage.withUnsafeMutablePointerToElements { base in
      _ = UnsafeMutableBufferPointer(start: base, count: elements.count).initialize(from: elements)
    }
  }

  /// Creates an array of `count` copies of `element`.
  public init(repeating element: Element, count: Int) {
    self.init(Array(repeating: element, count: count))
  }

  /// The number of elements (fixed).
  @inlinable public var count: Int { storage.header }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { storage.header }

  /// The element at `index`.
  ///
  /// - Precondition: `index` is in `0 ..< count` (checked in debug builds).
  @inlinable public subscript(index: Int) -> Element {
    // Addressors: reading `array[i].field` loads just that field through
    // the pointer instead of copying (and retaining) the whole element.
    unsafeAddress {
      assert(index >= 0 && index < count, "index out of range")
      let base: UnsafeMutablePointer<Element> = storage.withUnsafeMutablePointerToElements { $0 }
      return UnsafePointer(base + index)
    }
    nonmutating unsafeMutableAddress {
      assert(index >= 0 && index < count, "index out of range")
      return storage.withUnsafeMutablePointerToElements { $0 } + index
    }
  }

  /// Calls `body` with the elements in `range` as one mutable buffer.
  ///
  /// - Precondition: `range` lies in `0 ..< count` (checked in debug builds).
  @inlinable public func withUnsafeMutableBufferPointer<R>(
    _ range: Range<Int>, _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
  ) rethrows -> R {
    assert(range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
    let base = storage.withUnsafeMutablePointerToElements { $0 }
    return try body(UnsafeMutableBufferPointer(start: base + range.lowerBound, count: range.count))
  }
}
