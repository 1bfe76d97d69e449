import SimCore

/// Cumulative counters of one SNS topic since the start of the run.
///
/// Period and post-warm-up figures are differences of snapshots, as for
/// queues. The names in the comments are the `metrics.csv` / `summary.csv`
/// metric names.
public struct TopicCounters: CounterSet, Equatable {
  /// `NumberOfMessagesPublished`: messages accepted by Publish /
  /// PublishBatch, FIFO duplicates included (AWS accepts them).
  public var published = 0
  /// Bytes of those (`PublishSize` is the average).
  public var publishedBytes = 0
  /// `ThrottledRequests`: Publish / PublishBatch calls refused over a
  /// quota (each retry of a call counts again).
  public var throttled = 0
  /// `ThrottledMessages`: the messages of those requests.
  public var throttledMessages = 0
  /// `MessagesDeduplicated`: FIFO publishes accepted as duplicates of a
  /// message seen within the 5-minute window, and not delivered.
  public var deduplicated = 0
  /// `NotificationsMatched`: (message, subscription) pairs whose filter
  /// accepted the message — the notifications SNS owes.
  public var matched = 0
  /// `NumberOfNotificationsFilteredOut`: pairs whose filter rejected it.
  public var filteredOut = 0
  /// The filtered-out pairs by `FilterOutReason` (in `allCases` order).
  public var filteredOutByReason = [0, 0, 0, 0, 0]
  /// `MessagesMatchingNoSubscription`: accepted, non-duplicate messages no
  /// subscription took (no subscriptions, or every filter said no).
  public var unmatchedMessages = 0
  /// `NumberOfNotificationsDelivered`: deliveries accepted by an endpoint
  /// (a queue, or a successful push attempt).
  public var delivered = 0
  /// `NumberOfNotificationsFailed`: SQS and Lambda +1 when SNS gives up on
  /// a notification; HTTP/S +1 per failed attempt (retries included).
  public var failed = 0
  /// `NumberOfNotificationsRedrivenToDlq`.
  public var redrivenToDeadLetter = 0
  /// `NumberOfNotificationsFailedToRedriveToDlq` (the dead-letter queue
  /// refused the message as too large; it is then discarded).
  public var failedToRedrive = 0
  /// `NotificationsDiscarded`: given up without a dead-letter queue (or
  /// after a failed redrive).
  public var discarded = 0
  /// `DeliveryAttempts`: push (Lambda, HTTP/S) attempts made.
  public var attempts = 0

  public init() {}

  public static var fields: [WritableKeyPath<TopicCounters, Int>] {
    [
      \.published,
      \.publishedBytes,
      \.throttled,
      \.throttledMessages,
      \.deduplicated,
      \.matched,
      \.filteredOut,
      \.unmatchedMessages,
      \.delivered,
      \.failed,
      \.redrivenToDeadLetter,
      \.failedToRedrive,
      \.discarded,
      \.attempts,
    ]
  }
  public static var arrayFields: [WritableKeyPath<TopicCounters, [Int]>] { [\.filteredOutByReason] }
}

/// Cumulative counters of one subscription (and of its endpoint, for push
/// subscriptions: the `endpoint/NAME` rows).
public struct SubscriptionCounters: CounterSet, Equatable {
  /// Messages its filter accepted.
  public var matched = 0
  /// Messages its filter rejected.
  public var filteredOut = 0
  /// `NotificationsDelivered`.
  public var delivered = 0
  /// `DeliveryAttempts` (push endpoints).
  public var attempts = 0
  /// `FailedAttempts` (push endpoints).
  public var failedAttempts = 0
  /// Client-side errors (SQS: message too large for the queue).
  public var clientErrors = 0
  /// `NotificationsRedrivenToDlq`.
  public var redrivenToDeadLetter = 0
  /// `NotificationsDiscarded` (failed redrives included).
  public var discarded = 0

  public init() {}

  public static let isPlainIntegers = true

