import SimCore

/// Where a stored message is in its life.
public enum MessageState: UInt8, Sendable {
  /// The slot is free.
  case free
  /// Created by a producer, its send call not yet accepted.
  case sending
  /// In a queue, hidden by a queue delay or message timer.
  case delayed
  /// In a queue, available to receives.
  case visible
  /// Received and not yet deleted; hidden until its visibility timeout.
  case inFlight
}

/// One message, stored by value in `MessageStore` and referred to by slot.
///
/// A slot is reused once its message is gone; `serial` changes on every
/// reuse, so a `MessageRef` taken earlier can tell that its message no
/// longer exists (lazy cancellation of timers and stale receipt handles).
public struct Message: Sendable {
  /// When the producer created the message (start of end-to-end latency).
  public var createdAt: Int64 = 0
  /// When the current queue received it: accepted from a send
  /// (SentTimestamp; QueueTime starts here) or moved in by redrive (the
  /// base of a dead-letter queue's `ApproximateAgeOfOldestMessage`).
  public var sentAt: Int64 = 0
  /// Retention base: expires at `enqueuedAt + messageRetention`. Kept on a
  /// standard dead-letter move, reset on a FIFO one.
  public var enqueuedAt: Int64 = 0
  /// Changes on every reuse of the slot.
  public var serial: UInt32 = 0
  /// `ApproximateReceiveCount`.
  public var receiveCount: UInt32 = 0
  /// Changes on every receive and visibility change, so an older
  /// visibility timer is recognised as stale.
  public var visibilityEpoch: UInt32 = 0
  /// Size in bytes.
  public var size: Int32 = 0
  /// Workers currently holding a receipt of it (a fleet has ≤ 100,000).
  public var holders: UInt32 = 0
  /// Ordering key (a producer's key); ordering is checked per key.
  public var orderKey: Int32 = 0
  /// Position of the message in its key's creation order (also its
  /// deduplication identity: a resend keeps it).
  public var orderSequence: UInt32 = 0
  /// Position in the order its key's messages were accepted by the service
  /// (the order a FIFO queue keeps; ordering checks after acceptance).
  public var acceptedSequence: UInt32 = 0
  /// Index of the queue holding it (−1 while sending).
  public var queue: Int16 = -1
  /// Short-poll server the message lives on (`shortPolling.servers` ≤ 1,000).
  public var server: UInt16 = 0
  /// Lifecycle state.
  public var state: MessageState = .free
  /// Whether some worker finished processing it successfully.
  public var isProcessed = false
  /// Whether processing it always fails (a poison message).
  public var isPoison = false
  /// Whether it is a client's resend of a message the queue had already
  /// accepted (a retry after a lost response): a duplicate unless FIFO
  /// deduplication drops it.
  public var isResend = false
  // Layout, widest fields first so nothing pads: 3 × 8 + 8 × 4 + 2 × 2 +
  // 4 × 1 = 64 bytes, one cache line (a test pins it).

  /// Creates an empty slot value.
  public init() {}

  /// A free slot's link in the store's free list: the next free slot, or
  /// −1. Kept in `orderKey`, which nothing reads while the slot is free.
  @inlinable var nextFree: Int32 {
    get { orderKey }
    set { orderKey = newValue }
  }
}

/// A reference to a message that knows when it has gone stale.
public struct MessageRef: Sendable, Equatable {
  /// Slot index in the store.
  public var slot: Int32
  /// The message's serial when the reference was taken.
  public var serial: UInt32

  /// Creates a reference.
  @inlinable public init(slot: Int32, serial: UInt32) {
    self.slot = slot
    self.serial = serial
  }

  /// A reference to no message.
  public static let none = MessageRef(slot: -1, serial: 0)
}

/// Index-based storage of every live message, with a free list threaded
/// through the free slots themselves (last freed, first reused).
///
/// Messages are structs in fixed pages of 65,536 (4 MiB), reached
/// through one reference: growing never copies or doubles what is there
/// (so a 10-million-message backlog costs its messages and no more), and
/// hot-path access needs no copy-on-write check. Nothing is allocated per
/// message once the pages cover the run's peak population.
///
/// What does not hold: `MessageStore` has reference semantics. A copy shares
/// the pages with the original, so a `World` must not be copied once it
/// runs (it never is: `run()` is called on the one instance).
public struct MessageStore: @unchecked Sendable {
  /// The page table: a fixed array of page pointers, reached through a
  /// `let` so that reading it needs no exclusivity check.
  @usableFromInline final class PageTable {
    @usableFromInline let pages: UnsafeMutablePointer<UnsafeMutablePointer<Message>?>
    @usableFromInline var allocatedPages = 0

