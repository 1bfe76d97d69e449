/// The metric names `summary.csv` can report, per kind of resource.
///
/// Scenario validation checks `expect` entries against this list, so a
/// misspelt or non-existent metric is an input error before the run, not a
/// failed expectation after it. The lists are every name the summary code
/// can write (each model's `appendSummary`, typed by its metric enum:
/// `SQSMetric`, `SNSMetric`, …), including the conditional ones:
///
/// - `QueueTime.mean|p50|p90|p99|max` and `EndToEndLatency.…` only when the
///   queue recorded such a sample after warm-up (`.count` always);
///   `DeliveryLatency.…` likewise for endpoints;
/// - `PublishSize` only when the topic accepted a message, the
///   `NumberOfNotificationsFilteredOut-REASON` variants and
///   `NumberOfNotificationsFailedToRedriveToDlq` once they counted
///   something;
/// - FIFO-only rows (`fifo: true`) for FIFO queues and topics;
/// - a Firehose stream's `DeliveryToS3.Success` only when it made a
///   delivery attempt, and its `EndToEndLatency.…` (`.count` always) only
///   when it delivered a record after warm-up.
///
/// The order is the order of the summary rows; where one name is a prefix of
/// several, the first is the one meant most often (the visible-messages
/// gauge before the in-flight and delayed ones). Tests check that every row
/// of every golden summary and of runs exercising the conditional rows is
/// listed here.
public enum MetricCatalogue {
  /// A kind of resource that has rows in `summary.csv`: the part of the
  /// resource name before the slash (`queue/orders`).
  public enum ResourceKind: String, CaseIterable, Sendable {
    case queue
    case topic
    case endpoint
    case producer
    case consumer
    case stream
    case firehose
  }

  /// What else a resource's summary rows depend on, beyond its kind.
  public struct Variant: Sendable, Equatable {
    /// A FIFO queue or topic (FIFO queues and topics add rows).
    public var fifo = false
    /// A producer writing to a stream, or a consumer reading one.
    public var stream = false
    /// A stream's shard (`stream/NAME/shardId-…`), not the stream.
    public var shard = false
    /// A producer writing to a Firehose stream.
    public var firehose = false

    public init(fifo: Bool = false, stream: Bool = false, shard: Bool = false, firehose: Bool = false) {
      (self.fifo, self.stream, self.shard, self.firehose) = (fifo, stream, shard, firehose)
    }
  }

  /// The summary metrics of a resource of `kind` and `variant`, in summary
  /// order.
  public static func summaryMetrics(for kind: ResourceKind, _ variant: Variant) -> [String] {
    switch kind {
    case .producer where variant.firehose: return firehoseProducerMetrics.map(\.rawValue)
    case .producer where variant.stream: return streamProducerMetrics.map(\.rawValue)
    case .consumer where variant.stream: return streamConsumerMetrics.map(\.rawValue)
    case .stream: return (variant.shard ? shardMetrics : streamMetrics).map(\.rawValue)
    default: return summaryMetrics(for: kind, fifo: variant.fifo)
    }
  }

  /// The summary metrics of a resource of `kind`, in summary order.
  ///
  /// - Parameter fifo: Whether the queue or topic is FIFO (FIFO queues and
  ///   topics add rows); ignored for the other kinds.
  public static func summaryMetrics(for kind: ResourceKind, fifo: Bool = false) -> [String] {
    switch kind {
    case .queue: return (fifo ? queueMetrics + fifoQueueMetrics : queueMetrics).map(\.rawValue)
    case .topic: return (fifo ? topicMetrics + fifoTopicMetrics : topicMetrics).map(\.rawValue)
    case .endpoint: return endpointMetrics.map(\.rawValue)
    case .producer: return producerMetrics.map(\.rawValue)
    case .consumer: return consumerMetrics.map(\.rawValue)
    case .stream: return streamMetrics.map(\.rawValue)
    case .firehose: return firehoseMetrics.map(\.rawValue)
    }
  }

