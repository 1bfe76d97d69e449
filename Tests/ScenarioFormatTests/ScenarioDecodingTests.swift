import Foundation
import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

@Suite("Decoding valid scenarios")
struct ScenarioDecodingTests {
  static let fullScenario = """
    // Every key, with non-default values.
    {
      name: "full-example",
      duration: "2h",
      seed: 42,
      metricsPeriod: "30s",
      warmup: "10m",
      queues: [
        { name: "orders", type: "standard", visibilityTimeout: "45s", messageRetention: "2d",
          delay: "5s", receiveWaitTime: "20s", maxMessageSize: "256KiB",
          redrive: { deadLetterQueue: "orders-dlq", maxReceiveCount: 5 },
          inFlightLimit: 1000, shortPolling: { servers: 4, sampleProbability: 0.25 },
          duplicateProbability: 0.01 },
        { name: "orders-dlq", messageRetention: "14d" },
        { name: "gps.fifo", type: "fifo", delay: "2s" },
      ],
      producers: [
        { name: "web", target: "queue:orders",
          arrivals: { process: "constant", schedule: [{ at: "10m", rate: 100 }, { at: "30m", rate: 2000.5 }] },
          messageSize: { uniform: ["1KiB", "2KiB"] },
          batch: { size: 10, window: "50ms" },
          delay: { exponential: "1s" },
          apiLatency: { lognormal: { median: "8ms", p99: "40ms" } },
          errorRate: 0.001, poisonRate: 0.02,
          retry: { maxAttempts: 5, baseDelay: "50ms", maxBackoff: "5s" } },
        { name: "trucks", target: "queue:gps.fifo", arrivals: { rate: 7.5 }, messageSize: "512B" },
      ],
      consumers: [
        { name: "workers", source: "queue:orders", count: 12, batchSize: 10, waitTime: "10s",
          visibilityTimeout: "60s", processingTime: { normal: { mean: "200ms", stddev: "50ms" } },
          apiLatency: "5ms", emptyReceiveDelay: "1s", deleteMode: "batch", failureRate: 0.01,
          crashRate: 0.5, restartDelay: "1m", heartbeat: { interval: "15s", visibilityTimeout: "2m" },
          outages: [{ at: "20m", for: "5m" }, { at: "25m", for: "1m" }] },
        { name: "trackers", source: "queue:gps.fifo", heartbeat: true, apiLatency: "1ms" },
      ],
      expect: [
        { resource: "queue/orders", metric: "MessagesLost", equals: 0 },
        { resource: "consumer/workers", metric: "ApiCallsPerMessage", min: 0.5, max: 2.5, tolerance: 0.01 },
        { resource: "producer/web", metric: "NumberOfMessagesSent", min: 1 },
      ],
    }
    """

  static func expectedWorld() -> WorldConfig {
    var orders = QueueConfig(name: "orders")
    orders.visibilityTimeout = .seconds(45)
    orders.messageRetention = .seconds(172_800)
    orders.delay = .seconds(5)
    orders.receiveWaitTime = .seconds(20)
    orders.maxMessageSize = 262_144
    orders.redrive = RedrivePolicy(deadLetterQueue: "orders-dlq", maxReceiveCount: 5)
    orders.inFlightLimit = 1000
    orders.shortPollServers = 4
    orders.shortPollSampleProbability = 0.25
    orders.duplicateProbability = 0.01
    var dlq = QueueConfig(name: "orders-dlq")
    dlq.messageRetention = .seconds(1_209_600)
    var gps = QueueConfig(name: "gps.fifo")
    gps.isFIFO = true
    gps.delay = .seconds(2)

    var web = ProducerConfig(
      name: "web", target: .queue("orders"),
      arrivals: .constant(schedule: [
        RateStep(start: .zero, rate: 0),
        RateStep(start: SimTime(nanoseconds: 600_000_000_000), rate: 100),
        RateStep(start: SimTime(nanoseconds: 1_800_000_000_000), rate: 2000.5),
      ]))
    web.messageSize = .uniform(low: 1024, high: 2048)
    web.batch = BatchPolicy(size: 10, window: .milliseconds(50))
    web.messageDelay = .exponential(mean: 1e9)
    web.apiLatency = .lognormal(median: 8e6, p99: 40e6)
    web.errorRate = 0.001
    web.poisonRate = 0.02
    web.retry.maxAttempts = 5
    web.retry.baseDelay = .milliseconds(50)
    web.retry.maxBackoff = .seconds(5)
    var trucks = ProducerConfig(name: "trucks", target: .queue("gps.fifo"), arrivals: .poisson(rate: 7.5))
    trucks.messageSize = .constant(512)
    trucks.apiLatency = defaultAPILatency

    var workers = ConsumerConfig(name: "workers", source: .queue("orders"))
    workers.count = 12
    workers.batchSize = 10
    workers.waitTime = .seconds(10)
    workers.visibilityTimeout = .seconds(60)
    workers.processingTime = .normal(mean: 200e6, stddev: 50e6)
    workers.apiLatency = .constant(5e6)
    workers.emptyReceiveDelay = .seconds(1)
    workers.deleteMode = .batch
    workers.failureRate = 0.01
    workers.crashRate = 0.5
    workers.restartDelay = .constant(60e9)
    workers.heartbeat = HeartbeatPolicy(interval: .seconds(15), visibilityTimeout: .seconds(120))
    workers.outages = [
      Outage(start: SimTime(nanoseconds: 1_200_000_000_000), duration: .seconds(300)),
      Outage(start: SimTime(nanoseconds: 1_500_000_000_000), duration: .seconds(60)),
    ]
    var trackers = ConsumerConfig(name: "trackers", source: .queue("gps.fifo"))
    trackers.heartbeat = HeartbeatPolicy(interval: .seconds(15), visibilityTimeout: .seconds(30))
    trackers.apiLatency = .constant(1e6)

    return WorldConfig(
      name: "full-example", duration: .seconds(7_200), seed: 42, metricsPeriod: .seconds(30),
      warmup: .seconds(600), queues: [orders, dlq, gps], producers: [web, trucks],
      consumers: [workers, trackers])
  }

