import Testing
import SimCore
@testable import SimModels

@Suite("SNS topics: fan-out, filtering, envelope size")
struct TopicFanOutTests {
  @Test("one topic fans out to three queues: every queue gets every message")
  func fanOut() {
    let config = topicWorld(
      duration: 120, arrivals: arrivalsEverySecond(count: 100),
      queues: [queue("a"), queue("b"), queue("c")],
      topic: {
        $0.subscriptions = [sqsSubscription("a"), sqsSubscription("b"), sqsSubscription("c", raw: true)]
      })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    for name in ["a", "b", "c"] {
      #expect(result.value("queue/\(name)", "NumberOfMessagesSent") == 100)
      #expect(result.value("queue/\(name)", "ApproximateNumberOfMessagesVisible") == 100)
    }
    #expect(result.value("topic/t", "NumberOfMessagesPublished") == 100)
    #expect(result.value("topic/t", "NumberOfNotificationsDelivered") == 300)
    #expect(result.value("topic/t", "NotificationsMatched") == 300)
    #expect(result.value("topic/t", "NumberOfNotificationsFailed") == 0)
    #expect(result.value("topic/t", "NumberOfNotificationsFilteredOut") == 0)
    #expect(result.value("topic/t", "MessagesMatchingNoSubscription") == 0)
    #expect(result.value("producer/p", "NumberOfMessagesSent") == 100)
    // The envelope (docs/model.md §4.5, 1,000 B) wraps non-raw deliveries only.
    #expect(result.periodValue("topic/t", "PublishSize", at: 0) == 1024)
    #expect(result.periodValue("queue/a", "SentMessageSize", at: 0) == 2024)
    #expect(result.periodValue("queue/c", "SentMessageSize", at: 0) == 1024)
    expectConserved(world, result)
  }

  @Test("consumers downstream of a topic see the producer's creation time (end-to-end latency)")
  func consumersDownstream() {
    var consumer = ConsumerConfig(name: "w", source: .queue("a"))
    consumer.processingTime = .constant(0.5e9)
    let config = topicWorld(
      duration: 200, arrivals: arrivalsEverySecond(count: 100), queues: [queue("a"), queue("b")],
      consumers: [consumer],
      topic: { $0.subscriptions = [sqsSubscription("a"), sqsSubscription("b")] })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    #expect(result.value("queue/a", "NumberOfMessagesDeleted") == 100)
    #expect(result.value("queue/a", "EndToEndLatency.max") == 0.5)
    #expect(result.value("queue/b", "ApproximateNumberOfMessagesVisible") == 100)
    expectConserved(world, result)
  }

  /// Producer attributes: `event` is `placed` 70 % / `cancelled` 30 %,
  /// `amount` uniform on [0, 500); the body template carries both.
  static func filteredWorld(seed: UInt64, subscriptions: [SubscriptionConfig], queues: [QueueConfig]) -> WorldConfig {
    topicWorld(
      duration: 200, arrivals: .poisson(rate: 100), seed: seed, queues: queues,
      topic: { $0.subscriptions = subscriptions },
      producer: {
        $0.attributes = [
          AttributeConfig(
            name: "event", dataType: .string, generator: .oneOf(values: ["placed", "cancelled"], weights: [0.7, 0.3])),
          AttributeConfig(name: "amount", dataType: .number, generator: .uniform(low: 0, high: 500)),
        ]
        $0.bodyTemplate = .object(["type": .string("$event"), "order": .object(["amount": .string("$amount")])])
      })
  }

  @Test("filter policies by attribute and body scope deliver the analytic fractions")
  func filterFractions() throws {
    let subscriptions = [
      // 0.7
      sqsSubscription("placed", filter: .object(["event": .array([.string("placed")])])),
      // P(amount ≥ 400) = 0.2, on the body
      sqsSubscription(
        "big", filter: .object(["order": .object(["amount": .array([.object(["numeric": .array([.string(">="), .integer(400)])])])])]),
        scope: "MessageBody"),
      // 0.3 × P(amount < 100) = 0.06
      sqsSubscription(
        "smallCancelled",
        filter: .object([
          "event": .array([.string("cancelled")]),
          "amount": .array([.object(["numeric": .array([.string("<"), .integer(100)])])]),
        ])),
      // no policy: everything
      sqsSubscription("all"),
    ]
    let config = Self.filteredWorld(
      seed: 7, subscriptions: subscriptions,
      queues: [queue("placed"), queue("big"), queue("smallCancelled"), queue("all")])
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    let published = result.value("topic/t", "NumberOfMessagesPublished")
    #expect(published > 19_000 && published < 21_000)
    for (name, p) in [("placed", 0.7), ("big", 0.2), ("smallCancelled", 0.06), ("all", 1.0)] {
      let delivered = result.value("queue/\(name)", "NumberOfMessagesSent")
      // Binomial: within 4.5 standard deviations (and exact for p = 1).
      let sd = (published * p * (1 - p)).squareRoot()
      #expect(abs(delivered - published * p) <= 4.5 * sd + 1e-9, "\(name): \(delivered) of \(published), expected p = \(p)")
    }
    // Per subscription: matched + filtered out = published, exactly.
    for s in world.sns.topics[0].subscriptions {
      #expect(Double(s.counters.matched + s.counters.filteredOut) == published)
      #expect(s.counters.matched == s.counters.delivered)
    }
    let byAttributes = result.value("topic/t", "NumberOfNotificationsFilteredOut-MessageAttributes")
    let byBody = result.value("topic/t", "NumberOfNotificationsFilteredOut-MessageBody")
    let filtered = result.value("topic/t", "NumberOfNotificationsFilteredOut")
    #expect(byAttributes + byBody == filtered)
    #expect(byBody == published - result.value("queue/big", "NumberOfMessagesSent"))
    #expect(result.summaryValue("topic/t", "NumberOfNotificationsFilteredOut-NoMessageAttributes") == nil)
    #expect(result.value("topic/t", "NumberOfNotificationsDelivered") + filtered == 4 * published)
    #expect(result.value("topic/t", "MessagesMatchingNoSubscription") == 0)
    expectConserved(world, result)
  }

