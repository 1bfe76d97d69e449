import SimCore

/// The limits and quotas of Amazon SQS, as scenario validation checks them
/// and the model applies them: one named figure per fact of docs/model.md
/// §2 (standard queues) and §3 (FIFO queues), each with its section and
/// AWS source.
///
/// A quota a scenario may change (`transactionsPerSecond`, `inFlightLimit`,
/// …) is listed with its default; the Region-dependent high-throughput cap
/// is in `RegionQuotas`. Sizes are binary (docs/model.md §1.1). AWS changes
/// quotas often: these are the figures read in 2025–2026 (docs/model.md
/// §1.2), and what does *not* hold is said where it matters (the batch
/// payload, for one, is not modelled: §2.1).
public enum SQSLimits {
  // MARK: Messages and batches (docs/model.md §2.1)

  /// The largest message, body and attributes together: 1 MiB
  /// (1,048,576 B) since August 2025, 262,144 B before. Also the largest
  /// `MaximumMessageSize` a queue can set, and its default (§2.2).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let maxMessageSize = 1_048_576

  /// The smallest message: 1 B (docs/model.md §2.1).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let minMessageSize = 1

  /// The smallest `MaximumMessageSize` a queue can set: 1,024 B
  /// (docs/model.md §2.2).
  ///
  /// https://github.com/boto/botocore/blob/1.43.11/botocore/data/sqs/2012-11-05/service-2.json (CreateQueue)
  public static let minMaximumMessageSize = 1_024

  /// Message attributes per message: 10 (docs/model.md §2.1).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let maxMessageAttributes = 10

  /// The longest message attribute name: 256 characters (docs/model.md
  /// §2.1).
  ///
  /// https://github.com/boto/botocore/blob/1.43.11/botocore/data/sqs/2012-11-05/service-2.json (ReceiveMessage.MessageAttributeNames)
  public static let maxAttributeNameLength = 256

  /// The batch stride: entries per SendMessageBatch, DeleteMessageBatch
  /// and ChangeMessageVisibilityBatch, and messages per ReceiveMessage
  /// (`MaxNumberOfMessages`, a consumer's `batchSize`): 10 (docs/model.md
  /// §2.1, §2.2). The model sizes its per-call and per-worker slots by it.
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let maxBatchSize = 10

  // MARK: Queue attributes and request parameters (docs/model.md §2.2)

  /// The longest `VisibilityTimeout`, of a queue, of one ReceiveMessage or
  /// of a ChangeMessageVisibility call: 43,200 s (12 h) (docs/model.md
  /// §2.2, §2.3).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
  public static let maxVisibilityTimeout = SimDuration.seconds(43_200)

  /// The default `VisibilityTimeout`: 30 s (docs/model.md §2.2).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
  public static let defaultVisibilityTimeout = SimDuration.seconds(30)

  /// How long a message can stay hidden in all, counted from the
  /// ReceiveMessage that returned it: 12 h (43,200 s); extensions do not
  /// restart it, and a ChangeMessageVisibility past it is rejected
  /// (docs/model.md §2.3). The same figure as `maxVisibilityTimeout`, but
  /// another rule.
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
  public static let visibilityCeiling = SimDuration.seconds(43_200)

  /// The shortest `MessageRetentionPeriod`: 60 s (docs/model.md §2.2).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let minMessageRetention = SimDuration.seconds(60)

  /// The longest `MessageRetentionPeriod`: 1,209,600 s (14 d)
  /// (docs/model.md §2.2).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let maxMessageRetention = SimDuration.seconds(1_209_600)

  /// The default `MessageRetentionPeriod`: 345,600 s (4 d) (docs/model.md
  /// §2.2).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let defaultMessageRetention = SimDuration.seconds(345_600)

  /// The longest `DelaySeconds`, of a queue or of one message (a message
  /// timer): 900 s (15 min) (docs/model.md §2.2, §2.6).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-delay-queues.html
  public static let maxDelay = SimDuration.seconds(900)

  /// The longest long poll: `WaitTimeSeconds` of one ReceiveMessage and the
  /// queue attribute `ReceiveMessageWaitTimeSeconds`, 20 s (docs/model.md
  /// §2.2, §2.4).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html
  public static let maxWaitTime = SimDuration.seconds(20)

  /// The largest `RedrivePolicy.maxReceiveCount`: 1,000, the console's
  /// bound (docs/model.md §2.2).
  ///
  /// https://github.com/awsdocs/amazon-sqs-developer-guide/blob/39de636dd410/doc_source/sqs-configure-dead-letter-queue.md
  public static let largestMaxReceiveCount = 1_000

  /// The default `RedrivePolicy.maxReceiveCount`: 10 (docs/model.md §2.2).
  ///
  /// https://github.com/awsdocs/amazon-sqs-developer-guide/blob/39de636dd410/doc_source/sqs-configure-dead-letter-queue.md
  public static let defaultMaxReceiveCount = 10

  /// The longest queue name: 80 characters, a FIFO queue's `.fifo`
  /// included (docs/model.md §2.2).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html
  public static let maxQueueNameLength = 80

  /// Received but not deleted messages of one queue, standard or FIFO:
  /// about 120,000 (older FIFO queues: 20,000); msgsim makes it exact and
  /// a scenario may set it (`inFlightLimit`) (docs/model.md §2.8, §3.7).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html
  public static let defaultInFlightLimit = 120_000

  // MARK: FIFO queues (docs/model.md §3)

  /// The longest `MessageGroupId` (a producer's key): 128 characters
  /// (docs/model.md §3.1, §5.5).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let maxMessageGroupIdLength = 128

  /// The deduplication interval: a `MessageDeduplicationId` accepted
  /// within the last 300 s (5 min) is not enqueued again (docs/model.md
  /// §3.3).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-key-terms.html
  public static let fifoDeduplicationInterval = SimDuration.seconds(300)

  /// Without high throughput: API calls per second per action per queue,
  /// non-batched, 300 (with batches of 10, 3,000 messages per second); the
  /// default of `transactionsPerSecond` (docs/model.md §3.5).
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static let fifoTransactionsPerSecond = 300.0

  /// High throughput: API calls per second per action per partition, 300,
  /// and messages per second per message group; the default of
  /// `partitionTransactionsPerSecond` (docs/model.md §3.6). The per-queue
  /// cap depends on the Region: `RegionQuotas.fifoQueueHighThroughputTPS`.
  ///
  /// https://github.com/awsdocs/amazon-sqs-developer-guide/blob/39de636dd410/doc_source/partitions-and-data-distribution.md
  public static let partitionTransactionsPerSecond = 300.0
}
