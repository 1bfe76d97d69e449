import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

@Suite("--set overrides on topics and subscriptions")
struct TopicOverrideTests {
  static let source = """
    { queues: [{ name: "fraud" }, { name: "placed" }, { name: "gps.fifo", type: "fifo" }],
      topics: [
        { name: "orders", subscriptions: [{ queue: "fraud" }, { queue: "placed" }, { http: { name: "webhook" } }, { lambda: "resize" }] },
        { name: "positions.fifo", type: "fifo", subscriptions: [{ queue: "gps.fifo" }] },
      ] }
    """

  @Test("topics by name (dotted names too), subscriptions by index")
  func byNameAndIndex() throws {
    let world = try decodeScenario(
      Self.source,
      overrides: [
        "topics.orders.subscriptions.1.rawMessageDelivery=true",
        "topics.positions.fifo.fifoThroughputScope=MessageGroup",
        "topics.orders.publishQuota=100",
      ]
    ).world
    #expect(world.topics[0].subscriptions[1].rawMessageDelivery)
    #expect(world.topics[0].subscriptions[0].rawMessageDelivery == false)
    #expect(world.topics[0].publishQuota == 100)
    #expect(world.topics[1].fifoThroughputScope == .messageGroup)
    #expect(world.topics[1].publishQuota == nil)
  }

  @Test("subscriptions by the queue or endpoint they deliver to")
  func byEndpoint() throws {
    let world = try decodeScenario(
      Self.source,
      overrides: [
        "topics.orders.subscriptions.fraud.filterPolicy={ event: ['order_placed'] }",
        "topics.orders.subscriptions.webhook.deliveryPolicy.numRetries=5",
        "topics.orders.subscriptions.resize.deadLetterQueue=placed",
      ]
    ).world
    let subscriptions = world.topics[0].subscriptions
    #expect(subscriptions[0].filterPolicy == .object(["event": .array([.string("order_placed")])]))
    #expect(subscriptions[2].deliveryPolicy.numRetries == 5)
    #expect(subscriptions[3].deadLetterQueue == "placed")
  }

  @Test("the Region can be overridden, and its quotas follow")
  func region() throws {
    let world = try decodeScenario(Self.source, overrides: ["region=eu-west-2"]).world
    #expect(world.region == "eu-west-2")
    #expect(world.topics.map { $0.messageRate(in: world.region) } == [300, 3_000])
    #expect(world.queues[2].fifo.highThroughputCap(in: world.region) == 4_500)
  }

  @Test("unknown subscriptions and indexes are errors naming the path", arguments: [
    ("topics.orders.subscriptions.fruad.rawMessageDelivery=true",
      "--set topics.orders.subscriptions.fruad.rawMessageDelivery=true: no subscription named 'fruad' in 'topics.orders.subscriptions' (did you mean 'fraud'?)"),
    ("topics.orders.subscriptions.9.rawMessageDelivery=true",
      "--set topics.orders.subscriptions.9.rawMessageDelivery=true: index 9 is out of range: 'topics.orders.subscriptions' has 4 elements"),
    ("topics.ordres.publishQuota=1",
      "--set topics.ordres.publishQuota=1: no topic named 'ordres' in 'topics' (did you mean 'orders'?)"),
  ])
  func errors(assignment: String, expected: String) {
    #expect(errorLines(Self.source, overrides: [assignment]) == [expected])
  }

  @Test("an overridden subscription is validated like the file's own")
  func validated() {
    #expect(
      errorLines(
        Self.source,
        overrides: ["topics.orders.subscriptions.0.rawMessageDelivery=maybe", "topics.positions.fifo.subscriptions.0.queue=fraud", "topics.orders.subscriptions.placed.queue=gps.fifo"]
      ) == [
        "--set topics.orders.subscriptions.0.rawMessageDelivery=maybe: topics[0].subscriptions[0].rawMessageDelivery: expected true or false, got string 'maybe'",
        "--set topics.orders.subscriptions.placed.queue=gps.fifo: topics[0].subscriptions[1].queue: 'gps.fifo' is a FIFO queue; a standard topic cannot deliver to a FIFO queue (AWS rejects the subscription)",
      ])
  }
}
