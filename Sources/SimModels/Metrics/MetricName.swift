/// A metric's name, typed: one enum per namespace (a resource kind), whose
/// raw value is the name in `metrics.csv` / `summary.csv` — the CloudWatch
/// metric name where AWS has one (`NumberOfMessagesSent`), msgsim's own
/// otherwise (`MessagesLost`), with a statistic suffix for distributions
/// (`QueueTime.p99`). Models publish and alarms read metrics through these
/// cases, so a renamed metric is a compile error, not a silent `-`.
public protocol MetricName: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {}

extension MetricName {
  /// The case's position in declaration order (`allCases` order): the
  /// in-memory tag of a payload-free enum, which Swift's ABI numbers in
  /// declaration order. A test checks it against `allCases` for every
  /// namespace.
  @inline(__always)
  var ordinal: Int { withUnsafeBytes(of: self) { Int($0[0]) } }
}

/// Metrics of an SQS queue (`queue/NAME`), CloudWatch namespace `AWS/SQS`
/// plus msgsim's own figures (docs/model.md §7).
public enum SQSMetric: String, MetricName {
  case numberOfMessagesSent = "NumberOfMessagesSent"
  case sentMessageSize = "SentMessageSize"
  case numberOfMessagesReceived = "NumberOfMessagesReceived"
  case numberOfMessagesDeleted = "NumberOfMessagesDeleted"
  /// Messages deleted, each counted once (msgsim).
  case messagesDeleted = "MessagesDeleted"
  case numberOfEmptyReceives = "NumberOfEmptyReceives"
  case approximateNumberOfMessagesVisible = "ApproximateNumberOfMessagesVisible"
  case approximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible"
  case approximateNumberOfMessagesDelayed = "ApproximateNumberOfMessagesDelayed"
  case approximateAgeOfOldestMessage = "ApproximateAgeOfOldestMessage"
  case messagesExpired = "MessagesExpired"
  case messagesMovedToDLQ = "MessagesMovedToDLQ"
  case messagesMovedIn = "MessagesMovedIn"
  case duplicateDeliveries = "DuplicateDeliveries"
  case orderingViolations = "OrderingViolations"
  case overLimitErrors = "OverLimitErrors"
  case changeMessageVisibilityRejected = "ChangeMessageVisibilityRejected"
  case approximateNumberOfGroupsWithInflightMessages = "ApproximateNumberOfGroupsWithInflightMessages"
  case numberOfDeduplicatedSentMessages = "NumberOfDeduplicatedSentMessages"
  case throttledRequests = "ThrottledRequests"
  case deleteMessageErrors = "DeleteMessageErrors"
  case messagesPerSecondSent = "MessagesPerSecond.sent"
  case queueTimeCount = "QueueTime.count"
  case queueTimeMean = "QueueTime.mean"
  case queueTimeP50 = "QueueTime.p50"
  case queueTimeP90 = "QueueTime.p90"
  case queueTimeP99 = "QueueTime.p99"
  case queueTimeMax = "QueueTime.max"
  case endToEndLatencyCount = "EndToEndLatency.count"
  case endToEndLatencyMean = "EndToEndLatency.mean"
  case endToEndLatencyP50 = "EndToEndLatency.p50"
  case endToEndLatencyP90 = "EndToEndLatency.p90"
  case endToEndLatencyP99 = "EndToEndLatency.p99"
  case endToEndLatencyMax = "EndToEndLatency.max"
  case approximateNumberOfMessagesVisibleMax = "ApproximateNumberOfMessagesVisible.max"
  case approximateNumberOfMessagesVisibleMean = "ApproximateNumberOfMessagesVisible.mean"
  case approximateAgeOfOldestMessageMax = "ApproximateAgeOfOldestMessage.max"
  /// Conservation: messages unaccounted for (must be 0).
  case messagesLost = "MessagesLost"
  /// Conservation: how far the count identity is off (must be 0).
  case countIdentityError = "CountIdentityError"

