import Testing
import SimCore
@testable import SimModels

/// State that must stay bounded by the entities, whatever the run length.
@Suite("Bounded state")
struct BoundedStateTests {
  @Test("idle long polls do not pile up waiter entries: storage bounded by the workers")
  func idleWaitersBounded() {
    // 200 workers long-polling an empty queue for a day: 864,000 waits.
    let kept = runKeepingWorld(
      simpleWorld(duration: 86_400, arrivals: .constant(rate: 0), consumer: { $0.count = 200 }))
    let world = kept.world
    #expect(world.consumers.waiters[0].entries.count <= 2 * 200 + 16, "\(world.consumers.waiters[0].entries.count) waiter entries")
  }
}

@Suite("Ordering state per reachable key")
struct KeySpaceTests {
  @Test("each queue keeps ordering state for the keys that can reach it, not every key of the scenario")
  func perQueueKeys() {
    // 20 queues, each fed by its own 1,000-key producer, one DLQ shared by
    // all: 1,000 keys per queue, 20,000 in the DLQ.
    var config = WorldConfig(
      name: "keys", duration: .seconds(1), seed: 1, queues: [], producers: [], consumers: [])
    config.queues.append(QueueConfig(name: "dlq"))
    for i in 0..<20 {
      var queue = QueueConfig(name: "q\(i)")
      queue.redrive = RedrivePolicy(deadLetterQueue: "dlq", maxReceiveCount: 1)
      config.queues.append(queue)
      var producer = ProducerConfig(name: "p\(i)", target: .queue("q\(i)"), arrivals: .poisson(rate: 10))
      producer.keys = KeyConfig(names: (0..<1_000).map { "k\($0)" })
      config.producers.append(producer)
      config.consumers.append(ConsumerConfig(name: "c\(i)", source: .queue("q\(i)")))
    }
    let world = World(config: config)
    #expect(world.sqs.queues[0].keys.count == 20_000)
    for q in 1...20 {
      #expect(world.sqs.queues[q].keys.count == 1_000)
      #expect(world.sqs.queues[q].orderBase == 20_000 + (q - 1) * 1_000)
    }
    #expect(world.sqs.processedOrder.count == 40_000)
    for c in 0..<20 { #expect(world.consumers.fleets[c].orderBase == c * 1_000) }
    #expect(world.consumers.processedOrder.count == 20_000)
    #expect(world.producers.keyOrders.count == 20_000)
  }

  @Test("dense key numbering across several producers")
  func denseIndex() {
    var space = KeySpace()
    space.add(base: 50, count: 10)
    space.add(base: 0, count: 5)
    space.add(base: 20, count: 3)
    space.add(base: 50, count: 10)  // the same producer again: ignored
    #expect(space.count == 18)
    #expect([0, 4, 20, 22, 50, 59].map { space.index(of: $0) } == [0, 4, 5, 7, 8, 17])
  }
}

@Suite("Visibility lanes keep no dead timers")
struct VisibilityLaneTests {
  @Test("timers of deleted messages are dropped: the lane stays near what is in flight")
  func deletedTimersDropped() {
    // 100 msg/s, deleted within 1 ms, 12 h visibility: 100,000 receives,
    // each leaving a timer that would wait 12 h.
    let kept = runKeepingWorld(
      simpleWorld(
        duration: 1_000, arrivals: .poisson(rate: 100),
        queue: { $0.visibilityTimeout = .seconds(43_200) },
        consumer: { $0.processingTime = .constant(1e6) }))
    let result = kept.result
    let world = kept.world
    #expect(result.value("queue/q", "NumberOfMessagesReceived") > 99_000)
    #expect(world.sqs.lanes[0].timers.count <= 8_192, "\(world.sqs.lanes[0].timers.count) timers")
    #expect(result.value("queue/q", "MessagesLost") == 0)
  }
}

@Suite("Visibility lanes drop the timers of messages deleted before the next receive")
struct LatestTimerTests {
  @Test("a worker that deletes each message before its next receive leaves its lane near empty")
  func deletedLatestTimersDropped() {
    // Stopped half-way: before, the lane held the 30 s visibility timeout's
    // worth of dead timers (about 3,000 at 100 msg/s).
    var world = World(
      config: simpleWorld(
        duration: 1_000, arrivals: .poisson(rate: 100),
        consumer: {
          $0.count = 1
          $0.processingTime = .constant(1e6)
        }))
    let result = world.run(every: 1_024) { $0.now < 500_000_000_000 }
    #expect(result == nil)
    #expect(world.sqs.queues[0].counters.deletedUnique > 49_000)
    #expect(world.sqs.lanes[0].timers.count <= 1, "\(world.sqs.lanes[0].timers.count) timers")
  }

  @Test("a FIFO delete refused for an expired receipt keeps the timer of the message's next receive")
  func refusedDeleteKeepsLiveTimer() {
    // One message, 1 s visibility, 1.5 s of processing, two workers: worker
    // A's receipt expires at 1 s, worker B's long poll takes the message
    // again (its timer is the lane's latest), and A's delete at 1.5 s is
    // refused. B's receipt expires in turn before B finishes, and so on:
    // no delete can succeed. Dropping B's live timer on A's refused delete
    // would let B's delete through.
    let result = run(
      keyedWorld(
        fifo: true, keys: 1, rate: 1, duration: 30, workers: 2,
        queue: { $0.visibilityTimeout = .seconds(1) },
        producer: { $0.arrivals = .constant(schedule: [RateStep(start: .zero, rate: 1), RateStep(start: .seconds(1.5), rate: 0)]) },
        consumer: {
          $0.processingTime = .constant(1.5e9)
          $0.apiLatency = .constant(0)
        }))
    #expect(result.value("queue/q.fifo", "NumberOfMessagesSent") == 1)
    #expect(result.value("queue/q.fifo", "NumberOfMessagesDeleted") == 0)
    #expect(result.value("queue/q.fifo", "DeleteMessageErrors") >= 10)
    #expect(result.value("queue/q.fifo", "MessagesLost") == 0)
  }
}

@Suite("Arrival lists keep only what is in the queue")
struct ArrivalListTests {
  @Test("deleted messages leave the arrival list at the next period close, well before their retention ends")
  func deletedArrivalsDropped() {
    let kept = runKeepingWorld(
      simpleWorld(
        duration: 1_000, arrivals: .poisson(rate: 100), period: 60,
        consumer: { $0.processingTime = .constant(1e6) }))
    let world = kept.world
    // About one period of arrivals at most (6,000), not all 100,000.
    #expect(world.sqs.queues[0].arrivals.count <= 7_000, "\(world.sqs.queues[0].arrivals.count) entries")
  }

  @Test("deleted messages leave the arrival list when they are deleted, not only at a period close")
  func deletedArrivalsDroppedAtDelete() {
    // Stopped half-way through its only period (no period close yet):
    // before, the list kept every one of the ~50,000 arrivals so far.
    var world = World(
      config: simpleWorld(
        duration: 1_000, arrivals: .poisson(rate: 100), period: 1_000,
        consumer: { $0.processingTime = .constant(1e6) }))
    let result = world.run(every: 1_024) { $0.now < 500_000_000_000 }
    #expect(result == nil)
    #expect(world.sqs.queues[0].counters.deletedUnique > 49_000)
    #expect(world.sqs.queues[0].arrivals.count <= 64, "\(world.sqs.queues[0].arrivals.count) entries")
  }
}
