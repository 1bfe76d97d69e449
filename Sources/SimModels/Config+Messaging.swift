import SimCore

/// How a producer picks the key (MessageGroupId / partition key) of each
/// message.
public enum KeyChoice: Sendable, Equatable {
  /// Every key equally likely.
  case uniform
  /// Zipf: key *k* (1-based) has weight 1/k^exponent.
  case zipf(exponent: Double)
  /// `share` of the messages go to the first `keys` keys (evenly), the
  /// rest evenly to the others.
  case hot(share: Double, keys: Int)
}

/// A producer's keys: `names[i]` is key *i*.
public struct KeyConfig: Sendable, Equatable {
  /// The key strings (`prefix` + index, or an explicit list).
  public var names: [String]
  /// How keys are picked.
  public var choice: KeyChoice

  /// Creates a key configuration.
  public init(names: [String], choice: KeyChoice = .uniform) {
    self.names = names
    self.choice = choice
  }
}

/// The SNS/SQS data type of a message attribute.
public enum AttributeDataType: String, Sendable, Equatable {
  case string = "String"
  case number = "Number"
  case stringArray = "String.Array"
}

/// How a producer draws one message attribute.
public enum AttributeGenerator: Sendable, Equatable {
  /// Always this value (strings; numbers as their text).
  case constant(String)
  /// One of the values with the given weights (normalised).
  case oneOf(values: [String], weights: [Double])
  /// A number uniform on `low ... high`.
  case uniform(low: Double, high: Double)
  /// A String.Array of one to `maxCount` distinct values drawn from `values`.
  case subsetOf(values: [String], maxCount: Int)
}

/// One message attribute a producer attaches.
public struct AttributeConfig: Sendable, Equatable {
  /// Attribute name.
  public var name: String
  /// Its data type.
  public var dataType: AttributeDataType
  /// How values are drawn.
  public var generator: AttributeGenerator

  /// Creates an attribute configuration.
  public init(name: String, dataType: AttributeDataType, generator: AttributeGenerator) {
    self.name = name
    self.dataType = dataType
    self.generator = generator
  }
}

/// FIFO queue deduplication scope (`DeduplicationScope`).
public enum DeduplicationScope: String, Sendable, Equatable {
  case queue
  case messageGroup
}

/// FIFO queue throughput limit (`FifoThroughputLimit`).
public enum FifoThroughputLimit: String, Sendable, Equatable {
  case perQueue
  case perMessageGroupId
}

/// FIFO-only queue attributes.
public struct FIFOQueueSettings: Sendable, Equatable {
  /// `ContentBasedDeduplication`.
  public var contentBasedDeduplication = false
  /// `DeduplicationScope`.
  public var deduplicationScope = DeduplicationScope.queue
  /// `FifoThroughputLimit`.
  public var throughputLimit = FifoThroughputLimit.perQueue
  /// The deduplication interval (5 minutes).
  public var deduplicationInterval = SQSLimits.fifoDeduplicationInterval
  /// API calls per second per action without high throughput (300).
  public var transactionsPerSecond = SQSLimits.fifoTransactionsPerSecond
  /// High-throughput mode's per-queue, per-action cap; `nil` means the
  /// figure of the world's Region (70,000 in us-east-1, us-west-2,
  /// eu-west-1), which the model looks up (`highThroughputCap(in:)`).
  public var highThroughputTransactionsPerSecond: Double?

  /// The high-throughput cap in `region`: the queue's own figure, or the
  /// Region's default.
  public func highThroughputCap(in region: String) -> Double {
    highThroughputTransactionsPerSecond ?? RegionQuotas.fifoQueueHighThroughputTPS(region)
  }
  /// Per partition and per message group in high-throughput mode (300).
  public var partitionTransactionsPerSecond = SQSLimits.partitionTransactionsPerSecond

  /// Whether high-throughput mode is on: exactly when deduplication is per
  /// message group and the throughput limit is per message group ID.
  public var isHighThroughput: Bool {
    deduplicationScope == .messageGroup && throughputLimit == .perMessageGroupId
  }

  /// Creates the defaults.
  public init() {}
}

/// SNS FIFO topic throughput scope (`FifoThroughputScope`).
public enum FifoThroughputScope: String, Sendable, Equatable {
  case topic = "Topic"
  case messageGroup = "MessageGroup"
}