  public static var fields: [WritableKeyPath<SubscriptionCounters, Int>] {
    [
      \.matched,
      \.filteredOut,
      \.delivered,
      \.attempts,
      \.failedAttempts,
      \.clientErrors,
      \.redrivenToDeadLetter,
      \.discarded,
    ]
  }
}

/// One subscription of a running topic.
struct SubscriptionState: Sendable {
  /// Where a subscription delivers, resolved to indices.
  enum Kind: Sendable, Equatable {
    /// An SQS queue.
    case queue(QueueID)
    /// A push endpoint (Lambda or HTTP/S) retried by `schedule`.
    case push(DeliverySchedule)
    /// A Direct PUT Firehose stream, by index (docs/model.md §4.10).
    case firehose(Int)
  }

  let config: SubscriptionConfig
  let kind: Kind
  /// The compiled filter policy; `nil` when there is none or it is `{}`.
  let policy: FilterPolicy?
  /// The subscription dead-letter queue's index, if any.
  let deadLetterQueue: QueueID?
  /// The push endpoint (Lambda, HTTP/S), if any.
  let endpoint: EndpointConfig?
  /// `endpoint/NAME` for push subscriptions.
  let endpointResource: String?
  /// Bytes added to a message delivered to a queue or a Firehose stream: the SNS envelope
  /// unless raw delivery is on (docs/model.md §4.5).
  let addedBytes: Int
  /// Draws of the endpoint: attempt latencies and outcomes.
  var endpointRng: SeededGenerator
  var counters = SubscriptionCounters()
  /// Publish → successful delivery, this period and after warm-up.
  var latencyPeriod = StreamingHistogram()
  var latencySummary = StreamingHistogram()
  /// Deliveries of this subscription still being attempted or waiting to
  /// be retried.
  var pending = 0
}

/// A push delivery in progress: one slot of a topic's delivery slab.
///
/// The message itself is not kept in the message store (it is in no
/// queue); what a dead-letter queue would need is copied here.
struct PendingDelivery: Sendable {
  /// The subscription (−1: a free slot).
  var subscription: Int32 = -1
  /// Attempts whose response has arrived (an attempt counts when its
  /// response does: one event per attempt).
  var attempts: Int32 = 0
  /// The published message's size (bytes).
  var size: Int32 = 0
  var orderKey: Int32 = 0
  var orderSequence: UInt32 = 0
  var acceptedSequence: UInt32 = 0
  var isPoison = false
  /// When the producer created the message.
  var createdAt: Int64 = 0
  /// When the topic accepted it; the first attempt starts then, and the
  /// HTTP/S 3,600 s cap and the delivery latency count from here.
  var publishedAt: Int64 = 0
}

/// The running state of one SNS topic: its subscriptions with compiled
/// filter policies, publish quotas, FIFO deduplication memory, the slab of
/// push deliveries in progress, and counters.
struct TopicState: Sendable {
  let config: TopicConfig
  /// Jitter of retry delays (a topic-level behaviour of SNS).
  var rng: SeededGenerator
  var subscriptions: [SubscriptionState]
  /// Whether some subscription has a filter policy, so messages need
  /// attributes drawn.
  let needsAttributes: Bool

  // Publish quotas (token buckets with one second of burst).
  /// Messages per second per topic.
  var messageBucket: TokenBucket
  /// FIFO topics in Topic scope: bytes per second per topic.
  var byteBucket: TokenBucket?
  /// FIFO topics: messages per second per message group, by `orderKey`
  /// (created on the group's first publish).
  var groupBuckets: [Int32: TokenBucket] = [:]
  /// When the last publish was throttled (for the `PublishThrottled` event).
  var lastThrottleAt: Int64 = Int64.min

  /// FIFO deduplication: identities accepted in the last 5 minutes.
  var deduplication = DeduplicationWindow(interval: SNSLimits.fifoDeduplicationInterval)

  // Push deliveries in progress: index-based slab with a free list.
  var deliveries: [PendingDelivery] = []
  var freeDeliveries: [Int32] = []
  /// Live slab entries (deliveries still being attempted or retried).
  var pendingDeliveries = 0

