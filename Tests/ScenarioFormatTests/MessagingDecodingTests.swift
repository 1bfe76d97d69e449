import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

@Suite("Decoding topics, FIFO queues, keys and attributes")
struct MessagingDecodingTests {
  static let snsScenario = """
    {
      name: "sns-fifo", region: "us-west-2",
      queues: [
        { name: "fraud" }, { name: "placed", maxMessageSize: "256KiB" }, { name: "sub-dlq" },
        { name: "gps.fifo", type: "fifo", contentBasedDeduplication: true, deduplicationScope: "messageGroup",
          fifoThroughputLimit: "perMessageGroupId", partitionTransactionsPerSecond: 250 },
        { name: "audit.fifo", type: "fifo", transactionsPerSecond: 100, highThroughputTransactionsPerSecond: 5000 },
        { name: "fifo-dlq.fifo", type: "fifo" },
      ],
      topics: [
        { name: "orders",
          subscriptions: [
            { queue: "fraud" },
            { queue: "placed", filterPolicy: { event: ["order_placed"], amount: [{ numeric: [">", 100] }] },
              rawMessageDelivery: true, deadLetterQueue: "sub-dlq" },
            { lambda: { name: "resize", latency: { exponential: "20ms" }, failureRate: 0.01 },
              filterPolicyScope: "MessageBody", filterPolicy: { order: { kind: ["big"] } } },
            { http: "webhook", rawMessageDelivery: true,
              deliveryPolicy: { numRetries: 50, numNoDelayRetries: 3, numMinDelayRetries: 2, numMaxDelayRetries: 35,
                                minDelayTarget: "1s", maxDelayTarget: "60s", backoffFunction: "exponential" } },
          ] },
        { name: "positions.fifo", type: "fifo", contentBasedDeduplication: true, fifoThroughputScope: "MessageGroup",
          subscriptions: [{ queue: "gps.fifo", deadLetterQueue: "fifo-dlq.fifo" }, { queue: "fraud" }] },
        { name: "ledger.fifo", type: "fifo", publishQuota: 500 },
      ],
      producers: [
        { name: "shop", target: "topic:orders", arrivals: { rate: 50 }, messageSize: "2KiB",
          batch: { size: 10, window: "20ms" }, lostResponseRate: 0.001,
          attributes: { event: { oneOf: { order_placed: 0.7, order_cancelled: 0.3 } }, amount: { uniform: [1, 500] } },
          body: { order: { kind: "$event", total: "$amount", currency: "EUR", lines: [1, 2.5, null, true] } } },
        { name: "trucks", target: "topic:positions.fifo", arrivals: { rate: 100 },
          keys: { count: 3, prefix: "truck-", distribution: { zipf: 1.2 } }, deduplicationId: false },
        { name: "auditor", target: "queue:audit.fifo", arrivals: { rate: 1 } },
      ],
      consumers: [{ name: "gps-workers", source: "queue:gps.fifo", waitTime: "20s", count: 4 }],
      expect: [
        { resource: "topic/orders", metric: "NumberOfMessagesPublished", min: 1 },
        { resource: "endpoint/webhook", metric: "FailedAttempts", max: 0 },
      ],
    }
    """

