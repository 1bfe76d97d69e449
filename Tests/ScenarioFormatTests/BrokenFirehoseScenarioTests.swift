import Testing

@testable import ScenarioFormat

/// One Firehose stream `f` with `fields` (its other keys).
private func firehose(_ fields: String) -> String {
  #"{ firehoses: [{ name: "f", \#(fields) }] }"#
}

/// A queue `q`, a Firehose stream `f` and one producer `p` writing to it
/// with `arrivals: { rate: 1 }` plus `fields`.
private func firehoseProducer(_ fields: String) -> String {
  #"{ queues: [{ name: "q" }], firehoses: [{ name: "f" }], producers: [{ name: "p", target: "firehose:f", arrivals: { rate: 1 }, \#(fields) }] }"#
}

/// A Firehose stream `f`, a producer `p` writing to it, a stream `s` with a
/// producer `sp`, a queue producer `qp`, and one expectation.
private func expect(_ expectation: String) -> String {
  #"{ queues: [{ name: "q" }], streams: [{ name: "s", shards: 1 }], firehoses: [{ name: "f" }], producers: [{ name: "p", target: "firehose:f", arrivals: { rate: 1 } }, { name: "sp", target: "stream:s", arrivals: { rate: 1 } }, { name: "qp", target: "queue:q", arrivals: { rate: 1 } }], expect: [\#(expectation)] }"#
}

