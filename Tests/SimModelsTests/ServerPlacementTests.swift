import Testing
import SimCore
@testable import SimModels

/// A sent message is placed on one of the queue's short-poll servers by a
/// draw from the queue's stream; the draw is skipped only where nothing
/// would ever read the placement or the stream (docs/model.md §2.4).
@Suite("Short-poll server placement")
struct ServerPlacementTests {
  @Test("placement is drawn where a short poll reads the queue, its redrive chain, or duplicates draw")
  func whereDrawn() {
    var config = WorldConfig(name: "servers", duration: .seconds(1), seed: 1, queues: [], producers: [], consumers: [])
    func queue(_ name: String, dlq: String? = nil, waitTime: SimDuration = .seconds(20)) -> QueueConfig {
      var q = QueueConfig(name: name)
      q.receiveWaitTime = waitTime
      if let dlq { q.redrive = RedrivePolicy(deadLetterQueue: dlq, maxReceiveCount: 2) }
      return q
    }
    config.queues = [
      queue("long"),  // long polls only: no draw
      queue("feeds-short-dlq", dlq: "short-dlq"),  // its messages may be short-polled in the DLQ
      queue("short-dlq"),
      queue("feeds-long-dlq", dlq: "long-dlq"),
      queue("long-dlq"),
      queue("duplicates"),
      queue("short-by-consumer"),
      queue("unread", waitTime: .zero),  // short by default, but no consumer reads it
    ]
    config.queues[5].duplicateProbability = 0.01
    for name in ["long", "feeds-short-dlq", "feeds-long-dlq", "long-dlq", "duplicates"] {
      config.consumers.append(ConsumerConfig(name: "c-\(name)", source: .queue(name)))
    }
    var shortReader = ConsumerConfig(name: "c-short-dlq", source: .queue("short-dlq"))
    shortReader.waitTime = .zero
    config.consumers.append(shortReader)
    var byConsumer = ConsumerConfig(name: "c-short-by-consumer", source: .queue("short-by-consumer"))
    byConsumer.waitTime = .zero
    config.consumers.append(byConsumer)
    let world = World(config: config)
    let draws = (0..<config.queues.count).map { world.sqs.queues[$0].drawsServer }
    #expect(draws == [false, true, true, false, false, true, true, false])
  }
}