  /// A latency distribution's summary rows: count, mean, p50, p90, p99, max.
  static let queueTime: [SQSMetric] = [
    .queueTimeCount, .queueTimeMean, .queueTimeP50, .queueTimeP90, .queueTimeP99, .queueTimeMax,
  ]
  static let endToEndLatency: [SQSMetric] = [
    .endToEndLatencyCount, .endToEndLatencyMean, .endToEndLatencyP50, .endToEndLatencyP90, .endToEndLatencyP99,
    .endToEndLatencyMax,
  ]
}

/// Metrics of an SNS topic (`topic/NAME`), CloudWatch namespace `AWS/SNS`
/// plus msgsim's own figures (docs/model.md §4.9).
public enum SNSMetric: String, MetricName {
  case numberOfMessagesPublished = "NumberOfMessagesPublished"
  case publishSize = "PublishSize"
  case numberOfNotificationsDelivered = "NumberOfNotificationsDelivered"
  case numberOfNotificationsFailed = "NumberOfNotificationsFailed"
  case numberOfNotificationsFilteredOut = "NumberOfNotificationsFilteredOut"
  case filteredOutMessageAttributes = "NumberOfNotificationsFilteredOut-MessageAttributes"
  case filteredOutMessageBody = "NumberOfNotificationsFilteredOut-MessageBody"
  case filteredOutNoMessageAttributes = "NumberOfNotificationsFilteredOut-NoMessageAttributes"
  case filteredOutInvalidAttributes = "NumberOfNotificationsFilteredOut-InvalidAttributes"
  case filteredOutInvalidMessageBody = "NumberOfNotificationsFilteredOut-InvalidMessageBody"
  case numberOfNotificationsRedrivenToDlq = "NumberOfNotificationsRedrivenToDlq"
  case numberOfNotificationsFailedToRedriveToDlq = "NumberOfNotificationsFailedToRedriveToDlq"
  case notificationsDiscarded = "NotificationsDiscarded"
  case throttledRequests = "ThrottledRequests"
  case messagesDeduplicated = "MessagesDeduplicated"
  case messagesMatchingNoSubscription = "MessagesMatchingNoSubscription"
  case throttledMessages = "ThrottledMessages"
  case notificationsMatched = "NotificationsMatched"
  case notificationsInRetry = "NotificationsInRetry"
  /// Conservation: notifications unaccounted for (must be 0).
  case messagesLost = "MessagesLost"
  /// Conservation: filter outcomes that do not add up (must be 0).
  case filterAccountingErrors = "FilterAccountingErrors"

  /// The `NumberOfNotificationsFilteredOut-REASON` variant of `reason`.
  static func filteredOut(_ reason: FilterOutReason) -> SNSMetric {
    switch reason {
    case .messageAttributes: return .filteredOutMessageAttributes
    case .messageBody: return .filteredOutMessageBody
    case .noMessageAttributes: return .filteredOutNoMessageAttributes
    case .invalidAttributes: return .filteredOutInvalidAttributes
    case .invalidMessageBody: return .filteredOutInvalidMessageBody
    }
  }
}

/// Metrics of an SNS push endpoint (`endpoint/NAME`: Lambda, HTTP/S).
public enum SNSEndpointMetric: String, MetricName {
  case notificationsDelivered = "NotificationsDelivered"
  case deliveryAttempts = "DeliveryAttempts"
  case failedAttempts = "FailedAttempts"
  case notificationsRedrivenToDlq = "NotificationsRedrivenToDlq"
  case notificationsDiscarded = "NotificationsDiscarded"
  case notificationsInRetry = "NotificationsInRetry"
  case deliveryLatencyCount = "DeliveryLatency.count"
  case deliveryLatencyMean = "DeliveryLatency.mean"
  case deliveryLatencyP50 = "DeliveryLatency.p50"
  case deliveryLatencyP90 = "DeliveryLatency.p90"
  case deliveryLatencyP99 = "DeliveryLatency.p99"
  case deliveryLatencyMax = "DeliveryLatency.max"

