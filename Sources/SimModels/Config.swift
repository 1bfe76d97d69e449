import SimCore

/// Everything a run needs, already validated: the scenario decoded into
/// model terms. `ScenarioFormat` builds it; `World` runs it.
public struct WorldConfig: Sendable, Equatable {
  /// Report folder name.
  public var name: String
  /// Simulated time to run.
  public var duration: SimDuration
  /// Root seed; every entity derives its own stream from it and its name.
  public var seed: UInt64
  /// Length of one metrics period (CloudWatch's 60 s by default).
  public var metricsPeriod: SimDuration
  /// Time excluded from the summary at the start of the run.
  public var warmup: SimDuration
  /// Queues in scenario order.
  public var queues: [QueueConfig]
  /// Producers in scenario order.
  public var producers: [ProducerConfig]
  /// Consumers in scenario order.
  public var consumers: [ConsumerConfig]
  /// SNS topics in scenario order.
  public var topics: [TopicConfig] = []
  /// Kinesis data streams in scenario order.
  public var streams: [StreamConfig] = []
  /// Firehose streams in scenario order.
  public var firehoses: [FirehoseConfig] = []
  /// AWS Region whose quotas apply (default us-east-1).
  public var region = RegionQuotas.defaultRegion

  /// The producers sending to queues and topics (not streams or
  /// firehoses), in scenario order: `ProducerFleet`'s.
  public var queueProducers: [ProducerConfig] {
    producers.filter {
      switch $0.target {
      case .stream, .firehose: false
      case .queue, .topic: true
      }
    }
  }

  /// The consumers polling queues (not streams), in scenario order:
  /// `SQSConsumerFleet`'s, numbered by `ConsumerID`.
  public var queueConsumers: [ConsumerConfig] {
    consumers.filter { if case .stream = $0.source { false } else { true } }
  }

  /// Creates a configuration.
  public init(
    name: String, duration: SimDuration, seed: UInt64 = 1,
    metricsPeriod: SimDuration = .seconds(60), warmup: SimDuration = .zero,
    queues: [QueueConfig] = [], producers: [ProducerConfig] = [], consumers: [ConsumerConfig] = [],
    topics: [TopicConfig] = []
  ) {
    self.topics = topics
    self.name = name
    self.duration = duration
    self.seed = seed
    self.metricsPeriod = metricsPeriod
    self.warmup = warmup
    self.queues = queues
    self.producers = producers
    self.consumers = consumers
  }
}

/// An SQS queue's attributes, with AWS's defaults.
public struct QueueConfig: Sendable, Equatable {
  /// Queue name (FIFO names end in `.fifo`).
  public var name: String
  /// Whether this is a FIFO queue.
  public var isFIFO: Bool = false
  /// `VisibilityTimeout`: 0 s – 12 h, default 30 s.
  public var visibilityTimeout: SimDuration = SQSLimits.defaultVisibilityTimeout
  /// `MessageRetentionPeriod`: 60 s – 14 d, default 4 d.
  public var messageRetention: SimDuration = SQSLimits.defaultMessageRetention
  /// `DelaySeconds`: 0 – 900 s, default 0.
  public var delay: SimDuration = .zero
  /// `ReceiveMessageWaitTimeSeconds`: 0 – 20 s, default 0 (short polling).
  public var receiveWaitTime: SimDuration = .zero
  /// `MaximumMessageSize`: 1,024 – 1,048,576 B, default 1 MiB.
  public var maxMessageSize: Int = SQSLimits.maxMessageSize
  /// `RedrivePolicy`, if any.
  public var redrive: RedrivePolicy?
  /// Received-but-not-deleted messages allowed at once (≈120,000 for
  /// standard queues).
  public var inFlightLimit: Int = SQSLimits.defaultInFlightLimit
  /// Short-poll sampling model (docs/model.md §2.4): messages spread over `servers`
  /// virtual servers; a short poll samples each with `sampleProbability`.
  public var shortPollServers: Int = 10
  /// See `shortPollServers`.
  public var shortPollSampleProbability: Double = 0.5
  /// Probability that a receive leaves a second copy deliverable
  /// (at-least-once duplicates, docs/model.md §2.5); default 0.
  public var duplicateProbability: Double = 0
  /// FIFO-only attributes (used when `isFIFO`).
  public var fifo = FIFOQueueSettings()

  /// Creates a queue configuration with AWS's defaults.
  public init(name: String) { self.name = name }
}

/// A source queue's redrive policy.
public struct RedrivePolicy: Sendable, Equatable {
  /// Name of the dead-letter queue.
  public var deadLetterQueue: String
  /// Receives after which the next receive moves the message (1 – 1,000;
  /// default 10).
  public var maxReceiveCount: Int

  /// Creates a policy.
  public init(deadLetterQueue: String, maxReceiveCount: Int = SQSLimits.defaultMaxReceiveCount) {
    self.deadLetterQueue = deadLetterQueue
    self.maxReceiveCount = maxReceiveCount
  }
}