  @Test("a message no subscription takes is counted; messages without attributes are filtered as NoMessageAttributes")
  func unmatched() {
    let subscriptions = [sqsSubscription("placed", filter: .object(["event": .array([.string("placed")])]))]
    // With attributes: the 30 % cancelled match nothing.
    let config = Self.filteredWorld(seed: 3, subscriptions: subscriptions, queues: [queue("placed")])
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    let published = result.value("topic/t", "NumberOfMessagesPublished")
    let unmatched = result.value("topic/t", "MessagesMatchingNoSubscription")
    #expect(unmatched == published - result.value("queue/placed", "NumberOfMessagesSent"))
    #expect(abs(unmatched / published - 0.3) < 0.02)
    expectConserved(world, result)

    // Without attributes: every message fails the attribute policy.
    let bare = topicWorld(
      duration: 60, arrivals: arrivalsEverySecond(count: 50), queues: [queue("placed")],
      topic: { $0.subscriptions = subscriptions })
    let bareWorldKept = runKeepingWorld(bare)
    let bareResult = bareWorldKept.result
    let bareWorld = bareWorldKept.world
    #expect(bareResult.value("topic/t", "NumberOfNotificationsFilteredOut-NoMessageAttributes") == 50)
    #expect(bareResult.value("topic/t", "MessagesMatchingNoSubscription") == 50)
    #expect(bareResult.value("queue/placed", "NumberOfMessagesSent") == 0)
    expectConserved(bareWorld, bareResult)
  }

  @Test("a topic without subscriptions accepts messages and counts them as matching none")
  func noSubscriptions() {
    let config = topicWorld(duration: 30, arrivals: arrivalsEverySecond(count: 20), topic: { _ in })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    #expect(result.value("topic/t", "NumberOfMessagesPublished") == 20)
    #expect(result.value("topic/t", "MessagesMatchingNoSubscription") == 20)
    expectConserved(world, result)
  }

  @Test("the envelope pushes a message over the queue's maxMessageSize: failed, to the DLQ if any, else discarded")
  func envelopeOverLimit() {
    // 262,000 B published (under SNS's 256 KiB); queues limited to 256 KiB:
    // raw fits, the 1,000 B envelope does not.
    let limit = 262_144
    let config = topicWorld(
      duration: 60, arrivals: arrivalsEverySecond(count: 50),
      queues: [queue("raw", maxMessageSize: limit), queue("wrapped", maxMessageSize: limit),
               queue("dropped", maxMessageSize: limit), queue("dlq", maxMessageSize: limit)],
      topic: {
        $0.subscriptions = [
          sqsSubscription("raw", raw: true), sqsSubscription("wrapped", deadLetterQueue: "dlq"),
          sqsSubscription("dropped"),
        ]
      },
      producer: { $0.messageSize = .constant(262_000) })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    #expect(result.value("queue/raw", "NumberOfMessagesSent") == 50)
    #expect(result.value("queue/wrapped", "NumberOfMessagesSent") == 0)
    #expect(result.value("queue/dropped", "NumberOfMessagesSent") == 0)
    #expect(result.value("queue/dlq", "NumberOfMessagesSent") == 50)
    #expect(result.value("topic/t", "NumberOfNotificationsDelivered") == 50)
    #expect(result.value("topic/t", "NumberOfNotificationsFailed") == 100)
    #expect(result.value("topic/t", "NumberOfNotificationsRedrivenToDlq") == 50)
    #expect(result.value("topic/t", "NotificationsDiscarded") == 50)
    // The dead-letter copy is the published payload, without envelope.
    #expect(result.periodValue("queue/dlq", "SentMessageSize", at: 0) == 262_000)
    expectConserved(world, result)
  }
}
