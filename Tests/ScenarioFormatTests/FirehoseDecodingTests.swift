import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

/// Decoding Firehose streams and the producers writing to them (Direct
/// PUT), and a decoded scenario running.
@Suite("Decoding Firehose streams and Firehose producers")
struct FirehoseDecodingTests {
  static let firehoseScenario = """
    {
      name: "clicks", duration: "10m", seed: 5, region: "eu-central-1",
      queues: [{ name: "orders" }],
      firehoses: [
        { name: "clicks", bufferSize: "128MiB", bufferInterval: "15m",
          recordsPerSecondLimit: 1000000, putRequestsPerSecondLimit: 4000, bytesPerSecondLimit: "10MiB",
          transform: { latency: { exponential: "50ms" }, failureRate: 0.01, numberOfRetries: 0 },
          destination: { latency: { lognormal: { median: "100ms", p99: "1s" } }, failureRate: 0.05, retryDuration: "2h" } },
        { name: "audit.log_v2", bufferSize: "1MiB", bufferInterval: "0s", transform: {} },
        { name: "defaults" },
      ],
      producers: [
        { name: "web", target: "firehose:clicks", arrivals: { rate: 500 }, messageSize: { uniform: ["100B", "1000KiB"] },
          batch: { size: 500, window: "50ms" }, apiLatency: "10ms", errorRate: 0.01,
          retry: { maxAttempts: 5, baseDelay: "50ms", maxBackoff: "5s" } },
        { name: "auditor", target: "firehose:audit.log_v2", arrivals: { process: "constant", rate: 2 } },
        { name: "shop", target: "queue:orders", arrivals: { rate: 1 } },
      ],
      expect: [
        { resource: "firehose/clicks", metric: "BufferFlushes.size", min: 0 },
        { resource: "firehose/defaults", metric: "RecordsUnaccounted", equals: 0 },
        { resource: "producer/web", metric: "PutRecordBatchCalls", min: 1 },
        { resource: "producer/auditor", metric: "RecordsUnaccounted", equals: 0 },
        { resource: "producer/shop", metric: "NumberOfMessagesSent", min: 1 },
      ],
    }
    """

