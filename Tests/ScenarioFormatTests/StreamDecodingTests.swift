import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

/// Decoding Kinesis streams and the producers and consumers attached to
/// them. These tests only decode: the model does not run streams yet.
@Suite("Decoding streams, stream producers and stream consumers")
struct StreamDecodingTests {
  static let streamScenario = """
    {
      name: "gps-stream", duration: "10m", seed: 3,
      queues: [{ name: "orders" }],
      streams: [
        { name: "gps", shards: 4, retentionPeriod: "7d" },
        { name: "clicks.v2", mode: "provisioned", shards: 10000, retentionPeriod: "8760h" },
        { name: "audit", shards: 1, retentionPeriod: "24h" },
      ],
      producers: [
        { name: "trucks", target: "stream:gps", arrivals: { rate: 200 }, messageSize: { uniform: ["100B", "1MiB"] },
          batch: { size: 500, window: "200ms" }, apiLatency: "10ms", errorRate: 0.01,
          retry: { maxAttempts: 5, baseDelay: "50ms", maxBackoff: "5s" },
          keys: { count: 1000, prefix: "truck ", distribution: { zipf: 1.1 } } },
        { name: "clicker", target: "stream:clicks.v2", arrivals: { process: "constant", rate: 5 },
          batch: { size: 1 }, keys: { values: ["ü user", "😀", "e\\u0301"] } },
        { name: "auditor", target: "stream:audit", arrivals: { rate: 1 } },
        { name: "web", target: "queue:orders", arrivals: { rate: 1 } },
      ],
      consumers: [
        { name: "tracker", source: "stream:gps", count: 2, processingTime: { exponential: "2ms" },
          apiLatency: { exponential: "20ms" }, maxRecords: 1000, idleTimeBetweenReads: "1s",
          batchProcessingTime: "5ms", initialPosition: "TRIM_HORIZON" },
        { name: "clicks", source: "stream:clicks.v2", maxRecords: 10000, idleTimeBetweenReads: "0s" },
        { name: "audit-reader", source: "stream:audit", count: 1, maxRecords: 1, idleTimeBetweenReads: "1h",
          apiLatency: "0s", initialPosition: "LATEST" },
        { name: "workers", source: "queue:orders", waitTime: "20s" },
      ],
      expect: [
        { resource: "stream/gps", metric: "IncomingRecords", min: 1 },
        { resource: "stream/gps/shardId-000000000003", metric: "IteratorAgeMilliseconds", max: 1000 },
        { resource: "stream/clicks.v2/shardId-000000009999", metric: "OutgoingRecords", min: 0 },
        { resource: "producer/trucks", metric: "RecordsPut", min: 1 },
        { resource: "consumer/tracker", metric: "RecordsUnaccounted", equals: 0 },
        { resource: "producer/web", metric: "NumberOfMessagesSent", min: 1 },
        { resource: "consumer/workers", metric: "MessagesProcessed", min: 1 },
      ],
    }
    """

