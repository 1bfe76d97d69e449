import SimCore
import Testing

@testable import SimModels

/// A world of one Firehose stream `f` (AWS's defaults unless set) and one
/// producer `p` writing to it with PutRecord (instant calls, one attempt,
/// 1 KiB records unless set).
func firehoseWorld(
  duration: Double, arrivals: ArrivalProcess, seed: UInt64 = 1, period: Double = 60, region: String = "us-east-1",
  firehose configure: (inout FirehoseConfig) -> Void = { _ in },
  producer configureProducer: (inout ProducerConfig) -> Void = { _ in }
) -> WorldConfig {
  var firehose = FirehoseConfig(name: "f")
  configure(&firehose)
  var producer = ProducerConfig(name: "p", target: .firehose("f"), arrivals: arrivals)
  producer.retry.maxAttempts = 1
  configureProducer(&producer)
  var config = WorldConfig(
    name: "firehose", duration: .seconds(duration), seed: seed, metricsPeriod: .seconds(period), producers: [producer])
  config.firehoses = [firehose]
  config.region = region
  return config
}

extension RunResult {
  /// The stream's and the producer's conservation checks, both 0.
  func expectConserved(sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(value("firehose/f", "RecordsUnaccounted") == 0, sourceLocation: sourceLocation)
    #expect(value("producer/p", "RecordsUnaccounted") == 0, sourceLocation: sourceLocation)
  }
}

@Suite("Firehose: Direct PUT quotas, buffering by size and interval, transform, delivery retries")
struct FirehoseTests {
  @Test("at low volume a buffer goes by its interval: the first record waits the whole interval")
  func flushByInterval() {
    // 10 records/s of 1 KiB: 300 s bring 2.9 MiB, below the 5 MiB hint.
    let result = run(firehoseWorld(duration: 1_000, arrivals: .constant(rate: 10)))
    #expect(result.value("firehose/f", "BufferFlushes.interval") == 3)
    #expect(result.value("firehose/f", "BufferFlushes.size") == 0)
    #expect(result.value("firehose/f", "DeliveryToS3.Records") == result.value("firehose/f", "EndToEndLatency.count"))
    // The first record of each buffer waits 300 s, then the 200 ms
    // delivery; a record half-way through its buffer, half of that.
    let latencyMax = result.value("firehose/f", "EndToEndLatency.max")
    #expect(latencyMax > 300 && latencyMax < 300.3, "max \(latencyMax)")
    let median = result.value("firehose/f", "EndToEndLatency.p50")
    #expect(median > 140 && median < 160, "p50 \(median)")
    let freshness = result.value("firehose/f", "DeliveryToS3.DataFreshness")
    #expect(freshness > 300.1 && freshness < 300.3, "freshness \(freshness)")
    // The oldest record (0.1 s) is 119.9 s old at the end of the second
    // minute, still buffered.
    let minute = result.periodValue("firehose/f", "DeliveryToS3.DataFreshness", at: 60) ?? .nan
    #expect(abs(minute - 119.9) < 1e-6, "\(minute)")
    #expect(result.value("firehose/f", "DeliveryToS3.Success") == 1)
    result.expectConserved()
  }

  @Test("at high volume a buffer goes by size, long before its interval")
  func flushBySize() {
    // 2,000 records/s of 1 KiB for 100 s in PutRecordBatch calls of 500
    // (one every 0.25 s): 5 MiB (5,120 records) every 2.56 s.
    let result = run(
      firehoseWorld(duration: 101, arrivals: burst(rate: 2_000, seconds: 100)) { _ in } producer: {
        $0.batch = BatchPolicy(size: 500, window: .seconds(1))
      })
    #expect(result.value("producer/p", "MessagesCreated") == 200_000)
    #expect(result.value("producer/p", "PutRecordBatchCalls") == 400)
    #expect(result.value("firehose/f", "BufferFlushes.size") == 39)
    #expect(result.value("firehose/f", "BufferFlushes.interval") == 0)
    #expect(result.value("firehose/f", "DeliveryToS3.Records") == 39 * 5_120)
    #expect(result.value("firehose/f", "DeliveryToS3.Bytes") == 39 * 5_242_880)
    #expect(result.value("firehose/f", "RecordsBuffered") == 200_000 - 39 * 5_120)
    // At most a producer batch (0.25 s), about 11 calls' worth of buffer
    // (2.75 s) and the delivery (0.2 s): far below the 300 s interval.
    let latencyMax = result.value("firehose/f", "EndToEndLatency.max")
    #expect(latencyMax < 3.3, "max \(latencyMax)")
    #expect(result.value("firehose/f", "EndToEndLatency.p50") < 2)
    #expect(result.value("firehose/f", "DeliveryToS3.DataFreshness") < 3.1)
    result.expectConserved()
  }

