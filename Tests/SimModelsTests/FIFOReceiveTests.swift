import Testing
import SimCore
@testable import SimModels

@Suite("SQS FIFO receives: quota and waiting polls")
struct FIFOReceiveTests {
  @Test("a long poll is one ReceiveMessage transaction: one worker carries 250 msg/s unthrottled")
  func longPollChargedOnce() {
    // 250 sends/s to 1,000 groups, one long-polling worker that processes
    // in 1 ms: at most one receive request per message, under 300 TPS.
    let result = run(
      keyedWorld(
        fifo: true, keys: 1_000, rate: 250, duration: 60, workers: 1,
        producer: { $0.arrivals = .constant(rate: 250) },
        consumer: { $0.processingTime = .constant(1e6) }))
    #expect(result.value("queue/q.fifo", "ThrottledRequests") == 0)
    #expect(result.value("consumer/c", "ThrottledRequests") == 0)
    let sent = result.value("queue/q.fifo", "NumberOfMessagesSent")
    #expect(sent > 14_900)
    #expect(result.value("consumer/c", "MessagesProcessed") >= sent - 1)
    #expect(result.value("consumer/c", "ReceiveMessageCalls") <= sent + 5)
  }

  @Test("a group unblocked by the retention expiry of its in-flight message serves the waiting poll at once")
  func retentionExpiryServesWaiters() {
    // One group: message 1 at 1 s is held by worker A (100 s of processing,
    // visibility 120 s) until it expires at 61 s (retention 60 s); message 2
    // (29.5 s) is then deliverable and worker B, waiting in a long poll,
    // takes it at 61 s, not at the end of its 20 s wait (80 s).
    let result = run(
      keyedWorld(
        fifo: true, keys: 1, rate: 1, duration: 85, workers: 2,
        queue: {
          $0.visibilityTimeout = .seconds(120)
          $0.messageRetention = .seconds(60)
        },
        producer: {
          $0.arrivals = .constant(schedule: [
            RateStep(start: .zero, rate: 1), RateStep(start: .seconds(1.5), rate: 0),
            RateStep(start: .seconds(29), rate: 1), RateStep(start: .seconds(30.5), rate: 0),
          ])
        },
        consumer: { $0.processingTime = .constant(100e9) }))
    #expect(result.value("queue/q.fifo", "QueueTime.count") == 2)
    let wait = result.value("queue/q.fifo", "QueueTime.max")
    #expect(abs(wait - 31.5) < 0.2, "message 2 waited \(wait) s")
    #expect(result.value("queue/q.fifo", "MessagesExpired") == 1)
    #expect(result.value("queue/q.fifo", "MessagesLost") == 0)
  }

  @Test("processing a message again after its visibility ran out is a duplicate, not an ordering violation")
  func reprocessingIsNoViolation() {
    // One group, ten messages received together; 1 s each and a 5 s
    // visibility: the batch returns after five are processed (batch delete
    // mode deletes nothing yet), and another worker processes all ten again.
    let result = run(
      keyedWorld(
        fifo: true, keys: 1, rate: 10, duration: 60, workers: 2,
        queue: { $0.visibilityTimeout = .seconds(5) },
        producer: {
          $0.arrivals = .constant(schedule: [RateStep(start: .zero, rate: 10), RateStep(start: .seconds(1.05), rate: 0)])
          $0.batch = BatchPolicy(size: 10, window: .milliseconds(100))
        },
        consumer: {
          $0.batchSize = 10
          $0.deleteMode = .batch
          $0.processingTime = .constant(1e9)
        }))
    #expect(result.value("queue/q.fifo", "DuplicateDeliveries") >= 5)
    #expect(result.value("queue/q.fifo", "OrderingViolations") == 0)
    #expect(result.value("consumer/c", "OrderingViolations") == 0)
  }
}

@Suite("SQS FIFO: a delete that unblocks a group")
struct FIFODeleteServesWaitersTests {
  @Test("the next message of the group goes at once to a poll already waiting")
  func deleteServesWaitingPoll() {
    // One group; every API call answers after 1 s. Worker A receives
    // message 1 (sent at 1 s; response at 2 s), processes it for 5 s and
    // deletes it at 7 s; message 2 (1.6 s) waits behind it; worker B waits
    // in a long poll. The delete unblocks the group at 7 s: B takes message
    // 2 then (waited 5.4 s), not A's next poll after the delete's response
    // (8 s) or the end of B's wait (20 s).
    let result = run(
      keyedWorld(
        fifo: true, keys: 1, rate: 1, duration: 15, workers: 2,
        producer: {
          $0.arrivals = .constant(schedule: [
            RateStep(start: .zero, rate: 1), RateStep(start: .seconds(1.2), rate: 2),
            RateStep(start: .seconds(1.6), rate: 0),
          ])
        },
        consumer: {
          $0.processingTime = .constant(5e9)
          $0.apiLatency = .constant(1e9)
        }))
    #expect(result.value("queue/q.fifo", "QueueTime.count") == 2)
    let wait = result.value("queue/q.fifo", "QueueTime.max")
    #expect(abs(wait - 5.4) < 0.05, "message 2 waited \(wait) s")
  }
}
