import Testing
import SimCore
@testable import SimModels

@Suite("SNS topics: publish quotas, FIFO deduplication, determinism")
struct TopicQuotaTests {
  @Test("offered twice the publish quota, a topic accepts the quota (plus one second of burst)")
  func standardThrottling() {
    let config = topicWorld(
      duration: 100, arrivals: .constant(rate: 200), queues: [queue("a")],
      topic: {
        $0.publishQuota = 100
        $0.subscriptions = [sqsSubscription("a")]
      })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    let published = result.value("topic/t", "NumberOfMessagesPublished")
    // 100 msg/s for 100 s, plus the 100-message burst of the full bucket.
    #expect(abs(published - 10_100) <= 10, "published \(published)")
    #expect(result.value("queue/a", "NumberOfMessagesSent") == published)
    let throttled = result.value("topic/t", "ThrottledRequests")
    #expect(throttled > 9_000)
    #expect(result.value("topic/t", "ThrottledMessages") == throttled)  // single Publish calls
    #expect(result.events.contains { $0.resource == "topic/t" && $0.event == "PublishThrottled" })
    // Producer accounting: whatever is not accepted is failed, or still in
    // a call being retried at the end (backoff ≤ 100 ms + 200 ms at 200/s).
    let created = result.value("producer/p", "MessagesCreated")
    let accepted = result.value("producer/p", "NumberOfMessagesSent")
    let failed = result.value("producer/p", "MessagesFailed")
    #expect(accepted == published)
    #expect(created - accepted - failed >= 0 && created - accepted - failed <= 100)
    #expect(result.value("producer/p", "ThrottledRequests") == throttled)
    expectConserved(world, result)
  }

  @Test("PublishBatch is throttled as a whole call, counted in messages against the quota")
  func batchThrottling() {
    let config = topicWorld(
      duration: 60, arrivals: .constant(rate: 400), queues: [queue("a")],
      topic: {
        $0.publishQuota = 200
        $0.subscriptions = [sqsSubscription("a")]
      },
      producer: { $0.batch = BatchPolicy(size: 10, window: .seconds(1)) })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    let published = result.value("topic/t", "NumberOfMessagesPublished")
    #expect(abs(published - (200 * 60 + 200)) <= 20, "published \(published)")
    #expect(Int(published) % 10 == 0)  // whole batches only
    #expect(result.value("topic/t", "ThrottledMessages") == 10 * result.value("topic/t", "ThrottledRequests"))
    expectConserved(world, result)
  }

  @Test("the producer hook: admitPublish refuses a call whole and takes nothing; publish takes no second share")
  func admissionHook() {
    let config = topicWorld(
      duration: 10, arrivals: .constant(rate: 0), queues: [queue("a")],
      topic: {
        $0.publishQuota = 5
        $0.subscriptions = [sqsSubscription("a")]
      })
    var world = World(config: config)
    world.start()
    func call(_ count: Int, in world: inout World) -> Int {
      let c = world.producers.producers[0].allocateCall()
      for i in 0..<count {
        world.producers.producers[0].callMessages[c * batchStride + i] = world.kernel.store.allocate(
          createdAt: 0, size: 10)
      }
      world.producers.producers[0].calls[c].count = Int8(count)
      return c
    }
    let tooBig = call(10, in: &world)
    let refused = !world.sns.admitPublish(
      TopicID(0), messages: world.producers.producers[0].messages(ofCall: tooBig), kernel: &world.kernel)
    #expect(refused)  // 10 > the 5-message burst
    let fits = call(5, in: &world)
    let admitted = world.sns.admitPublish(
      TopicID(0), messages: world.producers.producers[0].messages(ofCall: fits), kernel: &world.kernel)
    #expect(admitted)  // nothing was taken by the refusal
    world.producers.publish(
      ProducerID(0), call: fits, to: TopicID(0), sqs: &world.sqs, sns: &world.sns, consumers: &world.consumers, kernel: &world.kernel)
    world.producers.producers[0].freeCalls.append(Int32(fits))
    #expect(world.sns.topics[0].counters.published == 5)
    #expect(world.sns.topics[0].counters.throttled == 1)
    #expect(world.sns.topics[0].counters.throttledMessages == 10)
    #expect(world.sns.topics[0].messageBucket.tokens(at: world.now) == 0)
    #expect(world.sqs.queues[0].counters.sent == 5)
    for i in 0..<10 { world.kernel.store.release(world.producers.producers[0].callMessages[tooBig * batchStride + i].slot) }
    world.producers.producers[0].freeCalls.append(Int32(tooBig))
  }

