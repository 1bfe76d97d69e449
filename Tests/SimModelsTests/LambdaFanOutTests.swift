import SimCore
import Testing

@testable import SimModels

/// A Lambda event source mapping `fn` with `configure` applied, reading
/// through a registered stream consumer (enhanced fan-out) when `fanOut`.
func lambdaMapping(fanOut: Bool, _ configure: @escaping (inout LambdaMapping) -> Void = { _ in })
  -> (name: String, configure: (inout ConsumerConfig) -> Void)
{
  (
    "fn",
    { c in
      var mapping = LambdaMapping()
      configure(&mapping)
      c.stream.lambda = mapping
      c.stream.enhancedFanOut = fanOut
    }
  )
}

@Suite("Lambda event source mappings with enhanced fan-out (docs/model.md §8.15)")
struct LambdaFanOutTests {
  @Test("beside 5 polling KCL applications, a fan-out mapping is never read-throttled and takes none of the shard's shared reads")
  func ownReadThroughput() {
    // One shard written at ~900 KB/s: the 5 applications alone ask for
    // 4.5 MB/s of the shared 2 MiB/s.
    func run(mapping fanOut: Bool?) -> RunResult {
      var apps: [(name: String, configure: (inout ConsumerConfig) -> Void)] = (0..<5).map { i in ("app\(i)", { _ in }) }
      if let fanOut {
        apps.append(lambdaMapping(fanOut: fanOut) { $0.batchSize = 1_000; $0.duration = .constant(10e6) })
      }
      return SimModelsTests.run(
        streamWorld(duration: 120, arrivals: .constant(rate: 900), producer: { $0.messageSize = .constant(1_000) }, apps: apps))
    }
    let alone = run(mapping: nil)
    let polled = run(mapping: false)
    let pushed = run(mapping: true)
    let throttled = { (r: RunResult) in r.value("stream/s", "ReadProvisionedThroughputExceeded") }
    // Polling, the mapping competes with the applications for the shard.
    #expect(polled.value("consumer/fn", "ReadProvisionedThroughputExceeded") > 0)
    #expect(polled.value("consumer/fn", "GetRecordsCalls") > 0)
    #expect(throttled(polled) > throttled(alone))
    // Pushed: no GetRecords call, never throttled, and the shard's shared
    // limits see exactly the applications' calls.
    #expect(pushed.value("consumer/fn", "ReadProvisionedThroughputExceeded") == 0)
    #expect(pushed.value("consumer/fn", "GetRecordsCalls") == 0)
    #expect(throttled(pushed) == throttled(alone))
    #expect(throttled(alone) > 100)
    // Its own 2 MiB/s carries the whole ~900 KB/s.
    let written = pushed.value("stream/s", "IncomingRecords")
    #expect(pushed.value("consumer/fn", "RecordsProcessed") > written - 1_000)
    #expect(pushed.value("consumer/fn", "EndToEndLatency.p99") < 0.5)
    #expect(pushed.value("consumer/fn", "RecordsUnaccounted") == 0)
  }

  @Test("at low volume, batchSize 1, no window: a record reaches the function one push delay after it arrives, not at a poll")
  func pushLatency() {
    func run(fanOut: Bool) -> RunResult {
      SimModelsTests.run(
        streamWorld(
          duration: 600, arrivals: .poisson(rate: 2),
          apps: [lambdaMapping(fanOut: fanOut) { $0.batchSize = 1; $0.duration = .constant(1e6) }]))
    }
    let pushed = run(fanOut: true)
    let polled = run(fanOut: false)
    // The push delay: lognormal, median 60 ms, mean ≈ 69 ms (§8.10), plus
    // the 1 ms invocation.
    let p50 = pushed.value("consumer/fn", "EndToEndLatency.p50")
    let mean = pushed.value("consumer/fn", "EndToEndLatency.mean")
    #expect(p50 > 0.04 && p50 < 0.08, "p50 \(p50)")
    #expect(mean > 0.05 && mean < 0.09, "mean \(mean)")
    #expect(pushed.value("consumer/fn", "EndToEndLatency.p99") < 0.3)
    #expect(pushed.value("consumer/fn", "GetRecordsCalls") == 0)
    // Polled once a second: about half a second.
    #expect(polled.value("consumer/fn", "EndToEndLatency.p50") > 0.3)
    let processed = pushed.value("consumer/fn", "RecordsProcessed")
    #expect(pushed.value("consumer/fn", "Invocations") == processed)
    #expect(processed > 1_000)
  }