  @Test("a scenario with topics, subscriptions, FIFO queues, keys and attributes decodes to the expected configuration")
  func snsAndFIFO() throws {
    let world = try decodeScenario(Self.snsScenario).world
    #expect(world.region == "us-west-2")

    var gps = QueueConfig(name: "gps.fifo")
    gps.isFIFO = true
    gps.fifo.contentBasedDeduplication = true
    gps.fifo.deduplicationScope = .messageGroup
    gps.fifo.throughputLimit = .perMessageGroupId
    gps.fifo.partitionTransactionsPerSecond = 250
    var audit = QueueConfig(name: "audit.fifo")
    audit.isFIFO = true
    audit.fifo.transactionsPerSecond = 100
    audit.fifo.highThroughputTransactionsPerSecond = 5_000
    var placedQueue = QueueConfig(name: "placed")
    placedQueue.maxMessageSize = 262_144
    var fifoDLQ = QueueConfig(name: "fifo-dlq.fifo")
    fifoDLQ.isFIFO = true
    #expect(world.queues == [QueueConfig(name: "fraud"), placedQueue, QueueConfig(name: "sub-dlq"), gps, audit, fifoDLQ])
    #expect(gps.fifo.isHighThroughput)

    var orders = TopicConfig(name: "orders")
    var placed = SubscriptionConfig(target: .queue("placed"))
    placed.filterPolicy = .object([
      "event": .array([.string("order_placed")]),
      "amount": .array([.object(["numeric": .array([.string(">"), .integer(100)])])]),
    ])
    placed.rawMessageDelivery = true
    placed.deadLetterQueue = "sub-dlq"
    var resize = EndpointConfig(name: "resize")
    resize.latency = .exponential(mean: 20e6)
    resize.failureRate = 0.01
    var lambda = SubscriptionConfig(target: .lambda(resize))
    lambda.filterPolicyScope = "MessageBody"
    lambda.filterPolicy = .object(["order": .object(["kind": .array([.string("big")])])])
    var webhook = SubscriptionConfig(target: .http(EndpointConfig(name: "webhook")))
    webhook.rawMessageDelivery = true
    webhook.deliveryPolicy.numRetries = 50
    webhook.deliveryPolicy.numNoDelayRetries = 3
    webhook.deliveryPolicy.numMinDelayRetries = 2
    webhook.deliveryPolicy.numMaxDelayRetries = 35
    webhook.deliveryPolicy.minDelayTarget = .seconds(1)
    webhook.deliveryPolicy.maxDelayTarget = .seconds(60)
    webhook.deliveryPolicy.backoffFunction = "exponential"
    orders.subscriptions = [SubscriptionConfig(target: .queue("fraud")), placed, lambda, webhook]

    var positions = TopicConfig(name: "positions.fifo")
    positions.isFIFO = true
    positions.contentBasedDeduplication = true
    positions.fifoThroughputScope = .messageGroup
    var gpsSubscription = SubscriptionConfig(target: .queue("gps.fifo"))
    gpsSubscription.deadLetterQueue = "fifo-dlq.fifo"
    positions.subscriptions = [gpsSubscription, SubscriptionConfig(target: .queue("fraud"))]
    var ledger = TopicConfig(name: "ledger.fifo")
    ledger.isFIFO = true
    ledger.publishQuota = 500
    #expect(world.topics[0] == orders)
    #expect(world.topics[1] == positions)
    #expect(world.topics == [orders, positions, ledger])
    // Unset quotas are the Region's (us-west-2), looked up by the model.
    #expect(world.topics.map { $0.publishQuota(in: world.region) } == [9_000, 9_000, 500])
    #expect(world.queues[3].fifo.highThroughputCap(in: world.region) == 70_000)

    var shop = ProducerConfig(name: "shop", target: .topic("orders"), arrivals: .poisson(rate: 50))
    shop.messageSize = .constant(2048)
    shop.apiLatency = defaultAPILatency
    shop.batch = BatchPolicy(size: 10, window: .milliseconds(20))
    shop.lostResponseRate = 0.001
    shop.attributes = [
      AttributeConfig(name: "amount", dataType: .number, generator: .uniform(low: 1, high: 500)),
      AttributeConfig(
        name: "event", dataType: .string,
        generator: .oneOf(values: ["order_cancelled", "order_placed"], weights: [0.3, 0.7])),
    ]
    shop.bodyTemplate = .object([
      "order": .object([
        "kind": .string("$event"), "total": .string("$amount"), "currency": .string("EUR"),
        "lines": .array([.integer(1), .number(2.5), .null, .bool(true)]),
      ])
    ])
    var trucks = ProducerConfig(name: "trucks", target: .topic("positions.fifo"), arrivals: .poisson(rate: 100))
    trucks.keys = KeyConfig(names: ["truck-0", "truck-1", "truck-2"], choice: .zipf(exponent: 1.2))
    trucks.sendsDeduplicationId = false
    trucks.apiLatency = defaultAPILatency
    var auditor = ProducerConfig(name: "auditor", target: .queue("audit.fifo"), arrivals: .poisson(rate: 1))
    auditor.apiLatency = defaultAPILatency
    #expect(world.producers == [shop, trucks, auditor])
    #expect(world.producers[2].keys == nil)
    #expect(world.producers[2].sendsDeduplicationId)
  }

