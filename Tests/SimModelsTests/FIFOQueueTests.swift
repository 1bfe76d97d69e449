import Testing
import SimCore
@testable import SimModels

/// A keyed producer → queue → consumer world, FIFO or standard.
func keyedWorld(
  fifo: Bool, keys: Int, rate: Double, duration: Double, workers: Int, seed: UInt64 = 1,
  queue configureQueue: (inout QueueConfig) -> Void = { _ in },
  producer configureProducer: (inout ProducerConfig) -> Void = { _ in },
  consumer configureConsumer: (inout ConsumerConfig) -> Void = { _ in }
) -> WorldConfig {
  let name = fifo ? "q.fifo" : "q"
  var queue = QueueConfig(name: name)
  queue.isFIFO = fifo
  queue.receiveWaitTime = .seconds(20)
  configureQueue(&queue)
  var producer = ProducerConfig(name: "p", target: .queue(name), arrivals: .poisson(rate: rate))
  producer.keys = KeyConfig(names: (0..<keys).map { "key-\($0)" })
  configureProducer(&producer)
  var consumer = ConsumerConfig(name: "c", source: .queue(name))
  consumer.count = workers
  consumer.processingTime = .exponential(mean: 100e6)
  configureConsumer(&consumer)
  return WorldConfig(
    name: "fifo", duration: .seconds(duration), seed: seed, queues: [queue], producers: [producer],
    consumers: [consumer])
}

@Suite("SQS FIFO queues")
struct FIFOQueueTests {
  @Test("several consumers keep each group in order on FIFO, not on standard", arguments: [1, 2, 3] as [UInt64])
  func ordering(seed: UInt64) {
    let fifo = run(keyedWorld(fifo: true, keys: 10, rate: 20, duration: 600, workers: 6, seed: seed))
    let standard = run(keyedWorld(fifo: false, keys: 10, rate: 20, duration: 600, workers: 6, seed: seed))
    #expect(fifo.value("queue/q.fifo", "OrderingViolations") == 0)
    #expect(fifo.value("consumer/c", "OrderingViolations") == 0)
    #expect(standard.value("queue/q", "OrderingViolations") > 100)
    #expect(fifo.value("queue/q.fifo", "MessagesLost") == 0)
    #expect(fifo.value("queue/q.fifo", "NumberOfMessagesDeleted") > 11_000)
  }

  @Test("a group with a message in flight delivers nothing else: one group is served one at a time")
  func groupBlocking() {
    // One group, 4 workers, 10 s per message, messages every 1 s: only one
    // message of the group can be in flight, so ~60 are processed in 600 s.
    let result = run(
      keyedWorld(
        fifo: true, keys: 1, rate: 1, duration: 600, workers: 4,
        queue: { $0.visibilityTimeout = .seconds(60) },
        consumer: { $0.processingTime = .constant(10e9) }))
    let processed = result.value("consumer/c", "MessagesProcessed")
    #expect(processed >= 58 && processed <= 60, "processed \(processed)")
    #expect(result.periodValue("queue/q.fifo", "ApproximateNumberOfMessagesNotVisible", at: 300)! <= 1)
    #expect(result.periodValue("queue/q.fifo", "ApproximateNumberOfGroupsWithInflightMessages", at: 300)! <= 1)
  }

  @Test("consumers scale up to the number of groups, not beyond")
  func scalesWithGroups() {
    func processed(groups: Int, workers: Int) -> Double {
      run(
        keyedWorld(
          fifo: true, keys: groups, rate: 100, duration: 300, workers: workers,
          consumer: { $0.processingTime = .constant(1e9) })
      ).value("consumer/c", "MessagesProcessed")
    }
    // Each worker processes 1 msg/s; 4 groups cap the fleet at 4 msg/s.
    let four = processed(groups: 4, workers: 4)
    let eight = processed(groups: 4, workers: 8)
    let eightGroups = processed(groups: 8, workers: 8)
    #expect(abs(four - 1_200) < 30)
    #expect(abs(eight - four) < 30)
    #expect(abs(eightGroups - 2_400) < 60)
  }

  @Test("a failed message blocks its group until its visibility timeout ends")
  func failureBlocksGroup() {
    // Every message fails once (poison with maxReceiveCount 1): each waits
    // out a 20 s visibility timeout before redrive moves it, so one group
    // moves one message per 20 s.
    var dlq = QueueConfig(name: "dlq.fifo")
    dlq.isFIFO = true
    var config = keyedWorld(
      fifo: true, keys: 1, rate: 1, duration: 200, workers: 2,
      queue: {
        $0.visibilityTimeout = .seconds(20)
        $0.redrive = RedrivePolicy(deadLetterQueue: "dlq.fifo", maxReceiveCount: 1)
      },
      producer: { $0.poisonRate = 1 }, consumer: { $0.processingTime = .constant(1e9) })
    config.queues.append(dlq)
    let result = run(config)
    let moved = result.value("queue/q.fifo", "MessagesMovedToDLQ")
    #expect(moved >= 8 && moved <= 10, "moved \(moved)")
    #expect(result.value("queue/dlq.fifo", "MessagesMovedIn") == moved)
    #expect(result.value("queue/q.fifo", "MessagesLost") == 0)
    #expect(result.value("queue/dlq.fifo", "MessagesLost") == 0)
  }