  @Test("FIFO topic: 300 msg/s per message group; many groups share the topic's 3,000 msg/s")
  func fifoGroupQuota() {
    func fifo(keys: Int, rate: Double) -> WorldConfig {
      topicWorld(
        duration: 20, arrivals: .constant(rate: rate), queues: [queue("a")],
        topic: {
          $0.name = "t.fifo"
          $0.isFIFO = true
          $0.subscriptions = [sqsSubscription("a")]
        },
        producer: {
          $0.target = .topic("t.fifo")
          $0.keys = KeyConfig(names: (0..<keys).map { "g\($0)" })
          $0.sendDiscipline = .concurrent  // a quota test: calls overlap
        })
    }
    // One group offered 600/s: the group's 300/s binds.
    let kept3 = runKeepingWorld(fifo(keys: 1, rate: 600))
    let one = kept3.result
    let oneWorld = kept3.world
    let onePublished = one.value("topic/t.fifo", "NumberOfMessagesPublished")
    #expect(abs(onePublished - (300 * 20 + 300)) <= 5, "published \(onePublished)")
    expectConserved(oneWorld, one)
    // 50 groups offered 6,000/s (≈ 120/s each, at random): the topic's
    // 3,000/s binds.
    let kept4 = runKeepingWorld(fifo(keys: 50, rate: 6_000))
    let many = kept4.result
    let manyWorld = kept4.world
    let manyPublished = many.value("topic/t.fifo", "NumberOfMessagesPublished")
    #expect(abs(manyPublished - (3_000 * 20 + 3_000)) <= 30, "published \(manyPublished)")
    expectConserved(manyWorld, many)
  }

  @Test("FIFO topic in Topic scope: 20 MB/s per topic")
  func fifoByteQuota() {
    let config = topicWorld(
      duration: 30, arrivals: .constant(rate: 200), queues: [queue("a")],
      topic: {
        $0.name = "t.fifo"
        $0.isFIFO = true
        $0.subscriptions = [sqsSubscription("a", raw: true)]
      },
      producer: {
        $0.target = .topic("t.fifo")
        $0.messageSize = .constant(200_000)  // 40 MB/s offered
        $0.keys = KeyConfig(names: (0..<20).map { "g\($0)" })
      })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    let bytes = result.value("topic/t.fifo", "NumberOfMessagesPublished") * 200_000
    #expect(abs(bytes - 20_000_000 * 31) <= 400_000, "bytes \(bytes)")
    expectConserved(world, result)
  }

  @Test("FIFO deduplication: the same identity within 5 minutes is accepted once, delivered once")
  func fifoDeduplicationWindow() {
    var state = TopicState(
      config: { var c = TopicConfig(name: "t.fifo"); c.isFIFO = true; return c }(), region: "us-east-1", queueIndex: [:],
      rng: SeededGenerator(seed: 1))
    let second: Int64 = 1_000_000_000
    // (identity, time in s, expected duplicate?)
    let steps: [(UInt64, Int64, Bool)] = [
      (42, 0, false), (42, 100, true), (7, 100, false),
      // The window counts from the first acceptance: at 300 s it is over.
      (42, 300, false), (7, 399, true), (7, 400, false), (42, 599, true), (42, 600, false),
    ]
    for (id, time, expected) in steps {
      let duplicate = state.deduplication.isDuplicate(id, at: time * second)
      #expect(duplicate == expected, "identity \(id) at \(time) s")
    }
  }

  @Test("FIFO deduplication in a run: a message published twice reaches the queue once")
  func fifoDeduplicationInRun() {
    let config = topicWorld(
      duration: 10, arrivals: .constant(rate: 0), queues: [queue("a")],
      topic: {
        $0.name = "t.fifo"
        $0.isFIFO = true
        $0.subscriptions = [sqsSubscription("a")]
      },
      producer: { $0.target = .topic("t.fifo") })
    var world = World(config: config)
    world.start()
    // Test hook: three publishes at time 0 (after the start-of-run
    // snapshots), the second a resend of the first.
    for sequence: UInt32 in [0, 0, 1] {
      let ref = world.kernel.store.allocate(createdAt: 0, size: 100)
      world.kernel.store[ref.slot].orderSequence = sequence
      world.sns.publishAccepted(
        ref, topic: 0, attributes: &world.producers.producers[0].attributes, sqs: &world.sqs,
        consumers: &world.consumers, kernel: &world.kernel)
      world.kernel.store.release(ref.slot)
    }
    let result = world.runStarted()!
    #expect(result.value("topic/t.fifo", "NumberOfMessagesPublished") == 3)
    #expect(result.value("topic/t.fifo", "MessagesDeduplicated") == 1)
    #expect(result.value("queue/a", "NumberOfMessagesSent") == 2)
    #expect(result.value("topic/t.fifo", "FilterAccountingErrors") == 0)
    expectConserved(world, result)
  }