  @Test("a scenario with Firehose streams and their producers decodes to the expected configuration")
  func fullFirehoseScenario() throws {
    let scenario = try decodeScenario(Self.firehoseScenario)
    let world = scenario.world

    var expected = WorldConfig(name: "clicks", duration: .seconds(600), seed: 5)
    expected.region = "eu-central-1"
    expected.queues = [QueueConfig(name: "orders")]

    var clicks = FirehoseConfig(name: "clicks")
    clicks.bufferSize = 134_217_728
    clicks.bufferInterval = .seconds(900)
    clicks.recordsPerSecondLimit = 1_000_000
    clicks.putRequestsPerSecondLimit = 4_000
    clicks.bytesPerSecondLimit = 10_485_760
    var transform = FirehoseTransform()
    transform.latency = .exponential(mean: 50e6)
    transform.failureRate = 0.01
    transform.numberOfRetries = 0
    clicks.transform = transform
    clicks.destination.latency = .lognormal(median: 100e6, p99: 1e9)
    clicks.destination.failureRate = 0.05
    clicks.destination.retryDuration = .seconds(7_200)
    var audit = FirehoseConfig(name: "audit.log_v2")
    audit.bufferSize = 1_048_576
    audit.bufferInterval = .zero
    audit.transform = FirehoseTransform()
    expected.firehoses = [clicks, audit, FirehoseConfig(name: "defaults")]

    var web = ProducerConfig(name: "web", target: .firehose("clicks"), arrivals: .poisson(rate: 500))
    web.messageSize = .uniform(low: 100, high: 1_024_000)
    web.batch = BatchPolicy(size: 500, window: .milliseconds(50))
    web.apiLatency = .constant(10e6)
    web.errorRate = 0.01
    web.retry.maxAttempts = 5
    web.retry.baseDelay = .milliseconds(50)
    web.retry.maxBackoff = .seconds(5)
    var auditor = ProducerConfig(name: "auditor", target: .firehose("audit.log_v2"), arrivals: .constant(rate: 2))
    auditor.apiLatency = defaultAPILatency
    var shop = ProducerConfig(name: "shop", target: .queue("orders"), arrivals: .poisson(rate: 1))
    shop.apiLatency = defaultAPILatency
    expected.producers = [web, auditor, shop]

    #expect(world.firehoses == expected.firehoses)
    #expect(world.producers == expected.producers)
    #expect(world == expected)
    #expect(world.queueProducers.map(\.name) == ["shop"])
    #expect(scenario.expectations.map(\.resource) == [
      "firehose/clicks", "firehose/defaults", "producer/web", "producer/auditor", "producer/shop",
    ])
  }

  @Test("omitted Firehose keys take AWS's defaults, and the Region sets the Direct PUT quota")
  func defaults() throws {
    let scenario = try decodeScenario(
      #"{ firehoses: [{ name: "f", destination: {} }], producers: [{ name: "p", target: "firehose:f", arrivals: { rate: 1 } }] }"#)
    let firehose = try #require(scenario.world.firehoses.first)
    #expect(firehose == FirehoseConfig(name: "f"))
    #expect(firehose.bufferSize == 5 * 1_048_576)
    #expect(firehose.bufferInterval == .seconds(300))
    #expect(firehose.transform == nil)
    #expect(firehose.destination.latency == .constant(200e6))
    #expect(firehose.destination.failureRate == 0)
    #expect(firehose.destination.retryDuration == .seconds(86_400))
    #expect(
      firehose.directPutQuota(in: scenario.world.region)
        == DirectPutQuota(recordsPerSecond: 500_000, requestsPerSecond: 2_000, bytesPerSecond: 5_242_880))
    #expect(
      firehose.directPutQuota(in: "ap-south-1")
        == DirectPutQuota(recordsPerSecond: 100_000, requestsPerSecond: 1_000, bytesPerSecond: 1_048_576))
    var own = firehose
    own.bytesPerSecondLimit = 1_000
    #expect(own.directPutQuota(in: "us-east-1").bytesPerSecond == 1_000)
    #expect(own.directPutQuota(in: "us-east-1").requestsPerSecond == 2_000)
    let producer = try #require(scenario.world.producers.first)
    #expect(producer.batch == nil)
    #expect(producer.messageSize == .constant(1_024))
    #expect(producer.apiLatency == defaultAPILatency)
  }

  @Test("null Firehose keys are absent; --set reaches a Firehose stream by name")
  func nullsAndOverrides() throws {
    let text = #"{ firehoses: [{ name: "f", bufferSize: null, transform: null }], producers: [{ name: "p", target: "firehose:f", arrivals: { rate: 1 }, batch: null }] }"#
    #expect(try decodeScenario(text).world.firehoses == [FirehoseConfig(name: "f")])
    let overridden = try decodeScenario(
      text, overrides: ["firehoses.f.bufferSize=64MiB", "firehoses.f.destination.failureRate=0.5"])
    #expect(overridden.world.firehoses.first?.bufferSize == 64 * 1_048_576)
    #expect(overridden.world.firehoses.first?.destination.failureRate == 0.5)
    #expect(
      errorLines(text, overrides: ["firehoses.f.bufferInterval=901s"]) == [
        "--set firehoses.f.bufferInterval=901s: firehoses[0].bufferInterval: '901s' is above the maximum of 15m (IntervalInSeconds is 0 s to 900 s)"
      ])
    #expect(
      errorLines(text, overrides: ["firehoses.g.bufferSize=1MiB"]) == [
        "--set firehoses.g.bufferSize=1MiB: no firehose named 'g' in 'firehoses' (did you mean 'f'?)"
      ])
  }

  @Test("a decoded Firehose scenario runs: its producers write, its streams deliver and account for every record")
  func decodedScenarioRuns() throws {
    var scenario = try decodeScenario(Self.firehoseScenario)
    scenario.world.duration = .seconds(60)
    var world = World(config: scenario.world)
    let result = world.run()
    for firehose in ["firehose/clicks", "firehose/audit.log_v2", "firehose/defaults"] {
      #expect(result.summaryValue(firehose, "RecordsUnaccounted") == 0, "\(firehose)")
    }
    for producer in ["producer/web", "producer/auditor"] {
      #expect(result.summaryValue(producer, "RecordsUnaccounted") == 0, "\(producer)")
      #expect((result.summaryValue(producer, "RecordsPut") ?? 0) > 0, "\(producer)")
    }
    // Zero buffering: each of the auditor's calls is its own delivery.
    #expect(
      result.summaryValue("firehose/audit.log_v2", "BufferFlushes.interval")
        == result.summaryValue("firehose/audit.log_v2", "IncomingPutRequests"))
    #expect(result.summaryValue("producer/shop", "NumberOfMessagesSent") != nil)
    #expect(result.summaryValue("producer/shop", "RecordsPut") == nil)
    // Every summary row of these kinds is in the catalogue.
    for row in result.summary where row.resource.hasPrefix("firehose/") {
      #expect(MetricCatalogue.summaryMetrics(for: .firehose).contains(row.metric), "\(row.metric)")
    }
    for row in result.summary where ["producer/web", "producer/auditor"].contains(row.resource) {
      #expect(
        MetricCatalogue.summaryMetrics(for: .producer, .init(firehose: true)).contains(row.metric), "\(row.metric)")
    }
  }

  @Test("an SNS subscription to a Direct PUT Firehose stream decodes, with raw delivery, a filter and a dead-letter queue")
  func topicSubscription() throws {
    let scenario = try decodeScenario(
      """
      { queues: [{ name: "dlq" }],
        topics: [{ name: "t", subscriptions: [
          { firehose: "archive" },
          { firehose: "lake", rawMessageDelivery: true, deadLetterQueue: "dlq", filterPolicy: { kind: ["order"] } },
        ] }],
        firehoses: [{ name: "archive" }, { name: "lake", bufferInterval: "60s" }] }
      """)
    let subscriptions = scenario.world.topics[0].subscriptions
    #expect(subscriptions.map(\.target) == [.firehose("archive"), .firehose("lake")])
    #expect(subscriptions.map(\.rawMessageDelivery) == [false, true])
    #expect(subscriptions[1].deadLetterQueue == "dlq")
    #expect(subscriptions[1].filterPolicy != nil)
    #expect(scenario.world.firehoses.map(\.sourceStream) == [nil, nil])
    // `--set` names a Firehose subscription by its stream.
    let overridden = try decodeScenario(
      """
      { topics: [{ name: "t", subscriptions: [{ firehose: "archive" }] }], firehoses: [{ name: "archive" }] }
      """, overrides: ["topics.t.subscriptions.archive.rawMessageDelivery=true"])
    #expect(overridden.world.topics[0].subscriptions[0].rawMessageDelivery)
  }
}