  var counters = TopicCounters()
  /// Set when warm-up ends: latency samples also go to the summary.
  var isWarm = false

  /// Jitter of retry delays: ±10 % (docs/model.md §4.7).
  static let retryJitter = 0.1

  init(
    config: TopicConfig, region: String, queueIndex: [String: Int], firehoseIndex: [String: Int] = [:],
    rng: SeededGenerator
  ) {
    self.config = config
    messageRate = config.messageRate(in: region)
    self.rng = rng
    var subscriptions: [SubscriptionState] = []
    for (i, sub) in config.subscriptions.enumerated() {
      let kind: SubscriptionState.Kind
      var endpoint: EndpointConfig?
      switch sub.target {
      case .queue(let name):
        guard let q = queueIndex[name] else {
          preconditionFailure("topic '\(config.name)': unknown queue '\(name)': validation must catch this")
        }
        kind = .queue(QueueID(q))
      case .lambda(let e):
        kind = .push(.awsManaged)
        endpoint = e
      case .http(let e):
        kind = .push(.http(sub.deliveryPolicy))
        endpoint = e
      case .firehose(let name):
        guard let f = firehoseIndex[name] else {
          preconditionFailure("topic '\(config.name)': unknown Firehose stream '\(name)': validation must catch this")
        }
        kind = .firehose(f)
      }
      var policy: FilterPolicy?
      if let json = sub.filterPolicy {
        let scope = FilterPolicyScope(rawValue: sub.filterPolicyScope) ?? .messageAttributes
        do {
          let compiled = try FilterPolicy(json: json, scope: scope)
          if !compiled.matchesEverything { policy = compiled }
        } catch {
          preconditionFailure(
            "topic '\(config.name)' subscription \(i): invalid filter policy (\(error)): validation must catch this")
        }
      }
      var deadLetterQueue: QueueID?
      if let name = sub.deadLetterQueue {
        guard let q = queueIndex[name] else {
          preconditionFailure("topic '\(config.name)': unknown dead-letter queue '\(name)': validation must catch this")
        }
        deadLetterQueue = QueueID(q)
      }
      // The endpoint's own stream, derived from the topic's seed and the
      // endpoint's name (or the subscription's position for queues, which
      // draw nothing today).
      let label = endpoint.map { "endpoint/\($0.name)" } ?? "subscription/\(i)"
      subscriptions.append(
        SubscriptionState(
          config: sub, kind: kind, policy: policy, deadLetterQueue: deadLetterQueue, endpoint: endpoint,
          endpointResource: endpoint.map { "endpoint/\($0.name)" },
          addedBytes: sub.rawMessageDelivery ? 0 : max(0, sub.envelopeOverhead),
          endpointRng: rng.stream(named: label)))
    }
    self.subscriptions = subscriptions
    needsAttributes = subscriptions.contains { $0.policy != nil }
    messageBucket = Self.bucket(messageRate)
    if config.isFIFO && config.fifoThroughputScope == .topic {
      byteBucket = Self.bucket(config.bytesPerSecondQuota)
    }
  }

  /// A quota of `rate` per second with one second's worth of burst.
  static func bucket(_ rate: Double) -> TokenBucket {
    TokenBucket(ratePerSecond: max(rate, 0), burst: max(rate, 1))
  }

  /// This topic's message quota per second, in the world's Region.
  let messageRate: Double

  /// Takes a free delivery slot.
  mutating func allocateDelivery() -> Int {
    pendingDeliveries += 1
    if let slot = freeDeliveries.popLast() { return Int(slot) }
    deliveries.append(PendingDelivery())
    return deliveries.count - 1
  }

  /// Frees a delivery slot.
  mutating func releaseDelivery(_ d: Int) {
    deliveries[d].subscription = -1
    freeDeliveries.append(Int32(d))
    pendingDeliveries -= 1
  }
}
