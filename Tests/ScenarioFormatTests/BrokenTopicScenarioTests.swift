import SimModels
import Testing

@testable import ScenarioFormat

/// Queues most cases below refer to: a standard queue `q`, a FIFO queue
/// `f.fifo` and a standard dead-letter queue `dlq`.
private let twoQueues = #"queues: [{ name: "q" }, { name: "f.fifo", type: "fifo" }, { name: "dlq" }]"#

/// `{ <twoQueues>, topics: [<topics>] }`.
private func withTopics(_ topics: String) -> String {
  "{ \(twoQueues), topics: [\(topics)] }"
}

/// A standard topic `t` with these subscriptions.
private func withSubscriptions(_ subscriptions: String) -> String {
  withTopics(#"{ name: "t", subscriptions: [\#(subscriptions)] }"#)
}

/// Broken scenarios about the Region, FIFO queues, topics and subscriptions,
/// and the exact error lines (file `test.json5`).
let brokenTopicScenarios: [(source: String, expected: [String])] = [
  // Region.
  (#"{ region: "us-east1" }"#,
    [#"test.json5: region: unknown AWS Region 'us-east1' (did you mean 'us-east-1'?)"#]),
  (#"{ region: "moon-1" }"#,
    [#"test.json5: region: unknown AWS Region 'moon-1' (expected a Region code such as 'us-east-1')"#]),
  (#"{ region: 1 }"#,
    [#"test.json5: region: expected an AWS Region code such as 'us-east-1', got number 1"#]),
  // FIFO queue keys.
  (#"{ queues: [{ name: "q", contentBasedDeduplication: true, fifoThroughputLimit: "perQueue" }] }"#,
    [
      #"test.json5: queues[0].contentBasedDeduplication: 'contentBasedDeduplication' applies only to FIFO queues (add type: 'fifo')"#,
      #"test.json5: queues[0].fifoThroughputLimit: 'fifoThroughputLimit' applies only to FIFO queues (add type: 'fifo')"#,
    ]),
  (#"{ queues: [{ name: "q", type: "fif", contentBasedDeduplication: true }] }"#,
    [#"test.json5: queues[0].type: expected 'standard' or 'fifo', got 'fif' (did you mean 'fifo'?)"#]),
  (#"{ queues: [{ name: "f.fifo", type: "fifo", fifoThroughputLimit: "perMessageGroupId" }] }"#,
    [#"test.json5: queues[0].fifoThroughputLimit: 'perMessageGroupId' requires deduplicationScope 'messageGroup' (AWS accepts FifoThroughputLimit perMessageGroupId only with DeduplicationScope messageGroup)"#]),
  (#"{ queues: [{ name: "f.fifo", type: "fifo", fifoThroughputLimit: "perMessageGroupId", deduplicationScope: "group" }] }"#,
    [#"test.json5: queues[0].deduplicationScope: expected 'queue' or 'messageGroup', got 'group'"#]),
  (#"{ queues: [{ name: "f.fifo", type: "fifo", fifoThroughputLimit: "perGroup" }] }"#,
    [#"test.json5: queues[0].fifoThroughputLimit: expected 'perQueue' or 'perMessageGroupId', got 'perGroup'"#]),
  (#"{ queues: [{ name: "f.fifo", type: "fifo", contentBasedDeduplication: "yes" }] }"#,
    [#"test.json5: queues[0].contentBasedDeduplication: expected true or false, got string 'yes'"#]),
  (#"{ queues: [{ name: "f.fifo", type: "fifo", duplicateProbability: 0.1 }] }"#,
    [#"test.json5: queues[0].duplicateProbability: '0.1' must be 0 on a FIFO queue (FIFO queues deliver each message exactly once; they introduce no duplicates)"#]),
  (#"{ queues: [{ name: "f.fifo", type: "fifo", highThroughputTransactionsPerSecond: 0, transactionsPerSecond: 2e7 }] }"#,
    [
      #"test.json5: queues[0].highThroughputTransactionsPerSecond: '0' must be greater than 0"#,
      #"test.json5: queues[0].transactionsPerSecond: '2e7' is above the maximum of 10000000"#,
    ]),
  // Topics.
  (#"{ topics: {} }"#,
    [#"test.json5: topics: expected an array of topics, got an object"#]),
  (#"{ topics: ["orders"] }"#,
    [#"test.json5: topics[0]: expected a topic such as { name: 'orders', subscriptions: [{ queue: 'fraud' }] }, got string 'orders'"#]),
  (#"{ topics: [{ type: "standard" }] }"#,
    [#"test.json5: topics[0]: missing required key 'name'"#]),
  (#"{ topics: [{ name: "a b" }] }"#,
    [#"test.json5: topics[0].name: 'a b' is not a valid topic name: use letters, digits, '-' and '_'"#]),
  (#"{ topics: [{ name: "t", type: "fifo" }] }"#,
    [#"test.json5: topics[0].name: 't' must end in '.fifo' because the topic is FIFO"#]),
  (#"{ topics: [{ name: "t.fifo" }] }"#,
    [#"test.json5: topics[0].name: 't.fifo' ends in '.fifo' but the topic is standard (add type: 'fifo')"#]),
  ("{ topics: [{ name: \"\(String(repeating: "x", count: 257))\" }] }",
    ["test.json5: topics[0].name: '\(String(repeating: "x", count: 60))…' is longer than 256 characters (topic names are 1 to 256 characters)"]),
  (#"{ topics: [{ name: "t" }, { name: "t" }] }"#,
    [#"test.json5: topics[1].name: duplicate topic name 't' (topics[0] has it too)"#]),
  (#"{ topics: [{ name: "t", contentBasedDeduplication: true, fifoThroughputScope: "Topic" }] }"#,
    [
      #"test.json5: topics[0].contentBasedDeduplication: 'contentBasedDeduplication' applies only to FIFO topics (add type: 'fifo')"#,
      #"test.json5: topics[0].fifoThroughputScope: 'fifoThroughputScope' applies only to FIFO topics (add type: 'fifo')"#,
    ]),
  (#"{ topics: [{ name: "t.fifo", type: "fifo", fifoThroughputScope: "messageGroup" }] }"#,
    [#"test.json5: topics[0].fifoThroughputScope: expected 'Topic' or 'MessageGroup', got 'messageGroup' (did you mean 'MessageGroup'?)"#]),
  (#"{ topics: [{ name: "t", publishQuota: -1 }] }"#,
    [#"test.json5: topics[0].publishQuota: '-1' must be greater than 0"#]),
  (#"{ topics: [{ name: "t", subscription: [] }] }"#,
    [#"test.json5: topics[0].subscription: unknown key (did you mean 'subscriptions'?)"#]),
  // Subscriptions.
  (withSubscriptions("{}"),
    [#"test.json5: topics[0].subscriptions[0]: a subscription needs one of 'queue', 'lambda', 'http' or 'firehose'"#]),
  (withSubscriptions(#"{ queue: "q", lambda: "fn" }"#),
    [#"test.json5: topics[0].subscriptions[0]: a subscription has exactly one of 'queue', 'lambda', 'http' or 'firehose', got 'queue' and 'lambda'"#]),
  (withSubscriptions(#"{ queue: "q", raw: true }"#),
    [#"test.json5: topics[0].subscriptions[0].raw: unknown key (valid keys: deadLetterQueue, deliveryPolicy, filterPolicy, filterPolicyScope, firehose, http, lambda, queue, rawMessageDelivery)"#]),
  (withSubscriptions(#"{ queue: "qq" }"#),
    [#"test.json5: topics[0].subscriptions[0].queue: unknown queue 'qq' (did you mean 'q'?)"#]),
  (withSubscriptions(#"{ queue: "f.fifo" }"#),
    [#"test.json5: topics[0].subscriptions[0].queue: 'f.fifo' is a FIFO queue; a standard topic cannot deliver to a FIFO queue (AWS rejects the subscription)"#]),
  (withSubscriptions(#"{ queue: "q" }, { queue: "q", rawMessageDelivery: true }"#),
    [#"test.json5: topics[0].subscriptions[1].queue: queue 'q' is already subscribed to this topic (topics[0].subscriptions[0]); AWS would return that same subscription"#]),
  (withTopics(#"{ name: "t.fifo", type: "fifo", subscriptions: [{ lambda: { name: "fn" } }, { http: "hook" }] }"#),
    [
      #"test.json5: topics[0].subscriptions[0].lambda: FIFO topics deliver only to SQS queues: subscribe an SQS queue and let the Lambda function read from it"#,
      #"test.json5: topics[0].subscriptions[1].http: FIFO topics deliver only to SQS queues (AWS rejects HTTP/S, email, SMS and mobile subscriptions to a FIFO topic)"#,
    ]),
  (withSubscriptions(#"{ lambda: "fn", rawMessageDelivery: true }"#),
    [#"test.json5: topics[0].subscriptions[0].rawMessageDelivery: 'rawMessageDelivery' applies only to SQS, Firehose and HTTP/S subscriptions (RawMessageDelivery)"#]),
  (withSubscriptions(#"{ queue: "q", deliveryPolicy: { numRetries: 5 } }"#),
    [#"test.json5: topics[0].subscriptions[0].deliveryPolicy: 'deliveryPolicy' applies only to HTTP/S subscriptions (SQS, Lambda and Firehose subscriptions use SNS's own retry policies)"#]),
  // Firehose subscriptions (checked once the Firehose streams are read).
  (withSubscriptions(#"{ firehose: "nope" }"#),
    [#"test.json5: topics[0].subscriptions[0].firehose: unknown firehose 'nope' (the scenario declares no firehoses)"#]),
  (#"{ topics: [{ name: "t.fifo", type: "fifo", subscriptions: [{ firehose: "a" }] }], firehoses: [{ name: "a" }] }"#,
    [#"test.json5: topics[0].subscriptions[0].firehose: FIFO topics deliver only to SQS queues (AWS subscribes Firehose streams to standard topics only)"#]),
  (#"{ topics: [{ name: "t", subscriptions: [{ firehose: "s" }] }], streams: [{ name: "k", shards: 1 }], firehoses: [{ name: "s", source: "stream:k" }] }"#,
    [#"test.json5: topics[0].subscriptions[0].firehose: Firehose stream 's' reads a Kinesis data stream; an SNS topic can deliver only to a Firehose stream with a Direct PUT source"#]),
  (#"{ topics: [{ name: "t", subscriptions: [{ firehose: "a" }, { firehose: "a", rawMessageDelivery: true }] }], firehoses: [{ name: "a" }] }"#,
    [#"test.json5: topics[0].subscriptions[1].firehose: Firehose stream 'a' is already subscribed to this topic (topics[0].subscriptions[0]); AWS would return that same subscription"#]),
  (#"{ topics: [{ name: "t", subscriptions: [{ firehose: "a" }, { firehose: "b" }, { firehose: "c" }, { firehose: "d" }, { firehose: "e" }, { firehose: "f" }] }], firehoses: [{ name: "a" }, { name: "b" }, { name: "c" }, { name: "d" }, { name: "e" }, { name: "f" }] }"#,
    [#"test.json5: topics[0].subscriptions[5].firehose: this is the topic's 6th Firehose subscription; SNS allows at most 5 Firehose subscriptions per topic (per subscription owner)"#]),
  (#"{ topics: [{ name: "t", subscriptions: [{ firehose: 3 }] }], firehoses: [{ name: "a" }] }"#,
    [#"test.json5: topics[0].subscriptions[0].firehose: expected a Firehose stream name, got number 3"#]),
  (withSubscriptions(#"{ lambda: "f n" }"#),
    [#"test.json5: topics[0].subscriptions[0].lambda: 'f n' is not a valid endpoint name: use 1 to 80 letters, digits, '.', '_' or '-'"#]),
  (withSubscriptions(#"{ lambda: { latency: "5ms", failureRate: 1.5 } }"#),
    [
      #"test.json5: topics[0].subscriptions[0].lambda: missing required key 'name'"#,
      #"test.json5: topics[0].subscriptions[0].lambda.failureRate: '1.5' is above the maximum of 1"#,
    ]),
  (withSubscriptions(#"{ http: { name: "h", latency: 5 } }"#),
    [#"test.json5: topics[0].subscriptions[0].http.latency: expected a duration such as '200ms' or a distribution such as { exponential: '200ms' }, got number 5"#]),
  (withTopics(#"{ name: "a", subscriptions: [{ lambda: "fn" }] }, { name: "b", subscriptions: [{ http: { name: "fn" } }] }"#),
    [#"test.json5: topics[1].subscriptions[0].http.name: duplicate endpoint name 'fn' (topics[0].subscriptions[0].lambda has it too)"#]),
  // HTTP/S delivery policies.
  (withSubscriptions(#"{ http: "h", deliveryPolicy: { numRetries: 101, numNoDelayRetries: -1 } }"#),
    [
      #"test.json5: topics[0].subscriptions[0].deliveryPolicy.numNoDelayRetries: '-1' is below the minimum of 0"#,
      #"test.json5: topics[0].subscriptions[0].deliveryPolicy.numRetries: '101' is above the maximum of 100 (numRetries is 0 to 100)"#,
    ]),
  (withSubscriptions(#"{ http: "h", deliveryPolicy: { numRetries: 3, numNoDelayRetries: 2, numMaxDelayRetries: 2 } }"#),
    [#"test.json5: topics[0].subscriptions[0].deliveryPolicy: numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries is 4, above numRetries (3); numRetries counts the retries of every phase"#]),
  (withSubscriptions(#"{ http: "h", deliveryPolicy: { minDelayTarget: "0s", maxDelayTarget: "2h" } }"#),
    [
      #"test.json5: topics[0].subscriptions[0].deliveryPolicy.maxDelayTarget: '2h' is above the maximum of 1h (delay targets are 1 s to 3,600 s)"#,
      #"test.json5: topics[0].subscriptions[0].deliveryPolicy.minDelayTarget: '0s' is below the minimum of 1s (delay targets are 1 s to 3,600 s)"#,
    ]),
  (withSubscriptions(#"{ http: "h", deliveryPolicy: { maxDelayTarget: "10s" } }"#),
    [#"test.json5: topics[0].subscriptions[0].deliveryPolicy.maxDelayTarget: '10s' is below the minDelayTarget of 20s (the default; set minDelayTarget too)"#]),
  (withSubscriptions(#"{ http: "h", deliveryPolicy: { minDelayTarget: "30s" } }"#),
    [#"test.json5: topics[0].subscriptions[0].deliveryPolicy.minDelayTarget: '30s' is above the maxDelayTarget of 20s (the default; set maxDelayTarget too)"#]),
  (withSubscriptions(#"{ http: "h", deliveryPolicy: { minDelayTarget: "30s", maxDelayTarget: "25s" } }"#),
    [#"test.json5: topics[0].subscriptions[0].deliveryPolicy.maxDelayTarget: '25s' is below the minDelayTarget of 30s"#]),
  (withSubscriptions(#"{ http: "h", deliveryPolicy: { minDelayTarget: "1.5s" } }"#),
    [#"test.json5: topics[0].subscriptions[0].deliveryPolicy.minDelayTarget: '1.5s' is not a whole number of seconds (delivery policy delays are in seconds)"#]),
  (withSubscriptions(#"{ http: "h", deliveryPolicy: { backoffFunction: "exponentail" } }"#),
    [#"test.json5: topics[0].subscriptions[0].deliveryPolicy.backoffFunction: expected 'linear', 'exponential', 'arithmetic' or 'geometric', got 'exponentail' (did you mean 'exponential'?)"#]),
  // Filter policies.
  (withSubscriptions(#"{ queue: "q", filterPolicy: "event" }"#),
    [#"test.json5: topics[0].subscriptions[0].filterPolicy: Filter policy must be a JSON object, not string"#]),
  (withSubscriptions(#"{ queue: "q", filterPolicyScope: "MessageAttribute", filterPolicy: { a: { b: 1 } } }"#),
    [#"test.json5: topics[0].subscriptions[0].filterPolicyScope: expected 'MessageAttributes' or 'MessageBody', got 'MessageAttribute' (did you mean 'MessageAttributes'?)"#]),
  // Dead-letter queues.
  (withSubscriptions(#"{ queue: "q", deadLetterQueue: "dql" }"#),
    [#"test.json5: topics[0].subscriptions[0].deadLetterQueue: unknown queue 'dql' (did you mean 'dlq'?)"#]),
  (withSubscriptions(#"{ queue: "q", deadLetterQueue: "f.fifo" }"#),
    [#"test.json5: topics[0].subscriptions[0].deadLetterQueue: 'f.fifo' is a FIFO queue; the dead-letter queue of a standard topic's subscription must be a standard queue"#]),
  (withTopics(#"{ name: "t.fifo", type: "fifo", subscriptions: [{ queue: "f.fifo", deadLetterQueue: "dlq" }] }"#),
    [#"test.json5: topics[0].subscriptions[0].deadLetterQueue: 'dlq' is a standard queue; the dead-letter queue of a FIFO topic's subscription must be a FIFO queue"#]),
  // Quotas on subscriptions and filter policies.
  ("{ queues: [\((0...100).map { "{ name: 'q\($0)' }" }.joined(separator: ", "))], topics: [{ name: 't.fifo', type: 'fifo', subscriptions: [\((0...100).map { "{ queue: 'q\($0)' }" }.joined(separator: ", "))] }] }",
    ["test.json5: topics[0].subscriptions: 101 subscriptions is above the maximum of 100 per FIFO topic (SNS quota)"]),
  ("{ topics: [{ name: 't', subscriptions: [\((0...200).map { "{ lambda: 'f\($0)', filterPolicy: { a: ['x'] } }" }.joined(separator: ", "))] }] }",
    ["test.json5: topics[0].subscriptions[200].filterPolicy: this is the topic's 201st filter policy; SNS allows at most 200 filter policies per topic"]),
  ("{ topics: [\((0...1_000).map { "{ name: 't\($0).fifo', type: 'fifo' }" }.joined(separator: ", "))] }",
    ["test.json5: topics: 1001 FIFO topics is above the maximum of 1,000 per account (SNS quota)"]),
  // Expectations on topics and endpoints.
  (#"{ topics: [{ name: "orders" }], expect: [{ resource: "topic/ordres", metric: "X", equals: 0 }, { resource: "endpoint/x", metric: "X", equals: 0 }] }"#,
    [
      #"test.json5: expect[0].resource: unknown topic 'ordres' (did you mean 'orders'?)"#,
      #"test.json5: expect[1].resource: unknown endpoint 'x' (the scenario declares no endpoints)"#,
    ]),
]

@Suite("Broken scenarios: Region, FIFO queues, topics, subscriptions")
struct BrokenTopicScenarioTests {
  @Test("each broken scenario gives exactly the expected error lines", arguments: brokenTopicScenarios)
  func brokenScenario(source: String, expected: [String]) {
    #expect(errorLines(source) == expected)
  }

  @Test("filter policy errors are FilterPolicy's own text, at the policy's path", arguments: [
    (#"{ event: [] }"#, "MessageAttributes"),
    (#"{ a: { b: ["x"] } }"#, "MessageAttributes"),
    (#"{ a: ["x"], b: ["x"], c: ["x"], d: ["x"], e: ["x"], f: ["x"] }"#, "MessageBody"),
    (#"{ price: [{ numeric: ["<", "x"] }] }"#, "MessageAttributes"),
  ])
  func filterPolicyErrors(policy: String, scope: String) {
    guard case .success(let document) = JSON5Reading.parse(policy) else {
      Issue.record("the policy does not parse")
      return
    }
    let json = document.value
    var message = ""
    do {
      _ = try FilterPolicy(json: json, scope: FilterPolicyScope(rawValue: scope)!)
    } catch {
      message = error.description
    }
    #expect(!message.isEmpty)
    let source = withSubscriptions(#"{ queue: "q", filterPolicyScope: "\#(scope)", filterPolicy: \#(policy) }"#)
    #expect(errorLines(source) == ["test.json5: topics[0].subscriptions[0].filterPolicy: \(message)"])
  }
}