  /// The delivery latency's summary rows: count, mean, p50, p90, p99, max.
  static let deliveryLatency: [SNSEndpointMetric] = [
    .deliveryLatencyCount, .deliveryLatencyMean, .deliveryLatencyP50, .deliveryLatencyP90, .deliveryLatencyP99,
    .deliveryLatencyMax,
  ]
}

/// Metrics of a producer (`producer/NAME`; msgsim's, from the client side).
public enum ProducerMetric: String, MetricName {
  case messagesCreated = "MessagesCreated"
  case numberOfMessagesSent = "NumberOfMessagesSent"
  case sendMessageCalls = "SendMessageCalls"
  case sendMessageBatchCalls = "SendMessageBatchCalls"
  case sendErrors = "SendErrors"
  case retries = "Retries"
  case messagesRejected = "MessagesRejected"
  case messagesFailed = "MessagesFailed"
  case throttledRequests = "ThrottledRequests"
  case lostResponses = "LostResponses"
  case producerReorders = "ProducerReorders"
  // A producer writing to a stream (docs/model.md §8.7).
  case putRecordCalls = "PutRecordCalls"
  case putRecordsCalls = "PutRecordsCalls"
  /// User records the stream accepted.
  case recordsPut = "RecordsPut"
  /// The Kinesis records they went in (fewer when aggregated, KPL).
  case kinesisRecordsPut = "KinesisRecordsPut"
  /// Record attempts refused for a shard's write limit (each retry counts).
  case recordsThrottled = "RecordsThrottled"
  /// Records given up after the last attempt: counted, never silent.
  case recordsDropped = "RecordsDropped"
  /// Conservation: records created but neither put, dropped, rejected nor
  /// in a call (must be 0).
  case recordsUnaccounted = "RecordsUnaccounted"
  /// A producer writing to a Firehose stream: PutRecordBatch attempts
  /// (docs/model.md §11.1).
  case putRecordBatchCalls = "PutRecordBatchCalls"
}

/// Metrics of a consumer fleet (`consumer/NAME`; msgsim's, from the
/// client side).
public enum ConsumerMetric: String, MetricName {
  case messagesProcessed = "MessagesProcessed"
  case processingFailures = "ProcessingFailures"
  case utilization = "Utilization"
  case receiveMessageCalls = "ReceiveMessageCalls"
  case emptyReceives = "EmptyReceives"
  case deleteMessageCalls = "DeleteMessageCalls"
  case deleteMessageBatchCalls = "DeleteMessageBatchCalls"
  case changeMessageVisibilityCalls = "ChangeMessageVisibilityCalls"
  case changeMessageVisibilityBatchCalls = "ChangeMessageVisibilityBatchCalls"
  case apiCalls = "ApiCalls"
  case apiCallsPerMessage = "ApiCallsPerMessage"
  case receiveCallsPerMessage = "ReceiveCallsPerMessage"
  case duplicateDeliveries = "DuplicateDeliveries"
  case orderingViolations = "OrderingViolations"
  case overLimitErrors = "OverLimitErrors"
  case crashes = "Crashes"
  case throttledRequests = "ThrottledRequests"
  case workersUp = "WorkersUp"
}

