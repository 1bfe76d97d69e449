import Testing
import SimCore
@testable import SimModels

@Suite("SQS standard queue behaviour")
struct QueueBehaviourTests {
  @Test("a visibility timeout shorter than processing hands the message to a second worker")
  func visibilityTimeoutDuplicates() {
    // t=1 send, worker A receives; t=31 timeout, worker B receives (a
    // duplicate delivery); t=46 A deletes; t=76 B's delete finds nothing.
    let result = run(
      simpleWorld(
        duration: 100, arrivals: arrivalsEverySecond(count: 1),
        queue: { $0.visibilityTimeout = .seconds(30) },
        consumer: {
          $0.count = 2
          $0.processingTime = .constant(45e9)
        }))
    #expect(result.value("queue/q", "NumberOfMessagesReceived") == 2)
    #expect(result.value("queue/q", "DuplicateDeliveries") == 1)
    // B's delete of the already-deleted message still counts, as AWS counts
    // repeat deletes through other valid receipts; the identity counts the
    // message once.
    #expect(result.value("queue/q", "NumberOfMessagesDeleted") == 2)
    #expect(result.value("queue/q", "MessagesDeleted") == 1)
    #expect(result.value("queue/q", "CountIdentityError") == 0)
    #expect(result.value("consumer/c", "MessagesProcessed") == 2)
    #expect(result.value("queue/q", "EndToEndLatency.max") == 45)
    #expect(result.value("queue/q", "MessagesLost") == 0)
  }

  @Test("a heartbeat keeps a slow message hidden: one delivery")
  func heartbeatPreventsDuplicates() {
    let result = run(
      simpleWorld(
        duration: 100, arrivals: arrivalsEverySecond(count: 1),
        queue: { $0.visibilityTimeout = .seconds(30) },
        consumer: {
          $0.count = 2
          $0.processingTime = .constant(45e9)
          $0.heartbeat = HeartbeatPolicy(interval: .seconds(10), visibilityTimeout: .seconds(30))
        }))
    #expect(result.value("queue/q", "NumberOfMessagesReceived") == 1)
    #expect(result.value("queue/q", "DuplicateDeliveries") == 0)
    // Heartbeats at 11, 21, 31, 41 s; processing ends at 46 s.
    #expect(result.value("consumer/c", "ChangeMessageVisibilityCalls") == 4)
    #expect(result.value("queue/q", "MessagesLost") == 0)
  }

  @Test("ChangeMessageVisibility past 12 h from the receive is rejected, not clamped")
  func visibilityCeiling() {
    let result = run(
      simpleWorld(
        duration: 50_000, arrivals: arrivalsEverySecond(count: 1),
        queue: { $0.visibilityTimeout = .seconds(3600) },
        consumer: {
          $0.count = 2
          $0.processingTime = .constant(46_000e9)
          $0.heartbeat = HeartbeatPolicy(interval: .seconds(3000), visibilityTimeout: .seconds(3600))
        }))
    // Received at 1 s; heartbeats at 1 + 3,000·k s ask for 3,600 s more.
    // Allowed while 3,000·k + 3,600 ≤ 43,200 (k ≤ 13). k = 14 is rejected,
    // the message reappears at 42,601 s and the second worker takes it, so
    // k = 15 is rejected too (its receipt is no longer the latest). The
    // first worker deletes at 46,001 s, so the second worker's heartbeat at
    // 48,601 s finds no message: rejected. 3 in all.
    #expect(result.value("queue/q", "ChangeMessageVisibilityRejected") == 3)
    #expect(result.value("queue/q", "DuplicateDeliveries") == 1)
  }

  @Test("queue delay hides a new message; a message timer overrides it")
  func delays() {
    let queueDelay = run(
      simpleWorld(
        duration: 30, arrivals: arrivalsEverySecond(count: 1), period: 5,
        queue: { $0.delay = .seconds(10) }))
    #expect(queueDelay.value("queue/q", "QueueTime.max") == 10)
    #expect(queueDelay.periodValue("queue/q", "ApproximateNumberOfMessagesDelayed", at: 0) == 1)
    #expect(queueDelay.periodValue("queue/q", "ApproximateNumberOfMessagesDelayed", at: 10) == 0)
    let timer = run(
      simpleWorld(
        duration: 30, arrivals: arrivalsEverySecond(count: 1),
        queue: { $0.delay = .seconds(10) }, producer: { $0.messageDelay = .constant(5e9) }))
    #expect(timer.value("queue/q", "QueueTime.max") == 5)
    #expect(timer.value("queue/q", "MessagesLost") == 0)
  }

