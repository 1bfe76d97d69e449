import SimCore
import Testing

@testable import SimModels

/// A world of one stream `s` with `shards` shards, one producer `p` and
/// the given applications reading it (zero latencies unless set).
func streamWorld(
  duration: Double, shards: Int = 1, retention: SimDuration = KinesisLimits.defaultRetention,
  arrivals: ArrivalProcess, seed: UInt64 = 1,
  producer configure: (inout ProducerConfig) -> Void = { _ in },
  apps: [(name: String, configure: (inout ConsumerConfig) -> Void)] = []
) -> WorldConfig {
  var stream = StreamConfig(name: "s")
  stream.shards = shards
  stream.retention = retention
  var producer = ProducerConfig(name: "p", target: .stream("s"), arrivals: arrivals)
  producer.retry.maxAttempts = 1
  configure(&producer)
  let consumers = apps.map { app in
    var c = ConsumerConfig(name: app.name, source: .stream("s"))
    app.configure(&c)
    return c
  }
  var config = WorldConfig(
    name: "stream", duration: .seconds(duration), seed: seed, producers: [producer], consumers: consumers)
  config.streams = [stream]
  return config
}

/// Arrivals at `rate` per second from 0 until `seconds` (a constant
/// process that stops).
func burst(rate: Double, seconds: Double) -> ArrivalProcess {
  .constant(schedule: [RateStep(start: .zero, rate: rate), RateStep(start: .seconds(seconds), rate: 0)])
}

@Suite("Kinesis streams: shard write limits, PutRecords, retention, KCL applications")
struct KinesisStreamTests {
  @Test("a shard takes exactly 1,000 records in a second; the 1,001st is throttled")
  func recordLimitPerSecond() {
    // About 1,800 records, all in second 0 (a constant process: 0.5 ms apart).
    let result = run(streamWorld(duration: 10, arrivals: burst(rate: 2_000, seconds: 0.9)))
    let created = result.value("producer/p", "MessagesCreated")
    #expect(created > 1_700)
    #expect(result.value("stream/s", "IncomingRecords") == 1_000)
    #expect(result.value("stream/s/shardId-000000000000", "IncomingRecords.maxPerSecond") == 1_000)
    #expect(result.value("stream/s", "WriteProvisionedThroughputExceeded") == created - 1_000)
    #expect(result.value("producer/p", "RecordsDropped") == created - 1_000)
    #expect(result.value("producer/p", "RecordsUnaccounted") == 0)
    // PutRecord calls: not counted as PutRecords records.
    #expect(result.value("stream/s", "PutRecords.TotalRecords") == 0)
  }

  @Test("a shard takes exactly 1 MiB in a second, data and partition key together")
  func byteLimitPerSecond() {
    // 2,047 B of data + the 1-byte key "p": 2,048 B, so 512 fill 1 MiB exactly.
    let result = run(
      streamWorld(duration: 10, arrivals: burst(rate: 600, seconds: 0.9)) { $0.messageSize = .constant(2_047) })
    let created = result.value("producer/p", "MessagesCreated")
    #expect(created > 512)
    #expect(result.value("stream/s", "IncomingRecords") == 512)
    #expect(result.value("stream/s", "IncomingBytes") == 1_048_576)
    #expect(result.value("stream/s/shardId-000000000000", "IncomingBytes.maxPerSecond") == 1_048_576)
    #expect(result.value("stream/s", "WriteProvisionedThroughputExceeded") == created - 512)
  }

  @Test("PutRecords succeeds per record: the records beyond the shard's second come back throttled")
  func putRecordsPerRecord() {
    // Calls flushed every 100 ms (the window), all in second 0: the
    // records beyond the shard's 1,000 come back throttled, call by call.
    let result = run(
      streamWorld(duration: 10, arrivals: burst(rate: 1_500, seconds: 0.9)) {
        $0.batch = BatchPolicy(size: 500, window: .milliseconds(100))
      })
    let created = result.value("producer/p", "MessagesCreated")
    #expect(result.value("producer/p", "PutRecordsCalls") >= 3)
    #expect(result.value("producer/p", "PutRecordCalls") == 0)
    #expect(result.value("stream/s", "PutRecords.TotalRecords") == created)
    #expect(result.value("stream/s", "PutRecords.SuccessfulRecords") == 1_000)
    #expect(result.value("stream/s", "PutRecords.ThrottledRecords") == created - 1_000)
    #expect(result.value("producer/p", "RecordsDropped") == created - 1_000)
  }