  @Test("a buffer that reaches exactly bufferSize flushes; one record short, it waits")
  func exactSizeBoundary() {
    // 1,024 records of 1,024 B: exactly 1 MiB.
    for (records, flushes) in [(1_024, 1.0), (1_023, 0.0)] {
      let result = run(
        firehoseWorld(duration: 60, arrivals: burst(rate: Double(records), seconds: 1)) {
          $0.bufferSize = 1_048_576
          $0.bufferInterval = .seconds(900)
        })
      #expect(result.value("producer/p", "MessagesCreated") == Double(records))
      #expect(result.value("firehose/f", "BufferFlushes.size") == flushes, "\(records) records")
      #expect(result.value("firehose/f", "DeliveryToS3.Records") == (flushes == 1 ? 1_024 : 0))
      #expect(result.value("firehose/f", "RecordsBuffered") == (flushes == 1 ? 0 : 1_023))
      result.expectConserved()
    }
  }

  @Test("the Region's bytes/s quota: 1 MiB/s outside the three large Regions; the rest is throttled")
  func throttledAtBytesQuota() {
    // 800 records/s of 2 KiB (1.6 MiB/s) for 10 s in eu-central-1: 512
    // records (1 MiB) go in each second, the others are throttled.
    let result = run(
      firehoseWorld(duration: 12, arrivals: burst(rate: 800, seconds: 9.9999), period: 1, region: "eu-central-1") {
        _ in
      } producer: {
        $0.messageSize = .constant(2_048)
      })
    let created = result.value("producer/p", "MessagesCreated")
    #expect(created == 7_999)
    #expect(result.value("firehose/f", "IncomingRecords") == 5_120)
    #expect(result.value("firehose/f", "IncomingBytes") == 10 * 1_048_576)
    for second in 0..<10 {
      #expect(result.periodValue("firehose/f", "IncomingBytes", at: Double(second)) == 1_048_576, "second \(second)")
    }
    #expect(result.value("firehose/f", "ThrottledRecords") == created - 5_120)
    #expect(result.value("producer/p", "RecordsThrottled") == created - 5_120)
    #expect(result.value("producer/p", "RecordsDropped") == created - 5_120)
    result.expectConserved()
  }

  @Test("a stream's own bytesPerSecondLimit and putRequestsPerSecondLimit replace the Region's")
  func quotaOverrides() {
    let bytes = run(
      firehoseWorld(duration: 12, arrivals: burst(rate: 800, seconds: 9.9999)) {
        $0.bytesPerSecondLimit = 524_288
      } producer: {
        $0.messageSize = .constant(2_048)
      })
    #expect(bytes.value("firehose/f", "IncomingRecords") == 10 * 256)
    bytes.expectConserved()
    // 100 PutRecord calls/s against 10 requests/s: a call beyond the
    // second's requests is refused whole.
    let requests = run(
      firehoseWorld(duration: 12, arrivals: burst(rate: 100, seconds: 9.9999)) { $0.putRequestsPerSecondLimit = 10 })
    #expect(requests.value("firehose/f", "IncomingPutRequests") == 100)
    #expect(requests.value("firehose/f", "IncomingRecords") == 100)
    #expect(requests.value("firehose/f", "ThrottledRecords") == requests.value("producer/p", "MessagesCreated") - 100)
    requests.expectConserved()
  }