  /// The metrics only a FIFO queue or topic reports (empty for the other
  /// kinds): what to tell a user who expects one of a standard queue.
  public static func fifoOnlyMetrics(for kind: ResourceKind) -> [String] {
    switch kind {
    case .queue: return fifoQueueMetrics.map(\.rawValue)
    case .topic: return fifoTopicMetrics.map(\.rawValue)
    case .endpoint, .producer, .consumer, .stream, .firehose: return []
    }
  }

  /// The whole-run checks that must be 0 in every summary, per kind:
  /// conservation of messages and notifications, the count identity and
  /// filter accounting (what CI checks in every shipped scenario's report).
  public static func conservationMetrics(for kind: ResourceKind) -> [String] {
    switch kind {
    case .queue: return [SQSMetric.messagesLost, .countIdentityError].map(\.rawValue)
    case .topic: return [SNSMetric.messagesLost, .filterAccountingErrors].map(\.rawValue)
    case .producer: return [ProducerMetric.recordsUnaccounted.rawValue]
    case .consumer: return [StreamConsumerMetric.recordsUnaccounted.rawValue]
    case .firehose: return [FirehoseMetric.recordsUnaccounted.rawValue]
    case .endpoint, .stream: return []
    }
  }

  /// Names from AWS that are not metric names, with the summary metric
  /// meant: `ApproximateNumberOfMessages` is the `GetQueueAttributes`
  /// attribute whose CloudWatch metric is
  /// `ApproximateNumberOfMessagesVisible`.
  public static func knownAlias(_ name: String, for kind: ResourceKind) -> String? {
    switch kind {
    case .queue: return queueAliases[name]?.rawValue
    case .topic, .endpoint, .producer, .consumer, .stream, .firehose: return nil
    }
  }

  static let queueMetrics: [SQSMetric] = [
    .numberOfMessagesSent, .numberOfMessagesReceived, .numberOfMessagesDeleted, .messagesDeleted,
    .numberOfEmptyReceives,
  ] + SQSMetric.queueTime + SQSMetric.endToEndLatency + [
    .duplicateDeliveries, .orderingViolations, .messagesExpired, .messagesMovedToDLQ, .messagesMovedIn,
    .overLimitErrors, .changeMessageVisibilityRejected,
    .approximateNumberOfMessagesVisible, .approximateNumberOfMessagesNotVisible,
    .approximateNumberOfMessagesDelayed, .approximateNumberOfMessagesVisibleMax,
    .approximateNumberOfMessagesVisibleMean, .approximateAgeOfOldestMessageMax, .messagesLost, .countIdentityError,
  ]

  static let fifoQueueMetrics: [SQSMetric] = [
    .numberOfDeduplicatedSentMessages, .throttledRequests, .deleteMessageErrors, .messagesPerSecondSent,
  ]

  static let queueAliases: [String: SQSMetric] = [
    "ApproximateNumberOfMessages": .approximateNumberOfMessagesVisible,
    "ApproximateNumberOfMessages.max": .approximateNumberOfMessagesVisibleMax,
    "ApproximateNumberOfMessages.mean": .approximateNumberOfMessagesVisibleMean,
  ]

  static let topicMetrics: [SNSMetric] = [
    .numberOfMessagesPublished, .publishSize, .numberOfNotificationsDelivered, .numberOfNotificationsFailed,
    .numberOfNotificationsFilteredOut,
    .filteredOutMessageAttributes, .filteredOutMessageBody, .filteredOutNoMessageAttributes,
    .filteredOutInvalidAttributes, .filteredOutInvalidMessageBody,
    .numberOfNotificationsRedrivenToDlq, .numberOfNotificationsFailedToRedriveToDlq, .notificationsDiscarded,
    .throttledRequests, .messagesMatchingNoSubscription,
    .throttledMessages, .notificationsMatched, .notificationsInRetry, .messagesLost, .filterAccountingErrors,
  ]

  static let fifoTopicMetrics: [SNSMetric] = [.messagesDeduplicated]