  @Test("only the throttled records are retried, and the retries land in later seconds")
  func retriesOnlyThrottled() {
    let result = run(
      streamWorld(duration: 30, arrivals: burst(rate: 1_500, seconds: 1)) {
        $0.batch = BatchPolicy(size: 500, window: .seconds(5))
        $0.retry.maxAttempts = 10
        $0.retry.baseDelay = .seconds(1)
        $0.retry.maxBackoff = .seconds(4)
      })
    #expect(result.value("stream/s", "IncomingRecords") == 1_500)
    #expect(result.value("producer/p", "RecordsDropped") == 0)
    // The first three calls put 1,500 records; only retries follow.
    #expect(result.value("stream/s", "PutRecords.TotalRecords") == 1_500 + result.value("producer/p", "RecordsThrottled"))
    #expect(result.value("producer/p", "RecordsUnaccounted") == 0)
  }

  @Test("each key goes to the shard its MD5 hash key falls in (the shard-for layout)")
  func keysRouteByHash() {
    let keys = (0..<50).map { "truck-\($0)" }
    let config = streamWorld(duration: 60, shards: 4, arrivals: .constant(rate: 100)) {
      $0.keys = KeyConfig(names: keys)
    }
    let result = run(config)
    let ranges = ShardLayout.evenSplit(shardCount: 4)
    var perShard = [Int](repeating: 0, count: 4)
    for key in keys { perShard[ShardLayout.shardIndex(forHashKey: MD5.hash128(utf8: key), in: ranges)] += 1 }
    for shard in 0..<4 where perShard[shard] == 0 {
      #expect(result.value("stream/s/\(ShardLayout.shardId(shard))", "IncomingRecords") == 0)
    }
    for shard in 0..<4 where perShard[shard] > 0 {
      #expect(result.value("stream/s/\(ShardLayout.shardId(shard))", "IncomingRecords") > 0)
    }
    #expect(result.value("stream/s", "IncomingRecords") == result.value("producer/p", "MessagesCreated"))
  }

  @Test("an application reads every record once, in key order, from its leases")
  func applicationReadsEverything() {
    let result = run(
      streamWorld(
        duration: 120, shards: 4, arrivals: .poisson(rate: 200),
        producer: { $0.keys = KeyConfig(names: (0..<100).map { "k\($0)" }) },
        apps: [("app", { $0.count = 2; $0.processingTime = .constant(1e6) })]))
    let written = result.value("stream/s", "IncomingRecords")
    #expect(written > 20_000)
    let processed = result.value("consumer/app", "RecordsProcessed")
    #expect(processed > written - 1_000 && processed <= written)
    #expect(result.value("consumer/app", "RecordsUnaccounted") == 0)
    #expect(result.value("consumer/app", "OrderingViolations") == 0)
    #expect(result.value("consumer/app", "WorkersWithLeases") == 2)
    #expect(result.value("consumer/app", "LeasesPerWorker.max") == 2)
    // Polled every 1.5 s: a record waits about 0.75 s for the next call.
    let mean = result.value("consumer/app", "EndToEndLatency.mean")
    #expect(mean > 0.6 && mean < 1.0, "mean \(mean)")
  }

  @Test("more workers than shards: the extra workers hold no lease and stay idle")
  func idleWorkers() {
    let result = run(
      streamWorld(
        duration: 60, shards: 5, arrivals: .poisson(rate: 100),
        producer: { $0.keys = KeyConfig(names: (0..<100).map { "truck-\($0)" }) },
        apps: [("kcl", { $0.count = 8; $0.processingTime = .constant(5e6) })]))
    #expect(result.value("consumer/kcl", "Workers") == 8)
    #expect(result.value("consumer/kcl", "WorkersWithLeases") == 5)
    #expect(result.value("consumer/kcl", "IdleWorkers") == 3)
    #expect(result.value("consumer/kcl", "Utilization") <= 5.0 / 8.0)
  }