  @Test("throttled records are retried with backoff and go in later seconds")
  func throttledRecordsRetried() {
    let result = run(
      firehoseWorld(duration: 60, arrivals: burst(rate: 800, seconds: 2), region: "eu-central-1") { _ in } producer: {
        $0.messageSize = .constant(2_048)
        $0.retry.maxAttempts = 10
        $0.retry.baseDelay = .seconds(1)
        $0.retry.maxBackoff = .seconds(4)
      })
    #expect(result.value("firehose/f", "IncomingRecords") == result.value("producer/p", "MessagesCreated"))
    #expect(result.value("producer/p", "RecordsDropped") == 0)
    #expect(result.value("producer/p", "Retries") > 0)
    result.expectConserved()
  }

  @Test("a failing destination is retried every 5 s for retryDuration, then the records go to the backup")
  func destinationFailuresToBackup() {
    // 100 records in the first second; the buffer goes by its 60 s
    // interval. Attempts take 200 ms and always fail; attempt k starts
    // k × 5.2 s after the first, and only those within 60 s are made:
    // k = 0 … 11, 12 attempts.
    let result = run(
      firehoseWorld(duration: 300, arrivals: burst(rate: 100, seconds: 1), period: 10) {
        $0.bufferInterval = .seconds(60)
        $0.destination.failureRate = 1
        $0.destination.retryDuration = .seconds(60)
      })
    #expect(result.value("firehose/f", "BufferFlushes.interval") == 1)
    #expect(result.value("firehose/f", "DeliveryAttempts") == 12)
    #expect(result.value("firehose/f", "DeliveryToS3.Records") == 0)
    #expect(result.value("firehose/f", "DeliveryToS3.Success") == 0)
    #expect(result.value("firehose/f", "RecordsToBackup") == 100)
    #expect(result.value("firehose/f", "RecordsInDelivery") == 0)
    // Flushed at 60.01 s, given up at 60.01 + 57.4 = 117.41 s: still in
    // delivery at the end of [100, 110), gone by the end of [110, 120).
    #expect(result.periodValue("firehose/f", "RecordsInDelivery", at: 100) == 100)
    #expect(result.periodValue("firehose/f", "RecordsInDelivery", at: 110) == 0)
    // Data freshness counts the records until they leave: about 117.4 s.
    let freshness = result.value("firehose/f", "DeliveryToS3.DataFreshness")
    #expect(freshness > 117 && freshness < 117.5, "\(freshness)")
    result.expectConserved()
  }

  @Test("a destination failing half the time: every record delivered after retries; Success is the attempts' share")
  func destinationPartialFailures() {
    // Zero buffering: each PutRecord call's record is its own delivery.
    let result = run(
      firehoseWorld(duration: 600, arrivals: burst(rate: 10, seconds: 200)) {
        $0.bufferInterval = .zero
        $0.destination.failureRate = 0.5
      })
    #expect(result.value("firehose/f", "BufferFlushes.interval") == 2_000)
    #expect(result.value("firehose/f", "DeliveryToS3.Records") == 2_000)
    let attempts = result.value("firehose/f", "DeliveryAttempts")
    #expect(attempts > 3_600 && attempts < 4_400, "\(attempts)")
    #expect(result.value("firehose/f", "DeliveryToS3.Success") == 2_000 / attempts)
    #expect(result.value("firehose/f", "RecordsToBackup") == 0)
    result.expectConserved()
  }