/// What a producer or consumer is attached to.
public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
  case queue(String)
  case topic(String)
  case stream(String)
  case firehose(String)

  public var description: String {
    switch self {
    case .queue(let n): return "queue:\(n)"
    case .topic(let n): return "topic:\(n)"
    case .stream(let n): return "stream:\(n)"
    case .firehose(let n): return "firehose:\(n)"
    }
  }
}

/// Client-side retry behaviour for API calls (the AWS SDK "standard" mode:
/// 3 attempts, exponential backoff with full jitter, base 100 ms, cap 20 s).
public struct RetryPolicy: Sendable, Equatable {
  /// Total attempts including the first (1 = no retries).
  public var maxAttempts: Int = 3
  /// Backoff before retry k (k = 1, 2, …) is uniform on
  /// `0 ... min(maxBackoff, baseDelay · 2^(k-1))`.
  public var baseDelay: SimDuration = .milliseconds(100)
  /// Upper bound of one backoff.
  public var maxBackoff: SimDuration = .seconds(20)

  /// Creates the SDK-standard policy.
  public init() {}

  /// The SDK-standard policy (also the consumers' throttle backoff).
  public static let standard = RetryPolicy()
}

/// The latency of an SQS or SNS API call when a scenario file names none:
/// lognormal with a median of 5 ms and a p99 of 20 ms (mean ≈ 6 ms).
///
/// An assumption (docs/model.md §5.1): AWS publishes no latency figure for
/// these APIs; in-Region calls commonly answer within about 10 ms. Configs
/// built in code (tests, benchmarks) start from instant calls instead, and
/// scenarios that validate against queueing theory set `apiLatency: "0s"`.
public let defaultAPILatency = Distribution.lognormal(median: 5e6, p99: 20e6)

/// A producer: an arrival process of messages sent to one target.
public struct ProducerConfig: Sendable, Equatable {
  /// Producer name.
  public var name: String
  /// Where messages go.
  public var target: Endpoint
  /// When messages are created.
  public var arrivals: ArrivalProcess
  /// Message size in bytes.
  public var messageSize: Distribution = .constant(1024)
  /// Batching: `SendMessageBatch` of up to `size` entries, flushed when full
  /// or `window` after the first entry.
  public var batch: BatchPolicy?
  /// Per-message timer (`DelaySeconds` on send) overriding the queue delay;
  /// `nil` uses the queue's delay.
  public var messageDelay: Distribution?
  /// Latency of each API call, in nanoseconds (instant here; scenario files
  /// default to `defaultAPILatency`).
  public var apiLatency: Distribution = .constant(0)
  /// Probability that one API call fails with a retryable server error.
  public var errorRate: Double = 0
  /// Fraction of messages that are poison: every attempt to process them
  /// fails, so they are received again and again until redrive moves them
  /// to a dead-letter queue (or they expire).
  public var poisonRate: Double = 0
  /// Probability that a call succeeds on the server but its response is
  /// lost, so the client retries a send that was already accepted (the
  /// source of duplicates that FIFO deduplication removes).
  public var lostResponseRate: Double = 0
  /// Retries on errors and throttling.
  public var retry = RetryPolicy()
  /// Message keys (MessageGroupId / partition key); `nil`: one key, the
  /// producer's name.
  public var keys: KeyConfig?
  /// Message attributes drawn for each message.
  public var attributes: [AttributeConfig] = []
  /// A JSON body template for payload-based filtering: strings of the form
  /// `"$name"` are replaced by attribute `name`'s value.
  public var bodyTemplate: JSONValue?
  /// Whether sends carry a MessageDeduplicationId (FIFO targets); when off
  /// the target must use content-based deduplication.
  public var sendsDeduplicationId = true
  /// How sends of one key may overlap; `nil`: `SendDiscipline.default`.
  public var sendDiscipline: SendDiscipline?
  /// A stream producer's KPL-style aggregation, if any (it then sends
  /// PutRecords collections; `batch` is not used).
  public var aggregation: AggregationPolicy?
  /// A stream producer's `ExplicitHashKey` per partition key: the shard is
  /// the one whose range holds it, not the key's MD5.
  public var explicitHashKeys: [String: UInt128] = [:]

  /// Creates a producer configuration.
  public init(name: String, target: Endpoint, arrivals: ArrivalProcess) {
    self.name = name
    self.target = target
    self.arrivals = arrivals
  }
}

/// Whether a producer's sends of one key may be in flight together.
///
/// AWS stores a FIFO queue's messages of a group in the order they arrive
/// (docs/model.md §5.5): a producer that needs them in creation order must
/// not send a message of a group while the previous one's call is
/// unanswered. A multi-threaded web tier does not wait, so its sends can
/// overtake each other (`ProducerReorders`).
public enum SendDiscipline: String, Sendable, Equatable, CaseIterable {
  /// One call in flight per key: a message waits for its key's previous
  /// call (retries included) to be answered. Batches still carry several
  /// keys, and several messages of one key in order.
  case perKey
  /// Calls overlap freely.
  case concurrent

