import SimCore

/// The SNS model's state: every topic of the run with its subscriptions
/// (see `SNSModel+Publish.swift` for what the model does).
public struct SNSModel: Sendable {
  /// The model's events.
  public enum Action: Sendable {
    /// A step of a push or Firehose delivery (an attempt's response, or a
    /// retry), owned by topic `topic`; `delivery` indexes the topic's
    /// delivery slab.
    case delivery(topic: Int32, delivery: Int32)
  }

  let topics: FixedArray<TopicState>
  /// `topic/NAME` of each topic.
  let resources: [String]
  /// The push subscriptions (Lambda, HTTP/S), each an `endpoint/NAME`
  /// resource, in topic and subscription order.
  let endpoints: [(topic: Int, subscription: Int)]
  /// Numbers in the run's metrics table.
  var topicMetricIDs: [Int32] = []
  var endpointMetricIDs: [Int32] = []
  /// Counters at the start of the period and at the end of warm-up.
  var topicBaselines: CounterBaselines<TopicCounters>
  var endpointBaselines: CounterBaselines<SubscriptionCounters>

  init(config: WorldConfig, root: SeededGenerator) {
    var queueIndex: [String: Int] = [:]
    for (i, q) in config.queues.enumerated() { queueIndex[q.name] = i }
    var firehoseIndex: [String: Int] = [:]
    for (i, f) in config.firehoses.enumerated() { firehoseIndex[f.name] = i }
    topics = FixedArray(
      config.topics.map {
        TopicState(
          config: $0, region: config.region, queueIndex: queueIndex, firehoseIndex: firehoseIndex,
          rng: root.stream(named: "topic/\($0.name)"))
      })
    resources = config.topics.map { "topic/\($0.name)" }
    var endpoints: [(topic: Int, subscription: Int)] = []
    for t in topics.indices {
      for s in topics[t].subscriptions.indices where topics[t].subscriptions[s].endpointResource != nil {
        endpoints.append((t, s))
      }
    }
    self.endpoints = endpoints
    topicBaselines = CounterBaselines(count: config.topics.count)
    endpointBaselines = CounterBaselines(count: endpoints.count)
  }

  /// Handles one of the model's own events.
  mutating func handle(
    _ action: Action, sqs: inout SQSModel, consumers: inout SQSConsumerFleet, firehose: inout FirehoseModel,
    kernel: inout Kernel
  ) {
    switch action {
    case .delivery(let t, let d):
      let s = Int(topics[Int(t)].deliveries[Int(d)].subscription)
      if s >= 0, case .firehose(let f) = topics[Int(t)].subscriptions[s].kind {
        handleFirehoseDelivery(
          Int(t), delivery: Int(d), firehose: f, into: &firehose, sqs: &sqs, consumers: &consumers, kernel: &kernel)
      } else {
        handleTopicDelivery(Int(t), delivery: Int(d), sqs: &sqs, consumers: &consumers, kernel: &kernel)
      }
    }
  }
}
