import SimCore

/// The limits and quotas of Amazon SNS, as scenario validation checks them
/// and the model applies them: one named figure per fact of docs/model.md
/// §4, each with its section and AWS source.
///
/// The publish quotas that depend on the Region are in `RegionQuotas`;
/// the filter policy grammar's own limits (keys, combinations, size) are
/// with the policy (`FilterPolicy`). Sizes are binary (docs/model.md §1.1).
/// The account quotas are checked against the scenario's topics as if they
/// were the whole account (docs/model.md §4.1).
public enum SNSLimits {
  // MARK: Messages and batches (docs/model.md §4.1)

  /// The largest message, payload and attributes together: 256 KiB
  /// (262,144 B); SNS did not get SQS's 1 MiB (docs/model.md §4.1).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let maxMessageSize = 262_144

  /// Entries per PublishBatch: 10 (docs/model.md §4.1).
  ///
  /// https://github.com/boto/botocore/blob/1.43.11/botocore/data/sns/2010-03-31/service-2.json (PublishBatch)
  public static let maxBatchSize = 10

  /// The longest topic name: 256 characters, a FIFO topic's `.fifo`
  /// included (docs/model.md §4.1).
  ///
  /// https://github.com/boto/botocore/blob/1.43.11/botocore/data/sns/2010-03-31/service-2.json
  public static let maxTopicNameLength = 256

  // MARK: Account quotas (docs/model.md §4.1)

  /// Standard topics per account and Region: 100,000 (docs/model.md §4.1).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let maxStandardTopicsPerAccount = 100_000

  /// FIFO topics per account and Region: 1,000 (docs/model.md §4.1).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let maxFIFOTopicsPerAccount = 1_000

  /// Subscriptions per FIFO topic: 100 (docs/model.md §4.1).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let maxSubscriptionsPerFIFOTopic = 100

  /// Firehose subscriptions per standard topic: 5 per subscription owner
  /// (docs/model.md §4.1; a scenario has one owner).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let maxFirehoseSubscriptionsPerTopic = 5

  /// Subscription filter policies per topic: 200 (docs/model.md §4.1).
  ///
  /// https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
  public static let maxFilterPoliciesPerTopic = 200

  /// Subscription filter policies per account and Region: 10,000
  /// (docs/model.md §4.1).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let maxFilterPoliciesPerAccount = 10_000

  // MARK: FIFO topics (docs/model.md §4.2, §4.3)

  /// A FIFO topic in `FifoThroughputScope` `Topic` (the default): at most
  /// 3,000 messages per second, whatever the account quota
  /// (docs/model.md §4.2).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let fifoTopicScopeMessagesPerSecond = 3_000.0

  /// A FIFO topic in `Topic` scope: at most 20 MB per second, taken as
  /// 20,000,000 B/s (an assumption, docs/model.md §1.1, §4.2).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let fifoTopicScopeBytesPerSecond = 20_000_000.0

  /// A FIFO topic, either scope: at most 300 messages per second per
  /// message group (docs/model.md §4.2).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  public static let messageGroupMessagesPerSecond = 300.0

  /// The deduplication window of FIFO topics: a duplicate within 5 min
  /// (300 s) is accepted but not delivered (docs/model.md §4.3). The same
  /// figure as `SQSLimits.fifoDeduplicationInterval`, of another service.
  ///
  /// https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html
  public static let fifoDeduplicationInterval = SimDuration.seconds(300)

  // MARK: HTTP/S delivery policies (docs/model.md §4.7)

  /// The most retries of an HTTP/S delivery policy (`numRetries`, all
  /// phases): 100 (docs/model.md §4.7).
  ///
  /// https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
  public static let maxDeliveryRetries = 100

  /// The shortest delay target (`minDelayTarget`, `maxDelayTarget`) of an
  /// HTTP/S delivery policy: 1 s (docs/model.md §4.7).
  ///
  /// https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
  public static let minDelayTarget = SimDuration.seconds(1)

  /// The longest delay target of an HTTP/S delivery policy: 3,600 s
  /// (docs/model.md §4.7).
  ///
  /// https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
  public static let maxDelayTarget = SimDuration.seconds(3_600)

  /// The longest an HTTP/S delivery is retried: 3,600 s after the publish
  /// (docs/model.md §4.7).
  ///
  /// https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
  public static let maxHTTPRetryTime = SimDuration.seconds(3_600)
}
