import Testing
import SimCore
@testable import SimModels

/// Builds an M/M/c (or M/G/c) scenario: Poisson producer, `c` long-polling
/// workers with batch size 1, zero API latency.
func queueingWorld(
  lambda: Double, service: Distribution, servers: Int, messages: Double, warmupFraction: Double = 0.1,
  seed: UInt64
) -> WorldConfig {
  let duration = SimDuration.seconds(messages / lambda)
  var queue = QueueConfig(name: "q")
  queue.visibilityTimeout = .seconds(43_200)
  queue.receiveWaitTime = .seconds(20)
  var producer = ProducerConfig(name: "p", target: .queue("q"), arrivals: .poisson(rate: lambda))
  producer.messageSize = .constant(100)
  var consumer = ConsumerConfig(name: "c", source: .queue("q"))
  consumer.count = servers
  consumer.processingTime = service
  return WorldConfig(
    name: "mmc", duration: duration, seed: seed, metricsPeriod: .seconds(60),
    warmup: .seconds(duration.seconds * warmupFraction), queues: [queue], producers: [producer],
    consumers: [consumer])
}

@Suite("Queueing theory validation")
struct QueueingValidationTests {
  @Test("M/M/c mean and p90 queue time match Erlang C", arguments: [(1, 0.8), (8, 0.9)])
  func mmc(servers: Int, rho: Double) {
    let mu = 1.0  // service rate per worker, 1/s
    let lambda = rho * Double(servers) * mu
    let config = queueingWorld(
      lambda: lambda, service: .exponential(mean: 1e9 / mu), servers: servers, messages: 400_000, seed: 7)
    var world = World(config: config)
    let result = world.run()
    let mean = result.summaryValue("queue/q", "QueueTime.mean")!
    let p90 = result.summaryValue("queue/q", "QueueTime.p90")!
    let expectedMean = QueueingTheory.mmcMeanWait(lambda: lambda, mu: mu, c: servers)
    let expectedP90 = QueueingTheory.mmcWaitQuantile(lambda: lambda, mu: mu, c: servers, q: 0.9)
    #expect(abs(mean - expectedMean) / expectedMean < 0.05, "mean \(mean) vs \(expectedMean)")
    #expect(abs(p90 - expectedP90) / expectedP90 < 0.05, "p90 \(p90) vs \(expectedP90)")
    #expect(result.summaryValue("queue/q", "MessagesLost") == 0)
  }
}

@Suite("Queueing theory validation, more")
struct QueueingValidationMoreTests {
  @Test("M/D/1 mean queue time matches Pollaczek–Khinchine")
  func md1() {
    let lambda = 0.5
    let config = queueingWorld(
      lambda: lambda, service: .constant(1e9), servers: 1, messages: 200_000, seed: 3)
    let result = run(config)
    let expected = QueueingTheory.md1MeanWait(lambda: lambda, service: 1)
    let mean = result.value("queue/q", "QueueTime.mean")
    #expect(abs(mean - expected) / expected < 0.05, "mean \(mean) vs P-K \(expected)")
  }

  @Test("Little's law holds on the run's own figures: L = λ·W")
  func littlesLaw() {
    let lambda = 3.6
    let config = queueingWorld(
      lambda: lambda, service: .exponential(mean: 1e9), servers: 4, messages: 200_000, seed: 5)
    let result = run(config)
    let span = config.duration.seconds - config.warmup.seconds
    let measuredLambda = result.value("queue/q", "NumberOfMessagesSent") / span
    let wait = result.value("queue/q", "QueueTime.mean")
    let queueLength = result.value("queue/q", "ApproximateNumberOfMessagesVisible.mean")
    #expect(abs(queueLength - measuredLambda * wait) / queueLength < 0.03,
      "L \(queueLength) vs λW \(measuredLambda * wait)")
    let utilization = result.value("consumer/c", "Utilization")
    #expect(abs(utilization - lambda / 4) < 0.01, "utilization \(utilization)")
  }
}

@Suite("Determinism")
struct DeterminismTests {
  func chaos(seed: UInt64, extraProducer: Bool = false) -> WorldConfig {
    var dlq = QueueConfig(name: "dlq")
    dlq.messageRetention = .seconds(120)
    var config = simpleWorld(
      duration: 900, arrivals: .poisson(rate: 6), seed: seed,
      queue: {
        $0.visibilityTimeout = .seconds(5)
        $0.messageRetention = .seconds(300)
        $0.redrive = RedrivePolicy(deadLetterQueue: "dlq", maxReceiveCount: 3)
        $0.duplicateProbability = 0.01
        $0.inFlightLimit = 50
        $0.receiveWaitTime = .zero
      },
      producer: {
        $0.poisonRate = 0.01
        $0.errorRate = 0.1
        $0.apiLatency = .exponential(mean: 5e6)
        $0.batch = BatchPolicy(size: 10, window: .milliseconds(20))
        $0.messageDelay = .uniform(low: 0, high: 2e9)
      },
      consumer: {
        $0.count = 6
        $0.batchSize = 5
        $0.processingTime = .lognormal(median: 100e6, p99: 8e9)
        $0.apiLatency = .exponential(mean: 5e6)
        $0.failureRate = 0.05
        $0.crashRate = 20
        $0.restartDelay = .constant(10e9)
        $0.deleteMode = .batch
        $0.heartbeat = HeartbeatPolicy(interval: .seconds(2), visibilityTimeout: .seconds(5))
        $0.outages = [Outage(start: .seconds(300), duration: .seconds(200))]
      },
      extraQueues: [dlq])
    if extraProducer {
      config.producers.append(ProducerConfig(name: "other", target: .queue("dlq"), arrivals: .poisson(rate: 5)))
    }
    return config
  }

  @Test("the same scenario and seed give identical results", arguments: [1, 2, 3] as [UInt64])
  func sameSeedSameResult(seed: UInt64) {
    let a = run(chaos(seed: seed))
    let b = run(chaos(seed: seed))
    #expect(a.metrics == b.metrics)
    #expect(a.summary == b.summary)
    #expect(a.events == b.events)
  }

  @Test("nothing is lost under crashes, outages, failures, duplicates, delays and expiry",
    arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func conservation(seed: UInt64) {
    let result = run(chaos(seed: seed))
    #expect(result.value("queue/q", "MessagesLost") == 0, "seed \(seed)")
    #expect(result.value("queue/dlq", "MessagesLost") == 0, "seed \(seed)")
    #expect(result.value("queue/q", "MessagesMovedToDLQ") > 0)
    #expect(result.value("queue/q", "DuplicateDeliveries") > 0)
    #expect(result.value("consumer/c", "Crashes") > 0)
    #expect(result.value("queue/q", "MessagesExpired") > 0)
  }

  @Test("a different seed gives different draws")
  func differentSeed() {
    #expect(run(chaos(seed: 1)).summary != run(chaos(seed: 2)).summary)
  }

  @Test("adding a producer does not change another producer's draws")
  func perEntityStreams() {
    let base = run(chaos(seed: 4))
    let more = run(chaos(seed: 4, extraProducer: true))
    #expect(base.value("producer/p", "MessagesCreated") == more.value("producer/p", "MessagesCreated"))
    #expect(base.value("producer/p", "SendErrors") == more.value("producer/p", "SendErrors"))
  }
}
