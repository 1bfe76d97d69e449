import SimCore
@testable import SimModels

/// Arrivals at 1 s, 2 s, …, `count` s (a constant process that stops).
func arrivalsEverySecond(count: Int) -> ArrivalProcess {
  .constant(schedule: [
    RateStep(start: .zero, rate: 1), RateStep(start: .seconds(Double(count) + 0.5), rate: 0),
  ])
}

/// One queue `q`, one producer `p` and one consumer `c` (1 long-polling
/// worker, zero latencies), adjusted by the closures.
func simpleWorld(
  duration: Double, arrivals: ArrivalProcess, seed: UInt64 = 1, period: Double = 60,
  queue configureQueue: (inout QueueConfig) -> Void = { _ in },
  producer configureProducer: (inout ProducerConfig) -> Void = { _ in },
  consumer configureConsumer: ((inout ConsumerConfig) -> Void)? = { _ in },
  extraQueues: [QueueConfig] = []
) -> WorldConfig {
  var queue = QueueConfig(name: "q")
  queue.receiveWaitTime = .seconds(20)
  configureQueue(&queue)
  var producer = ProducerConfig(name: "p", target: .queue("q"), arrivals: arrivals)
  configureProducer(&producer)
  var consumers: [ConsumerConfig] = []
  if let configureConsumer {
    var consumer = ConsumerConfig(name: "c", source: .queue("q"))
    configureConsumer(&consumer)
    consumers.append(consumer)
  }
  return WorldConfig(
    name: "test", duration: .seconds(duration), seed: seed, metricsPeriod: .seconds(period),
    queues: [queue] + extraQueues, producers: [producer], consumers: consumers)
}

/// Runs `config` and returns the result.
func run(_ config: WorldConfig) -> RunResult {
  var world = World(config: config)
  return world.run()
}

extension RunResult {
  /// The summary value, or NaN when missing (so comparisons fail loudly).
  func value(_ resource: String, _ metric: String) -> Double {
    summaryValue(resource, metric) ?? .nan
  }

  /// The metrics.csv value of `metric` for `resource` in the period
  /// starting at `time` seconds.
  func periodValue(_ resource: String, _ metric: String, at time: Double) -> Double? {
    metrics.first {
      $0.resource == resource && $0.metric == metric && $0.time == Int64(time * 1e9)
    }?.value
  }
}