  @Test("omitted topic, subscription and FIFO keys take AWS's defaults")
  func defaults() throws {
    let world = try decodeScenario(
      """
      { queues: [{ name: "q" }, { name: "f.fifo", type: "fifo" }],
        topics: [{ name: "t", subscriptions: [{ queue: "q" }, { lambda: "fn" }, { http: { name: "h" } }] },
                 { name: "t.fifo", type: "fifo" }] }
      """
    ).world
    #expect(world.region == "us-east-1")
    let fifo = world.queues[1].fifo
    #expect(fifo == FIFOQueueSettings())
    #expect(fifo.contentBasedDeduplication == false)
    #expect(fifo.deduplicationScope == .queue)
    #expect(fifo.throughputLimit == .perQueue)
    #expect(fifo.transactionsPerSecond == 300)
    #expect(fifo.highThroughputTransactionsPerSecond == nil)
    #expect(fifo.highThroughputCap(in: world.region) == 70_000)
    #expect(world.queues[1].inFlightLimit == 120_000)
    let topic = world.topics[0]
    #expect(topic.isFIFO == false)
    #expect(topic.publishQuota == nil)
    #expect(topic.publishQuota(in: world.region) == 30_000)
    #expect(topic.maxMessageSize == 262_144)
    let subscription = topic.subscriptions[0]
    #expect(subscription.filterPolicy == nil)
    #expect(subscription.filterPolicyScope == "MessageAttributes")
    #expect(subscription.rawMessageDelivery == false)
    #expect(subscription.deadLetterQueue == nil)
    #expect(subscription.deliveryPolicy == DeliveryPolicy())
    guard case .lambda(let fn) = topic.subscriptions[1].target, case .http(let h) = topic.subscriptions[2].target else {
      Issue.record("expected a Lambda and an HTTP/S subscription")
      return
    }
    #expect(fn == EndpointConfig(name: "fn"))
    #expect(fn.latency == .constant(50e6))
    #expect(fn.failureRate == 0)
    #expect(h.name == "h")
    let h2 = topic.subscriptions[2].deliveryPolicy
    #expect(h2.numRetries == 3 && h2.minDelayTarget == .seconds(20) && h2.maxDelayTarget == .seconds(20))
    #expect(h2.backoffFunction == "linear")
    let fifoTopic = world.topics[1]
    #expect(fifoTopic.isFIFO)
    #expect(fifoTopic.fifoThroughputScope == .topic)
    #expect(fifoTopic.contentBasedDeduplication == false)
    #expect(fifoTopic.publishQuota(in: world.region) == 3_000)
    #expect(fifoTopic.messageRate(in: world.region) == 3_000)
    #expect(fifoTopic.groupQuota == 300)
  }

  /// (Region, FIFO queue high-throughput TPS, standard topic quota, FIFO
  /// topic quota in MessageGroup scope.)
  @Test("the Region sets the FIFO queue and topic quotas", arguments: [
    ("us-east-1", 70_000.0, 30_000.0, 30_000.0),
    ("us-west-2", 70_000, 9_000, 9_000),
    ("eu-west-1", 70_000, 9_000, 9_000),
    ("us-east-2", 19_000, 1_500, 3_000),
    ("eu-central-1", 19_000, 1_500, 3_000),
    ("ap-south-1", 9_000, 1_500, 3_000),
    ("ap-southeast-2", 9_000, 1_500, 3_000),
    ("ap-northeast-1", 9_000, 1_500, 3_000),
    ("eu-west-2", 4_500, 300, 3_000),
    ("sa-east-1", 4_500, 300, 3_000),
    ("us-west-1", 2_400, 1_500, 3_000),
    ("ap-northeast-2", 2_400, 1_500, 3_000),
    ("ca-central-1", 2_400, 300, 3_000),
    ("eu-north-1", 2_400, 300, 3_000),
  ])
  func regionQuotas(region: String, queueTPS: Double, standardTopic: Double, fifoTopicGroupScope: Double) throws {
    let world = try decodeScenario(
      """
      { region: "\(region)",
        queues: [{ name: "q" }, { name: "f.fifo", type: "fifo" }],
        topics: [{ name: "s" }, { name: "a.fifo", type: "fifo" },
                 { name: "b.fifo", type: "fifo", fifoThroughputScope: "MessageGroup" }] }
      """
    ).world
    #expect(world.region == region)
    #expect(world.queues[0] == QueueConfig(name: "q"))
    #expect(world.queues[1].fifo.highThroughputCap(in: world.region) == queueTPS)
    #expect(world.topics.map { $0.messageRate(in: world.region) } == [standardTopic, 3_000, fifoTopicGroupScope])
  }

