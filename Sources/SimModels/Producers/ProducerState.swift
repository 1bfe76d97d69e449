import SimCore

/// Cumulative counters of one producer.
public struct ProducerCounters: CounterSet, Equatable {
  // The counters every message moves come first (one cache line).
  /// Messages created by the arrival process.
  public var created = 0
  /// Messages the queue accepted.
  public var accepted = 0
  /// `SendMessage` calls (attempts, retries included).
  public var sendMessageCalls = 0
  /// `SendMessageBatch` calls (attempts, retries included).
  public var sendMessageBatchCalls = 0
  /// Failed call attempts (server errors).
  public var sendErrors = 0
  /// Calls retried after a failure.
  public var retries = 0
  /// Messages rejected by the queue as too large (not retried).
  public var rejected = 0
  /// Messages given up after the last retry failed.
  public var failed = 0
  /// Call attempts refused by a throughput quota (then retried).
  public var throttled = 0
  /// Sends whose response was lost after the service accepted them (the
  /// client then sends them again).
  public var lostResponses = 0
  /// Messages accepted after a later-created message of the same key: the
  /// producer's overlapping sends reordered them before the service saw
  /// them (resends of an accepted message are duplicates, not counted).
  public var reorders = 0

  public init() {}

  /// The counters as `metrics.csv` / `summary.csv` rows, in a fixed order.
  public var rows: [(ProducerMetric, Double)] {
    [
      (.messagesCreated, Double(created)), (.numberOfMessagesSent, Double(accepted)),
      (.sendMessageCalls, Double(sendMessageCalls)), (.sendMessageBatchCalls, Double(sendMessageBatchCalls)),
      (.sendErrors, Double(sendErrors)), (.retries, Double(retries)), (.messagesRejected, Double(rejected)),
      (.messagesFailed, Double(failed)), (.throttledRequests, Double(throttled)),
      (.lostResponses, Double(lostResponses)), (.producerReorders, Double(reorders)),
    ]
  }

  public static let isPlainIntegers = true

  public static var fields: [WritableKeyPath<ProducerCounters, Int>] {
    [
      \.created,
      \.accepted,
      \.sendMessageCalls,
      \.sendMessageBatchCalls,
      \.sendErrors,
      \.retries,
      \.rejected,
      \.failed,
      \.throttled,
      \.lostResponses,
      \.reorders,
    ]
  }
}

/// Where a producer's calls go.
enum ProducerTarget: Sendable, Equatable {
  case queue(QueueID)
  case topic(TopicID)
}

/// One call of a producer: how many messages it carries, its attempts so
/// far and the outcome of the last one (one 4-byte record, so a call
/// touches one line of it).
struct CallStatus: Sendable {
  var count: Int8 = 0
  var attempts: UInt8 = 0
  /// The attempt failed as a whole (a server error).
  var failed = false
  /// The service accepted the attempt but its response is lost.
  var lostResponse = false
}

/// A key's order: its next creation sequence, and its acceptance order at
/// the service (one record per key, so a message touches one cache line
/// of them).
struct KeyOrder: Sendable {
  /// The next creation sequence.
  var nextCreated: UInt32 = 0
  /// The next acceptance sequence.
  var next: UInt32 = 0
  /// The highest creation sequence accepted so far, plus one.
  var highestAccepted: UInt32 = 0
}