  @Test("pushed batches split over parallelizationFactor groups keep each key in order")
  func orderAcrossGroups() {
    func run(factor: Int) -> RunResult {
      SimModelsTests.run(
        streamWorld(
          duration: 600, shards: 2, arrivals: .poisson(rate: 400),
          producer: { $0.keys = KeyConfig(names: (0..<100).map { "k\($0)" }) },
          apps: [
            lambdaMapping(fanOut: true) {
              $0.duration = .constant(400e6)
              $0.parallelizationFactor = factor
            }
          ]))
    }
    let serial = run(factor: 1)
    let parallel = run(factor: 4)
    #expect(parallel.value("consumer/fn", "OrderingViolations") == 0)
    #expect(parallel.value("consumer/fn", "RecordsProcessed") > 230_000)
    #expect(parallel.value("consumer/fn", "GetRecordsCalls") == 0)
    #expect(parallel.value("consumer/fn", "RecordsUnaccounted") == 0)
    // 0.4 s per invocation of 100: one group per shard cannot keep up
    // with 200 records/s; four can.
    #expect(
      parallel.value("consumer/fn", "EndToEndLatency.p50") < serial.value("consumer/fn", "EndToEndLatency.p50") / 2)
    #expect(parallel.value("consumer/fn", "EndToEndLatency.p50") < 1)
  }

  @Test("a gathering window, failures given up, a reshard: every record written is accounted for")
  func conservation() {
    // 100 records/s a shard, batchSize 500, a 2 s window: batches of
    // about 200 records, closed by the window. Failures are retried,
    // bisected, then sent to the on-failure destination; at 300 s the 2
    // shards become 4, and the parents are read to their end first.
    var config = streamWorld(
      duration: 600, shards: 2, arrivals: .poisson(rate: 200),
      producer: { $0.keys = KeyConfig(names: (0..<50).map { "k\($0)" }) },
      apps: [
        lambdaMapping(fanOut: true) {
          $0.batchSize = 500
          $0.batchingWindow = .seconds(2)
          $0.parallelizationFactor = 2
          $0.duration = .constant(50e6)
          $0.failureRate = 0.3
          $0.maxRetries = 1
          $0.bisectBatchOnError = true
          $0.hasOnFailureDestination = true
        }
      ])
    config.streams[0].reshards = [Reshard(at: .seconds(300), change: .updateShardCount(target: 4))]
    let result = run(config)
    let fn = { (metric: String) in result.value("consumer/fn", metric) }
    #expect(fn("RecordsUnaccounted") == 0)
    #expect(fn("Errors") > 100)
    #expect(fn("RecordsSentToOnFailure") > 0)
    #expect(fn("OrderingViolations") == 0)
    #expect(fn("GetRecordsCalls") == 0)
    // The children are read too: little is left at the end.
    #expect(fn("RecordsPending") < 1_000, "pending \(fn("RecordsPending"))")
    #expect(fn("RecordsProcessed") + fn("RecordsSentToOnFailure") > 110_000)
    // The window closes batches: a record waits up to 2 s for its batch.
    let p50 = fn("EndToEndLatency.p50")
    #expect(p50 > 0.5 && p50 < 2.5, "p50 \(p50)")
  }

  @Test("a full batch goes as soon as its last record is pushed, before the window closes")
  func fullBatchBeforeWindow() {
    // 20 records/s on one shard, batches of 10, a 60 s window: each batch
    // is pushed half a second after its first record arrived.
    let result = run(
      streamWorld(
        duration: 600, arrivals: .constant(rate: 20),
        apps: [
          lambdaMapping(fanOut: true) {
            $0.batchSize = 10
            $0.batchingWindow = .seconds(60)
            $0.duration = .constant(1e6)
          }
        ]))
    let processed = result.value("consumer/fn", "RecordsProcessed")
    #expect(processed > 11_900)
    let invocations = result.value("consumer/fn", "Invocations")
    #expect(invocations >= processed / 10 && invocations < processed / 10 + 20, "\(invocations) for \(processed)")
    let p99 = result.value("consumer/fn", "EndToEndLatency.p99")
    #expect(p99 < 0.8, "p99 \(p99)")
    #expect(result.value("consumer/fn", "GetRecordsCalls") == 0)
    #expect(result.value("consumer/fn", "RecordsUnaccounted") == 0)
  }
}
