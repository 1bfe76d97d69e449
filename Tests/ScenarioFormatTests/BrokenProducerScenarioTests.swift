import Testing

@testable import ScenarioFormat

/// A standard queue `q`, a FIFO queue `f.fifo`, a standard topic `t` and a
/// FIFO topic `t.fifo`, and one producer `p` with `arrivals: { rate: 1 }`
/// plus `fields`.
private func producer(target: String = "queue:q", _ fields: String) -> String {
  #"{ queues: [{ name: "q" }, { name: "f.fifo", type: "fifo" }], topics: [{ name: "t" }, { name: "t.fifo", type: "fifo" }], producers: [{ name: "p", target: "\#(target)", arrivals: { rate: 1 }, \#(fields) }] }"#
}

/// Broken producers (targets, keys, attributes, body, deduplication) and
/// the exact error lines (file `test.json5`).
let brokenProducerScenarios: [(source: String, expected: [String])] = [
  // Targets.
  (#"{ topics: [{ name: "orders" }], producers: [{ name: "p", target: "topic:ordrs", arrivals: { rate: 1 } }] }"#,
    [#"test.json5: producers[0].target: unknown topic 'ordrs' (did you mean 'orders'?)"#]),
  (#"{ producers: [{ name: "p", target: "topic:t", arrivals: { rate: 1 } }] }"#,
    [#"test.json5: producers[0].target: unknown topic 't' (the scenario declares no topics)"#]),
  (producer(target: "firehose:f", "errorRate: 0"),
    [#"test.json5: producers[0].target: unknown firehose 'f' (the scenario declares no firehoses)"#]),
  (producer(target: "topic:t", #"delay: "1s""#),
    [#"test.json5: producers[0].delay: SNS has no per-message delay (set 'delay' on the subscribed queues)"#]),
  (producer(target: "topic:t", #"messageSize: "300KiB""#),
    [#"test.json5: producers[0].messageSize: '300KiB' is above the maximum of 256KiB (SNS messages are 1 B to 256 KiB)"#]),
  // A queue with a problem: the producer is held to SQS's own maximum.
  (#"{ queues: [{ name: "q", delay: "1h" }], producers: [{ name: "p", target: "queue:q", arrivals: { rate: 1 }, messageSize: "2MiB" }] }"#,
    [
      #"test.json5: producers[0].messageSize: '2MiB' is above the maximum of 1MiB (SQS messages are 1 B to 1 MiB)"#,
      #"test.json5: queues[0].delay: '1h' is above the maximum of 15m (DelaySeconds is 0 s to 900 s)"#,
    ]),
  (producer(target: "topic:t", "batch: { size: 11 }"),
    [#"test.json5: producers[0].batch.size: '11' is above the maximum of 10 (PublishBatch takes 1 to 10 entries)"#]),
  (producer("lostResponseRate: 1"),
    [#"test.json5: producers[0].lostResponseRate: '1' must be less than 1"#]),
  // Keys.
  (producer("keys: {}"),
    [#"test.json5: producers[0].keys: keys need 'count' (with an optional 'prefix') or 'values'"#]),
  (producer(#"keys: { count: 2, values: ["a"] }"#),
    [#"test.json5: producers[0].keys: keys take 'count' (with 'prefix') or 'values', not both"#]),
  (producer("keys: { count: 0 }"),
    [#"test.json5: producers[0].keys.count: '0' is below the minimum of 1"#]),
  (producer("keys: { count: 1000001 }"),
    [#"test.json5: producers[0].keys.count: '1000001' is above the maximum of 1000000"#]),
  (producer(#"keys: { count: 10, prefix: "truck " }"#),
    [#"test.json5: producers[0].keys.prefix: 'truck ' contains ' ', which a key cannot: use letters, digits and punctuation (MessageGroupId)"#]),
  (producer("keys: { count: 100, prefix: \"\(String(repeating: "k", count: 127))\" }"),
    ["test.json5: producers[0].keys.prefix: '\(String(repeating: "k", count: 60))…' followed by up to 2 digits makes keys longer than 128 characters (MessageGroupId is 1 to 128 characters)"]),
  (producer("keys: { values: [] }"),
    [#"test.json5: producers[0].keys.values: 'values' needs at least one key"#]),
  (producer(#"keys: { values: ["a"], prefix: "x-" }"#),
    [#"test.json5: producers[0].keys.prefix: 'prefix' applies only to 'count'"#]),
  (producer("keys: { values: [\"a\", \"a\", \"\", \"b c\", 5, \"\(String(repeating: "v", count: 129))\"] }"),
    [
      #"test.json5: producers[0].keys.values[1]: duplicate key 'a' (producers[0].keys.values[0] has it too)"#,
      #"test.json5: producers[0].keys.values[2]: a key cannot be empty"#,
      #"test.json5: producers[0].keys.values[3]: 'b c' is not a valid key: use letters, digits and punctuation (MessageGroupId)"#,
      #"test.json5: producers[0].keys.values[4]: expected a key string, got number 5"#,
      "test.json5: producers[0].keys.values[5]: '\(String(repeating: "v", count: 60))…' is longer than 128 characters (MessageGroupId is 1 to 128 characters)",
    ]),
  // 100 characters but 200 UTF-8 bytes: the characters are what is wrong,
  // not the length.
  (producer("keys: { values: [\"\(String(repeating: "é", count: 100))\"] }"),
    ["test.json5: producers[0].keys.values[0]: '\(String(repeating: "é", count: 60))…' is not a valid key: use letters, digits and punctuation (MessageGroupId)"]),
  (producer(#"keys: { count: 10, distribution: "zipf" }"#),
    [#"test.json5: producers[0].keys.distribution: expected 'uniform', { zipf: S } or { hot: { share, keys } }, got 'zipf'"#]),
  (producer("keys: { count: 10, distribution: { zipf: 0 } }"),
    [#"test.json5: producers[0].keys.distribution.zipf: '0' must be greater than 0 (the Zipf exponent is above 0, at most 10)"#]),
  (producer("keys: { count: 10, distribution: { zipf: 11 } }"),
    [#"test.json5: producers[0].keys.distribution.zipf: '11' is above the maximum of 10 (the Zipf exponent is above 0, at most 10)"#]),
  (producer("keys: { count: 10, distribution: { zipf: 1, hot: { share: 0.5, keys: 1 } } }"),
    [#"test.json5: producers[0].keys.distribution: a key distribution has exactly one kind, got 'zipf' and 'hot'"#]),
  (producer("keys: { count: 10, distribution: { hot: { share: 1, keys: 10 } } }"),
    [
      #"test.json5: producers[0].keys.distribution.hot.keys: '10' is above the maximum of 9 (the hot keys are fewer than the 10 keys)"#,
      #"test.json5: producers[0].keys.distribution.hot.share: '1' must be less than 1 (the hot share is between 0 and 1)"#,
    ]),
  (producer(#"keys: { values: ["a"], distribution: { hot: { share: 0.5, keys: 1 } } }"#),
    [#"test.json5: producers[0].keys.distribution.hot: a hot distribution needs at least 2 keys; this producer has 1"#]),
  (producer("keys: { count: 10, distribution: { hot: { keys: 2 } } }"),
    [#"test.json5: producers[0].keys.distribution.hot: missing required key 'share'"#]),
  // Attributes.
  (producer("attributes: { \((0...10).map { "a\($0): 'x'" }.joined(separator: ", ")) }"),
    [#"test.json5: producers[0].attributes: 11 attributes is above the maximum of 10 per message (SQS message attributes)"#]),
  (producer("attributes: { \(String(repeating: "n", count: 257)): 'x' }"),
    ["test.json5: producers[0].attributes.\(String(repeating: "n", count: 257)): '\(String(repeating: "n", count: 60))…' is longer than 256 characters (attribute names are 1 to 256 characters)"]),
  (producer(#"attributes: { "AWS.trace": "x", ".a": "x", "a..b": "x", "a b": "x" }"#),
    [
      #"test.json5: producers[0].attributes[".a"]: '.a' is not a valid attribute name: it cannot start or end with '.' or contain '..'"#,
      #"test.json5: producers[0].attributes["AWS.trace"]: 'AWS.trace' is not a valid attribute name: names starting with 'AWS.' or 'Amazon.' are reserved"#,
      #"test.json5: producers[0].attributes["a b"]: 'a b' is not a valid attribute name: use letters, digits, '_', '-' and '.'"#,
      #"test.json5: producers[0].attributes["a..b"]: 'a..b' is not a valid attribute name: it cannot start or end with '.' or contain '..'"#,
    ]),
  (producer(#"attributes: { event: "", flag: true }"#),
    [
      #"test.json5: producers[0].attributes.event: an attribute value cannot be empty"#,
      #"test.json5: producers[0].attributes.flag: expected a string, a number or a generator such as { oneOf: ['a', 'b'] }, { uniform: [1, 100] } or { subsetOf: ['a', 'b'] }, got true"#,
    ]),
  (producer("attributes: { x: { oneOf: { a: 0, b: -1 } } }"),
    [
      #"test.json5: producers[0].attributes.x.oneOf.a: '0' must be greater than 0 (weights are relative and above 0)"#,
      #"test.json5: producers[0].attributes.x.oneOf.b: '-1' must be greater than 0 (weights are relative and above 0)"#,
    ]),
  (producer("attributes: { x: { oneOf: [] }, y: { oneOf: {} } }"),
    [
      #"test.json5: producers[0].attributes.x.oneOf: the list needs at least one value"#,
      #"test.json5: producers[0].attributes.y.oneOf: 'oneOf' needs at least one value"#,
    ]),
  (producer(#"attributes: { x: { oneOf: ["a", "a"] } }"#),
    [#"test.json5: producers[0].attributes.x.oneOf[1]: duplicate value 'a' (producers[0].attributes.x.oneOf[0] has it too)"#]),
  (producer("attributes: { x: { uniform: [5, 1] } }"),
    [#"test.json5: producers[0].attributes.x.uniform[1]: the high end 1 is below the low end 5"#]),
  (producer(#"attributes: { x: { uniform: [1, 5], type: "String" } }"#),
    [#"test.json5: producers[0].attributes.x.type: 'uniform' draws numbers; type must be 'Number'"#]),
  (producer(#"attributes: { x: { subsetOf: ["a", "b"], maxCount: 3 } }"#),
    [#"test.json5: producers[0].attributes.x.maxCount: '3' is above the maximum of 2 (at most the 2 values of 'subsetOf')"#]),
  (producer(#"attributes: { x: { subsetOf: ["a", "b"], type: "String" } }"#),
    [#"test.json5: producers[0].attributes.x.type: 'subsetOf' draws String.Array values; type must be 'String.Array'"#]),
  (producer(#"attributes: { x: { oneOf: ["a"], maxCount: 1 } }"#),
    [#"test.json5: producers[0].attributes.x.maxCount: 'maxCount' applies only to 'subsetOf'"#]),
  (producer(#"attributes: { x: { value: "abc", type: "Number" } }"#),
    [#"test.json5: producers[0].attributes.x.value: 'abc' is not a number (the attribute's type is 'Number')"#]),
  (producer(#"attributes: { x: { oneOf: ["a"], type: "String.Array" } }"#),
    [#"test.json5: producers[0].attributes.x.type: type 'String.Array' needs { subsetOf: [...] }"#]),
  (producer(#"attributes: { x: { oneOf: ["a"], uniform: [1, 2] } }"#),
    [#"test.json5: producers[0].attributes.x: an attribute has exactly one of 'value', 'oneOf', 'uniform' or 'subsetOf', got 'oneOf' and 'uniform'"#]),
  (producer(#"attributes: { x: { type: "String" } }"#),
    [#"test.json5: producers[0].attributes.x: expected one of 'value', 'oneOf', 'uniform' or 'subsetOf'"#]),
  (producer(#"attributes: { x: { oneof: ["a"] } }"#),
    [
      #"test.json5: producers[0].attributes.x: expected one of 'value', 'oneOf', 'uniform' or 'subsetOf'"#,
      #"test.json5: producers[0].attributes.x.oneof: unknown key (did you mean 'oneOf'?)"#,
    ]),
  // Body templates.
  (producer(#"attributes: { event: "x" }, body: { e: "$evnt", nested: ["$event", "$missing"] }"#),
    [
      #"test.json5: producers[0].body.e: unknown attribute '$evnt' (did you mean '$event'?)"#,
      #"test.json5: producers[0].body.nested[1]: unknown attribute '$missing'"#,
    ]),
  (producer(#"body: "x""#),
    [#"test.json5: producers[0].body: expected a JSON object (the message body), got string 'x'"#]),
  (producer(#"body: { a: "$x", b: NaN }"#),
    [
      #"test.json5: producers[0].body.a: unknown attribute '$x' (the producer declares no attributes)"#,
      #"test.json5: producers[0].body.b: 'NaN' is not valid in a JSON body"#,
    ]),
  // Deduplication IDs.
  (producer(target: "queue:f.fifo", "deduplicationId: false"),
    [#"test.json5: producers[0].deduplicationId: FIFO queue 'f.fifo' has no contentBasedDeduplication, so AWS would reject sends without a MessageDeduplicationId (set contentBasedDeduplication: true on the queue)"#]),
  (producer(target: "topic:t.fifo", "deduplicationId: false"),
    [#"test.json5: producers[0].deduplicationId: FIFO topic 't.fifo' has no contentBasedDeduplication, so AWS would reject sends without a MessageDeduplicationId (set contentBasedDeduplication: true on the topic)"#]),
  (producer("deduplicationId: true"),
    [#"test.json5: producers[0].deduplicationId: 'deduplicationId' applies only to FIFO queues and topics"#]),
]

@Suite("Broken scenarios: producers")
struct BrokenProducerScenarioTests {
  @Test("each broken scenario gives exactly the expected error lines", arguments: brokenProducerScenarios)
  func brokenScenario(source: String, expected: [String]) {
    #expect(errorLines(source) == expected)
  }

  @Test("the new tables are large enough to mean something")
  func tableSize() {
    #expect(brokenTopicScenarios.count + brokenProducerScenarios.count >= 80)
  }
}
