/// AWS Regions and the quotas that depend on them (docs/model.md §1.3, the
/// SQS high-throughput FIFO caps of §3.6 and the SNS publish tables of
/// §4.2). Every quota here is only a default: the scenario can set the
/// figure itself on the queue or topic.
public enum RegionQuotas {
  /// The default Region (docs/model.md §1.3).
  public static let defaultRegion = "us-east-1"

  /// The commercial, GovCloud and China Region codes a scenario may name
  /// (docs/model.md §1.3; a msgsim list, §9.2).
  public static let knownRegions: [String] = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1",
    "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
    "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
    "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
  ]

  /// SQS high-throughput FIFO: API calls per second per action per queue,
  /// non-batched (docs/model.md §3.6), the default of
  /// `highThroughputTransactionsPerSecond`.
  ///
  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
  public static func fifoQueueHighThroughputTPS(_ region: String) -> Double {
    switch region {
    case "us-east-1", "us-west-2", "eu-west-1": return 70_000
    case "us-east-2", "eu-central-1": return 19_000
    case "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1": return 9_000
    case "eu-west-2", "sa-east-1": return 4_500
    default: return 2_400
    }
  }

  /// The Regions of the SNS 1,500 msg/s group (docs/model.md §4.2).
  static let snsMiddleGroup: Set<String> = [
    "us-east-2", "us-west-1", "ap-south-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
    "ap-northeast-1", "eu-central-1",
  ]

  /// SNS standard topics: the account's publish quota in messages per
  /// second (docs/model.md §4.2).
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  static func standardTopicPublishQuota(_ region: String) -> Double {
    switch region {
    case "us-east-1": return 30_000
    case "us-west-2", "eu-west-1": return 9_000
    default: return snsMiddleGroup.contains(region) ? 1_500 : 300
    }
  }

  /// SNS FIFO topics: the account's publish quota in messages per second
  /// (docs/model.md §4.2), the limit of a topic in `MessageGroup` throughput
  /// scope.
  ///
  /// https://docs.aws.amazon.com/general/latest/gr/sns.html
  static func fifoTopicAccountPublishQuota(_ region: String) -> Double {
    switch region {
    case "us-east-1": return 30_000
    case "us-west-2", "eu-west-1": return 9_000
    default: return 3_000
    }
  }

  /// The publish quota of a topic in `region` (docs/model.md §4.2), the
  /// default of `publishQuota`: the account's standard quota, or for a
  /// FIFO topic the account's FIFO quota in `MessageGroup` scope and
  /// `SNSLimits.fifoTopicScopeMessagesPerSecond` in `Topic` scope.
  public static func topicPublishQuota(region: String, isFIFO: Bool, scope: FifoThroughputScope) -> Double {
    guard isFIFO else { return standardTopicPublishQuota(region) }
    return scope == .messageGroup ? fifoTopicAccountPublishQuota(region) : SNSLimits.fifoTopicScopeMessagesPerSecond
  }
}