  @Test("five applications share a shard's 2 MiB/s and 5 calls/s: reads are throttled; one is not")
  func sharedReadThroughput() {
    func throttles(apps: Int) -> Double {
      let result = run(
        streamWorld(
          duration: 120, arrivals: .constant(rate: 900),
          producer: { $0.messageSize = .constant(1_000) },
          apps: (0..<apps).map { i in ("app\(i)", { (c: inout ConsumerConfig) in c.count = 1 }) }))
      for i in 0..<apps { #expect(result.value("consumer/app\(i)", "RecordsUnaccounted") == 0) }
      return result.value("stream/s", "ReadProvisionedThroughputExceeded")
    }
    #expect(throttles(apps: 1) == 0)
    #expect(throttles(apps: 5) > 0)
  }

  @Test("an application slower than the stream loses what retention trims, and says how much")
  func lostToRetention() {
    // 2 records/s for 26 h into 24 h retention; the application processes
    // one record in 10 s, so after 26 h it is about 24.7 h behind.
    let result = run(
      streamWorld(
        duration: 26 * 3_600, arrivals: .constant(rate: 2),
        apps: [("slow", { $0.processingTime = .constant(10e9); $0.stream.maxRecords = 100 })]))
    let lost = result.value("consumer/slow", "RecordsLostToRetention")
    #expect(lost > 0)
    #expect(result.value("stream/s", "RecordsTrimmed") > 0)
    #expect(result.value("consumer/slow", "RecordsUnaccounted") == 0)
  }

  @Test("dropping records every application has read from memory changes no output", arguments: [false, true])
  func forgettingReadRecordsChangesNothing(withSlowApplication: Bool) {
    var apps: [(name: String, configure: (inout ConsumerConfig) -> Void)] = [
      ("fast", { $0.count = 2; $0.processingTime = .exponential(mean: 1e6) })
    ]
    if withSlowApplication { apps.append(("slow", { $0.processingTime = .constant(200e6); $0.stream.maxRecords = 100 })) }
    let config = streamWorld(
      duration: 3 * 3_600, shards: 3, retention: .seconds(3_600), arrivals: .poisson(rate: 50),
      producer: { $0.keys = KeyConfig(names: (0..<30).map { "k\($0)" }) }, apps: apps)
    var kept = World(config: config)
    kept.forgetsReadRecords = false
    let reference = kept.run()
    var forgetting = World(config: config)
    let result = forgetting.run()
    #expect(result.summary == reference.summary)
    #expect(result.metrics == reference.metrics)
    #expect(result.value("stream/s", "RecordsTrimmed") > 0)
    let held = forgetting.kinesis.shards.reduce(0) { $0 + $1.log.arrival.count }
    let heldKept = kept.kinesis.shards.reduce(0) { $0 + $1.log.arrival.count }
    if withSlowApplication {
      // The slow application still needs what it has not read.
      #expect(result.value("consumer/slow", "RecordsLostToRetention") > 0)
    } else {
      // Memory: only what the application has not yet read, not an hour.
      #expect(held * 10 < heldKept, "held \(held) of \(heldKept)")
    }
  }

  @Test("drawing a batch's arrivals at once gives the records, calls and reads of one event per arrival")
  func drawingBatchesAheadChangesNoOutcome() {
    let config = streamWorld(
      duration: 600, shards: 2, arrivals: .poisson(rate: 1_800),
      producer: {
        $0.keys = KeyConfig(names: (0..<40).map { "k\($0)" })
        $0.batch = BatchPolicy(size: 100, window: .milliseconds(80))
        $0.messageSize = .uniform(low: 100, high: 2_000)
        $0.retry.maxAttempts = 3
        $0.apiLatency = .exponential(mean: 20e6)
      },
      apps: [("app", { $0.count = 2; $0.processingTime = .exponential(mean: 2e5) })])
    var perArrival = World(config: config)
    perArrival.streamProducers.drawsAhead = false
    let reference = perArrival.run()
    var ahead = World(config: config)
    let result = ahead.run()
    #expect(result.value("stream/s", "WriteProvisionedThroughputExceeded") > 0)
    #expect(result.summary == reference.summary)
    // Per period, only the producer's creation counts may move (by at most
    // one window, across a period boundary).
    let others = { (rows: [MetricRow]) in rows.filter { $0.resource != "producer/p" } }
    #expect(others(result.metrics) == others(reference.metrics))
    #expect(ahead.processedEvents * 5 < perArrival.processedEvents)
  }

  /// Four shards, two workers; worker 0 crashes at 60 s and restarts
  /// `restart` later; checkpoints every 2,000 records; 200 records per
  /// GetRecords, so a backlog takes several calls to read.
  func failoverRun(restart: Double, duration: Double = 300, takerRunsOfWorker1: [Double] = []) -> RunResult {
    let config = streamWorld(
      duration: duration, shards: 4, arrivals: .poisson(rate: 400),
      producer: { $0.keys = KeyConfig(names: (0..<64).map { "k\($0)" }) },
      apps: [
        ("kcl", {
          $0.count = 2
          $0.processingTime = .constant(1e6)
          $0.restartDelay = .constant(restart * 1e9)
          $0.stream.checkpointRecords = 2_000
          $0.stream.maxRecords = 200
        })
      ])
    var world = World(config: config)
    world.start()
    world.kernel.schedule(.streamConsumer(.crash(worker: 0, life: 0)), at: 60_000_000_000)
    for t in takerRunsOfWorker1 {
      world.kernel.schedule(.streamConsumer(.takeLeases(worker: 1, life: 0)), at: Int64(t * 1e9))
    }
    return world.runStarted()!
  }

  @Test("a crashed worker's leases are taken after the failover time and replayed from their checkpoints")
  func failover() {
    // Worker 1's lease taker, run 9.9 s after the crash, takes nothing;
    // run 10 s after, it takes both leases.
    let early = failoverRun(restart: 3_600, duration: 70.05, takerRunsOfWorker1: [69.9])
    #expect(early.value("consumer/kcl", "LeasesFailedOver") == 0)
    let due = failoverRun(restart: 3_600, duration: 70.05, takerRunsOfWorker1: [69.9, 70])
    #expect(due.value("consumer/kcl", "LeasesFailedOver") == 2)
    let result = failoverRun(restart: 3_600)
    #expect(result.value("consumer/kcl", "Crashes") == 1)
    #expect(result.value("consumer/kcl", "LeasesFailedOver") == 2)
    #expect(result.value("consumer/kcl", "WorkersWithLeases") == 1)
    #expect(result.value("consumer/kcl", "LeasesPerWorker.max") == 4)
    #expect(result.value("consumer/kcl", "DuplicateRecords") > 0)
    #expect(result.value("consumer/kcl", "OrderingViolations") == 0)
    #expect(result.value("consumer/kcl", "RecordsUnaccounted") == 0)
    // Unread for at least the 10 s failover time (at most 10 s + one 20 s
    // taker interval + the idle time), then read from the checkpoint (up
    // to 2,000 records, 20 s, back) 200 records a call: the iterator-age
    // spike, in the period of the crash and not before.
    let age = { (t: Double) in result.periodValue("stream/s", "GetRecords.IteratorAgeMilliseconds", at: t)! }
    #expect(age(0) < 2_000)
    #expect(age(60) >= 10_000 && age(60) <= 55_000, "iterator age \(age(60)) ms")
    #expect(result.periodValue("consumer/kcl", "MillisBehindLatest", at: 60)! >= 5_000)
    #expect(result.value("consumer/kcl", "EndToEndLatency.max") >= 10)
  }

  @Test("a worker that comes back takes one lease at a time from the loaded worker until they are even")
  func rebalancing() {
    let result = failoverRun(restart: 30)
    #expect(result.value("consumer/kcl", "LeasesStolen") == 2)
    #expect(result.value("consumer/kcl", "WorkersWithLeases") == 2)
    #expect(result.value("consumer/kcl", "LeasesPerWorker.max") == 2)
    #expect(result.value("consumer/kcl", "RecordsUnaccounted") == 0)
  }

  @Test("a record of 1 MiB with its partition key is refused, not sent; 1 MiB minus the key is written")
  func recordSizeCountsTheKey() {
    // Key "p": 1 byte. One record a second.
    let refused = run(streamWorld(duration: 5, arrivals: arrivalsEverySecond(count: 3)) {
      $0.messageSize = .constant(1_048_576)
    })
    #expect(refused.value("producer/p", "MessagesRejected") == 3)
    #expect(refused.value("producer/p", "PutRecordCalls") == 0)
    let fits = run(streamWorld(duration: 5, arrivals: arrivalsEverySecond(count: 3)) {
      $0.messageSize = .constant(1_048_575)
    })
    #expect(fits.value("stream/s", "IncomingRecords") == 3)
    #expect(fits.value("stream/s", "IncomingBytes") == 3 * 1_048_576)
  }

  @Test("the busiest second of a period is that period's: a quiet period after a busy one reports 0")
  func busiestSecondPerPeriod() {
    let result = run(streamWorld(duration: 180, arrivals: burst(rate: 500, seconds: 30)))
    #expect(result.periodValue("stream/s/shardId-000000000000", "IncomingRecords.maxPerSecond", at: 0)! >= 499)
    #expect(result.periodValue("stream/s/shardId-000000000000", "IncomingRecords.maxPerSecond", at: 60) == 0)
    #expect(result.periodValue("stream/s/shardId-000000000000", "IncomingRecords.maxPerSecond", at: 120) == 0)
  }

  @Test("KPL aggregation: user records packed into Kinesis records of at most 51,200 B, counted once by the shard")
  func aggregation() {
    // 5,000 user records/s of 100 B into one shard: 5 times its records/s
    // limit unaggregated. Each 100 ms collection holds ~500 user records,
    // ~53 KB: two Kinesis records.
    let result = run(
      streamWorld(
        duration: 60, arrivals: .poisson(rate: 5_000),
        producer: { $0.messageSize = .constant(100); $0.aggregation = AggregationPolicy() },
        apps: [("app", { $0.count = 1 })]))
    let created = result.value("producer/p", "MessagesCreated")
    let kinesisRecords = result.value("stream/s", "IncomingRecords")
    #expect(result.value("stream/s", "WriteProvisionedThroughputExceeded") == 0)
    #expect(result.value("stream/s", "IncomingUserRecords") == result.value("producer/p", "RecordsPut"))
    #expect(result.value("producer/p", "RecordsPut") > created - 1_000)
    #expect(kinesisRecords >= 15 * 59 && kinesisRecords <= 25 * 60, "\(kinesisRecords) Kinesis records")
    #expect(result.value("producer/p", "KinesisRecordsPut") == kinesisRecords)
    #expect(result.value("stream/s/shardId-000000000000", "IncomingBytes.maxPerSecond") <= 1_048_576)
    #expect(result.value("stream/s", "IncomingBytes") / kinesisRecords <= 51_200)
    #expect(result.value("consumer/app", "RecordsProcessed") > created - 10_000)
    #expect(result.value("consumer/app", "OrderingViolations") == 0)
    #expect(result.value("consumer/app", "RecordsUnaccounted") == 0)
    #expect(result.value("producer/p", "RecordsUnaccounted") == 0)
  }

  @Test("an aggregated record is one record for GetRecords' limit: maxRecords 1 returns all its user records")
  func aggregatedRecordsReadWhole() {
    // 400 user records/s, a collection every 500 ms: two Kinesis records of
    // ~200 user records a second, read one per call, 4 calls a second.
    var policy = AggregationPolicy()
    policy.maxBufferedTime = .milliseconds(500)
    let result = run(
      streamWorld(
        duration: 30, arrivals: .constant(rate: 400),
        producer: { $0.messageSize = .constant(100); $0.aggregation = policy },
        apps: [("app", { $0.count = 1; $0.stream.maxRecords = 1; $0.stream.idleTimeBetweenReads = .milliseconds(250) })]))
    #expect(result.value("consumer/app", "RecordsProcessed") > 400 * 28)
    #expect(result.value("stream/s", "GetRecords.Records") <= 61)
    #expect(result.value("stream/s", "ReadProvisionedThroughputExceeded") == 0)
  }

  @Test("enhanced fan-out pushes records about 70 ms after they arrive; polling waits for the next call")
  func enhancedFanOutLatency() {
    func mean(fanOut: Bool) -> Double {
      let result = run(
        streamWorld(
          duration: 300, arrivals: .poisson(rate: 100),
          apps: [("app", { $0.stream.enhancedFanOut = fanOut })]))
      #expect(result.value("consumer/app", "RecordsUnaccounted") == 0)
      return result.value("consumer/app", "EndToEndLatency.mean")
    }
    let pushed = mean(fanOut: true)
    let polled = mean(fanOut: false)
    #expect(pushed > 0.055 && pushed < 0.085, "pushed \(pushed) s")
    #expect(polled > 0.6 && polled < 0.9, "polled \(polled) s")
  }

  @Test("CloudWatch's names: SubscribeToShardEvent.MillisBehindLatest for enhanced fan-out applications only, PutRecords.Records as SuccessfulRecords")
  func cloudWatchNames() {
    let result = run(
      streamWorld(
        duration: 120, arrivals: .poisson(rate: 200),
        producer: { $0.batch = BatchPolicy(size: 100, window: .milliseconds(200)) },
        apps: [("efo", { $0.stream.enhancedFanOut = true }), ("poll", { _ in })]))
    let lag = result.value("consumer/efo", "MillisBehindLatest.max")
    #expect(lag > 0)
    #expect(result.value("consumer/efo", "SubscribeToShardEvent.MillisBehindLatest.max") == lag)
    #expect(result.value("consumer/poll", "SubscribeToShardEvent.MillisBehindLatest.max").isNaN)
    let periods = result.metrics.filter { $0.resource == "consumer/efo" && $0.metric == "SubscribeToShardEvent.MillisBehindLatest" }
    #expect(periods.count == 2)
    #expect(!result.metrics.contains { $0.resource == "consumer/poll" && $0.metric == "SubscribeToShardEvent.MillisBehindLatest" })
    let written = result.value("stream/s", "PutRecords.SuccessfulRecords")
    #expect(written > 20_000)
    #expect(result.value("stream/s", "PutRecords.Records") == written)
    #expect(result.periodTotal("stream/s", "PutRecords.Records") == result.periodTotal("stream/s", "PutRecords.SuccessfulRecords"))
  }

  @Test("five enhanced fan-out consumers each read a shard at 2 MiB/s: no read throttling, unlike five polling ones")
  func fanOutThroughput() {
    func run(fanOut: Bool) -> RunResult {
      KinesisStreamTests.runApps(count: 5, fanOut: fanOut)
    }
    let pushed = run(fanOut: true)
    let polled = run(fanOut: false)
    #expect(pushed.value("stream/s", "ReadProvisionedThroughputExceeded") == 0)
    #expect(polled.value("stream/s", "ReadProvisionedThroughputExceeded") > 100)
    for i in 0..<5 {
      #expect(pushed.value("consumer/app\(i)", "RecordsUnaccounted") == 0)
      #expect(pushed.value("consumer/app\(i)", "EndToEndLatency.p99") < 0.5)
    }
  }

  /// `count` applications on one shard written at ~900 KB/s.
  static func runApps(count: Int, fanOut: Bool) -> RunResult {
    SimModelsTests.run(
      streamWorld(
        duration: 120, arrivals: .constant(rate: 900), producer: { $0.messageSize = .constant(1_000) },
        apps: (0..<count).map { i in ("app\(i)", { (c: inout ConsumerConfig) in c.stream.enhancedFanOut = fanOut }) }))
  }

  @Test("a checkpoint reset to a timestamp re-reads what was processed since, counted as replayed, not lost")
  func replayAfterReset() {
    // 10 records/s; at 3 h the application goes back to 1 h: two hours,
    // about 72,000 records, read again.
    let result = run(
      streamWorld(
        duration: 4 * 3_600, shards: 2, arrivals: .constant(rate: 10),
        producer: { $0.keys = KeyConfig(names: (0..<20).map { "k\($0)" }) },
        apps: [("app", { $0.stream.resets = [CheckpointReset(at: .seconds(3 * 3_600), to: .seconds(3_600))] })]))
    let replayed = result.value("consumer/app", "RecordsReplayed")
    #expect(replayed > 71_000 && replayed < 73_000, "replayed \(replayed)")
    #expect(result.value("consumer/app", "CheckpointResets") == 1)
    #expect(result.value("consumer/app", "DuplicateRecords") == 0)
    #expect(result.value("consumer/app", "OrderingViolations") == 0)
    #expect(result.value("consumer/app", "RecordsUnaccounted") == 0)
    #expect(result.value("consumer/app", "RecordsProcessed") > 144_000 + 71_000)
  }

  @Test("an enhanced fan-out application reset while it waits for a push re-reads once, with one chain of events")
  func replayAfterResetWithFanOut() {
    // Writes every 0.1 s, exactly on the reset's instant too: the write
    // after the reset finds the lease still waiting for a push unless the
    // reset's stop cleared that, and a second chain of events then took
    // batches while one was processing.
    let result = run(
      streamWorld(
        duration: 4 * 3_600, shards: 2, arrivals: .constant(rate: 10),
        producer: { $0.keys = KeyConfig(names: (0..<20).map { "k\($0)" }) },
        apps: [
          ("app", {
            $0.stream.enhancedFanOut = true
            $0.processingTime = .constant(1e6)
            $0.stream.resets = [CheckpointReset(at: .seconds(3 * 3_600), to: .seconds(3_600))]
          })
        ]))
    let replayed = result.value("consumer/app", "RecordsReplayed")
    #expect(replayed > 71_000 && replayed < 73_000, "replayed \(replayed)")
    #expect(result.value("consumer/app", "DuplicateRecords") == 0)
    #expect(result.value("consumer/app", "OrderingViolations") == 0)
    #expect(result.value("consumer/app", "RecordsUnaccounted") == 0)
    let processed = result.value("consumer/app", "RecordsProcessed")
    #expect(processed > 144_000 + 71_000 && processed < 144_000 + 73_000, "processed \(processed)")
  }

  @Test("a reshard from 4 to 8 shards under load: parents close and are read to their end before their children")
  func reshardKeepsKeyOrder() {
    var config = streamWorld(
      duration: 1_200, shards: 4, arrivals: .poisson(rate: 3_000),
      producer: {
        $0.keys = KeyConfig(names: (0..<200).map { "k\($0)" })
        $0.messageSize = .constant(200)
        $0.batch = BatchPolicy(size: 500, window: .milliseconds(100))
      },
      // Lease takers every 0.4 s: children are taken while their parents
      // still hold unread records. An enhanced fan-out application too.
      apps: [
        ("app", { $0.count = 4; $0.stream.failoverTime = .milliseconds(200) }),
        ("efo", { $0.count = 4; $0.stream.enhancedFanOut = true }),
      ])
    config.streams[0].reshards = [Reshard(at: .seconds(600), change: .updateShardCount(target: 8))]
    let result = run(config)
    #expect(result.value("stream/s", "OpenShards") == 8)
    #expect(result.value("stream/s", "WriteProvisionedThroughputExceeded") == 0)
    // The parents (0-3) took no writes after the reshard; the children (4-11) did.
    #expect(result.periodValue("stream/s/shardId-000000000000", "IncomingRecords", at: 660) == 0)
    for child in 4..<12 {
      #expect(result.value("stream/s/\(ShardLayout.shardId(child))", "IncomingRecords") > 10_000)
    }
    for app in ["app", "efo"] {
      #expect(result.value("consumer/\(app)", "OrderingViolations") == 0)
      #expect(result.value("consumer/\(app)", "RecordsUnaccounted") == 0)
      // The children are read too: little is left unread at the end.
      #expect(result.value("consumer/\(app)", "RecordsPending") < 10_000, "\(app)")
    }
    #expect(result.value("producer/p", "RecordsUnaccounted") == 0)
    #expect(result.events.contains { $0.event == "ReshardCompleted" && $0.time == 630_000_000_000 })
  }

  @Test("on-demand: busy shards split after 15 minutes; capacity is twice the previous peak, 15 minutes late")
  func onDemandAdapts() {
    // 3,000 records/s of 1,000 B: 750 KB/s a shard, above 500 KB/s, so
    // each of the 4 shards splits 15 minutes after its first busy minute
    // ends (16 min). At 20 min, 7,000 records/s: 7 MB/s, more than twice
    // the previous peak (~3.1 MB/s) but within 8 shards' 8 MiB/s: throttled
    // until the 20th minute's peak counts, at 36 min.
    var config = streamWorld(
      duration: 45 * 60,
      arrivals: .poisson(schedule: [RateStep(start: .zero, rate: 3_000), RateStep(start: .seconds(1_200), rate: 7_000)]),
      producer: {
        $0.keys = KeyConfig(names: (0..<1_000).map { "k\($0)" })
        $0.messageSize = .constant(990)
        $0.batch = BatchPolicy(size: 500, window: .milliseconds(100))
      },
      apps: [("app", { $0.count = 4 })])
    config.streams[0].mode = .onDemand
    config.streams[0].shards = 4
    let result = run(config)
    let splits = result.events.filter { $0.event == "OnDemandSplit" }
    // The 4 first shards at 16 min; at 7 MB/s their 8 children (875 KB/s
    // each) split in turn, 15 minutes after their first busy minute.
    #expect(splits.filter { $0.time == 960_000_000_000 }.count == 4)
    #expect(splits.filter { $0.time < 960_000_000_000 }.isEmpty)
    #expect(splits.filter { $0.time > 960_000_000_000 }.allSatisfy { $0.time >= 36 * 60_000_000_000 })
    let throttled = { (t: Double) in result.periodValue("stream/s", "WriteProvisionedThroughputExceeded", at: t)! }
    #expect(throttled(19 * 60) == 0)
    #expect(throttled(21 * 60) > 10_000)
    #expect(throttled(34 * 60) > 10_000)
    #expect(throttled(37 * 60) == 0)
    #expect(throttled(44 * 60) == 0)
    #expect(result.value("stream/s", "OpenShards") >= 8)
    #expect(result.value("consumer/app", "RecordsUnaccounted") == 0)
    #expect(result.value("producer/p", "RecordsUnaccounted") == 0)
  }

  @Test("an ExplicitHashKey places a key's records by it, not by the key's MD5")
  func explicitHashKeys() {
    // MD5 puts "a" on shard 0 and "user-42" on shard 1 of 4 (docs/model.md §8.4).
    let result = run(
      streamWorld(
        duration: 60, shards: 4, arrivals: .constant(rate: 10),
        producer: {
          $0.keys = KeyConfig(names: ["a", "user-42"])
          $0.explicitHashKeys = ["a": 170_141_183_460_469_231_731_687_303_715_884_105_728, "user-42": .max]
        }))
    #expect(result.value("stream/s/shardId-000000000000", "IncomingRecords") == 0)
    #expect(result.value("stream/s/shardId-000000000001", "IncomingRecords") == 0)
    #expect(result.value("stream/s/shardId-000000000002", "IncomingRecords") > 200)
    #expect(result.value("stream/s/shardId-000000000003", "IncomingRecords") > 200)
  }

  @Test("a Lambda mapping: batches of batchSize per invocation, keys in order over parallel groups, failures retried then given up")
  func lambdaMapping() {
    func run(_ configure: @escaping (inout LambdaMapping) -> Void) -> RunResult {
      SimModelsTests.run(
        streamWorld(
          duration: 600, shards: 2, arrivals: .poisson(rate: 400),
          producer: { $0.keys = KeyConfig(names: (0..<100).map { "k\($0)" }) },
          apps: [("fn", { c in
            var mapping = LambdaMapping()
            configure(&mapping)
            c.stream.lambda = mapping
          })]))
    }
    // 200 records/s a shard, polled each second: two invocations of 100
    // a second and shard, about 4 a second in all.
    let plain = run { $0.duration = .constant(50e6) }
    let processed = plain.value("consumer/fn", "RecordsProcessed")
    #expect(processed > 230_000)
    let invocations = plain.value("consumer/fn", "Invocations")
    #expect(invocations >= processed / 100 && invocations < processed / 100 + 2_500, "\(invocations)")
    #expect(plain.value("consumer/fn", "OrderingViolations") == 0)
    #expect(plain.value("consumer/fn", "RecordsUnaccounted") == 0)
    // 0.4 s per invocation: one group per shard is busy 0.8 s a second;
    // four groups bring the latency down, and keep keys in order.
    let slow = run { $0.duration = .constant(400e6) }
    let parallel = run { $0.duration = .constant(400e6); $0.parallelizationFactor = 4 }
    #expect(parallel.value("consumer/fn", "EndToEndLatency.p50") < slow.value("consumer/fn", "EndToEndLatency.p50"))
    #expect(parallel.value("consumer/fn", "OrderingViolations") == 0)
    #expect(parallel.value("consumer/fn", "RecordsUnaccounted") == 0)
    // Failing invocations: retried twice, bisected, then given up to the
    // on-failure destination; everything accounted for.
    let failing = run {
      $0.failureRate = 0.3
      $0.maxRetries = 2
      $0.bisectBatchOnError = true
      $0.hasOnFailureDestination = true
    }
    #expect(failing.value("consumer/fn", "Errors") > 100)
    #expect(failing.value("consumer/fn", "RecordsSentToOnFailure") > 0)
    #expect(failing.value("consumer/fn", "RecordsDiscarded") == 0)
    #expect(failing.value("consumer/fn", "RecordsUnaccounted") == 0)
  }

  @Test("AT_TIMESTAMP: records that arrived before the timestamp are not read, and are accounted for")
  func atTimestamp() {
    let result = run(
      streamWorld(
        duration: 120, arrivals: .constant(rate: 10),
        apps: [("late", { $0.stream.initialPosition = .atTimestamp; $0.stream.initialTimestamp = .seconds(60) })]))
    let processed = result.value("consumer/late", "RecordsProcessed")
    #expect(processed > 570 && processed <= 600, "\(processed)")
    #expect(result.value("consumer/late", "RecordsUnaccounted") == 0)
    #expect(result.value("stream/s", "IncomingRecords") > 1_190)
  }
}