  @Test("a failed transform is invoked again NumberOfRetries times, then its records are processing-failed")
  func transformFailuresCounted() {
    // 10 records in the first second, flushed at 10.1 s (10 s interval);
    // 4 invocations of 1 s each, all failing: processing-failed at 14.1 s.
    var transform = FirehoseTransform()
    transform.latency = .constant(1e9)
    transform.failureRate = 1
    let result = run(
      firehoseWorld(duration: 30, arrivals: burst(rate: 10, seconds: 1), period: 1) {
        $0.bufferInterval = .seconds(10)
        $0.transform = transform
      })
    #expect(result.value("firehose/f", "BufferFlushes.interval") == 1)
    #expect(result.value("firehose/f", "RecordsProcessingFailed") == 10)
    #expect(result.value("firehose/f", "DeliveryAttempts") == 0)
    #expect(result.value("firehose/f", "DeliveryToS3.Records") == 0)
    #expect(result.periodValue("firehose/f", "RecordsInDelivery", at: 13) == 10)
    #expect(result.periodValue("firehose/f", "RecordsInDelivery", at: 14) == 0)
    result.expectConserved()
  }

  @Test("a transform failing half the time loses a batch after 1 + 3 failed invocations: about 1 in 16")
  func transformPartialFailures() {
    var transform = FirehoseTransform()
    transform.failureRate = 0.5
    let result = run(
      firehoseWorld(duration: 500, arrivals: burst(rate: 10, seconds: 400)) {
        $0.bufferInterval = .zero
        $0.transform = transform
      })
    let failed = result.value("firehose/f", "RecordsProcessingFailed")
    // 4,000 batches of one record, each lost with probability 1/16: 250 ± 46 (3σ).
    #expect(failed > 190 && failed < 310, "\(failed)")
    #expect(result.value("firehose/f", "DeliveryToS3.Records") == 4_000 - failed)
    // A transformed record is delivered 100 ms of transform and 200 ms of
    // delivery after it arrived, at the least.
    #expect(result.value("firehose/f", "EndToEndLatency.p50") >= 0.3)
    result.expectConserved()
  }

  @Test("a record above 1,000 KiB is rejected by the producer and counted, never sent")
  func oversizedRecordRejected() {
    let result = run(
      firehoseWorld(duration: 10, arrivals: burst(rate: 2, seconds: 5)) {
        $0.bufferInterval = .zero
      } producer: {
        $0.messageSize = .constant(1_024_001)
      })
    #expect(result.value("producer/p", "MessagesRejected") == result.value("producer/p", "MessagesCreated"))
    #expect(result.value("firehose/f", "IncomingRecords") == 0)
    #expect(result.events.first?.event == "RecordRejected")
    result.expectConserved()
  }

  @Test("a Firehose stream reading a Kinesis data stream: polled once a second per shard, every record delivered")
  func readsAStream() {
    var stream = StreamConfig(name: "s")
    stream.shards = 2
    var producer = ProducerConfig(name: "p", target: .stream("s"), arrivals: .poisson(rate: 100))
    producer.keys = KeyConfig(names: (0..<20).map { "k\($0)" })
    var firehose = FirehoseConfig(name: "f")
    firehose.sourceStream = "s"
    firehose.bufferInterval = .seconds(60)
    var config = WorldConfig(name: "fh-stream", duration: .seconds(900), producers: [producer])
    config.streams = [stream]
    config.firehoses = [firehose]
    let result = run(config)
    let written = result.value("stream/s", "IncomingRecords")
    let taken = result.value("firehose/f", "IncomingRecords")
    #expect(written > 85_000)
    // What the last second's polls have not fetched yet is all that differs.
    #expect(taken <= written && taken > written - 400, "\(taken) of \(written)")
    #expect(result.value("firehose/f", "DeliveryToS3.Records") > written - 7_000)
    #expect(result.value("firehose/f", "RecordsUnaccounted") == 0)
    // Two shards polled once a second each: about 1,800 GetRecords calls.
    let calls = result.value("stream/s", "GetRecords.Records")
    #expect(calls > 0)
    #expect(result.summary.allSatisfy { !$0.resource.hasPrefix("consumer/") }, "the reader has no rows of its own")
    // A buffer waits its 60 s interval from its first record.
    let p50 = result.value("firehose/f", "EndToEndLatency.p50")
    #expect(p50 > 25 && p50 < 35, "p50 \(p50) s")
  }
}