  @Test("retries after lost responses: duplicates on standard, deduplicated on FIFO")
  func deduplication() {
    func world(_ fifo: Bool) -> WorldConfig {
      keyedWorld(
        fifo: fifo, keys: 20, rate: 20, duration: 600, workers: 6,
        producer: {
          $0.lostResponseRate = 0.2
          $0.apiLatency = .constant(10e6)
        })
    }
    let fifo = run(world(true))
    let standard = run(world(false))
    #expect(fifo.value("queue/q.fifo", "NumberOfDeduplicatedSentMessages") > 1_500)
    #expect(fifo.value("queue/q.fifo", "DuplicateDeliveries") == 0)
    #expect(standard.value("queue/q", "DuplicateDeliveries") > 1_500)
    #expect(fifo.value("producer/p", "LostResponses") > 1_500)
    #expect(fifo.value("queue/q.fifo", "MessagesLost") == 0)
  }

  @Test("a resend after the 5-minute interval is not detected")
  func deduplicationInterval() {
    // Backoff uniform on 0…1,000 s: about 70 % of resends come after 300 s.
    let result = run(
      keyedWorld(
        fifo: true, keys: 5, rate: 5, duration: 3_000, workers: 2,
        producer: {
          $0.lostResponseRate = 0.1
          $0.retry.baseDelay = .seconds(1_000)
          $0.retry.maxBackoff = .seconds(1_000)
        }))
    let deduplicated = result.value("queue/q.fifo", "NumberOfDeduplicatedSentMessages")
    let duplicates = result.value("queue/q.fifo", "DuplicateDeliveries")
    let share = duplicates / (duplicates + deduplicated)
    #expect(share > 0.6 && share < 0.8, "share after the interval \(share)")
  }

  @Test("300 SendMessage calls/s: unbatched capped near 300 msg/s, batches of 10 near 3,000")
  func throughputQuota() {
    func sentPerSecond(rate: Double, batch: Int) -> Double {
      let result = run(
        keyedWorld(
          fifo: true, keys: 1_000, rate: rate, duration: 120, workers: 0,
          producer: {
            $0.retry.maxAttempts = 20
            $0.sendDiscipline = .concurrent  // a quota test: calls overlap
            if batch > 1 { $0.batch = BatchPolicy(size: batch, window: .milliseconds(50)) }
          }))
      return result.value("queue/q.fifo", "NumberOfMessagesSent") / 120
    }
    let unbatched = sentPerSecond(rate: 1_000, batch: 1)
    let batched = sentPerSecond(rate: 6_000, batch: 10)
    #expect(unbatched > 290 && unbatched < 310, "unbatched \(unbatched)")
    #expect(batched > 2_900 && batched < 3_100, "batched \(batched)")
  }

  @Test("high-throughput mode adds partitions as the request rate grows")
  func highThroughput() {
    let result = run(
      keyedWorld(
        fifo: true, keys: 1_000, rate: 1_000, duration: 300, workers: 0,
        queue: {
          $0.fifo.deduplicationScope = .messageGroup
          $0.fifo.throughputLimit = .perMessageGroupId
        },
        producer: { $0.retry.maxAttempts = 20 }))
    // The first minute is capped by one partition (300 TPS); afterwards
    // enough partitions carry the offered 1,000 msg/s.
    let late = result.periodValue("queue/q.fifo", "NumberOfMessagesSent", at: 240)!
    #expect(late > 58_000, "last minute sent \(late)")
    #expect(result.periodValue("queue/q.fifo", "NumberOfMessagesSent", at: 0)! < 25_000)
  }

  @Test("a delete after the visibility timeout fails on FIFO: the message comes back")
  func lateDeleteFails() {
    let result = run(
      keyedWorld(
        fifo: true, keys: 1, rate: 0.01, duration: 200, workers: 1,
        queue: { $0.visibilityTimeout = .seconds(30) },
        consumer: { $0.processingTime = .constant(40e9) }))
    #expect(result.value("queue/q.fifo", "DeleteMessageErrors") >= 1)
    #expect(result.value("queue/q.fifo", "NumberOfMessagesReceived") >= 2)
    #expect(result.value("queue/q.fifo", "MessagesLost") == 0)
  }
}