  @Test("explicit quotas win over the Region's")
  func explicitQuotas() throws {
    let world = try decodeScenario(
      """
      { region: "ca-central-1",
        queues: [{ name: "f.fifo", type: "fifo", highThroughputTransactionsPerSecond: 1e5 }],
        topics: [{ name: "s", publishQuota: 12345.5 }, { name: "b.fifo", type: "fifo", publishQuota: 42 }] }
      """
    ).world
    #expect(world.queues[0].fifo.highThroughputTransactionsPerSecond == 100_000)
    #expect(world.topics.map(\.publishQuota) == [12_345.5, 42])
  }

  @Test("keys: counted with a prefix, or listed; uniform, Zipf or hot", arguments: [
    ("{ count: 3 }", KeyConfig(names: ["key-0", "key-1", "key-2"])),
    ("{ count: 2, prefix: '' }", KeyConfig(names: ["0", "1"])),
    ("{ count: 11, prefix: 'g/' }", KeyConfig(names: (0...10).map { "g/\($0)" })),
    ("{ values: ['b', 'a'], distribution: 'uniform' }", KeyConfig(names: ["b", "a"])),
    ("{ count: 4, distribution: { zipf: 0.8 } }", KeyConfig(names: (0...3).map { "key-\($0)" }, choice: .zipf(exponent: 0.8))),
    ("{ values: ['x', 'y', 'z'], distribution: { hot: { share: 0.9, keys: 2 } } }",
      KeyConfig(names: ["x", "y", "z"], choice: .hot(share: 0.9, keys: 2))),
    ("{ values: ['!#$%&()*+,-./:;<=>?@[]^_`{|}~'] }", KeyConfig(names: ["!#$%&()*+,-./:;<=>?@[]^_`{|}~"])),
  ])
  func keys(spec: String, expected: KeyConfig) throws {
    let world = try decodeScenario(
      "{ queues: [{ name: 'f.fifo', type: 'fifo' }], producers: [{ name: 'p', target: 'queue:f.fifo', arrivals: { rate: 1 }, keys: \(spec) }] }"
    ).world
    #expect(world.producers[0].keys == expected)
  }

  @Test("a million keys, and a 128-character key, are accepted")
  func keyLimits() throws {
    let long = String(repeating: "k", count: 126)
    let world = try decodeScenario(
      "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, keys: { count: 1000000 } }, { name: 'r', target: 'queue:q', arrivals: { rate: 1 }, keys: { count: 100, prefix: '\(long)' } }] }"
    ).world
    #expect(world.producers[0].keys?.names.count == 1_000_000)
    #expect(world.producers[0].keys?.names.last == "key-999999")
    #expect(world.producers[1].keys?.names.last?.count == 128)
  }

  @Test("attributes: constants, oneOf, uniform and subsetOf, types inferred or given, sorted by name", arguments: [
    ("'placed'", AttributeConfig(name: "a", dataType: .string, generator: .constant("placed"))),
    ("42", AttributeConfig(name: "a", dataType: .number, generator: .constant("42"))),
    ("2.5", AttributeConfig(name: "a", dataType: .number, generator: .constant("2.5"))),
    ("{ value: '42', type: 'Number' }", AttributeConfig(name: "a", dataType: .number, generator: .constant("42"))),
    ("{ value: 7, type: 'String' }", AttributeConfig(name: "a", dataType: .string, generator: .constant("7"))),
    ("{ oneOf: ['x', 'y'] }", AttributeConfig(name: "a", dataType: .string, generator: .oneOf(values: ["x", "y"], weights: [1, 1]))),
    ("{ oneOf: [1, 2.5] }", AttributeConfig(name: "a", dataType: .number, generator: .oneOf(values: ["1", "2.5"], weights: [1, 1]))),
    ("{ oneOf: [1, 'b'] }", AttributeConfig(name: "a", dataType: .string, generator: .oneOf(values: ["1", "b"], weights: [1, 1]))),
    ("{ oneOf: { z: 1, m: 3 } }", AttributeConfig(name: "a", dataType: .string, generator: .oneOf(values: ["m", "z"], weights: [3, 1]))),
    ("{ oneOf: { '10': 1, '20': 1 }, type: 'Number' }",
      AttributeConfig(name: "a", dataType: .number, generator: .oneOf(values: ["10", "20"], weights: [1, 1]))),
    ("{ uniform: [1, 500] }", AttributeConfig(name: "a", dataType: .number, generator: .uniform(low: 1, high: 500))),
    ("{ uniform: [-5, -5], type: 'Number' }", AttributeConfig(name: "a", dataType: .number, generator: .uniform(low: -5, high: -5))),
    ("{ subsetOf: ['red', 'blue'] }",
      AttributeConfig(name: "a", dataType: .stringArray, generator: .subsetOf(values: ["red", "blue"], maxCount: 2))),
    ("{ subsetOf: ['r', 'g', 'b'], maxCount: 1, type: 'String.Array' }",
      AttributeConfig(name: "a", dataType: .stringArray, generator: .subsetOf(values: ["r", "g", "b"], maxCount: 1))),
  ])
  func attributes(spec: String, expected: AttributeConfig) throws {
    let world = try decodeScenario(
      "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, attributes: { a: \(spec) } }] }"
    ).world
    #expect(world.producers[0].attributes == [expected])
  }