/// Where an SNS subscription delivers.
public enum SubscriptionTarget: Sendable, Equatable {
  /// An SQS queue of the scenario.
  case queue(String)
  /// A Lambda function (AWS-managed retry policy).
  case lambda(EndpointConfig)
  /// An HTTP/S endpoint (its delivery policy).
  case http(EndpointConfig)
  /// A Firehose stream of the scenario with a Direct PUT source
  /// (docs/model.md §4.9): each notification is one PutRecord against the
  /// stream's Direct PUT quota.
  case firehose(String)
}

/// A push endpoint modelled as a consumer: each delivery attempt takes
/// `latency` and fails with `failureRate`.
public struct EndpointConfig: Sendable, Equatable {
  /// Endpoint name (its resource is `endpoint/NAME`).
  public var name: String
  /// Time of one delivery attempt, in nanoseconds.
  public var latency: Distribution = .constant(50e6)
  /// Probability that one attempt fails with a retryable server error.
  public var failureRate: Double = 0

  /// Creates an endpoint.
  public init(name: String) { self.name = name }
}

/// SNS HTTP/S delivery policy (defaults: 3 retries, 20 s apart, linear).
public struct DeliveryPolicy: Sendable, Equatable {
  public var numRetries = 3
  public var numNoDelayRetries = 0
  public var numMinDelayRetries = 0
  public var numMaxDelayRetries = 0
  public var minDelayTarget = SimDuration.seconds(20)
  public var maxDelayTarget = SimDuration.seconds(20)
  /// `linear`, `exponential`, `arithmetic` or `geometric` (the curves of docs/model.md §4.7).
  public var backoffFunction = "linear"

  /// The HTTP/S default policy.
  public init() {}
}

/// One SNS subscription.
public struct SubscriptionConfig: Sendable, Equatable {
  /// Where it delivers.
  public var target: SubscriptionTarget
  /// The filter policy as written (validated), if any.
  public var filterPolicy: JSONValue?
  /// `FilterPolicyScope`: `MessageAttributes` (default) or `MessageBody`.
  public var filterPolicyScope = "MessageAttributes"
  /// `RawMessageDelivery` (SQS, Firehose and HTTP/S): when off, the SNS JSON
  /// envelope wraps the message and its size counts (docs/model.md §4.5).
  public var rawMessageDelivery = false
  /// Envelope bytes added when `rawMessageDelivery` is off (docs/model.md §4.5: ≈ 1,000).
  public var envelopeOverhead = 1_000
  /// Subscription dead-letter queue (an SQS queue), if any.
  public var deadLetterQueue: String?
  /// HTTP/S delivery policy (ignored for other protocols).
  public var deliveryPolicy = DeliveryPolicy()

  /// Creates a subscription.
  public init(target: SubscriptionTarget) { self.target = target }
}

/// An SNS topic.
public struct TopicConfig: Sendable, Equatable {
  /// Topic name (FIFO names end in `.fifo`).
  public var name: String
  /// Whether this is a FIFO topic.
  public var isFIFO = false
  /// `ContentBasedDeduplication` (FIFO topics).
  public var contentBasedDeduplication = false
  /// `FifoThroughputScope` (FIFO topics).
  public var fifoThroughputScope = FifoThroughputScope.topic
  /// Subscriptions in scenario order.
  public var subscriptions: [SubscriptionConfig] = []
  /// Publish quota in messages per second; `nil` means the default of the
  /// world's Region, which the model looks up (`publishQuota(in:)`): the
  /// account quota for standard topics (30,000 in us-east-1); for FIFO
  /// topics 3,000 per topic in Topic scope, the account quota in
  /// MessageGroup scope.
  public var publishQuota: Double?

  /// The publish quota in `region`: the topic's own figure, or the
  /// Region's default.
  public func publishQuota(in region: String) -> Double {
    publishQuota ?? RegionQuotas.topicPublishQuota(region: region, isFIFO: isFIFO, scope: fifoThroughputScope)
  }

  /// The topic's message quota per second in `region`: the publish quota,
  /// capped at 3,000 for FIFO topics in `Topic` scope.
  public func messageRate(in region: String) -> Double {
    let quota = publishQuota(in: region)
    return isFIFO && fifoThroughputScope == .topic ? min(quota, SNSLimits.fifoTopicScopeMessagesPerSecond) : quota
  }
  /// FIFO topics: messages per second per message group (300).
  public var groupQuota = SNSLimits.messageGroupMessagesPerSecond
  /// FIFO topics in Topic scope: bytes per second per topic (20 MB).
  public var bytesPerSecondQuota = SNSLimits.fifoTopicScopeBytesPerSecond
  /// Maximum message size (256 KiB for SNS).
  public var maxMessageSize = SNSLimits.maxMessageSize

  /// Creates a topic.
  public init(name: String) { self.name = name }
}