/// Broken Firehose streams, Firehose producers and Firehose `expect`
/// entries, and the exact error lines (file `test.json5`).
let brokenFirehoseScenarios: [(source: String, expected: [String])] = [
  // Buffer size: whole MiB, 1 ... 128 MiB (SizeInMBs).
  (firehose(#"bufferSize: "129MiB""#),
    [#"test.json5: firehoses[0].bufferSize: '129MiB' is above the maximum of 128MiB (SizeInMBs is 1 MiB to 128 MiB)"#]),
  (firehose(#"bufferSize: "0MiB""#),
    [#"test.json5: firehoses[0].bufferSize: '0MiB' is below the minimum of 1MiB (SizeInMBs is 1 MiB to 128 MiB)"#]),
  (firehose(#"bufferSize: "5MB""#),
    [#"test.json5: firehoses[0].bufferSize: '5MB' is not a whole number of MiB (SizeInMBs is 1 to 128 whole MiB)"#]),
  (firehose(#"bufferSize: "1.5MiB""#),
    [#"test.json5: firehoses[0].bufferSize: '1.5MiB' is not a whole number of MiB (SizeInMBs is 1 to 128 whole MiB)"#]),
  (firehose(#"bufferSize: "512KiB""#),
    [#"test.json5: firehoses[0].bufferSize: '512KiB' is not a whole number of MiB (SizeInMBs is 1 to 128 whole MiB)"#]),
  (firehose("bufferSize: 5"),
    [#"test.json5: firehoses[0].bufferSize: expected a size string such as '256KiB', got number 5"#]),
  (firehose(#"bufferSize: "5 MiB""#),
    [#"test.json5: firehoses[0].bufferSize: '5 MiB' is not a valid size: no spaces inside a size (write '5MiB')"#]),
  // Buffer interval: whole seconds, 0 ... 900 s (IntervalInSeconds).
  (firehose(#"bufferInterval: "901s""#),
    [#"test.json5: firehoses[0].bufferInterval: '901s' is above the maximum of 15m (IntervalInSeconds is 0 s to 900 s)"#]),
  (firehose(#"bufferInterval: "16m""#),
    [#"test.json5: firehoses[0].bufferInterval: '16m' is above the maximum of 15m (IntervalInSeconds is 0 s to 900 s)"#]),
  (firehose(#"bufferInterval: "1.5s""#),
    [#"test.json5: firehoses[0].bufferInterval: '1.5s' is not a whole number of seconds (IntervalInSeconds is 0 to 900 whole seconds)"#]),
  (firehose(#"bufferInterval: "500ms""#),
    [#"test.json5: firehoses[0].bufferInterval: '500ms' is not a whole number of seconds (IntervalInSeconds is 0 to 900 whole seconds)"#]),
  (firehose("bufferInterval: 300"),
    [#"test.json5: firehoses[0].bufferInterval: expected a duration string such as '30s', got number 300"#]),
  // Direct PUT quota overrides.
  (firehose("recordsPerSecondLimit: 0"),
    [#"test.json5: firehoses[0].recordsPerSecondLimit: '0' is below the minimum of 1"#]),
  (firehose("putRequestsPerSecondLimit: 1.5"),
    [#"test.json5: firehoses[0].putRequestsPerSecondLimit: '1.5' is not a whole number"#]),
  (firehose("recordsPerSecondLimit: 1000000001"),
    [#"test.json5: firehoses[0].recordsPerSecondLimit: '1000000001' is above the maximum of 1000000000"#]),
  (firehose(#"bytesPerSecondLimit: "0B""#),
    [#"test.json5: firehoses[0].bytesPerSecondLimit: '0B' is below the minimum of 1B"#]),
  (firehose("bytesPerSecondLimit: 5242880"),
    [#"test.json5: firehoses[0].bytesPerSecondLimit: expected a size string such as '256KiB', got number 5242880"#]),
  // Transform and destination.
  (firehose("transform: { failureRate: 1.5 }"),
    [#"test.json5: firehoses[0].transform.failureRate: '1.5' is above the maximum of 1"#]),
  (firehose("transform: { numberOfRetries: 301 }"),
    [#"test.json5: firehoses[0].transform.numberOfRetries: '301' is above the maximum of 300 (NumberOfRetries is 0 to 300 in msgsim; AWS's default is 3)"#]),
  (firehose("transform: { numberOfRetries: -1 }"),
    [#"test.json5: firehoses[0].transform.numberOfRetries: '-1' is below the minimum of 0 (NumberOfRetries is 0 to 300 in msgsim; AWS's default is 3)"#]),
  (firehose(#"transform: { latency: "fast" }"#),
    [#"test.json5: firehoses[0].transform.latency: 'fast' is not a valid duration: expected a number followed by a unit (ns, us, ms, s, m, h or d)"#]),
  (firehose(#"transform: { lambda: "resize" }"#),
    [#"test.json5: firehoses[0].transform.lambda: unknown key (valid keys: failureRate, latency, numberOfRetries)"#]),
  (firehose("transform: true"),
    [#"test.json5: firehoses[0].transform: expected an object, got true"#]),
  (firehose("destination: { failureRate: -0.1 }"),
    [#"test.json5: firehoses[0].destination.failureRate: '-0.1' is below the minimum of 0"#]),
  (firehose(#"destination: { retryDuration: "24h1s" }"#),
    [#"test.json5: firehoses[0].destination.retryDuration: '24h1s' is above the maximum of 1d (retryDuration is 0 s to 86,400 s: Firehose retries delivery to S3 for up to 24 h)"#]),
  (firehose(#"destination: { retryDuration: "0.5s" }"#),
    [#"test.json5: firehoses[0].destination.retryDuration: '0.5s' is not a whole number of seconds (retryDuration is 0 to 86,400 whole seconds)"#]),
  (firehose(#"destination: { latency: { exponential: "0s" } }"#),
    [#"test.json5: firehoses[0].destination.latency.exponential: the mean must be greater than 0s"#]),
  (firehose(#"destination: { type: "s3" }"#),
    [#"test.json5: firehoses[0].destination.type: unknown key (valid keys: failureRate, latency, retryDuration)"#]),
  // Sources: Direct PUT (producers, SNS subscriptions), or a declared Kinesis data stream.
  (firehose(#"source: "stream:s""#),
    [#"test.json5: firehoses[0].source: unknown stream 's' (declare it in 'streams')"#]),
  (firehose(#"source: "topic:t""#),
    [#"test.json5: firehoses[0].source: a Firehose stream's source is 'stream:NAME' (a Kinesis data stream) or none (Direct PUT: producers, and SNS topics that subscribe it with { firehose: NAME })"#]),
  (#"{ streams: [{ name: "s", shards: 1 }], firehoses: [{ name: "f", source: "stream:s" }], producers: [{ name: "p", target: "firehose:f", arrivals: { rate: 1 } }] }"#,
    [#"test.json5: producers[0].target: Firehose stream 'f' reads a Kinesis data stream: PutRecord and PutRecordBatch are disabled on it (write to the stream instead)"#]),
  // Names and keys.
  (#"{ firehoses: [{ name: "click stream" }] }"#,
    [#"test.json5: firehoses[0].name: 'click stream' is not a valid Firehose stream name: use letters, digits, '.', '_' and '-'"#]),
  (#"{ firehoses: [{ name: "" }] }"#,
    [#"test.json5: firehoses[0].name: a Firehose stream name cannot be empty"#]),
  ("{ firehoses: [{ name: \"\(String(repeating: "f", count: 65))\" }] }",
    ["test.json5: firehoses[0].name: '\(String(repeating: "f", count: 60))…' is longer than 64 characters (Firehose stream names are 1 to 64 characters)"]),
  (#"{ firehoses: [{ bufferSize: "5MiB" }] }"#,
    [#"test.json5: firehoses[0]: missing required key 'name'"#]),
  (#"{ firehoses: [{ name: "f" }, { name: "f" }] }"#,
    [#"test.json5: firehoses[1].name: duplicate firehose name 'f' (firehoses[0] has it too)"#]),
  (firehose(#"bufferSizeHint: "5MiB""#),
    [#"test.json5: firehoses[0].bufferSizeHint: unknown key (did you mean 'bufferSize'?)"#]),
  (#"{ firehoses: { name: "f" } }"#,
    [#"test.json5: firehoses: expected an array of Firehose streams, got an object"#]),
  (#"{ firehoses: ["f"] }"#,
    [#"test.json5: firehoses[0]: expected a Firehose stream such as { name: 'clicks', bufferSize: '5MiB' }, got string 'f'"#]),

  // Producers writing to a Firehose stream.
  (#"{ firehoses: [{ name: "f" }], producers: [{ name: "p", target: "firehose:g", arrivals: { rate: 1 } }] }"#,
    [#"test.json5: producers[0].target: unknown firehose 'g' (did you mean 'f'?)"#]),
  (firehoseProducer(#"messageSize: "1000KiB""#), []),
  (firehoseProducer(#"messageSize: "1024001B""#),
    [#"test.json5: producers[0].messageSize: '1024001B' is above the maximum of 1000KiB (a Firehose record's data is at most 1,000 KiB)"#]),
  (firehoseProducer("batch: { size: 501 }"),
    [#"test.json5: producers[0].batch.size: '501' is above the maximum of 500 (PutRecordBatch takes 1 to 500 records)"#]),
  (firehoseProducer("batch: { size: 0 }"),
    [#"test.json5: producers[0].batch.size: '0' is below the minimum of 1 (PutRecordBatch takes 1 to 500 records)"#]),
  (firehoseProducer(#"keys: { count: 4 }"#),
    [#"test.json5: producers[0].keys: 'keys' does not apply to a producer writing to a Firehose stream"#]),
  (firehoseProducer(#"delay: "1s", poisonRate: 0.1, lostResponseRate: 0.1, attributes: { a: "x" }, body: { a: "$a" }, deduplicationId: false, sendDiscipline: "perKey""#),
    [
      #"test.json5: producers[0].attributes: 'attributes' does not apply to a producer writing to a Firehose stream"#,
      #"test.json5: producers[0].body: 'body' does not apply to a producer writing to a Firehose stream"#,
      #"test.json5: producers[0].deduplicationId: 'deduplicationId' does not apply to a producer writing to a Firehose stream"#,
      #"test.json5: producers[0].delay: 'delay' does not apply to a producer writing to a Firehose stream"#,
      #"test.json5: producers[0].lostResponseRate: 'lostResponseRate' does not apply to a producer writing to a Firehose stream"#,
      #"test.json5: producers[0].poisonRate: 'poisonRate' does not apply to a producer writing to a Firehose stream"#,
      #"test.json5: producers[0].sendDiscipline: 'sendDiscipline' does not apply to a producer writing to a Firehose stream"#,
    ]),
  (firehoseProducer("keys: null, delay: null"), []),
  (firehoseProducer("partitionKey: 1"),
    [#"test.json5: producers[0].partitionKey: unknown key (valid keys: apiLatency, arrivals, batch, errorRate, messageSize, name, retry, target)"#]),
  (firehoseProducer("errorRate: 1"),
    [#"test.json5: producers[0].errorRate: '1' must be less than 1"#]),
  // Consumers cannot read a Firehose stream.
  (#"{ firehoses: [{ name: "f" }], consumers: [{ name: "c", source: "firehose:f" }] }"#,
    [#"test.json5: consumers[0].source: expected 'queue:NAME' or 'stream:NAME', got 'firehose:f'"#]),

  // expect firehose/NAME and Firehose producers.
  (expect(#"{ resource: "firehose/g", metric: "IncomingRecords", min: 1 }"#),
    [#"test.json5: expect[0].resource: unknown firehose 'g' (did you mean 'f'?)"#]),
  (expect(#"{ resource: "firehose/f", metric: "DeliveryToS3.Record", min: 1 }"#),
    [#"test.json5: expect[0].metric: unknown metric 'DeliveryToS3.Record' for firehose/f (did you mean 'DeliveryToS3.Records'?)"#]),
  (expect(#"{ resource: "firehose/f", metric: "BufferFlushes", min: 1 }"#),
    [#"test.json5: expect[0].metric: unknown metric 'BufferFlushes' for firehose/f (did you mean 'BufferFlushes.size'?)"#]),
  (expect(#"{ resource: "producer/p", metric: "NumberOfMessagesSent", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'NumberOfMessagesSent' is reported only for producers sending to queues and topics, and producer/p writes to a Firehose stream"#]),
  (expect(#"{ resource: "producer/p", metric: "PutRecordsCalls", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'PutRecordsCalls' is reported only for producers writing to a Kinesis stream, and producer/p writes to a Firehose stream"#]),
  (expect(#"{ resource: "producer/qp", metric: "PutRecordBatchCalls", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'PutRecordBatchCalls' is reported only for producers writing to a Firehose stream, and producer/qp sends to a queue or topic"#]),
  (expect(#"{ resource: "producer/sp", metric: "PutRecordBatchCalls", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'PutRecordBatchCalls' is reported only for producers writing to a Firehose stream, and producer/sp writes to a stream"#]),
  (expect(#"{ resource: "producer/qp", metric: "RecordsPut", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'RecordsPut' is reported only for producers writing to a stream, and producer/qp sends to a queue or topic"#]),
]

@Suite("Broken scenarios: Firehose")
struct BrokenFirehoseScenarioTests {
  @Test("each broken Firehose scenario gives exactly the expected error lines", arguments: brokenFirehoseScenarios)
  func brokenScenario(source: String, expected: [String]) {
    #expect(errorLines(source) == expected)
  }

  @Test("each bound at the limit validates and one beyond it does not", arguments: [
    (firehose(#"bufferSize: "1MiB""#), firehose(#"bufferSize: "1023KiB""#)),
    (firehose(#"bufferSize: "128MiB""#), firehose(#"bufferSize: "129MiB""#)),
    (firehose(#"bufferInterval: "0s""#), firehose(#"bufferInterval: "-1s""#)),
    (firehose(#"bufferInterval: "900s""#), firehose(#"bufferInterval: "901s""#)),
    (firehose(#"destination: { retryDuration: "0s" }"#), firehose(#"destination: { retryDuration: "-1s" }"#)),
    (firehose(#"destination: { retryDuration: "86400s" }"#), firehose(#"destination: { retryDuration: "86401s" }"#)),
    (firehose("destination: { failureRate: 1 }"), firehose("destination: { failureRate: 1.01 }")),
    (firehose("transform: { numberOfRetries: 300 }"), firehose("transform: { numberOfRetries: 301 }")),
    (firehose("transform: { numberOfRetries: 0 }"), firehose("transform: { numberOfRetries: -1 }")),
    (firehose("recordsPerSecondLimit: 1"), firehose("recordsPerSecondLimit: 0")),
    (firehose(#"bytesPerSecondLimit: "1TiB""#), firehose(#"bytesPerSecondLimit: "1099511627777B""#)),
    (firehoseProducer("batch: { size: 500 }"), firehoseProducer("batch: { size: 501 }")),
    (firehoseProducer(#"messageSize: "1024000B""#), firehoseProducer(#"messageSize: "1024001B""#)),
  ])
  func bounds(valid: String, invalid: String) {
    #expect(errorLines(valid) == [])
    #expect(errorLines(invalid).count == 1, "\(errorLines(invalid))")
  }
}