  static let endpointMetrics: [SNSEndpointMetric] = [
    .notificationsDelivered, .deliveryAttempts, .failedAttempts, .notificationsRedrivenToDlq,
    .notificationsDiscarded, .notificationsInRetry,
  ] + SNSEndpointMetric.deliveryLatency

  static let producerMetrics: [ProducerMetric] = [
    .messagesCreated, .numberOfMessagesSent, .sendMessageCalls, .sendMessageBatchCalls, .sendErrors, .retries,
    .messagesRejected, .messagesFailed, .throttledRequests, .lostResponses, .producerReorders,
  ]

  static let consumerMetrics: [ConsumerMetric] = [
    .messagesProcessed, .processingFailures, .utilization, .receiveMessageCalls, .emptyReceives,
    .deleteMessageCalls, .deleteMessageBatchCalls, .changeMessageVisibilityCalls,
    .changeMessageVisibilityBatchCalls, .apiCalls, .apiCallsPerMessage, .receiveCallsPerMessage,
    .duplicateDeliveries, .orderingViolations, .overLimitErrors, .crashes, .throttledRequests,
  ]

  static let streamProducerMetrics: [ProducerMetric] = [
    .messagesCreated, .recordsPut, .kinesisRecordsPut, .putRecordCalls, .putRecordsCalls, .sendErrors, .retries, .messagesRejected,
    .recordsThrottled, .recordsDropped, .producerReorders, .recordsUnaccounted,
  ]

  static let streamConsumerMetrics: [StreamConsumerMetric] = [
    .recordsProcessed, .duplicateRecords, .recordsReplayed, .checkpointResets, .orderingViolations, .recordsLostToRetention, .getRecordsCalls,
    .emptyGetRecords, .readProvisionedThroughputExceeded,
  ] + StreamConsumerMetric.endToEndLatency + [
    .millisBehindLatestMax, .subscribeToShardEventMillisBehindLatestMax, .invocations, .errors, .recordsSentToOnFailure, .recordsDiscarded, .crashes, .leasesStolen, .leasesFailedOver, .workers, .workersWithLeases, .idleWorkers,
    .leasesPerWorkerMax, .utilization,
    .recordsPending, .recordsUnaccounted,
  ]

  static let streamMetrics: [StreamMetric] = [
    .openShards, .incomingRecords, .incomingUserRecords, .incomingBytes, .putRecordsTotalRecords, .putRecordsSuccessfulRecords,
    .putRecordsRecords, .putRecordsThrottledRecords, .putRecordsFailedRecords, .writeProvisionedThroughputExceeded,
    .readProvisionedThroughputExceeded, .getRecordsRecords, .getRecordsBytes, .getRecordsIteratorAgeMilliseconds,
    .recordsRetained, .recordsTrimmed,
  ]

  static let shardMetrics: [StreamMetric] = [
    .incomingRecords, .incomingUserRecords, .incomingBytes, .incomingRecordsMaxPerSecond, .incomingBytesMaxPerSecond,
    .writeProvisionedThroughputExceeded, .readProvisionedThroughputExceeded, .outgoingRecords, .outgoingBytes,
    .iteratorAgeMilliseconds,
  ]

  static let firehoseProducerMetrics: [ProducerMetric] = [
    .messagesCreated, .recordsPut, .putRecordCalls, .putRecordBatchCalls, .sendErrors, .retries, .messagesRejected,
    .recordsThrottled, .recordsDropped, .recordsUnaccounted,
  ]

  static let firehoseMetrics: [FirehoseMetric] = [
    .incomingRecords, .incomingBytes, .incomingPutRequests, .throttledRecords, .bufferFlushesSize,
    .bufferFlushesInterval, .deliveryAttempts, .deliveryToS3Records, .deliveryToS3Bytes, .deliveryToS3Success,
    .deliveryToS3DataFreshness, .recordsProcessingFailed, .recordsToBackup,
  ] + FirehoseMetric.endToEndLatency + [.recordsBuffered, .recordsInDelivery, .recordsUnaccounted]
}