  /// The default: `perKey` for a keyed producer sending to a FIFO queue or
  /// a FIFO topic (ordered data, as a careful producer or a truck sends
  /// it), `concurrent` otherwise.
  public static func `default`(keyed: Bool, targetIsFIFO: Bool) -> SendDiscipline {
    keyed && targetIsFIFO ? .perKey : .concurrent
  }
}

/// Client-side batching of sends.
public struct BatchPolicy: Sendable, Equatable {
  /// Entries per batch call, 1 – 10.
  public var size: Int
  /// Longest time the first entry waits for the batch to fill.
  public var window: SimDuration

  /// Creates a batching policy.
  public init(size: Int, window: SimDuration) {
    self.size = size
    self.window = window
  }
}

/// How a consumer deletes what it processed.
public enum DeleteMode: String, Sendable, Equatable {
  /// `DeleteMessage` after each message.
  case single
  /// One `DeleteMessageBatch` after the whole received batch.
  case batch
}

/// Visibility heartbeat: while a worker still holds messages it calls
/// `ChangeMessageVisibility(visibilityTimeout)` every `interval`.
public struct HeartbeatPolicy: Sendable, Equatable {
  /// Time between heartbeats, counted from the receive.
  public var interval: SimDuration
  /// The new visibility timeout each heartbeat asks for.
  public var visibilityTimeout: SimDuration

  /// Creates a heartbeat policy.
  public init(interval: SimDuration, visibilityTimeout: SimDuration) {
    self.interval = interval
    self.visibilityTimeout = visibilityTimeout
  }
}

/// A fleet of identical workers polling one queue.
public struct ConsumerConfig: Sendable, Equatable {
  /// Consumer name.
  public var name: String
  /// The queue polled.
  public var source: Endpoint
  /// Concurrent workers at the start of the run.
  public var count: Int = 1
  /// The most workers the fleet can have (at least `count`; `count` unless
  /// set). The fleet's worker storage is made for this many up front, so a
  /// resize during the run (`SQSConsumerFleet.resize`, for auto scaling)
  /// changes how many of them run within 0 ... `maxCount` without
  /// allocating; worker `w` draws from its own stream
  /// (`consumer/NAME/worker/w`), so spare capacity changes no draws of the
  /// workers that run (docs/model.md §6.5).
  public var maxCount: Int {
    get { maxCountSetting ?? count }
    set { maxCountSetting = newValue }
  }
  /// `maxCount` when set; `nil` follows `count`.
  var maxCountSetting: Int?
  /// `MaxNumberOfMessages`, 1 – 10.
  public var batchSize: Int = 1
  /// `WaitTimeSeconds` 0 – 20 s; `nil` uses the queue's `receiveWaitTime`.
  public var waitTime: SimDuration?
  /// `VisibilityTimeout` on ReceiveMessage; `nil` uses the queue's.
  public var visibilityTimeout: SimDuration?
  /// Processing time per message, in nanoseconds.
  public var processingTime: Distribution = .constant(0)
  /// Latency of each API call, in nanoseconds (instant here; scenario files
  /// default to `defaultAPILatency`).
  public var apiLatency: Distribution = .constant(0)
  /// Pause after a receive that returned nothing (0 by default).
  public var emptyReceiveDelay: SimDuration = .zero
  /// Single or batch deletes.
  public var deleteMode: DeleteMode = .single
  /// Probability that processing one message fails (not deleted; it
  /// reappears after its visibility timeout).
  public var failureRate: Double = 0
  /// Crashes per worker per hour (exponential time between crashes).
  public var crashRate: Double = 0
  /// Time from a crash until the worker polls again, in nanoseconds.
  public var restartDelay: Distribution = .constant(30e9)
  /// Visibility heartbeat, if any.
  public var heartbeat: HeartbeatPolicy?
  /// Planned outages: every worker stops at `start` (abandoning what it
  /// holds) and polls again after `duration`.
  public var outages: [Outage] = []
  /// How an application reading a stream polls it (used when `source` is
  /// a stream; `processingTime` is then per record).
  public var stream = StreamReadSettings()

  /// Creates a consumer configuration.
  public init(name: String, source: Endpoint) {
    self.name = name
    self.source = source
  }
}

/// A planned stop of a whole consumer fleet.
public struct Outage: Sendable, Equatable {
  /// When the workers stop.
  public var start: SimTime
  /// How long they stay down.
  public var duration: SimDuration

  /// Creates an outage.
  public init(start: SimTime, duration: SimDuration) {
    self.start = start
    self.duration = duration
  }
}