  @Test("a scenario with streams, stream producers and stream consumers decodes to the expected configuration")
  func fullStreamScenario() throws {
    let scenario = try decodeScenario(Self.streamScenario)
    let world = scenario.world

    var expected = WorldConfig(name: "gps-stream", duration: .seconds(600), seed: 3)
    expected.queues = [QueueConfig(name: "orders")]

    var gps = StreamConfig(name: "gps")
    gps.shards = 4
    gps.retention = .seconds(7 * 86_400)
    var clicks = StreamConfig(name: "clicks.v2")
    clicks.shards = 10_000
    clicks.retention = .seconds(8_760 * 3_600)
    let audit = StreamConfig(name: "audit")
    expected.streams = [gps, clicks, audit]

    var trucks = ProducerConfig(name: "trucks", target: .stream("gps"), arrivals: .poisson(rate: 200))
    trucks.messageSize = .uniform(low: 100, high: 1_048_576)
    trucks.batch = BatchPolicy(size: 500, window: .milliseconds(200))
    trucks.apiLatency = .constant(10e6)
    trucks.errorRate = 0.01
    trucks.retry.maxAttempts = 5
    trucks.retry.baseDelay = .milliseconds(50)
    trucks.retry.maxBackoff = .seconds(5)
    trucks.keys = KeyConfig(names: (0..<1_000).map { "truck \($0)" }, choice: .zipf(exponent: 1.1))
    var clicker = ProducerConfig(name: "clicker", target: .stream("clicks.v2"), arrivals: .constant(rate: 5))
    clicker.batch = BatchPolicy(size: 1, window: .milliseconds(100))
    clicker.apiLatency = defaultAPILatency
    clicker.keys = KeyConfig(names: ["ü user", "😀", "e\u{301}"])
    var auditor = ProducerConfig(name: "auditor", target: .stream("audit"), arrivals: .poisson(rate: 1))
    auditor.apiLatency = defaultAPILatency
    var web = ProducerConfig(name: "web", target: .queue("orders"), arrivals: .poisson(rate: 1))
    web.apiLatency = defaultAPILatency
    expected.producers = [trucks, clicker, auditor, web]

    var tracker = ConsumerConfig(name: "tracker", source: .stream("gps"))
    tracker.count = 2
    tracker.processingTime = .exponential(mean: 2e6)
    tracker.apiLatency = .exponential(mean: 20e6)
    tracker.stream.maxRecords = 1_000
    tracker.stream.idleTimeBetweenReads = .seconds(1)
    tracker.stream.batchProcessingTime = .constant(5e6)
    tracker.stream.initialPosition = .trimHorizon
    var clicksReader = ConsumerConfig(name: "clicks", source: .stream("clicks.v2"))
    clicksReader.apiLatency = defaultAPILatency
    clicksReader.stream.maxRecords = 10_000
    clicksReader.stream.idleTimeBetweenReads = .zero
    var auditReader = ConsumerConfig(name: "audit-reader", source: .stream("audit"))
    auditReader.apiLatency = .constant(0)
    auditReader.stream.maxRecords = 1
    auditReader.stream.idleTimeBetweenReads = .seconds(3_600)
    auditReader.stream.initialPosition = .latest
    var workers = ConsumerConfig(name: "workers", source: .queue("orders"))
    workers.apiLatency = defaultAPILatency
    workers.waitTime = .seconds(20)
    expected.consumers = [tracker, clicksReader, auditReader, workers]

    #expect(world.streams == expected.streams)
    #expect(world.producers == expected.producers)
    #expect(world.consumers == expected.consumers)
    #expect(world == expected)
    #expect(scenario.expectations.map(\.resource) == [
      "stream/gps", "stream/gps/shardId-000000000003", "stream/clicks.v2/shardId-000000009999", "producer/trucks",
      "consumer/tracker", "producer/web", "consumer/workers",
    ])
  }

  @Test("omitted stream, stream producer and stream consumer keys take AWS's and KCL's defaults")
  func defaults() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 2 }],
        producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 } }],
        consumers: [{ name: "c", source: "stream:s" }] }
      """
    ).world
    var stream = StreamConfig(name: "s")
    stream.shards = 2
    #expect(world.streams == [stream])
    #expect(world.streams[0].mode == .provisioned)
    #expect(world.streams[0].retention == .seconds(24 * 3_600))

    let producer = world.producers[0]
    #expect(producer.messageSize == .constant(1_024))
    #expect(producer.batch == nil)
    #expect(producer.keys == nil)
    #expect(producer.apiLatency == defaultAPILatency)
    #expect(producer.retry == RetryPolicy.standard)

    let consumer = world.consumers[0]
    #expect(consumer.count == 1)
    #expect(consumer.processingTime == .constant(0))
    #expect(consumer.apiLatency == defaultAPILatency)
    #expect(consumer.stream == StreamReadSettings())
    #expect(consumer.stream.maxRecords == 10_000)
    #expect(consumer.stream.idleTimeBetweenReads == .milliseconds(1_500))
    #expect(consumer.stream.batchProcessingTime == .constant(0))
    #expect(consumer.stream.initialPosition == .latest)
    #expect(consumer.stream.failoverTime == .seconds(10))
    #expect(consumer.stream.checkpointRecords == nil && consumer.stream.checkpointInterval == nil)
    #expect(consumer.crashRate == 0)
  }

  @Test("a stream producer's aggregation: true for the KPL defaults, or its own figures; perKey PutRecord")
  func aggregationAndDiscipline() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 2 }],
        producers: [
          { name: "a", target: "stream:s", arrivals: { rate: 1 }, aggregation: true },
          { name: "b", target: "stream:s", arrivals: { rate: 1 },
            aggregation: { maxSize: "20KiB", maxBufferedTime: "250ms", collectionMaxCount: 100 } },
          { name: "c", target: "stream:s", arrivals: { rate: 1 }, sendDiscipline: "perKey" },
          { name: "d", target: "stream:s", arrivals: { rate: 1 }, aggregation: false }] }
      """
    ).world
    #expect(world.producers[0].aggregation == AggregationPolicy())
    #expect(world.producers[0].aggregation?.maxSize == 51_200)
    #expect(world.producers[0].aggregation?.maxBufferedTime == .milliseconds(100))
    #expect(world.producers[0].aggregation?.collectionMaxCount == 500)
    var custom = AggregationPolicy()
    custom.maxSize = 20_480
    custom.maxBufferedTime = .milliseconds(250)
    custom.collectionMaxCount = 100
    #expect(world.producers[1].aggregation == custom)
    #expect(world.producers[2].sendDiscipline == .perKey)
    #expect(world.producers[3].aggregation == nil)
  }

  @Test("enhanced fan-out and checkpoint resets; at most 20 enhanced fan-out consumers per stream")
  func fanOutAndResets() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 2 }],
        consumers: [{ name: "c", source: "stream:s", enhancedFanOut: true,
                      resets: [{ at: "3h", to: "1h" }, { at: "5h", to: "5h" }] }] }
      """
    ).world
    #expect(world.consumers[0].stream.enhancedFanOut)
    #expect(
      world.consumers[0].stream.resets == [
        CheckpointReset(at: .seconds(3 * 3_600), to: .seconds(3_600)),
        CheckpointReset(at: .seconds(5 * 3_600), to: .seconds(5 * 3_600)),
      ])
    let many = (0..<21).map { #"{ name: "c\#($0)", source: "stream:s", enhancedFanOut: true }"# }
    #expect(
      errorLines(#"{ streams: [{ name: "s", shards: 1 }], consumers: [\#(many.joined(separator: ", "))] }"#) == [
        "test.json5: consumers[20].enhancedFanOut: stream 's' has more than 20 enhanced fan-out consumers (a stream registers at most 20)"
      ])
    #expect(
      errorLines(#"{ streams: [{ name: "s", shards: 1 }], consumers: [{ name: "c", source: "stream:s", resets: [{ at: "1h", to: "2h" }] }] }"#) == [
        "test.json5: consumers[0].resets[0].to: a reset goes back in time: 'to' must not be after 'at' (1h)"
      ])
  }

  @Test("reshards: UpdateShardCount, SplitShard and MergeShards, checked as AWS would at their times")
  func reshards() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 4, reshards: [
          { at: "10m", updateShardCount: 8 },
          { at: "20m", splitShard: "shardId-000000000004" },
          { at: "30m", mergeShards: ["shardId-000000000012", "shardId-000000000013"] }] }] }
      """
    ).world
    #expect(
      world.streams[0].reshards == [
        Reshard(at: .seconds(600), change: .updateShardCount(target: 8)),
        Reshard(at: .seconds(1_200), change: .split(shard: 4, newStartingHashKey: nil)),
        Reshard(at: .seconds(1_800), change: .merge(shard: 12, adjacentShard: 13)),
      ])
    // 4 + 8 + 2 + 1 shards, ever.
    #expect(world.streams[0].shardSlots == 15)
    let cases: [(String, String)] = [
      (#"[{ at: "1m", updateShardCount: 9 }]"#,
        "test.json5: streams[0].reshards[0].updateShardCount: UpdateShardCount may at most double the 4 open shards (to 8), not go to 9"),
      (#"[{ at: "1m", updateShardCount: 1 }]"#,
        "test.json5: streams[0].reshards[0].updateShardCount: UpdateShardCount may at most halve the 4 open shards (to 2), not go to 1"),
      (#"[{ at: "1m", updateShardCount: 8 }, { at: "1m10s", updateShardCount: 4 }]"#,
        "test.json5: streams[0].reshards[1].at: the stream is still UPDATING from the reshard at 1m for 30s (ResourceInUseException)"),
      (#"[{ at: "1m", mergeShards: ["shardId-000000000000", "shardId-000000000002"] }]"#,
        "test.json5: streams[0].reshards[0].mergeShards: shardId-000000000000 and shardId-000000000002 are not adjacent (MergeShards needs contiguous hash key ranges)"),
      (#"[{ at: "1m", splitShard: "shardId-000000000007" }]"#,
        "test.json5: streams[0].reshards[0].splitShard: shardId-000000000007 is not open"),
      (#"[{ at: "1m", updateShardCount: 8, splitShard: "shardId-000000000000" }]"#,
        "test.json5: streams[0].reshards[0]: a reshard has exactly one of 'updateShardCount', 'splitShard' or 'mergeShards'"),
    ]
    for (reshards, message) in cases {
      #expect(errorLines(#"{ streams: [{ name: "s", shards: 4, reshards: \#(reshards) }] }"#) == [message])
    }
    // At most 10 UpdateShardCount calls in a rolling 24 h.
    let eleven = (0..<11).map { #"{ at: "\#($0 * 10)m", updateShardCount: \#($0 % 2 == 0 ? 8 : 4) }"# }
    #expect(
      errorLines(#"{ streams: [{ name: "s", shards: 4, reshards: [\#(eleven.joined(separator: ", "))] }] }"#) == [
        "test.json5: streams[0].reshards[10].updateShardCount: UpdateShardCount is allowed 10 times per rolling 24 hours"
      ])
  }

  @Test("explicitHashKeys: a decimal hash key per partition key of the producer")
  func explicitHashKeys() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 4 }],
        producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 }, keys: { values: ["a", "b"] },
                      explicitHashKeys: { a: "0", b: "340282366920938463463374607431768211455" } }] }
      """
    ).world
    #expect(world.producers[0].explicitHashKeys == ["a": 0, "b": .max])
    let base = #"{ streams: [{ name: "s", shards: 4 }], producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 }, keys: { values: ["a"] }, explicitHashKeys: EHK }] }"#
    let cases: [(String, String)] = [
      (#"{ c: "1" }"#, "test.json5: producers[0].explicitHashKeys.c: 'c' is not one of this producer's partition keys"),
      (#"{ a: "01" }"#, #"test.json5: producers[0].explicitHashKeys.a: expected a decimal hash key matching 0|([1-9]\d{0,38}) (ExplicitHashKey: no sign, no leading zeros)"#),
      (#"{ a: "340282366920938463463374607431768211456" }"#, "test.json5: producers[0].explicitHashKeys.a: '340282366920938463463374607431768211456' is above the maximum of 340282366920938463463374607431768211455 (hash keys are 0 to 2^128-1)"),
    ]
    for (value, message) in cases {
      #expect(errorLines(base.replacingOccurrences(of: "EHK", with: value)) == [message])
    }
  }

  @Test("a Lambda mapping may read with enhanced fan-out, and counts toward the stream's 20 enhanced fan-out consumers")
  func lambdaFanOut() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 2 }],
        consumers: [{ name: "fn", source: "stream:s", enhancedFanOut: true, lambda: { batchSize: 10 } }] }
      """
    ).world
    #expect(world.consumers[0].stream.enhancedFanOut)
    #expect(world.consumers[0].stream.lambda?.batchSize == 10)
    // 20 KCL applications and a mapping: one too many.
    let many =
      (0..<20).map { #"{ name: "c\#($0)", source: "stream:s", enhancedFanOut: true }"# }
      + [#"{ name: "fn", source: "stream:s", enhancedFanOut: true, lambda: {} }"#]
    #expect(
      errorLines(#"{ streams: [{ name: "s", shards: 1 }], consumers: [\#(many.joined(separator: ", "))] }"#) == [
        "test.json5: consumers[20].enhancedFanOut: stream 's' has more than 20 enhanced fan-out consumers (a stream registers at most 20)"
      ])
  }

  @Test("a Lambda event source mapping on a stream: its keys and bounds; KCL keys refused beside it")
  func lambdaMapping() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 2 }],
        consumers: [{ name: "fn", source: "stream:s", lambda: { batchSize: 500, batchingWindow: "5s",
          parallelizationFactor: 4, duration: "80ms", failureRate: 0.01, maxRetries: 3, maximumRecordAge: "1h",
          bisectBatchOnError: true, onFailureDestination: true } }] }
      """
    ).world
    var mapping = LambdaMapping()
    mapping.batchSize = 500
    mapping.batchingWindow = .seconds(5)
    mapping.parallelizationFactor = 4
    mapping.duration = .constant(80e6)
    mapping.failureRate = 0.01
    mapping.maxRetries = 3
    mapping.maximumRecordAge = .seconds(3_600)
    mapping.bisectBatchOnError = true
    mapping.hasOnFailureDestination = true
    #expect(world.consumers[0].stream.lambda == mapping)
    let base = #"{ streams: [{ name: "s", shards: 2 }], consumers: [{ name: "fn", source: "stream:s", LAMBDA }] }"#
    let cases: [(String, String)] = [
      ("lambda: { batchSize: 10001 }", "test.json5: consumers[0].lambda.batchSize: '10001' is above the maximum of 10000 (BatchSize is 1 to 10,000)"),
      ("lambda: { parallelizationFactor: 11 }", "test.json5: consumers[0].lambda.parallelizationFactor: '11' is above the maximum of 10 (ParallelizationFactor is 1 to 10)"),
      (#"lambda: { batchingWindow: "301s" }"#, "test.json5: consumers[0].lambda.batchingWindow: '301s' is above the maximum of 5m"),
      ("lambda: {}, count: 3", "test.json5: consumers[0].count: 'count' applies to KCL applications, not to a Lambda event source mapping ('lambda')"),
      (#"lambda: {}, apiLatency: "5ms""#, "test.json5: consumers[0].apiLatency: 'apiLatency' applies to KCL applications, not to a Lambda event source mapping ('lambda')"),
    ]
    for (value, message) in cases {
      #expect(errorLines(base.replacingOccurrences(of: "LAMBDA", with: value)) == [message])
    }
  }

  @Test("an on-demand stream starts with 4 shards and may carry its previous peak")
  func onDemand() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", mode: "on-demand", previousPeak: { bytesPerSecond: "3MiB", recordsPerSecond: 2500 } }] }
      """
    ).world
    #expect(world.streams[0].mode == .onDemand)
    #expect(world.streams[0].shards == 4)
    #expect(world.streams[0].previousPeakBytesPerSecond == 3_145_728)
    #expect(world.streams[0].previousPeakRecordsPerSecond == 2_500)
  }

  @Test("a stream application's lease and checkpoint keys, and its crashes")
  func leaseKeys() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 2 }],
        consumers: [{ name: "c", source: "stream:s", failoverTime: "30s", checkpointRecords: 500,
                      checkpointInterval: "1m", crashRate: 2, restartDelay: "45s" }] }
      """
    ).world
    let consumer = world.consumers[0]
    #expect(consumer.stream.failoverTime == .seconds(30))
    #expect(consumer.stream.checkpointRecords == 500)
    #expect(consumer.stream.checkpointInterval == .seconds(60))
    #expect(consumer.crashRate == 2)
    #expect(consumer.restartDelay == .constant(45e9))
  }

  @Test("null is absent, also for a key that does not apply to a stream producer or consumer")
  func nullIsAbsent() throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 1, retentionPeriod: null, mode: null }],
        producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 }, delay: null, attributes: null }],
        consumers: [{ name: "c", source: "stream:s", batchSize: null, maxRecords: null }] }
      """
    ).world
    #expect(world.streams == [StreamConfig(name: "s")])
    #expect(world.consumers[0].stream == StreamReadSettings())
  }

  @Test("partition keys are Unicode strings of 1 to 256 code points, not MessageGroupIds", arguments: [
    String(repeating: "😀", count: 256),  // 256 code points, 1,024 UTF-8 bytes
    String(repeating: "e\u{301}", count: 128),  // 256 code points, 128 characters
    String(repeating: "k", count: 256),
    "a b", "\u{7F}", "ключ",
  ])
  func partitionKeyAccepted(key: String) throws {
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 1 }],
        producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 }, keys: { values: ["\(key)"] } }] }
      """
    ).world
    #expect(world.producers[0].keys?.names == [key])
  }

  @Test("a counted partition key may end exactly at 256 code points")
  func countedPartitionKeys() throws {
    let prefix = String(repeating: "ü", count: 253)
    let world = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 1 }],
        producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 }, keys: { count: 1000, prefix: "\(prefix)" } }] }
      """
    ).world
    #expect(world.producers[0].keys?.names.last == prefix + "999")
    #expect(world.producers[0].keys?.names.last?.unicodeScalars.count == 256)
  }

  @Test("expect names a stream's shards by id, up to its last shard")
  func shardResources() throws {
    let scenario = try decodeScenario(
      """
      { streams: [{ name: "s", shards: 2 }],
        expect: [{ resource: "stream/s/shardId-000000000000", metric: "IncomingRecords", min: 0 },
                 { resource: "stream/s/shardId-000000000001", metric: "IncomingBytes.maxPerSecond", max: 1048576 },
                 { resource: "stream/s", metric: "GetRecords.IteratorAgeMilliseconds", max: 1000 }] }
      """)
    #expect(scenario.expectations.map(\.resource) == [
      "stream/s/shardId-000000000000", "stream/s/shardId-000000000001", "stream/s",
    ])
  }

  @Test("--set streams.NAME.KEY=VALUE overrides a stream by name (dotted names too)")
  func overrides() throws {
    let world = try decodeScenario(
      Self.streamScenario, overrides: ["streams.gps.shards=8", "streams.clicks.v2.retentionPeriod=48h"]
    ).world
    #expect(world.streams[0].shards == 8)
    #expect(world.streams[1].retention == .seconds(48 * 3_600))
    #expect(world.streams[1].shards == 10_000)
    let minimal = #"{ streams: [{ name: "s", shards: 2 }] }"#
    #expect(try decodeScenario(minimal, overrides: ["streams.s.shards=8"]).world.streams[0].shards == 8)
    let consumer = try decodeScenario(Self.streamScenario, overrides: ["consumers.tracker.maxRecords=5"]).world
    #expect(consumer.consumers[0].stream.maxRecords == 5)
  }

  @Test("a --set value out of bounds names the --set argument, the path and the bound", arguments: [
    ("streams.gps.shards=0",
      "--set streams.gps.shards=0: streams[0].shards: '0' is below the minimum of 1 (ShardCount is 1 to 10,000)"),
    ("streams.gps.shards=10001",
      "--set streams.gps.shards=10001: streams[0].shards: '10001' is above the maximum of 10000 (ShardCount is 1 to 10,000)"),
    // The missing key is the stream's problem, which the file wrote.
    ("streams.gps.shards=null",
      "test.json5: streams[0]: missing required key 'shards' (a provisioned stream needs ShardCount, 1 to 10,000)"),
    ("streams.gsp.shards=8",
      "--set streams.gsp.shards=8: no stream named 'gsp' in 'streams' (did you mean 'gps'?)"),
  ])
  func overrideErrors(assignment: String, line: String) {
    #expect(errorLines(Self.streamScenario, overrides: [assignment]) == [line])
  }

  @Test("structural mutations of the stream scenario decode or fail cleanly", arguments: 0..<40)
  func structuralMutations(seed: Int) {
    RobustnessTests().mutateStructure(of: Self.streamScenario, seed: 9_000 + UInt64(seed))
  }
}