/// Metrics of a Kinesis data stream (`stream/NAME`) and of each of its
/// shards (`stream/NAME/shardId-000000000003`), CloudWatch namespace
/// `AWS/Kinesis` plus msgsim's own figures (docs/model.md §8.11). Shards
/// report the enhanced (shard-level) subset.
public enum StreamMetric: String, MetricName {
  case incomingBytes = "IncomingBytes"
  /// Kinesis records written (an aggregated record counts once).
  case incomingRecords = "IncomingRecords"
  /// User records written (msgsim): more than `IncomingRecords` when
  /// producers aggregate (KPL).
  case incomingUserRecords = "IncomingUserRecords"
  case putRecordsTotalRecords = "PutRecords.TotalRecords"
  case putRecordsSuccessfulRecords = "PutRecords.SuccessfulRecords"
  /// AWS's older name for the records PutRecords wrote, still published:
  /// the same figure as `PutRecords.SuccessfulRecords`.
  case putRecordsRecords = "PutRecords.Records"
  case putRecordsThrottledRecords = "PutRecords.ThrottledRecords"
  case putRecordsFailedRecords = "PutRecords.FailedRecords"
  case writeProvisionedThroughputExceeded = "WriteProvisionedThroughputExceeded"
  case readProvisionedThroughputExceeded = "ReadProvisionedThroughputExceeded"
  case getRecordsRecords = "GetRecords.Records"
  case getRecordsBytes = "GetRecords.Bytes"
  /// Stream level: the largest iterator age of the period, in ms.
  case getRecordsIteratorAgeMilliseconds = "GetRecords.IteratorAgeMilliseconds"
  /// Shard level: the largest iterator age of the period, in ms.
  case iteratorAgeMilliseconds = "IteratorAgeMilliseconds"
  case outgoingRecords = "OutgoingRecords"
  case outgoingBytes = "OutgoingBytes"
  /// The busiest whole second's records (msgsim): against 1,000 per shard.
  case incomingRecordsMaxPerSecond = "IncomingRecords.maxPerSecond"
  /// The busiest whole second's bytes (msgsim): against 1 MiB per shard.
  case incomingBytesMaxPerSecond = "IncomingBytes.maxPerSecond"
  /// Records the stream holds (a gauge; msgsim).
  case recordsRetained = "RecordsRetained"
  /// Records trimmed for age (msgsim).
  case recordsTrimmed = "RecordsTrimmed"
  /// Open shards (a gauge).
  case openShards = "OpenShards"
}

/// Metrics of a stream consumer application (`consumer/NAME` whose source
/// is a stream; msgsim's, from the client side, docs/model.md §8.11).
public enum StreamConsumerMetric: String, MetricName {
  case recordsProcessed = "RecordsProcessed"
  case duplicateRecords = "DuplicateRecords"
  /// Records processed again after a checkpoint reset (a replay).
  case recordsReplayed = "RecordsReplayed"
  case checkpointResets = "CheckpointResets"
  case orderingViolations = "OrderingViolations"
  case recordsLostToRetention = "RecordsLostToRetention"
  case getRecordsCalls = "GetRecordsCalls"
  case emptyGetRecords = "EmptyGetRecords"
  case readProvisionedThroughputExceeded = "ReadProvisionedThroughputExceeded"
  /// The period's largest lag behind the newest record, in ms.
  case millisBehindLatest = "MillisBehindLatest"
  /// Enhanced fan-out applications: the same lag under the name AWS
  /// publishes per registered consumer (the Maximum statistic).
  case subscribeToShardEventMillisBehindLatest = "SubscribeToShardEvent.MillisBehindLatest"
  case crashes = "Crashes"
  /// Lambda event source mappings: invocations, failed ones, and records
  /// given up (sent to the on-failure destination, or dropped).
  case invocations = "Invocations"
  case errors = "Errors"
  case recordsSentToOnFailure = "RecordsSentToOnFailure"
  case recordsDiscarded = "RecordsDiscarded"
  /// Leases taken from a live worker (rebalancing).
  case leasesStolen = "LeasesStolen"
  /// Leases taken after their owner stopped renewing them (failover).
  case leasesFailedOver = "LeasesFailedOver"
  case workers = "Workers"
  case workersWithLeases = "WorkersWithLeases"
  case idleWorkers = "IdleWorkers"
  case leasesPerWorkerMax = "LeasesPerWorker.max"
  case utilization = "Utilization"
  /// Retained records this application has not read yet (a gauge).
  case recordsPending = "RecordsPending"
  case endToEndLatencyCount = "EndToEndLatency.count"
  case endToEndLatencyMean = "EndToEndLatency.mean"
  case endToEndLatencyP50 = "EndToEndLatency.p50"
  case endToEndLatencyP90 = "EndToEndLatency.p90"
  case endToEndLatencyP99 = "EndToEndLatency.p99"
  case endToEndLatencyMax = "EndToEndLatency.max"
  /// The largest MillisBehindLatest of the run, in ms.
  case millisBehindLatestMax = "MillisBehindLatest.max"
  /// Enhanced fan-out applications: the largest of the run under AWS's name.
  case subscribeToShardEventMillisBehindLatestMax = "SubscribeToShardEvent.MillisBehindLatest.max"
  /// Conservation: records put but neither processed, pending, in
  /// processing nor lost to retention (must be 0).
  case recordsUnaccounted = "RecordsUnaccounted"