  @Test("attributes come out in name order, at most 10, with SQS-valid names")
  func attributeOrder() throws {
    let names = ["zeta", "Alpha", "a.b", "a-b", "_x", "m9", "Amazonia", "aws_x", "b", "AWS"]
    let spec = names.map { "'\($0)': 'v'" }.joined(separator: ", ")
    let world = try decodeScenario(
      "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, attributes: { \(spec) } }] }"
    ).world
    #expect(world.producers[0].attributes.map(\.name) == names.sorted())
  }

  @Test("FIFO targets without keys use one group; deduplicationId false works with content-based deduplication")
  func fifoProducers() throws {
    let world = try decodeScenario(
      """
      { queues: [{ name: "f.fifo", type: "fifo", contentBasedDeduplication: true }],
        producers: [{ name: "p", target: "queue:f.fifo", arrivals: { rate: 1 }, deduplicationId: false },
                    { name: "r", target: "queue:f.fifo", arrivals: { rate: 1 }, deduplicationId: true }] }
      """
    ).world
    #expect(world.producers[0].keys == nil)
    #expect(world.producers[0].sendsDeduplicationId == false)
    #expect(world.producers[1].sendsDeduplicationId)
  }

  @Test("a topic's producer may send up to 256 KiB; PublishBatch takes 10")
  func topicProducerLimits() throws {
    let world = try decodeScenario(
      "{ topics: [{ name: 't' }], producers: [{ name: 'p', target: 'topic:t', arrivals: { rate: 1 }, messageSize: '256KiB', batch: { size: 10 } }] }"
    ).world
    #expect(world.producers[0].messageSize == .constant(262_144))
    #expect(world.producers[0].target == .topic("t"))
  }

  @Test("a FIFO topic may feed standard and FIFO queues; a topic may have no subscriptions")
  func fifoTopicToStandardQueue() throws {
    let world = try decodeScenario(
      "{ queues: [{ name: 'q' }, { name: 'f.fifo', type: 'fifo' }], topics: [{ name: 't.fifo', type: 'fifo', subscriptions: [{ queue: 'q' }, { queue: 'f.fifo' }] }, { name: 'empty' }] }"
    ).world
    #expect(world.topics[0].subscriptions.map(\.target) == [.queue("q"), .queue("f.fifo")])
    #expect(world.topics[1].subscriptions.isEmpty)
  }

  @Test("200 filter policies on a topic and 100 subscriptions on a FIFO topic are allowed")
  func quotaEdges() throws {
    let lambdas = (0..<200).map { "{ lambda: 'f\($0)', filterPolicy: { a: ['x'] } }" }.joined(separator: ", ")
    let queues = (0..<100).map { "{ name: 'q\($0)' }" }.joined(separator: ", ")
    let subscriptions = (0..<100).map { "{ queue: 'q\($0)' }" }.joined(separator: ", ")
    let world = try decodeScenario(
      "{ queues: [\(queues)], topics: [{ name: 't', subscriptions: [\(lambdas)] }, { name: 'u.fifo', type: 'fifo', subscriptions: [\(subscriptions)] }] }"
    ).world
    #expect(world.topics[0].subscriptions.count == 200)
    #expect(world.topics[1].subscriptions.count == 100)
  }
}
