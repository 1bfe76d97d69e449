import Testing
import SimCore
@testable import SimModels

/// The model's defaults are the AWS figures of `SQSLimits`, `SNSLimits`
/// and `RegionQuotas` (docs/model.md §1.2).
@Suite("AWS limits")
struct LimitsTests {
  @Test("a queue's defaults are SQS's")
  func queueDefaults() {
    let queue = QueueConfig(name: "q")
    #expect(queue.visibilityTimeout == SQSLimits.defaultVisibilityTimeout)
    #expect(queue.messageRetention == SQSLimits.defaultMessageRetention)
    #expect(queue.maxMessageSize == SQSLimits.maxMessageSize)
    #expect(queue.inFlightLimit == SQSLimits.defaultInFlightLimit)
    #expect(RedrivePolicy(deadLetterQueue: "d").maxReceiveCount == SQSLimits.defaultMaxReceiveCount)
    let fifo = FIFOQueueSettings()
    #expect(fifo.deduplicationInterval == SQSLimits.fifoDeduplicationInterval)
    #expect(fifo.transactionsPerSecond == SQSLimits.fifoTransactionsPerSecond)
    #expect(fifo.partitionTransactionsPerSecond == SQSLimits.partitionTransactionsPerSecond)
    #expect(
      fifo.highThroughputCap(in: RegionQuotas.defaultRegion)
        == RegionQuotas.fifoQueueHighThroughputTPS(RegionQuotas.defaultRegion))
  }

  @Test("a topic's defaults are SNS's")
  func topicDefaults() {
    let topic = TopicConfig(name: "t")
    #expect(topic.maxMessageSize == SNSLimits.maxMessageSize)
    #expect(topic.groupQuota == SNSLimits.messageGroupMessagesPerSecond)
    #expect(topic.bytesPerSecondQuota == SNSLimits.fifoTopicScopeBytesPerSecond)
    #expect(
      topic.publishQuota(in: RegionQuotas.defaultRegion)
        == RegionQuotas.topicPublishQuota(region: RegionQuotas.defaultRegion, isFIFO: false, scope: .topic))
    #expect(DeliverySchedule.httpMaximumRetryTime == SNSLimits.maxHTTPRetryTime)
  }

  @Test("Region quotas: the tables of docs/model.md §3.6 and §4.2")
  func regionQuotas() {
    #expect(RegionQuotas.knownRegions.count == 38)
    #expect(RegionQuotas.knownRegions.contains(RegionQuotas.defaultRegion))
    #expect(RegionQuotas.fifoQueueHighThroughputTPS("eu-central-1") == 19_000)
    #expect(RegionQuotas.fifoQueueHighThroughputTPS("af-south-1") == 2_400)
    #expect(RegionQuotas.topicPublishQuota(region: "ap-south-1", isFIFO: false, scope: .topic) == 1_500)
    #expect(RegionQuotas.topicPublishQuota(region: "af-south-1", isFIFO: false, scope: .topic) == 300)
    #expect(RegionQuotas.topicPublishQuota(region: "us-west-2", isFIFO: true, scope: .messageGroup) == 9_000)
    #expect(RegionQuotas.topicPublishQuota(region: "us-west-2", isFIFO: true, scope: .topic) == SNSLimits.fifoTopicScopeMessagesPerSecond)
  }

  /// A world built in code, not decoded, still gets its Region's quotas:
  /// the model reads `WorldConfig.region` itself.
  @Test("the model reads the world's Region")
  func modelReadsTheRegion() {
    var fifo = QueueConfig(name: "f.fifo")
    fifo.isFIFO = true
    fifo.fifo.deduplicationScope = .messageGroup
    fifo.fifo.throughputLimit = .perMessageGroupId
    var config = WorldConfig(name: "region", duration: .seconds(60), queues: [fifo])
    config.topics = [TopicConfig(name: "t")]
    config.region = "eu-west-2"
    let world = World(config: config)
    #expect(world.sqs.queues[0].fifo?.highThroughputCap == 4_500)
    #expect(world.sns.topics[0].messageRate == 300)
    config.region = "us-east-1"
    let east = World(config: config)
    #expect(east.sqs.queues[0].fifo?.highThroughputCap == 70_000)
    #expect(east.sns.topics[0].messageRate == 30_000)
  }
}