  @Test("retention expires unconsumed messages at sent time + retention")
  func retention() {
    // Sends at 1…10 s, retention 60 s: by the end of a 65 s run four are
    // gone (61…64 s); the fifth's expiry at exactly 65 s is after the run,
    // which covers [0, 65 s).
    let partial = run(
      simpleWorld(
        duration: 65, arrivals: arrivalsEverySecond(count: 10),
        queue: { $0.messageRetention = .seconds(60) }, consumer: nil))
    #expect(partial.value("queue/q", "MessagesExpired") == 4)
    #expect(partial.value("queue/q", "ApproximateNumberOfMessagesVisible") == 6)
    #expect(partial.value("queue/q", "MessagesLost") == 0)
    let all = run(
      simpleWorld(
        duration: 100, arrivals: arrivalsEverySecond(count: 10),
        queue: { $0.messageRetention = .seconds(60) }, consumer: nil))
    #expect(all.value("queue/q", "MessagesExpired") == 10)
    #expect(all.value("queue/q", "ApproximateNumberOfMessagesVisible") == 0)
  }

  @Test("ApproximateAgeOfOldestMessage is the age of the oldest message still queued")
  func ageOfOldest() {
    let result = run(
      simpleWorld(duration: 60, arrivals: arrivalsEverySecond(count: 10), period: 30, consumer: nil))
    #expect(result.periodValue("queue/q", "ApproximateAgeOfOldestMessage", at: 0) == 29)
    #expect(result.periodValue("queue/q", "ApproximateAgeOfOldestMessage", at: 30) == 59)
  }

  @Test("redrive moves a poison message on the receive after maxReceiveCount")
  func deadLetter() {
    // Receives at 1 s and 11 s fail (visibility 10 s); at 21 s the third
    // receive finds receiveCount 2 = maxReceiveCount and moves it.
    var dlq = QueueConfig(name: "dlq")
    dlq.messageRetention = .seconds(1_209_600)
    let result = run(
      simpleWorld(
        duration: 30, arrivals: arrivalsEverySecond(count: 1), period: 30,
        queue: {
          $0.visibilityTimeout = .seconds(10)
          $0.redrive = RedrivePolicy(deadLetterQueue: "dlq", maxReceiveCount: 2)
        },
        producer: { $0.poisonRate = 1 },
        consumer: { $0.processingTime = .constant(1e9) },
        extraQueues: [dlq]))
    #expect(result.value("queue/q", "NumberOfMessagesReceived") == 2)
    #expect(result.value("consumer/c", "ProcessingFailures") == 2)
    #expect(result.value("queue/q", "MessagesMovedToDLQ") == 1)
    #expect(result.value("queue/dlq", "MessagesMovedIn") == 1)
    #expect(result.value("queue/dlq", "NumberOfMessagesSent") == 0)
    #expect(result.value("queue/dlq", "ApproximateNumberOfMessagesVisible") == 1)
    // The DLQ's age counts from the move (21 s), not the send (1 s).
    #expect(result.periodValue("queue/dlq", "ApproximateAgeOfOldestMessage", at: 0) == 9)
    #expect(result.value("queue/q", "MessagesLost") == 0)
    #expect(result.value("queue/dlq", "MessagesLost") == 0)
  }

  @Test("a standard dead-letter queue keeps the original enqueue time for retention")
  func deadLetterRetention() {
    // Moved at 21 s with SentTimestamp 1 s; DLQ retention 60 s → expires at 61 s.
    var dlq = QueueConfig(name: "dlq")
    dlq.messageRetention = .seconds(60)
    let config = simpleWorld(
      duration: 70, arrivals: arrivalsEverySecond(count: 1),
      queue: {
        $0.visibilityTimeout = .seconds(10)
        $0.redrive = RedrivePolicy(deadLetterQueue: "dlq", maxReceiveCount: 2)
      },
      producer: { $0.poisonRate = 1 }, consumer: { $0.processingTime = .constant(1e9) },
      extraQueues: [dlq])
    var early = config
    early.duration = .seconds(60.9)
    #expect(run(early).value("queue/dlq", "MessagesExpired") == 0)
    #expect(run(config).value("queue/dlq", "MessagesExpired") == 1)
    #expect(run(config).value("queue/dlq", "MessagesLost") == 0)
  }