    init() {
      pages = .allocate(capacity: MessageStore.maxPages)
      pages.initialize(repeating: nil, count: MessageStore.maxPages)
    }

    deinit {
      // `Message` is trivial (checked in `allocate`): nothing to deinitialise.
      for index in 0..<allocatedPages { pages[index]!.deallocate() }
      pages.deallocate()
    }
  }

  @usableFromInline static let pageShift = 16
  @usableFromInline static let pageSize = 1 << 16
  /// Slots are `Int32`, so 2³¹ slots in 2¹⁵ pages at most.
  @usableFromInline static let maxPages = 1 << 15
  @usableFromInline let table = PageTable()
  @usableFromInline var used = 0
  /// The free list: its first slot (−1: empty) and its length.
  @usableFromInline var freeHead: Int32 = -1
  @usableFromInline var freeCount = 0

  /// Creates an empty store.
  public init() {}

  /// The number of slots ever used (live + free): the run's peak population.
  public var capacity: Int { used }

  /// The number of live messages.
  public var liveCount: Int { used - freeCount }

  /// The address of `slot`'s message. Pages never move or shrink, so the
  /// address holds while the store lives: a hot path that touches one
  /// message several times (around calls that take the kernel `inout`)
  /// finds it once instead of going through the page table each time.
  @inlinable @inline(__always)
  func pointer(_ slot: Int32) -> UnsafeMutablePointer<Message> {
    table.pages[Int(slot) >> MessageStore.pageShift].unsafelyUnwrapped
      + (Int(slot) & (MessageStore.pageSize - 1))
  }

  /// Takes a free slot for a new message in state `sending`.
  ///
  /// - Complexity: O(1) amortized.
  @inlinable
  public mutating func allocate(createdAt: Int64, size: Int32) -> MessageRef {
    let slot: Int32
    if freeHead >= 0 {
      slot = freeHead
      freeHead = pointer(slot).pointee.nextFree
      freeCount -= 1
    } else {
      if used == table.allocatedPages * MessageStore.pageSize {
        precondition(table.allocatedPages < MessageStore.maxPages, "more than 2^31 live messages")
        // A page's slots are initialised one by one as they are first
        // used (below), so a page costs memory only for the slots a run
        // reaches: a run that never holds more than a few hundred
        // messages touches a few pages of the 4 MiB, not all of them.
        precondition(_isPOD(Message.self), "a Message must be trivial (uninitialised slots are never read)")
        table.pages[table.allocatedPages] = UnsafeMutablePointer<Message>.allocate(capacity: MessageStore.pageSize)
        table.allocatedPages += 1
      }
      slot = Int32(truncatingIfNeeded: used)
      pointer(slot).initialize(to: Message())
      used += 1
    }
    let message = pointer(slot)
    let serial = message.pointee.serial
    message.pointee = Message()
    message.pointee.serial = serial
    message.pointee.createdAt = createdAt
    message.pointee.size = size
    message.pointee.state = .sending
    return MessageRef(slot: slot, serial: serial)
  }

  /// Frees the slot of a message that is gone.
  @inlinable @inline(__always)
  public mutating func release(_ slot: Int32) {
    let message = pointer(slot)
    message.pointee.state = .free
    message.pointee.serial &+= 1
    message.pointee.queue = -1
    message.pointee.nextFree = freeHead
    freeHead = slot
    freeCount += 1
  }

  /// Whether `ref` still names a live message.
  @inlinable @inline(__always)
  public func isLive(_ ref: MessageRef) -> Bool {
    guard ref.slot >= 0 else { return false }
    let message = pointer(ref.slot)
    return message.pointee.serial == ref.serial && message.pointee.state != .free
  }

  /// The message in `slot`.
  @inlinable
  public subscript(slot: Int32) -> Message {
    get { pointer(slot).pointee }
    nonmutating _modify { yield &pointer(slot).pointee }
  }

  /// Every live message's slot (for end-of-run audits).
  ///
  /// - Complexity: O(capacity)
  public func liveSlots() -> [Int32] {
    (0..<used).map { Int32($0) }.filter { self[$0].state != .free }
  }
}
