/// A fixed-length array whose every element starts on its own 64-byte
/// cache line, for per-entity state (one queue, one fleet, one worker)
/// that an event touches a few fields of.
///
/// With hundreds of entities each is touched about once a second, so every
/// cache line of its state that an event reads is a miss. In a plain array
/// an element of, say, 104 bytes starts anywhere within a line, so its
/// first 64 bytes straddle two lines for most elements; here element `i`
/// is at `base + i × stride`, with `base` 64-byte aligned and `stride` the
/// element's stride rounded up to a multiple of 64, so the fields in an
/// element's first *n* × 64 bytes are exactly *n* lines.
///
/// Like `FixedArray`: sized once, mutated in place through addressors (no
/// copy-on-write or exclusivity check), reference semantics (copies share
/// the elements; the owner must not be copied while it mutates them).
public struct LineArray<Element>: RandomAccessCollection, @unchecked Sendable {
  /// The size of a cache line, and the alignment of every element.
  public static var lineSize: Int { 64 }

  /// Bytes from one element to the next: the element's stride rounded up
  /// to whole lines.
  @inlinable public static var stride: Int {
    (MemoryLayout<Element>.stride + lineSize - 1) / lineSize * lineSize
  }

  /// Owns the elements' memory.
  @usableFromInline final class Storage {
    let base: UnsafeMutableRawPointer
    let count: Int

    init(_ elements: [Element]) {
      count = elements.count
      base = UnsafeMutableRawPointer.allocate(
        byteCount: Swift.max(1, elements.count) * LineArray.stride, alignment: LineArray.lineSize)
      for (i, element) in elements.enumerated() {
        (base + i * LineArray.stride).initializeMemory(as: Element.self, repeating: element, count: 1)
      }
    }

    deinit {
      for i in 0..<count {
        (base + i * LineArray.stride).assumingMemoryBound(to: Element.self).deinitialize(count: 1)
      }
      base.deallocate()
    }
  }

  @usableFromInline let storage: Storage
  /// `storage.base`, kept here so that reaching an element is one multiply
  /// and add from this value, with no load through `storage` first.
  @usableFromInline let base: UnsafeMutableRawPointer
  public let count: Int

  /// Creates an array holding `elements`.
  public init(_ elements: [Element]) {
    storage = Storage(elements)
    base = storage.base
    count = elements.count
  }

  /// Creates an array of `count` copies of `element`.
  public init(repeating element: Element, count: Int) {
    self.init(Array(repeating: element, count: count))
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { count }

  /// The element at `index`.
  ///
  /// - Precondition: `index` is in `0 ..< count` (checked in debug builds).
  @inlinable public subscript(index: Int) -> Element {
    unsafeAddress {
      assert(index >= 0 && index < count, "index out of range")
      return UnsafePointer((base + index &* Self.stride).assumingMemoryBound(to: Element.self))
    }
    nonmutating unsafeMutableAddress {
      assert(index >= 0 && index < count, "index out of range")
      return (base + index &* Self.stride).assumingMemoryBound(to: Element.self)
    }
  }
}