  @Test("the in-flight limit holds receives back; short polls get OverLimit errors")
  func inFlightLimit() {
    // Ten messages at 1…10 s, processing 100 s, limit 5: five in flight,
    // five visible until the first deletes at 101 s.
    let longPolls = run(
      simpleWorld(
        duration: 300, arrivals: arrivalsEverySecond(count: 10), period: 50,
        queue: {
          $0.inFlightLimit = 5
          $0.visibilityTimeout = .seconds(1000)
        },
        consumer: {
          $0.count = 10
          $0.processingTime = .constant(100e9)
        }))
    #expect(longPolls.periodValue("queue/q", "ApproximateNumberOfMessagesNotVisible", at: 0) == 5)
    #expect(longPolls.periodValue("queue/q", "ApproximateNumberOfMessagesVisible", at: 0) == 5)
    #expect(longPolls.value("queue/q", "NumberOfMessagesDeleted") == 10)
    #expect(longPolls.value("queue/q", "OverLimitErrors") == 0)
    #expect(longPolls.events.contains { $0.event == "InFlightLimitReached" })
    let shortPolls = run(
      simpleWorld(
        duration: 300, arrivals: arrivalsEverySecond(count: 10),
        queue: {
          $0.inFlightLimit = 5
          $0.visibilityTimeout = .seconds(1000)
          $0.receiveWaitTime = .zero
        },
        consumer: {
          $0.count = 10
          $0.processingTime = .constant(100e9)
          $0.emptyReceiveDelay = .seconds(1)
        }))
    #expect(shortPolls.value("queue/q", "OverLimitErrors") > 0)
    #expect(shortPolls.value("queue/q", "NumberOfMessagesDeleted") == 10)
    #expect(shortPolls.value("queue/q", "MessagesLost") == 0)
  }

  @Test("short polling on a quiet queue makes empty receives; long polling waits")
  func shortVersusLongPolling() {
    let short = run(
      simpleWorld(
        duration: 600, arrivals: .poisson(rate: 1),
        queue: { $0.receiveWaitTime = .zero },
        consumer: { $0.apiLatency = .constant(10e6) }))
    let long = run(simpleWorld(duration: 600, arrivals: .poisson(rate: 1)))
    #expect(short.value("queue/q", "NumberOfEmptyReceives") > 10_000)
    // Long polls end empty only when 20 s pass without a message.
    #expect(long.value("queue/q", "NumberOfEmptyReceives") < 5)
    #expect(long.value("consumer/c", "ReceiveCallsPerMessage") < 1.01)
  }

  @Test("a short poll with one message on ten servers finds it about half the time")
  func shortPollSampling() {
    // One message at a time, each alone in the queue: a short poll
    // samples its server with probability 0.5, so about one empty
    // receive happens per message before it is found (geometric, mean 1).
    let result = run(
      simpleWorld(
        duration: 2_000, arrivals: arrivalsEverySecond(count: 1_000), seed: 9,
        queue: { $0.receiveWaitTime = .zero },
        consumer: {
          $0.apiLatency = .exponential(mean: 1e6)
          $0.emptyReceiveDelay = .seconds(0.099)
        }))
    // 100 polls per second: ~99 empty polls per message between arrivals
    // plus the sampling misses.
    let empty = result.value("queue/q", "NumberOfEmptyReceives")
    let received = result.value("queue/q", "NumberOfMessagesReceived")
    #expect(received == 1000)
    let meanQueueTime = result.value("queue/q", "QueueTime.mean")
    // Each miss costs one 0.1 s poll interval; mean misses = 1 → ~0.1 s,
    // plus the phase of the first poll (~0.05 s).
    #expect(meanQueueTime > 0.1 && meanQueueTime < 0.2, "mean queue time \(meanQueueTime)")
    #expect(empty > 0)
  }
}
