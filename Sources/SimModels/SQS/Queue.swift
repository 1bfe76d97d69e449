import SimCore

/// A visible message's place on one short-poll server. `stamp` is the
/// message's receive count when it was made visible, so an entry left
/// behind by an earlier visible spell is recognised as stale.
public struct VisibleEntry: Sendable {
  /// The message.
  public var ref: MessageRef
  /// `receiveCount` when this entry was appended.
  public var stamp: UInt32

  /// An entry that names no message.
  public static let filler = VisibleEntry(ref: .none, stamp: 0)
}

/// A worker waiting in a long poll.
public struct Waiter: Sendable {
  /// Global worker index.
  public var worker: Int32
  /// The worker's poll cycle when it started waiting.
  public var cycle: UInt32
}

/// A message's expiry deadline, for messages whose deadline is out of
/// arrival order (standard dead-letter moves keep their original time).
struct ExpiryEntry: Sendable, HeapOrdered {
  var expiresAt: Int64
  var ref: MessageRef

  @inline(__always) func precedes(_ other: ExpiryEntry) -> Bool { expiresAt < other.expiresAt }
}

/// Cumulative counters of one queue since the start of the run.
///
/// Period and post-warm-up figures are differences of two snapshots, so the
/// hot path increments each counter once.
public struct QueueCounters: CounterSet, Equatable {
  // The counters every message moves come first (one cache line).
  public var sent = 0
  public var sentBytes = 0
  public var received = 0
  public var deleted = 0
  public var deletedUnique = 0
  public var orderingViolations = 0
  public var emptyReceives = 0
  public var expired = 0
  public var movedToDeadLetter = 0
  public var movedIn = 0
  public var duplicateDeliveries = 0
  public var overLimitErrors = 0
  public var changeVisibility = 0
  public var changeVisibilityRejected = 0
  /// FIFO: sends accepted but dropped as duplicates within the interval.
  public var deduplicated = 0
  /// Requests refused by a throughput quota.
  public var throttled = 0
  /// FIFO: deletes refused because the receipt's visibility had run out.
  public var deleteErrors = 0

  public init() {}

  public static let isPlainIntegers = true

  public static var fields: [WritableKeyPath<QueueCounters, Int>] {
    [
      \.sent,
      \.sentBytes,
      \.received,
      \.deleted,
      \.deletedUnique,
      \.emptyReceives,
      \.expired,
      \.movedToDeadLetter,
      \.movedIn,
      \.duplicateDeliveries,
      \.orderingViolations,
      \.overLimitErrors,
      \.changeVisibility,
      \.changeVisibilityRejected,
      \.deduplicated,
      \.throttled,
      \.deleteErrors,
    ]
  }
}

/// The state of one SQS standard queue.
///
/// Visible messages wait in one list in the order they became visible.
/// Each message lives on one of `shortPollServers` virtual servers (the
/// short-poll model, docs/model.md §2.4): a long poll takes from the
/// front; a short poll samples each server with probability `q` and takes
/// the first visible messages that sit on sampled servers. Removal from the
/// middle (short polls, expiry, dead-letter moves, deletes) is lazy: an
/// entry whose message moved on is skipped and dropped when it reaches the
/// front.
public struct SQSQueue: Sendable {
  // Stored properties in the order of how often an event touches them
  // (a queue is a `LineArray` element, so its first bytes are whole cache
  // lines): what a message's send, receive and delete read, then the
  // counters every message moves, fill the first four lines (with hundreds
  // of queues, each line is a cache miss per message); short-poll
  // sampling, the queue's stream and the late expiries come after.
  // `config`'s figures every send or receive reads are copied here.
  /// Messages available to receives.
  public internal(set) var visibleCount = 0
  /// Messages received and not deleted, visibility not expired.
  public internal(set) var inFlightCount = 0
  /// Messages waiting out a delay.
  public internal(set) var delayedCount = 0
  /// Whether this is a FIFO queue (test this, not `fifo`: reading the
  /// optional copies the whole FIFO state).
  let isFIFO: Bool
  /// Whether the in-flight limit is currently refusing receives.
  var isOverLimit = false
  /// Whether a message sent here is placed on a short-poll server (a
  /// draw from `rng`). False when nothing would ever read the placement
  /// or the stream otherwise: no short poll reads this queue or a queue
  /// of its redrive chain (a dead-letter move keeps the server), and no
  /// duplicate is drawn (`SQSModel.init`). Skipping the draw then
  /// changes no outcome.
  var drawsServer = true
  /// The redrive policy's `maxReceiveCount` (`UInt32.max`: no redrive).
  let maxReceiveCount: UInt32
  let inFlightLimit: Int
  let delay: SimDuration
  let messageRetention: SimDuration
  let duplicateProbability: Double
  /// No message of `arrivals` can expire before this time (the front's
  /// expiry when it was last examined; later arrivals expire later).
  var nextExpiryCheck: Int64 = 0
  /// When the queue's retention event is due (`Int64.max`: none armed).
  var retentionArmedAt = Int64.max
  /// Visible messages in the order they became visible (stale entries
  /// included, see above).
  var visible = RingBuffer<VisibleEntry>(filler: .filler)
  /// Every message that entered this queue, in arrival order, so in
  /// `sentAt` order (for retention and `ApproximateAgeOfOldestMessage`);
  /// entries of messages that left are dropped at the front.
  var arrivals = RingBuffer<MessageRef>(filler: .none)
  /// Where this queue's keys start in `SQSModel.processedOrder` (the
  /// highest order sequence processed per key of `keys`, for ordering
  /// checks), set once the producers' keys are known.
  var orderBase = 0
  /// The ordering keys that can reach this queue (every processed message
  /// looks its key up).
  var keys = KeySpace()
  /// The dead-letter queue, if a redrive policy names one.
  var deadLetter: QueueID?
  /// Cumulative counters (the ones every message moves first).
  public internal(set) var counters = QueueCounters()
  /// Number of short-poll servers.
  let serverCount: Int
  let shortPollSampleProbability: Double
  /// The queue's own random stream (server placement, sampling, duplicates).
  var rng: SeededGenerator
  /// Messages whose expiry is earlier than their arrival order implies.
  var lateExpiries = BinaryHeap<ExpiryEntry>()
  /// FIFO queues: groups, deduplication and quotas.
  var fifo: FIFOState?
  /// The queue's attributes.
  public let config: QueueConfig

  /// Creates an empty queue.
  public init(config: QueueConfig, region: String, rng: SeededGenerator) {
    self.config = config
    self.rng = rng
    serverCount = max(1, config.shortPollServers)
    inFlightLimit = config.inFlightLimit
    delay = config.delay
    messageRetention = config.messageRetention
    duplicateProbability = config.duplicateProbability
    shortPollSampleProbability = config.shortPollSampleProbability
    maxReceiveCount = config.redrive.map { UInt32($0.maxReceiveCount) } ?? .max
    isFIFO = config.isFIFO
    if config.isFIFO { fifo = FIFOState(settings: config.fifo, region: region) }
  }

  /// Messages the queue holds in any state.
  public var storedCount: Int { visibleCount + inFlightCount + delayedCount }
}
