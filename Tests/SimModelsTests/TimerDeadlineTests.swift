import Testing
import SimCore
@testable import SimModels

/// Arrivals at 10.5 s, 20.5 s, 30.5 s (off the period boundaries).
let arrivalsEveryTenSeconds = ArrivalProcess.constant(schedule: [
  RateStep(start: .zero, rate: 0), RateStep(start: .seconds(0.5), rate: 0.1), RateStep(start: .seconds(35), rate: 0),
])

/// Arrivals at 1.5 s, 2.5 s, …, `count` + 0.5 s.
func arrivalsEverySecondAtHalf(count: Int) -> ArrivalProcess {
  .constant(schedule: [
    RateStep(start: .zero, rate: 0), RateStep(start: .seconds(0.5), rate: 1),
    RateStep(start: .seconds(Double(count) + 1), rate: 0),
  ])
}

/// Timers of a lane fire at their own deadlines, even when firing one hands
/// a message to a waiting long poll (which adds a later timer to the same
/// lane while it fires).
@Suite("Visibility and long-poll timers fire on time")
struct TimerDeadlineTests {
  @Test("each message whose visibility runs out returns at its own time", arguments: [false, true])
  func visibilityReturnsOnTime(fifo: Bool) {
    // Received at 10.5, 20.5, 30.5 s by three of ten idle long pollers;
    // visibility 30 s, processing 45 s: each returns 30 s later to another
    // poller (40.5, 50.5, 60.5 s), as AWS would.
    var config = simpleWorld(
      duration: 65, arrivals: arrivalsEveryTenSeconds, period: 5,
      queue: { $0.visibilityTimeout = .seconds(30) },
      consumer: {
        $0.count = 10
        $0.processingTime = .constant(45e9)
      })
    if fifo {
      config.queues[0].name = "q.fifo"
      config.queues[0].isFIFO = true
      config.producers[0].target = .queue("q.fifo")
      // 1,000 keys: the three messages fall in three groups (checked by the
      // receive counts below: a shared group would block).
      config.producers[0].keys = KeyConfig(names: (0..<1000).map { "truck-\($0)" })
      config.consumers[0].source = .queue("q.fifo")
    }
    let result = run(config)
    let q = fifo ? "queue/q.fifo" : "queue/q"
    for t in [10.0, 20, 30, 40, 50, 60] {
      #expect(result.periodValue(q, "NumberOfMessagesReceived", at: t) == 1, "receive in [\(t), \(t + 5))")
    }
    #expect(result.value(q, "DuplicateDeliveries") == 3)
    #expect(result.value(q, "MessagesLost") == 0)
  }

  @Test("dead-letter moves follow the sends one a second, not in bunches")
  func deadLetterMovesOnTime() {
    // 19 poison messages at 1.5 s, 2.5 s, …; visibility 10 s,
    // maxReceiveCount 3: message i is received at i, i+10, i+20 and moved
    // at i+30 s.
    let result = run(
      simpleWorld(
        duration: 60, arrivals: arrivalsEverySecondAtHalf(count: 19), period: 1,
        queue: {
          $0.visibilityTimeout = .seconds(10)
          $0.redrive = RedrivePolicy(deadLetterQueue: "dlq", maxReceiveCount: 3)
        },
        producer: { $0.poisonRate = 1 },
        consumer: {
          $0.count = 10
          $0.processingTime = .constant(1e9)
        },
        extraQueues: [QueueConfig(name: "dlq")]))
    #expect(result.value("queue/q", "MessagesMovedToDLQ") == 19)
    for t in 31...49 {
      #expect(result.periodValue("queue/q", "MessagesMovedToDLQ", at: Double(t)) == 1, "moves in [\(t), \(t + 1))")
    }
  }

  @Test("a long poll ends at its own deadline while another poll re-arms the lane")
  func longPollsEndOnTime() {
    // Two workers wait from 0 s. A takes the message of 1 s, processes 4 s,
    // deletes and waits again from 5 s. B's wait ends empty at 20 s and it
    // waits again until 40 s; A's ends at 25 s and 45 s (a lane re-armed at
    // 40 s by B's second wait would end A's first wait only at 40 s).
    let result = run(
      simpleWorld(
        duration: 47, arrivals: arrivalsEverySecond(count: 1),
        consumer: {
          $0.count = 2
          $0.processingTime = .constant(4e9)
        }))
    #expect(result.value("queue/q", "NumberOfEmptyReceives") == 4)
  }
}
