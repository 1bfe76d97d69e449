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
  /// When the current queue accepted it (SentTimestamp; QueueTime starts
  /// here). Kept on a standard dead-letter move, reset on a FIFO one.
  public var sentAt: Int64 = 0
  /// Retention base: expires at `enqueuedAt + messageRetention`.
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
  /// Index of the queue holding it (−1 while sending).
  public var queue: Int32 = -1
  /// Lifecycle state.
  public var state: MessageState = .free
  /// Short-poll server the message lives on.
  public var server: UInt8 = 0
  /// Workers currently holding a receipt of it.
  public var holders: UInt8 = 0
  /// Whether some worker finished processing it successfully.
  public var isProcessed = false
  /// Whether processing it always fails (a poison message).
  public var isPoison = false
  /// Ordering key (a producer's key); ordering is checked per key.
  public var orderKey: Int32 = 0
  /// Position of the message in its key's send order.
  public var orderSequence: UInt32 = 0

  /// Creates an empty slot value.
  public init() {}
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

/// Index-based storage of every live message, with a free list.
///
/// Messages are structs in one array; nothing is allocated per message once
/// the array has grown to the run's peak population.
public struct MessageStore: Sendable {
  @usableFromInline var messages: [Message] = []
  @usableFromInline var freeSlots: [Int32] = []

  /// Creates an empty store.
  public init() {}

  /// The number of slots ever allocated (live + free).
  public var capacity: Int { messages.count }

  /// The number of live messages.
  public var liveCount: Int { messages.count - freeSlots.count }

  /// Takes a free slot for a new message in state `sending`.
  ///
  /// - Complexity: O(1) amortized.
  @inlinable
  public mutating func allocate(createdAt: Int64, size: Int32) -> MessageRef {
    let slot: Int32
    if let reused = freeSlots.popLast() {
      slot = reused
    } else {
      slot = Int32(truncatingIfNeeded: messages.count)
      messages.append(Message())
    }
    let serial = messages[Int(slot)].serial
    messages[Int(slot)] = Message()
    messages[Int(slot)].serial = serial
    messages[Int(slot)].createdAt = createdAt
    messages[Int(slot)].size = size
    messages[Int(slot)].state = .sending
    return MessageRef(slot: slot, serial: serial)
  }

  /// Frees the slot of a message that is gone.
  @inlinable
  public mutating func release(_ slot: Int32) {
    messages[Int(slot)].state = .free
    messages[Int(slot)].serial &+= 1
    messages[Int(slot)].queue = -1
    freeSlots.append(slot)
  }

  /// Whether `ref` still names a live message.
  @inlinable
  public func isLive(_ ref: MessageRef) -> Bool {
    ref.slot >= 0 && messages[Int(ref.slot)].serial == ref.serial
      && messages[Int(ref.slot)].state != .free
  }

  /// The message in `slot`.
  @inlinable
  public subscript(slot: Int32) -> Message {
    get { messages[Int(slot)] }
    _modify { yield &messages[Int(slot)] }
  }

  /// Every live message's slot (for end-of-run audits).
  ///
  /// - Complexity: O(capacity)
  public func liveSlots() -> [Int32] {
    messages.indices.filter { messages[$0].state != .free }.map { Int32($0) }
  }
}
