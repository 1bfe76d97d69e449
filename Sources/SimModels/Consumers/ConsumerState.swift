import SimCore

/// Cumulative counters of one consumer fleet.
public struct ConsumerCounters: CounterSet, Equatable {
  // The counters every message moves come first (one cache line).
  public var processed = 0
  public var receiveCalls = 0
  public var deleteCalls = 0
  public var duplicateDeliveries = 0
  public var emptyReceives = 0
  public var processingFailures = 0
  public var overLimitErrors = 0
  public var deleteBatchCalls = 0
  public var changeVisibilityCalls = 0
  public var changeVisibilityBatchCalls = 0
  public var changeVisibilityRejected = 0
  public var orderingViolations = 0
  public var crashes = 0
  /// Receive and delete requests refused by a FIFO quota (then retried).
  public var throttled = 0

  public init() {}

  /// Every API call the fleet made.
  public var apiCalls: Int {
    receiveCalls + deleteCalls + deleteBatchCalls + changeVisibilityCalls + changeVisibilityBatchCalls
  }

  public static let isPlainIntegers = true

  public static var fields: [WritableKeyPath<ConsumerCounters, Int>] {
    [
      \.processed,
      \.processingFailures,
      \.receiveCalls,
      \.emptyReceives,
      \.overLimitErrors,
      \.deleteCalls,
      \.deleteBatchCalls,
      \.changeVisibilityCalls,
      \.changeVisibilityBatchCalls,
      \.changeVisibilityRejected,
      \.duplicateDeliveries,
      \.orderingViolations,
      \.crashes,
      \.throttled,
    ]
  }
}

/// A message a worker holds: its reference and the receipt (the receive
/// count at the receive that handed it over).
struct HeldMessage: Sendable {
  var ref: MessageRef = .none
  var receipt: UInt32 = 0
  /// Processed successfully, waiting for a batch delete.
  var succeeded = false
  /// The message expired (retention) while held: the receipt is invalid.
  var receiptExpired = false
}

/// The running state of one consumer fleet.
struct ConsumerState: Sendable {
  // Stored properties in the order of how often an event touches them (a
  // fleet is a `LineArray` element, so its first bytes are whole cache
  // lines; with hundreds of fleets each line a message reads is a miss):
  // line 0 the figures every receive and message read (`config`'s, copied
  // here), line 1 the pool, line 2 the long-poll lane, line 3 the counters
  // every message moves. A test holds this layout.
  /// The queue the fleet reads.
  let queue: QueueID
  /// Messages per receive (1 to 10).
  let batchSize: Int32
  /// Whether the fleet's API calls take no time (skips sampling).
  let hasZeroLatency: Bool
  var isInOutage = false
  let deleteMode: DeleteMode
  /// Whether `heartbeat` is set (tested per message instead of the
  /// optional, which lies outside line 0).
  let hasHeartbeat: Bool
  /// WaitTimeSeconds in effect (the consumer's, else the queue's).
  let waitTime: SimDuration
  let failureRate: Double
  let processingTime: Distribution
  /// Where the fleet's slots in `SQSConsumerFleet.processedOrder` start
  /// (the highest order sequence processed per key of its queue's `keys`).
  let orderBase: Int32
  /// The fleet's workers: which run, and its busy and member time.
  var pool: WorkerPool
  /// Long-poll waits of this fleet's workers (all the same length).
  var pollTimers = TimerLane<Waiter>(filler: Waiter(worker: -1, cycle: 0))
  /// Cumulative counters (the ones every message moves first).
  var counters = ConsumerCounters()
  let heartbeat: HeartbeatPolicy?
  let apiLatency: Distribution
  let emptyReceiveDelay: SimDuration
  let config: ConsumerConfig

  init(
    config: ConsumerConfig, queue: QueueID, firstWorker: Int, waitTime: SimDuration, orderBase: Int
  ) {
    self.config = config
    self.queue = queue
    pool = WorkerPool(first: firstWorker, capacity: config.maxCount, running: config.count)
    self.waitTime = waitTime
    self.orderBase = Int32(orderBase)
    hasZeroLatency = config.apiLatency.isAlwaysZero
    deleteMode = config.deleteMode
    batchSize = Int32(config.batchSize)
    failureRate = config.failureRate
    processingTime = config.processingTime
    apiLatency = config.apiLatency
    emptyReceiveDelay = config.emptyReceiveDelay
    heartbeat = config.heartbeat
    hasHeartbeat = config.heartbeat != nil
  }
}

/// One worker's loop state.
///
/// `cycle` changes with every receive call and every crash (and stop), so
/// steps scheduled for an earlier cycle are ignored; `life` changes with
/// every crash and stop, so only the latest crash/restart timers count. A
/// worker whose pool slot is stopped is `isDown`.
struct WorkerState: Sendable {
  /// The worker's fleet and the queue it reads.
  let consumer: ConsumerID
  let queue: QueueID
  var rng: SeededGenerator
  var cycle: UInt32 = 0
  var life: UInt32 = 0
  var isDown = false
  /// Stopping with `StopMode.finish`: takes no new receive (its pool slot
  /// is `.draining`).
  var isDraining = false
  var isWaiting = false
  var isProcessing = false
  var heldCount = 0
  var nextIndex = 0
  var processingStartedAt: Int64 = 0
  var receivedAt: Int64 = 0
  /// Consecutive throttled requests (drives the backoff).
  var throttleStreak = 0

  init(consumer: ConsumerID, queue: QueueID, rng: SeededGenerator) {
    self.consumer = consumer
    self.queue = queue
    self.rng = rng
  }
}