  @Test("a scenario using every key decodes to the expected configuration")
  func fullScenario() throws {
    let scenario = try decodeScenario(Self.fullScenario)
    let expected = Self.expectedWorld()
    #expect(scenario.world.queues == expected.queues)
    #expect(scenario.world.producers == expected.producers)
    #expect(scenario.world.consumers == expected.consumers)
    #expect(scenario.world == expected)
    var latency = Expectation(resource: "consumer/workers", metric: "ApiCallsPerMessage", min: 0.5, max: 2.5)
    latency.tolerance = 0.01
    #expect(
      scenario.expectations == [
        Expectation(resource: "queue/orders", metric: "MessagesLost", equals: 0),
        latency,
        Expectation(resource: "producer/web", metric: "NumberOfMessagesSent", min: 1),
      ])
  }

  @Test("omitted keys take AWS's and the contract's defaults")
  func defaults() throws {
    let scenario = try decodeScenario(
      """
      {
        queues: [{ name: "orders" }],
        producers: [{ name: "web", target: "queue:orders", arrivals: { rate: 10 } }],
        consumers: [{ name: "workers", source: "queue:orders", waitTime: "20s" }],
      }
      """, file: "some/dir/my-scenario.json5")
    let world = scenario.world
    #expect(world.name == "my-scenario")
    #expect(world.duration == .seconds(3_600))
    #expect(world.seed == 1)
    #expect(world.metricsPeriod == .seconds(60))
    #expect(world.warmup == .zero)
    #expect(world.queues == [QueueConfig(name: "orders")])
    let queue = world.queues[0]
    #expect(queue.visibilityTimeout == .seconds(30))
    #expect(queue.messageRetention == .seconds(345_600))
    #expect(queue.maxMessageSize == 1_048_576)
    #expect(queue.redrive == nil)
    #expect(queue.inFlightLimit == 120_000)
    var web = ProducerConfig(name: "web", target: .queue("orders"), arrivals: .poisson(rate: 10))
    web.apiLatency = defaultAPILatency  // lognormal, median 5 ms, p99 20 ms
    #expect(world.producers == [web])
    #expect(world.producers[0].messageSize == .constant(1024))
    #expect(world.producers[0].messageDelay == nil)
    #expect(world.producers[0].batch == nil)
    var consumer = ConsumerConfig(name: "workers", source: .queue("orders"))
    consumer.waitTime = .seconds(20)
    consumer.apiLatency = defaultAPILatency
    #expect(world.consumers == [consumer])
    #expect(world.consumers[0].restartDelay == .constant(30e9))
    #expect(scenario.expectations.isEmpty)
  }

  @Test("an empty scenario object is valid")
  func emptyObject() throws {
    let scenario = try decodeScenario("{}", file: "empty.json")
    #expect(scenario.world == WorldConfig(name: "empty", duration: .seconds(3_600)))
  }

  @Test("plain JSON is accepted too")
  func plainJSON() throws {
    let scenario = try decodeScenario(#"{"name": "plain", "queues": [{"name": "q"}], "seed": 7}"#)
    #expect(scenario.world.name == "plain")
    #expect(scenario.world.seed == 7)
  }

  @Test("JSON5 syntax: comments, single quotes, trailing commas, hex, + and leading dots")
  func json5Syntax() throws {
    let scenario = try decodeScenario(
      """
      /* block */ {
        'name': 'json5', // line comment
        seed: 0x2A,
        queues: [{ name: "q", duplicateProbability: .5, inFlightLimit: +10, },],
      }
      """)
    #expect(scenario.world.seed == 42)
    #expect(scenario.world.queues[0].duplicateProbability == 0.5)
    #expect(scenario.world.queues[0].inFlightLimit == 10)
  }

  @Test("null means the default")
  func nullIsAbsent() throws {
    let scenario = try decodeScenario(
      "{ seed: null, queues: [{ name: 'q', visibilityTimeout: null }] }")
    #expect(scenario.world.seed == 1)
    #expect(scenario.world.queues[0].visibilityTimeout == .seconds(30))
  }

  @Test("heartbeat defaults follow the consumer's, else the queue's, visibility timeout")
  func heartbeatDefaults() throws {
    let scenario = try decodeScenario(
      """
      { queues: [{ name: "q", visibilityTimeout: "40s", receiveWaitTime: "20s" }],
        consumers: [
          { name: "a", source: "queue:q", heartbeat: true },
          { name: "b", source: "queue:q", visibilityTimeout: "2m", heartbeat: true },
          { name: "c", source: "queue:q", heartbeat: { interval: "5s" } },
          { name: "d", source: "queue:q", heartbeat: { visibilityTimeout: "10s" } },
          { name: "e", source: "queue:q", heartbeat: false },
        ] }
      """)
    #expect(
      scenario.world.consumers.map(\.heartbeat) == [
        HeartbeatPolicy(interval: .seconds(20), visibilityTimeout: .seconds(40)),
        HeartbeatPolicy(interval: .seconds(60), visibilityTimeout: .seconds(120)),
        HeartbeatPolicy(interval: .seconds(5), visibilityTimeout: .seconds(40)),
        HeartbeatPolicy(interval: .seconds(5), visibilityTimeout: .seconds(10)),
        nil,
      ])
  }

  @Test("distributions of durations and sizes are stored in nanoseconds and bytes")
  func distributions() throws {
    let scenario = try decodeScenario(
      """
      { queues: [{ name: "q" }],
        producers: [{ name: "p", target: "queue:q", arrivals: { rate: 1 },
                      messageSize: { normal: { mean: "1KiB", stddev: "100B" } },
                      apiLatency: { uniform: ["1ms", "3ms"] } }],
        consumers: [{ name: "c", source: "queue:q", apiLatency: { exponential: "2ms" },
                      processingTime: "1.5s", restartDelay: { lognormal: { median: "10s", p99: "1m" } } }] }
      """)
    let producer = scenario.world.producers[0]
    #expect(producer.messageSize == .normal(mean: 1024, stddev: 100))
    #expect(producer.apiLatency == .uniform(low: 1e6, high: 3e6))
    let consumer = scenario.world.consumers[0]
    #expect(consumer.apiLatency == .exponential(mean: 2e6))
    #expect(consumer.processingTime == .constant(1.5e9))
    #expect(consumer.restartDelay == .lognormal(median: 10e9, p99: 60e9))
  }

  @Test("a schedule starting at zero gets no extra step")
  func scheduleFromZero() throws {
    let scenario = try decodeScenario(
      """
      { queues: [{ name: "q" }],
        producers: [{ name: "p", target: "queue:q",
                      arrivals: { schedule: [{ at: "0s", rate: 5 }, { at: "1m", rate: 0 }] } }] }
      """)
    #expect(
      scenario.world.producers[0].arrivals
        == .poisson(schedule: [
          RateStep(start: .zero, rate: 5), RateStep(start: SimTime(nanoseconds: 60_000_000_000), rate: 0),
        ]))
  }

  @Test("the bundled scenarios load", arguments: bundledScenarios())
  func bundled(path: String) throws {
    let scenario = try ScenarioLoader.load(path: path)
    #expect(!scenario.world.name.isEmpty)
  }

  static func bundledScenarios() -> [String] {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".json5") || $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
  }

  @Test("load reports a missing file and a directory at file level")
  func loadErrors() throws {
    #expect(throws: ScenarioError(file: "/nonexistent/x.json5", message: "cannot read the file: no such file")) {
      try ScenarioLoader.load(path: "/nonexistent/x.json5")
    }
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    #expect(throws: ScenarioError(file: directory.path, message: "cannot read the file: it is a directory")) {
      try ScenarioLoader.load(path: directory.path)
    }
  }

  @Test("load resolves CSV files next to the scenario")
  func loadResolvesRelativeFiles() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("latency.csv", "5ms\n7ms\n")
    try directory.write(
      "s.json5",
      "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, apiLatency: { empirical: 'latency.csv' } }] }"
    )
    let scenario = try ScenarioLoader.load(path: directory.path + "/s.json5")
    #expect(scenario.world.name == "s")
    #expect(scenario.world.producers[0].apiLatency == .empirical(sortedSamples: [5e6, 7e6]))
  }
}