  /// The end-to-end latency's summary rows: count, mean, p50, p90, p99, max.
  static let endToEndLatency: [StreamConsumerMetric] = [
    .endToEndLatencyCount, .endToEndLatencyMean, .endToEndLatencyP50, .endToEndLatencyP90, .endToEndLatencyP99,
    .endToEndLatencyMax,
  ]
}

/// Metrics of an Amazon Data Firehose stream (`firehose/NAME`), CloudWatch
/// namespace `AWS/Firehose` plus msgsim's own figures (docs/model.md
/// §11.5).
public enum FirehoseMetric: String, MetricName {
  /// Records and bytes accepted by PutRecord and PutRecordBatch.
  case incomingRecords = "IncomingRecords"
  case incomingBytes = "IncomingBytes"
  /// PutRecord and PutRecordBatch requests accepted (some of a batch's
  /// records may still have been throttled).
  case incomingPutRequests = "IncomingPutRequests"
  /// Record attempts refused for the Direct PUT quota (each retry counts).
  case throttledRecords = "ThrottledRecords"
  /// Buffers delivered because they reached `bufferSize` (msgsim).
  case bufferFlushesSize = "BufferFlushes.size"
  /// Buffers delivered because `bufferInterval` passed (msgsim).
  case bufferFlushesInterval = "BufferFlushes.interval"
  /// Delivery attempts to the destination, retries included (msgsim).
  case deliveryAttempts = "DeliveryAttempts"
  case deliveryToS3Records = "DeliveryToS3.Records"
  case deliveryToS3Bytes = "DeliveryToS3.Bytes"
  /// Successful delivery attempts over all attempts (only when some).
  case deliveryToS3Success = "DeliveryToS3.Success"
  /// The age of the oldest record not yet delivered, in seconds: the
  /// period's (or the run's) largest.
  case deliveryToS3DataFreshness = "DeliveryToS3.DataFreshness"
  /// Records of buffers whose transform failed for good (msgsim).
  case recordsProcessingFailed = "RecordsProcessingFailed"
  /// Records of buffers given up after `retryDuration` (msgsim).
  case recordsToBackup = "RecordsToBackup"
  case endToEndLatencyCount = "EndToEndLatency.count"
  case endToEndLatencyMean = "EndToEndLatency.mean"
  case endToEndLatencyP50 = "EndToEndLatency.p50"
  case endToEndLatencyP90 = "EndToEndLatency.p90"
  case endToEndLatencyP99 = "EndToEndLatency.p99"
  case endToEndLatencyMax = "EndToEndLatency.max"
  /// Records in the buffer (a gauge; msgsim).
  case recordsBuffered = "RecordsBuffered"
  /// Records of buffers being transformed, delivered or retried (a gauge;
  /// msgsim).
  case recordsInDelivery = "RecordsInDelivery"
  /// Conservation: records accepted but neither delivered, buffered, in
  /// delivery, processing-failed nor backed up (must be 0).
  case recordsUnaccounted = "RecordsUnaccounted"

  /// The end-to-end latency's summary rows: count, mean, p50, p90, p99, max.
  static let endToEndLatency: [FirehoseMetric] = [
    .endToEndLatencyCount, .endToEndLatencyMean, .endToEndLatencyP50, .endToEndLatencyP90, .endToEndLatencyP99,
    .endToEndLatencyMax,
  ]
}