/// The running state of one producer.
///
/// Calls in progress live in a small slab (`callMessages` holds
/// `batchStride` message references per call), so sending never allocates
/// per message.
struct ProducerState: Sendable {
  // Stored properties in the order of how often an event touches them (a
  // producer is a `LineArray` element, so its first bytes are whole cache
  // lines; with hundreds of producers each line an event reads is a miss).
  // A Poisson arrival sent directly reads two lines: the generator and the
  // clock's fast-path state (line 0; the clock's other 64 bytes fill line
  // 1), then the flags, limits and the counters every message moves
  // (line 2). A test holds this layout.
  var rng: SeededGenerator
  var clock: ArrivalClock
  let target: ProducerTarget
  /// Number of keys.
  let keyCount: Int32
  /// Global index of this producer's first key (keys are numbered across
  /// producers, so ordering is checked per producer and key).
  let keyBase: Int32
  /// Every message's size when `messageSize` is a constant (read, not
  /// drawn: a constant takes nothing from the stream); 0 when it is drawn.
  let constantSize: Int32
  /// Largest message the target accepts.
  let maxMessageSize: Int32
  /// One call in flight per key (`SendDiscipline.perKey`).
  let isPerKey: Bool
  /// Whether API calls take no time (skips sampling).
  let hasZeroLatency: Bool
  /// Whether sends go out as SendMessageBatch calls.
  let isBatching: Bool
  /// Whether each message goes out in a SendMessage call to a standard
  /// queue that takes no time and cannot fail, lose its response or be
  /// throttled: the service accepts it at once, so it needs no call
  /// record (`ProducerFleet.send`).
  let sendsDirectly: Bool
  /// Whether `messageDelay` is set (tested per message instead of the
  /// optional, which lies outside line 2).
  let hasMessageDelay: Bool
  let poisonRate: Double
  /// Cumulative counters (the ones every message moves first).
  var counters = ProducerCounters()
  /// `config`'s figures every call reads, kept here with the rest of the
  /// hot state.
  let messageSize: Distribution
  let apiLatency: Distribution
  let errorRate: Double
  let lostResponseRate: Double
  let messageDelay: Distribution?
  /// Each call's messages, attempts and outcome.
  var calls: [CallStatus] = []
  /// Ten message slots per call.
  var callMessages: [MessageRef] = []
  var freeCalls: [Int32] = []
  /// Picks each message's key.
  var keyPicker: KeyPicker
  /// Separate streams so that adding keys or attributes leaves the arrival
  /// times unchanged.
  var keyRng: SeededGenerator
  /// `perKey`: each call's messages' key indices, ten slots per call
  /// (only `perKey` reads them, to free the keys).
  var callKeys: [Int32] = []
  /// `perKey`: messages of each key in calls in flight.
  var keyInFlight: [Int32] = []
  /// `perKey`: messages of each key waiting for its call in flight, in
  /// creation order.
  var waitingByKey: [RingBuffer<MessageRef>] = []
  /// The open batch (batching producers only).
  var batch: [MessageRef] = []
  var batchBytes = 0
  var batchEpoch: UInt32 = 0
  /// Retries after an error or throttle: exponential backoff with full
  /// jitter from the retry policy (the AWS SDK standard mode).
  let backoff: FullJitterBackoff
  /// Message attributes for SNS filter policies (their own stream).
  var attributes: AttributeSource
  let config: ProducerConfig

  init(
    config: ProducerConfig, target: ProducerTarget, targetIsFIFO: Bool, keyBase: Int32, maxMessageSize: Int,
    root: SeededGenerator
  ) {
    self.config = config
    self.target = target
    self.keyBase = keyBase
    self.maxMessageSize = Int32(clamping: maxMessageSize)
    messageSize = config.messageSize
    constantSize = config.messageSize.constantCount.map { Int32(clamping: max(1, $0)) } ?? 0
    apiLatency = config.apiLatency
    poisonRate = config.poisonRate
    errorRate = config.errorRate
    lostResponseRate = config.lostResponseRate
    messageDelay = config.messageDelay
    hasMessageDelay = config.messageDelay != nil
    let keyCount = config.keys?.names.count ?? 1
    self.keyCount = Int32(keyCount)
    isPerKey =
      (config.sendDiscipline ?? .default(keyed: config.keys != nil, targetIsFIFO: targetIsFIFO)) == .perKey
    if isPerKey {
      keyInFlight = Array(repeating: 0, count: keyCount)
      waitingByKey = Array(repeating: RingBuffer(filler: .none), count: keyCount)
    }
    keyPicker = KeyPicker(count: keyCount, choice: config.keys?.choice ?? .uniform)
    rng = root.stream(named: "producer/\(config.name)")
    keyRng = root.stream(named: "producer/\(config.name)/keys")
    attributes = AttributeSource(
      attributes: config.attributes, bodyTemplate: config.bodyTemplate,
      rng: root.stream(named: "producer/\(config.name)/attributes"))
    clock = ArrivalClock(config.arrivals)
    hasZeroLatency = config.apiLatency.isAlwaysZero
    backoff = FullJitterBackoff(base: config.retry.baseDelay, cap: config.retry.maxBackoff, maxExponent: 40)
    isBatching = (config.batch?.size ?? 1) > 1
    if case .queue = target {
      sendsDirectly =
        !isBatching && !isPerKey && hasZeroLatency && !targetIsFIFO && config.errorRate <= 0
        && config.lostResponseRate <= 0
    } else {
      sendsDirectly = false
    }
    batch.reserveCapacity(batchStride)
  }

  /// The next arrival time of this producer's process.
  mutating func nextArrival() -> SimTime? { clock.next(using: &rng) }

  /// Draws the next message's key index.
  mutating func pickKey() -> Int { keyPicker.pick(using: &keyRng) }

  /// The message slots of call `call`.
  @inline(__always)
  func messages(ofCall call: Int) -> ArraySlice<MessageRef> {
    callMessages[call * batchStride..<call * batchStride + Int(calls[call].count)]
  }

  /// Takes a free call record.
  mutating func allocateCall() -> Int {
    if let call = freeCalls.popLast() { return Int(call) }
    callMessages.append(contentsOf: repeatElement(MessageRef.none, count: batchStride))
    if isPerKey { callKeys.append(contentsOf: repeatElement(0, count: batchStride)) }
    calls.append(CallStatus())
    return calls.count - 1
  }
}
