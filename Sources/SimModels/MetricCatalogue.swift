/// The metric names `summary.csv` can report, per kind of resource.
///
/// Scenario validation checks `expect` entries against this list, so a
/// misspelt or non-existent metric is an input error before the run, not a
/// failed expectation after it. The lists are every name the summary code
/// can write (`World.finish()`, `World.appendTopicSummaryRows`,
/// `ProducerCounters.rows`), including the conditional ones:
///
/// - `QueueTime.mean|p50|p90|p99|max` and `EndToEndLatency.…` only when the
///   queue recorded such a sample after warm-up (`.count` always);
///   `DeliveryLatency.…` likewise for endpoints;
/// - `PublishSize` only when the topic accepted a message, the
///   `NumberOfNotificationsFilteredOut-REASON` variants and
///   `NumberOfNotificationsFailedToRedriveToDlq` once they counted
///   something;
/// - FIFO-only rows (`fifo: true`) for FIFO queues and topics.
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
  }

  /// The summary metrics of a resource of `kind`, in summary order.
  ///
  /// - Parameter fifo: Whether the queue or topic is FIFO (FIFO queues and
  ///   topics add rows); ignored for the other kinds.
  public static func summaryMetrics(for kind: ResourceKind, fifo: Bool = false) -> [String] {
    switch kind {
    case .queue: return fifo ? queueMetrics + fifoQueueMetrics : queueMetrics
    case .topic: return fifo ? topicMetrics + fifoTopicMetrics : topicMetrics
    case .endpoint: return endpointMetrics
    case .producer: return producerMetrics
    case .consumer: return consumerMetrics
    }
  }

  /// The metrics only a FIFO queue or topic reports (empty for the other
  /// kinds): what to tell a user who expects one of a standard queue.
  public static func fifoOnlyMetrics(for kind: ResourceKind) -> [String] {
    switch kind {
    case .queue: return fifoQueueMetrics
    case .topic: return fifoTopicMetrics
    case .endpoint, .producer, .consumer: return []
    }
  }

  /// Names from AWS that are not metric names, with the summary metric
  /// meant: `ApproximateNumberOfMessages` is the `GetQueueAttributes`
  /// attribute whose CloudWatch metric is
  /// `ApproximateNumberOfMessagesVisible`.
  public static func knownAlias(_ name: String, for kind: ResourceKind) -> String? {
    switch kind {
    case .queue: return queueAliases[name]
    case .topic, .endpoint, .producer, .consumer: return nil
    }
  }

  /// `count`, then, when there were samples, `mean`, `p50`, `p90`, `p99`, `max`.
  static func latencyMetrics(_ label: String) -> [String] {
    ["count", "mean", "p50", "p90", "p99", "max"].map { "\(label).\($0)" }
  }

  static let queueMetrics: [String] =
    [
      "NumberOfMessagesSent", "NumberOfMessagesReceived", "NumberOfMessagesDeleted", "MessagesDeleted",
      "NumberOfEmptyReceives",
    ]
    + latencyMetrics("QueueTime") + latencyMetrics("EndToEndLatency")
    + [
      "DuplicateDeliveries", "OrderingViolations", "MessagesExpired", "MessagesMovedToDLQ", "MessagesMovedIn",
      "OverLimitErrors", "ChangeMessageVisibilityRejected",
      "ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible",
      "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesVisible.max",
      "ApproximateNumberOfMessagesVisible.mean", "ApproximateAgeOfOldestMessage.max", "MessagesLost",
      "CountIdentityError",
    ]

  static let fifoQueueMetrics = [
    "NumberOfDeduplicatedSentMessages", "ThrottledRequests", "DeleteMessageErrors", "MessagesPerSecond.sent",
  ]

  static let queueAliases = [
    "ApproximateNumberOfMessages": "ApproximateNumberOfMessagesVisible",
    "ApproximateNumberOfMessages.max": "ApproximateNumberOfMessagesVisible.max",
    "ApproximateNumberOfMessages.mean": "ApproximateNumberOfMessagesVisible.mean",
  ]

  static let topicMetrics = [
    "NumberOfMessagesPublished", "PublishSize", "NumberOfNotificationsDelivered", "NumberOfNotificationsFailed",
    "NumberOfNotificationsFilteredOut",
    "NumberOfNotificationsFilteredOut-MessageAttributes", "NumberOfNotificationsFilteredOut-MessageBody",
    "NumberOfNotificationsFilteredOut-NoMessageAttributes", "NumberOfNotificationsFilteredOut-InvalidAttributes",
    "NumberOfNotificationsFilteredOut-InvalidMessageBody",
    "NumberOfNotificationsRedrivenToDlq", "NumberOfNotificationsFailedToRedriveToDlq", "NotificationsDiscarded",
    "ThrottledRequests", "MessagesMatchingNoSubscription",
    "ThrottledMessages", "NotificationsMatched", "NotificationsInRetry", "MessagesLost", "FilterAccountingErrors",
  ]

  static let fifoTopicMetrics = ["MessagesDeduplicated"]

  static let endpointMetrics =
    [
      "NotificationsDelivered", "DeliveryAttempts", "FailedAttempts", "NotificationsRedrivenToDlq",
      "NotificationsDiscarded", "NotificationsInRetry",
    ] + latencyMetrics("DeliveryLatency")

  static let producerMetrics = [
    "MessagesCreated", "NumberOfMessagesSent", "SendMessageCalls", "SendMessageBatchCalls", "SendErrors", "Retries",
    "MessagesRejected", "MessagesFailed", "ThrottledRequests", "LostResponses", "ProducerReorders",
  ]

  static let consumerMetrics = [
    "MessagesProcessed", "ProcessingFailures", "Utilization", "ReceiveMessageCalls", "EmptyReceives",
    "DeleteMessageCalls", "DeleteMessageBatchCalls", "ChangeMessageVisibilityCalls",
    "ChangeMessageVisibilityBatchCalls", "ApiCalls", "ApiCallsPerMessage", "ReceiveCallsPerMessage",
    "DuplicateDeliveries", "OrderingViolations", "OverLimitErrors", "Crashes", "ThrottledRequests",
  ]
}