  @Test("lost Publish responses: a FIFO topic drops the resends, a standard topic delivers them again")
  func lostResponses() {
    func lossy(fifo: Bool) -> WorldConfig {
      topicWorld(
        duration: 100, arrivals: .poisson(rate: 20), seed: 4, queues: [queue("a")],
        topic: {
          $0.name = fifo ? "t.fifo" : "t"
          $0.isFIFO = fifo
          $0.subscriptions = [sqsSubscription("a")]
        },
        producer: {
          $0.target = .topic(fifo ? "t.fifo" : "t")
          $0.lostResponseRate = 0.2
          $0.apiLatency = .constant(1e6)
        })
    }
    let kept6 = runKeepingWorld(lossy(fifo: true))
    let fifo = kept6.result
    let fifoWorld = kept6.world
    let deduplicated = fifo.value("topic/t.fifo", "MessagesDeduplicated")
    #expect(deduplicated > 0)
    #expect(fifo.value("queue/a", "NumberOfMessagesSent") == fifo.value("topic/t.fifo", "NumberOfMessagesPublished") - deduplicated)
    expectConserved(fifoWorld, fifo)
    let kept7 = runKeepingWorld(lossy(fifo: false))
    let standard = kept7.result
    let standardWorld = kept7.world
    #expect(standard.value("queue/a", "NumberOfMessagesSent") == standard.value("topic/t", "NumberOfMessagesPublished"))
    #expect(standard.value("queue/a", "NumberOfMessagesSent") > standard.value("producer/p", "MessagesCreated"))
    expectConserved(standardWorld, standard)
  }

  /// A scenario exercising every part: filters, fan-out, push endpoints
  /// with retries, DLQ, throttling.
  static func mixed(seed: UInt64) -> WorldConfig {
    topicWorld(
      duration: 300, arrivals: .poisson(rate: 150), seed: seed, queues: [queue("a"), queue("b"), queue("dlq")],
      topic: {
        $0.publishQuota = 120
        $0.subscriptions = [
          sqsSubscription("a"),
          sqsSubscription("b", filter: .object(["event": .array([.string("placed")])])),
          lambdaSubscription(endpoint("fn", failureRate: 0.4), deadLetterQueue: "dlq"),
          httpSubscription(endpoint("api", failureRate: 0.5), deadLetterQueue: "dlq"),
        ]
      },
      producer: {
        $0.attributes = [
          AttributeConfig(name: "event", dataType: .string, generator: .oneOf(values: ["placed", "other"], weights: [1, 1]))
        ]
      })
  }

  @Test("determinism: the same seed gives identical results; another seed differs")
  func determinism() {
    let kept8 = runKeepingWorld(Self.mixed(seed: 9))
    let first = kept8.result
    let firstWorld = kept8.world
    let kept9 = runKeepingWorld(Self.mixed(seed: 9))
    let second = kept9.result
    let kept10 = runKeepingWorld(Self.mixed(seed: 10))
    let other = kept10.result
    let otherWorld = kept10.world
    #expect(first.metrics == second.metrics)
    #expect(first.summary == second.summary)
    #expect(first.events == second.events)
    #expect(first.metrics != other.metrics)
    #expect(first.value("endpoint/api", "FailedAttempts") > 0)
    #expect(first.value("topic/t", "NumberOfNotificationsRedrivenToDlq") > 0)
    expectConserved(firstWorld, first)
    expectConserved(otherWorld, other)
  }

  @Test("conservation over seeds with warm-up: summary counters are post-warm-up differences")
  func conservationWithWarmup() {
    for seed: UInt64 in 1...3 {
      var config = Self.mixed(seed: seed)
      config.warmup = .seconds(60)
      let kept = runKeepingWorld(config)
      let result = kept.result
      let world = kept.world
      expectConserved(world, result)
      let afterWarmup = result.value("topic/t", "NumberOfMessagesPublished")
      let total = result.periodTotal("topic/t", "NumberOfMessagesPublished")
      let firstMinute = result.periodValue("topic/t", "NumberOfMessagesPublished", at: 0) ?? .nan
      #expect(afterWarmup == total - firstMinute)
    }
  }
}
