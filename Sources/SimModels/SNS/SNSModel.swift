import SimCore

/// The SNS model's state: every topic of the run with its subscriptions
/// (see `SNSModel+Publish.swift` for what the model does).
public struct SNSModel: Sendable {
  /// The model's events.
  public enum Action: Sendable {
    /// A step of a push delivery (an attempt's response, or a retry),
    /// owned by topic `topic`; `delivery` indexes the topic's delivery slab.
    case delivery(topic: Int32, delivery: Int32)
  }

  let topics: FixedArray<TopicState>
  /// `topic/NAME` of each topic.
  let resources: [String]

  init(config: WorldConfig, root: SeededGenerator) {
    var queueIndex: [String: Int] = [:]
    for (i, q) in config.queues.enumerated() { queueIndex[q.name] = i }
    topics = FixedArray(
      config.topics.map { TopicState(config: $0, queueIndex: queueIndex, rng: root.stream(named: "topic/\($0.name)")) })
    resources = config.topics.map { "topic/\($0.name)" }
  }

  /// Handles one of the model's own events.
  mutating func handle(
    _ action: Action, sqs: inout SQSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    switch action {
    case .delivery(let t, let d):
      handleTopicDelivery(Int(t), delivery: Int(d), sqs: &sqs, consumers: &consumers, kernel: &kernel)
    }
  }
}
