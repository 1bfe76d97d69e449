import Testing
import SimCore
@testable import SimModels

/// One topic `t` fed by one producer `p` (target `topic:t`), with the given
/// queues and no consumers unless some are passed (messages stay in their
/// queues, so queue counts are exact).
func topicWorld(
  duration: Double, arrivals: ArrivalProcess, seed: UInt64 = 1, period: Double = 60,
  queues: [QueueConfig] = [], consumers: [ConsumerConfig] = [],
  topic configureTopic: (inout TopicConfig) -> Void,
  producer configureProducer: (inout ProducerConfig) -> Void = { _ in }
) -> WorldConfig {
  var topic = TopicConfig(name: "t")
  configureTopic(&topic)
  var producer = ProducerConfig(name: "p", target: .topic(topic.name), arrivals: arrivals)
  configureProducer(&producer)
  var config = WorldConfig(
    name: "topic-test", duration: .seconds(duration), seed: seed, metricsPeriod: .seconds(period),
    queues: queues, producers: [producer], consumers: consumers)
  config.topics = [topic]
  return config
}

/// A queue named `name` (long polling, so consumers, if any, wait).
func queue(_ name: String, maxMessageSize: Int = 1_048_576, fifo: Bool = false) -> QueueConfig {
  var q = QueueConfig(name: name)
  q.receiveWaitTime = .seconds(20)
  q.maxMessageSize = maxMessageSize
  q.isFIFO = fifo
  return q
}

/// An SQS subscription to queue `name`.
func sqsSubscription(
  _ name: String, raw: Bool = false, deadLetterQueue: String? = nil,
  filter: JSONValue? = nil, scope: String = "MessageAttributes"
) -> SubscriptionConfig {
  var s = SubscriptionConfig(target: .queue(name))
  s.rawMessageDelivery = raw
  s.deadLetterQueue = deadLetterQueue
  s.filterPolicy = filter
  s.filterPolicyScope = scope
  return s
}

/// An endpoint named `name` whose attempts take `latency` seconds and fail
/// with `failureRate`.
func endpoint(_ name: String, failureRate: Double, latency: Double = 0.05) -> EndpointConfig {
  var e = EndpointConfig(name: name)
  e.failureRate = failureRate
  e.latency = .constant(latency * 1e9)
  return e
}

/// A Lambda subscription.
func lambdaSubscription(_ e: EndpointConfig, deadLetterQueue: String? = nil) -> SubscriptionConfig {
  var s = SubscriptionConfig(target: .lambda(e))
  s.deadLetterQueue = deadLetterQueue
  return s
}

/// An HTTP/S subscription with `policy`.
func httpSubscription(
  _ e: EndpointConfig, policy: DeliveryPolicy = DeliveryPolicy(), deadLetterQueue: String? = nil
) -> SubscriptionConfig {
  var s = SubscriptionConfig(target: .http(e))
  s.deadLetterQueue = deadLetterQueue
  s.deliveryPolicy = policy
  return s
}

/// A world after its run (for its state) and the run's result.
struct KeptRun: ~Copyable {
  var world: World
  let result: RunResult
}

/// Runs `config` and keeps the world (a `World` is not copyable, so it
/// cannot travel in a tuple).
func runKeepingWorld(_ config: WorldConfig) -> KeptRun {
  var world = World(config: config)
  let result = world.run()
  return KeptRun(world: world, result: result)
}

/// The checks every topic test ends with: topic conservation and filter
/// accounting, queue conservation, and no message slot leaked (every live
/// slot is a message in some queue).
func expectConserved(
  _ world: borrowing World, _ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation
) {
  for t in world.config.topics {
    #expect(result.value("topic/\(t.name)", "MessagesLost") == 0, sourceLocation: sourceLocation)
    #expect(result.value("topic/\(t.name)", "FilterAccountingErrors") == 0, sourceLocation: sourceLocation)
  }
  for q in world.config.queues {
    #expect(result.value("queue/\(q.name)", "MessagesLost") == 0, sourceLocation: sourceLocation)
  }
  let store = world.kernel.store
  let inQueues = store.liveSlots().filter { store[$0].queue >= 0 }.count
  var sending = 0
  for producer in world.producers.producers {
    let inCalls = producer.calls.indices.filter { !producer.freeCalls.contains(Int32($0)) }
      .reduce(0) { $0 + Int(producer.calls[$1].count) }
    sending += producer.batch.count + producer.waitingByKey.reduce(0) { $0 + $1.count } + inCalls
  }
  #expect(store.liveCount == inQueues + sending, "leaked message slots", sourceLocation: sourceLocation)
}

extension RunResult {
  /// The start (ns) of the first period whose `metric` of `resource` is
  /// `value`, if any.
  func firstPeriod(_ resource: String, _ metric: String, equal value: Double) -> Int64? {
    metrics.first { $0.resource == resource && $0.metric == metric && $0.value == value }?.time
  }

  /// The sum of `metric` of `resource` over every period.
  func periodTotal(_ resource: String, _ metric: String) -> Double {
    metrics.filter { $0.resource == resource && $0.metric == metric }.reduce(0) { $0 + $1.value }
  }
}
