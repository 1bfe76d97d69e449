import Testing

@testable import ScenarioFormat

/// One stream `s` with `streamFields` (its other keys).
private func stream(_ streamFields: String) -> String {
  #"{ streams: [{ name: "s", \#(streamFields) }] }"#
}

/// A queue `q`, a two-shard stream `s` and one producer `p` writing to it
/// with `arrivals: { rate: 1 }` plus `fields`.
private func streamProducer(_ fields: String) -> String {
  #"{ queues: [{ name: "q" }], streams: [{ name: "s", shards: 2 }], producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 }, \#(fields) }] }"#
}

/// A queue `q`, a two-shard stream `s` and one consumer `c` reading
/// `source` plus `fields`.
private func consumer(source: String = "stream:s", _ fields: String) -> String {
  #"{ queues: [{ name: "q" }], streams: [{ name: "s", shards: 2 }], consumers: [{ name: "c", source: "\#(source)", \#(fields) }] }"#
}

/// A two-shard stream `s`, a producer `p` writing to it, a consumer `c`
/// reading it, a queue producer `qp` and a queue consumer `qc`, and one
/// expectation.
private func expect(_ expectation: String, shards: String = "2") -> String {
  #"{ queues: [{ name: "q" }], streams: [{ name: "s", shards: \#(shards) }], producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 } }, { name: "qp", target: "queue:q", arrivals: { rate: 1 } }], consumers: [{ name: "c", source: "stream:s" }, { name: "qc", source: "queue:q", waitTime: "20s" }], expect: [\#(expectation)] }"#
}

private let key257 = String(repeating: "😀", count: 257)

/// Broken streams, stream producers, stream consumers and stream `expect`
/// entries, and the exact error lines (file `test.json5`).
let brokenStreamScenarios: [(source: String, expected: [String])] = [
  // Shards: required for a provisioned stream, 1 ... 10,000.
  (stream("shards: 0"),
    [#"test.json5: streams[0].shards: '0' is below the minimum of 1 (ShardCount is 1 to 10,000)"#]),
  (stream("shards: 10001"),
    [#"test.json5: streams[0].shards: '10001' is above the maximum of 10000 (ShardCount is 1 to 10,000)"#]),
  (stream("shards: 1.5"),
    [#"test.json5: streams[0].shards: '1.5' is not a whole number"#]),
  (stream(#"shards: "4""#),
    [#"test.json5: streams[0].shards: expected a whole number, got string '4'"#]),
  (stream(#"retentionPeriod: "48h""#),
    [#"test.json5: streams[0]: missing required key 'shards' (a provisioned stream needs ShardCount, 1 to 10,000)"#]),
  (stream(#"mode: "provisioned""#),
    [#"test.json5: streams[0]: missing required key 'shards' (a provisioned stream needs ShardCount, 1 to 10,000)"#]),
  // Modes: an on-demand stream has no shards or reshards of its own.
  (stream(#"mode: "on-demand", shards: 4"#),
    [#"test.json5: streams[0].shards: 'shards' applies only to provisioned streams: an on-demand stream starts with 4 shards and splits them itself"#]),
  (stream(#"shards: 4, previousPeak: { recordsPerSecond: 10 }"#),
    [#"test.json5: streams[0].previousPeak: 'previousPeak' applies only to on-demand streams"#]),
  (stream(#"mode: "ON_DEMAND", shards: 0"#),
    [
      #"test.json5: streams[0].mode: expected 'provisioned' or 'on-demand', got 'ON_DEMAND' (did you mean 'on-demand'?)"#,
      #"test.json5: streams[0].shards: '0' is below the minimum of 1 (ShardCount is 1 to 10,000)"#,
    ]),
  // Retention: whole hours, 24 h ... 8,760 h.
  (stream(#"shards: 1, retentionPeriod: "23h""#),
    [#"test.json5: streams[0].retentionPeriod: '23h' is below the minimum of 1d (RetentionPeriodHours is 24 h to 8,760 h)"#]),
  (stream(#"shards: 1, retentionPeriod: "8761h""#),
    [#"test.json5: streams[0].retentionPeriod: '8761h' is above the maximum of 365d (RetentionPeriodHours is 24 h to 8,760 h)"#]),
  (stream(#"shards: 1, retentionPeriod: "25.5h""#),
    [#"test.json5: streams[0].retentionPeriod: '25.5h' is not a whole number of hours (RetentionPeriodHours is 24 to 8,760 whole hours)"#]),
  (stream(#"shards: 1, retentionPeriod: "23.5h""#),
    [#"test.json5: streams[0].retentionPeriod: '23.5h' is not a whole number of hours (RetentionPeriodHours is 24 to 8,760 whole hours)"#]),
  (stream(#"shards: 1, retentionPeriod: 24"#),
    [#"test.json5: streams[0].retentionPeriod: expected a duration string such as '30s', got number 24"#]),
  (stream(#"shards: 1, retentionPeriod: "1 d""#),
    [#"test.json5: streams[0].retentionPeriod: '1 d' is not a valid duration: no spaces inside a duration (write '1d')"#]),
  // Names and keys.
  (#"{ streams: [{ name: "gps stream", shards: 1 }] }"#,
    [#"test.json5: streams[0].name: 'gps stream' is not a valid stream name: use letters, digits, '.', '_' and '-'"#]),
  (#"{ streams: [{ name: "", shards: 1 }] }"#,
    [#"test.json5: streams[0].name: a stream name cannot be empty"#]),
  ("{ streams: [{ name: \"\(String(repeating: "s", count: 129))\", shards: 1 }] }",
    ["test.json5: streams[0].name: '\(String(repeating: "s", count: 60))…' is longer than 128 characters (stream names are 1 to 128 characters)"]),
  (#"{ streams: [{ shards: 1 }] }"#,
    [#"test.json5: streams[0]: missing required key 'name'"#]),
  (#"{ streams: [{ name: "s", shards: 1 }, { name: "s", shards: 2 }] }"#,
    [#"test.json5: streams[1].name: duplicate stream name 's' (streams[0] has it too)"#]),
  (stream("shards: 1, shard: 2"),
    [#"test.json5: streams[0].shard: unknown key (did you mean 'shards'?)"#]),
  (stream("shards: 1, shardCount: 2"),
    [#"test.json5: streams[0].shardCount: unknown key (valid keys: mode, name, previousPeak, reshards, retentionPeriod, shards)"#]),
  (#"{ streams: {} }"#,
    [#"test.json5: streams: expected an array of streams, got an object"#]),
  (#"{ streams: ["gps"] }"#,
    [#"test.json5: streams[0]: expected a stream such as { name: 'gps', shards: 4 }, got string 'gps'"#]),

  // Producers: the target, and the keys that apply to a stream.
  (#"{ streams: [{ name: "gps", shards: 1 }], producers: [{ name: "p", target: "stream:gsp", arrivals: { rate: 1 } }] }"#,
    [#"test.json5: producers[0].target: unknown stream 'gsp' (did you mean 'gps'?)"#]),
  (#"{ queues: [{ name: "s" }], producers: [{ name: "p", target: "stream:s", arrivals: { rate: 1 } }] }"#,
    [#"test.json5: producers[0].target: unknown stream 's' (the scenario declares no streams)"#]),
  (streamProducer(#"delay: "1s", poisonRate: 0.1, lostResponseRate: 0.1, attributes: { a: "x" }, body: { a: "$a" }, deduplicationId: false"#),
    [
      #"test.json5: producers[0].attributes: 'attributes' does not apply to a producer writing to a stream"#,
      #"test.json5: producers[0].body: 'body' does not apply to a producer writing to a stream"#,
      #"test.json5: producers[0].deduplicationId: 'deduplicationId' does not apply to a producer writing to a stream"#,
      #"test.json5: producers[0].delay: 'delay' does not apply to a producer writing to a stream"#,
      #"test.json5: producers[0].lostResponseRate: 'lostResponseRate' does not apply to a producer writing to a stream"#,
      #"test.json5: producers[0].poisonRate: 'poisonRate' does not apply to a producer writing to a stream"#,
    ]),
  // An undeclared stream: the keys still follow the target as written.
  (#"{ producers: [{ name: "p", target: "stream:nope", arrivals: { rate: 1 }, delay: "1s" }] }"#,
    [
      #"test.json5: producers[0].delay: 'delay' does not apply to a producer writing to a stream"#,
      #"test.json5: producers[0].target: unknown stream 'nope' (the scenario declares no streams)"#,
    ]),
  (streamProducer("partitionKey: 1"),
    [#"test.json5: producers[0].partitionKey: unknown key (valid keys: aggregation, apiLatency, arrivals, batch, errorRate, explicitHashKeys, keys, messageSize, name, retry, sendDiscipline, target)"#]),
  (streamProducer(#"batch: { size: 10 }, sendDiscipline: "perKey""#),
    [#"test.json5: producers[0].sendDiscipline: 'perKey' writes one record per call (PutRecord): PutRecords keeps no order within a request; use batch size 1 or 'concurrent'"#]),
  (streamProducer(#"aggregation: true, batch: { size: 10 }"#),
    [#"test.json5: producers[0].aggregation: 'aggregation' sends its own PutRecords collections (collectionMaxCount, maxBufferedTime); remove 'batch'"#]),
  (streamProducer(#"aggregation: { collectionMaxCount: 501 }"#),
    [#"test.json5: producers[0].aggregation.collectionMaxCount: '501' is above the maximum of 500 (PutRecords takes 1 to 500 records)"#]),
  (streamProducer(#"aggregation: { maxSize: "2MiB" }"#),
    [#"test.json5: producers[0].aggregation.maxSize: expected a size from 1KiB to 1MiB (an aggregated record is one Kinesis record, at most 1 MiB)"#]),
  (streamProducer(#"aggregation: { maxBufferedTime: "0s" }"#),
    [#"test.json5: producers[0].aggregation.maxBufferedTime: '0s' is below the minimum of 1ms"#]),
  (streamProducer(#"aggregation: "yes""#),
    [#"test.json5: producers[0].aggregation: expected true, false or { maxSize, maxBufferedTime, collectionMaxCount }, got string 'yes'"#]),
  (streamProducer("bach: { size: 1 }"),
    [#"test.json5: producers[0].bach: unknown key (did you mean 'batch'?)"#]),
  (streamProducer("batch: { size: 501 }"),
    [#"test.json5: producers[0].batch.size: '501' is above the maximum of 500 (PutRecords takes 1 to 500 records)"#]),
  (streamProducer("batch: { size: 0 }"),
    [#"test.json5: producers[0].batch.size: '0' is below the minimum of 1 (PutRecords takes 1 to 500 records)"#]),
  (streamProducer(#"messageSize: "1025KiB""#),
    [#"test.json5: producers[0].messageSize: '1025KiB' is above the maximum of 1MiB (a Kinesis record's data is at most 1 MiB)"#]),
  (streamProducer(#"messageSize: { uniform: ["1KiB", "2MiB"] }"#),
    [#"test.json5: producers[0].messageSize.uniform: the highest value '2MiB' is above the maximum of 1MiB (a Kinesis record's data is at most 1 MiB)"#]),
  (streamProducer(#"messageSize: "0B""#),
    [#"test.json5: producers[0].messageSize: '0B' is below the minimum of 1B"#]),
  // Partition keys: 1 to 256 code points.
  (streamProducer("keys: { values: [\"\(key257)\", \"\"] }"),
    [
      "test.json5: producers[0].keys.values[0]: '\(String(repeating: "😀", count: 60))…' is 257 Unicode code points long, above the maximum of 256 (PartitionKey is 1 to 256 code points)",
      #"test.json5: producers[0].keys.values[1]: a key cannot be empty"#,
    ]),
  (streamProducer("keys: { values: [\"\(String(repeating: "e\u{301}", count: 128))x\"] }"),
    ["test.json5: producers[0].keys.values[0]: '\(String(repeating: "e\u{301}", count: 60))…' is 257 Unicode code points long, above the maximum of 256 (PartitionKey is 1 to 256 code points)"]),
  (streamProducer("keys: { count: 1000, prefix: \"\(String(repeating: "ü", count: 254))\" }"),
    ["test.json5: producers[0].keys.prefix: '\(String(repeating: "ü", count: 60))…' followed by up to 3 digits makes keys longer than 256 code points (PartitionKey is 1 to 256 code points)"]),
  (streamProducer("keys: { count: 0 }"),
    [#"test.json5: producers[0].keys.count: '0' is below the minimum of 1"#]),
  // The same key on a queue producer is a MessageGroupId: 128 ASCII characters.
  (#"{ queues: [{ name: "q" }], producers: [{ name: "p", target: "queue:q", arrivals: { rate: 1 }, keys: { values: ["ü"] } }] }"#,
    [#"test.json5: producers[0].keys.values[0]: 'ü' is not a valid key: use letters, digits and punctuation (MessageGroupId)"#]),

  // Consumers: the source, and the keys that apply to a stream.
  (consumer(source: "stream:S", ""),
    [#"test.json5: consumers[0].source: unknown stream 'S' (did you mean 's'?)"#]),
  (consumer(#"batchSize: 10, waitTime: "20s", visibilityTimeout: "30s", emptyReceiveDelay: "1s", deleteMode: "batch", failureRate: 0.1, heartbeat: true, outages: []"#),
    [
      #"test.json5: consumers[0].batchSize: 'batchSize' does not apply to a consumer reading a stream"#,
      #"test.json5: consumers[0].deleteMode: 'deleteMode' does not apply to a consumer reading a stream"#,
      #"test.json5: consumers[0].emptyReceiveDelay: 'emptyReceiveDelay' does not apply to a consumer reading a stream"#,
      #"test.json5: consumers[0].failureRate: 'failureRate' does not apply to a consumer reading a stream"#,
      #"test.json5: consumers[0].heartbeat: 'heartbeat' does not apply to a consumer reading a stream"#,
      #"test.json5: consumers[0].outages: 'outages' does not apply to a consumer reading a stream"#,
      #"test.json5: consumers[0].visibilityTimeout: 'visibilityTimeout' does not apply to a consumer reading a stream"#,
      #"test.json5: consumers[0].waitTime: 'waitTime' does not apply to a consumer reading a stream"#,
    ]),
  (consumer(source: "queue:q", #"waitTime: "20s", maxRecords: 100, idleTimeBetweenReads: "1s", batchProcessingTime: "1ms", initialPosition: "LATEST", failoverTime: "5s", checkpointRecords: 10, checkpointInterval: "1m""#),
    [
      #"test.json5: consumers[0].batchProcessingTime: 'batchProcessingTime' applies only to consumers reading a stream"#,
      #"test.json5: consumers[0].checkpointInterval: 'checkpointInterval' applies only to consumers reading a stream"#,
      #"test.json5: consumers[0].checkpointRecords: 'checkpointRecords' applies only to consumers reading a stream"#,
      #"test.json5: consumers[0].failoverTime: 'failoverTime' applies only to consumers reading a stream"#,
      #"test.json5: consumers[0].idleTimeBetweenReads: 'idleTimeBetweenReads' applies only to consumers reading a stream"#,
      #"test.json5: consumers[0].initialPosition: 'initialPosition' applies only to consumers reading a stream"#,
      #"test.json5: consumers[0].maxRecords: 'maxRecords' applies only to consumers reading a stream"#,
    ]),
  // A source of neither kind: only the source is wrong.
  (consumer(source: "topic:t", "maxRecords: 5, batchSize: 2"),
    [#"test.json5: consumers[0].source: expected 'queue:NAME' or 'stream:NAME', got 'topic:t'"#]),
  (consumer("maxRecord: 5"),
    [#"test.json5: consumers[0].maxRecord: unknown key (did you mean 'maxRecords'?)"#]),
  (consumer("shards: 5"),
    [#"test.json5: consumers[0].shards: unknown key (valid keys: apiLatency, batchProcessingTime, checkpointInterval, checkpointRecords, count, crashRate, enhancedFanOut, failoverTime, idleTimeBetweenReads, initialPosition, initialTimestamp, lambda, maxRecords, name, processingTime, resets, restartDelay, source)"#]),
  (consumer("maxRecords: 0"),
    [#"test.json5: consumers[0].maxRecords: '0' is below the minimum of 1 (GetRecords takes a Limit of 1 to 10,000 records)"#]),
  (consumer("maxRecords: 10001"),
    [#"test.json5: consumers[0].maxRecords: '10001' is above the maximum of 10000 (GetRecords takes a Limit of 1 to 10,000 records)"#]),
  (consumer("count: 0"),
    [#"test.json5: consumers[0].count: '0' is below the minimum of 1"#]),
  (consumer("count: 100001"),
    [#"test.json5: consumers[0].count: '100001' is above the maximum of 100000"#]),
  (consumer(#"idleTimeBetweenReads: "61m""#),
    [#"test.json5: consumers[0].idleTimeBetweenReads: '61m' is above the maximum of 1h"#]),
  (consumer(#"idleTimeBetweenReads: 1000"#),
    [#"test.json5: consumers[0].idleTimeBetweenReads: expected a duration string such as '30s', got number 1000"#]),
  (consumer(#"batchProcessingTime: { exponential: "0s" }"#),
    [#"test.json5: consumers[0].batchProcessingTime.exponential: the mean must be greater than 0s"#]),
  (consumer(#"idleTimeBetweenReads: "0s", apiLatency: "0s""#),
    [#"test.json5: consumers[0]: polling with zero apiLatency and zero idleTimeBetweenReads would poll without time passing; set apiLatency or idleTimeBetweenReads"#]),
  // Initial positions: LATEST, TRIM_HORIZON and AT_TIMESTAMP (with its timestamp).
  (consumer(#"initialPosition: "AT_TIMESTAMP""#),
    [#"test.json5: consumers[0]: missing required key 'initialTimestamp'"#]),
  (consumer(#"initialTimestamp: "1h""#),
    [#"test.json5: consumers[0].initialTimestamp: 'initialTimestamp' applies only with initialPosition 'AT_TIMESTAMP'"#]),
  (consumer(#"initialPosition: "latest""#),
    [#"test.json5: consumers[0].initialPosition: expected 'LATEST', 'TRIM_HORIZON' or 'AT_TIMESTAMP', got 'latest' (did you mean 'LATEST'?)"#]),
  (consumer(#"initialPosition: "AT_SEQUENCE_NUMBER""#),
    [#"test.json5: consumers[0].initialPosition: expected 'LATEST', 'TRIM_HORIZON' or 'AT_TIMESTAMP', got 'AT_SEQUENCE_NUMBER'"#]),

  // expect: streams, their shards, stream producers and consumers.
  (expect(#"{ resource: "stream/s/shardId-000000000002", metric: "IncomingRecords", min: 1 }"#),
    [#"test.json5: expect[0].resource: 'shardId-000000000002' is not a shard of stream 's', which has 2 shards (shardId-000000000000 to shardId-000000000001)"#]),
  (expect(#"{ resource: "stream/s/shardId-000000000001", metric: "IncomingRecords", min: 1 }"#, shards: "1"),
    [#"test.json5: expect[0].resource: 'shardId-000000000001' is not a shard of stream 's', which has 1 shard (shardId-000000000000 to shardId-000000000000)"#]),
  (expect(#"{ resource: "stream/s/shardId-00000000001", metric: "IncomingRecords", min: 1 }"#),
    [#"test.json5: expect[0].resource: 'shardId-00000000001' is not a shard id such as 'shardId-000000000000' ('shardId-' and 12 digits)"#]),
  (expect(#"{ resource: "stream/s/shard-1", metric: "IncomingRecords", min: 1 }"#),
    [#"test.json5: expect[0].resource: 'shard-1' is not a shard id such as 'shardId-000000000000' ('shardId-' and 12 digits)"#]),
  (expect(#"{ resource: "stream/s/shardId-00000000000١", metric: "IncomingRecords", min: 1 }"#),
    [#"test.json5: expect[0].resource: 'shardId-00000000000١' is not a shard id such as 'shardId-000000000000' ('shardId-' and 12 digits)"#]),
  (expect(#"{ resource: "stream/s/", metric: "IncomingRecords", min: 1 }"#),
    [#"test.json5: expect[0].resource: '' is not a shard id such as 'shardId-000000000000' ('shardId-' and 12 digits)"#]),
  (expect(#"{ resource: "stream/x/shardId-000000000000", metric: "IncomingRecords", min: 1 }"#),
    [#"test.json5: expect[0].resource: unknown stream 'x' (did you mean 's'?)"#]),
  // Only streams have sub-resources.
  (expect(#"{ resource: "queue/q/shardId-000000000000", metric: "MessagesLost", equals: 0 }"#),
    [#"test.json5: expect[0].resource: unknown queue 'q/shardId-000000000000'"#]),
  // A stream with a problem: its shards are not checked against it.
  (expect(#"{ resource: "stream/s/shardId-000000000005", metric: "IncomingRecords", min: 1 }"#, shards: "0"),
    [#"test.json5: streams[0].shards: '0' is below the minimum of 1 (ShardCount is 1 to 10,000)"#]),
  (expect(#"{ resource: "stream/s", metric: "IncomingRecrds", min: 1 }"#),
    [#"test.json5: expect[0].metric: unknown metric 'IncomingRecrds' for stream/s (did you mean 'IncomingRecords'?)"#]),
  (expect(#"{ resource: "stream/s", metric: "OutgoingRecords", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'OutgoingRecords' is reported only for a stream's shards (stream/NAME/shardId-…), and stream/s is a whole stream"#]),
  (expect(#"{ resource: "stream/s/shardId-000000000000", metric: "OpenShards", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'OpenShards' is reported only for a whole stream (stream/NAME), and stream/s/shardId-000000000000 is a shard"#]),
  (expect(#"{ resource: "producer/p", metric: "NumberOfMessagesSent", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'NumberOfMessagesSent' is reported only for producers sending to queues and topics, and producer/p writes to a stream"#]),
  (expect(#"{ resource: "producer/qp", metric: "RecordsPut", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'RecordsPut' is reported only for producers writing to a stream, and producer/qp sends to a queue or topic"#]),
  (expect(#"{ resource: "consumer/c", metric: "MessagesProcessed", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'MessagesProcessed' is reported only for consumers reading a queue, and consumer/c reads a stream"#]),
  (expect(#"{ resource: "consumer/qc", metric: "RecordsProcessed", min: 1 }"#),
    [#"test.json5: expect[0].metric: 'RecordsProcessed' is reported only for consumers reading a stream, and consumer/qc reads a queue"#]),
  (expect(#"{ resource: "consumer/c", metric: "RecordsProcesed", min: 1 }"#),
    [#"test.json5: expect[0].metric: unknown metric 'RecordsProcesed' for consumer/c (did you mean 'RecordsProcessed'?)"#]),

]

@Suite("Broken scenarios: streams")
struct BrokenStreamScenarioTests {
  @Test("each broken stream scenario gives exactly the expected error lines", arguments: brokenStreamScenarios)
  func brokenScenario(source: String, expected: [String]) {
    #expect(errorLines(source) == expected)
  }

  @Test("each bound at the limit validates and one beyond it does not", arguments: [
    (stream("shards: 1"), stream("shards: 0")),
    (stream("shards: 10000"), stream("shards: 10001")),
    (stream(#"shards: 1, retentionPeriod: "24h""#), stream(#"shards: 1, retentionPeriod: "23h""#)),
    (stream(#"shards: 1, retentionPeriod: "8760h""#), stream(#"shards: 1, retentionPeriod: "8761h""#)),
    (stream(#"shards: 1, retentionPeriod: "26h""#), stream(#"shards: 1, retentionPeriod: "25.5h""#)),
    (streamProducer("batch: { size: 500 }"), streamProducer("batch: { size: 501 }")),
    (streamProducer("batch: { size: 1 }"), streamProducer("batch: { size: 0 }")),
    (streamProducer(#"messageSize: "1MiB""#), streamProducer(#"messageSize: "1048577B""#)),
    (streamProducer("keys: { values: [\"\(String(repeating: "😀", count: 256))\"] }"),
      streamProducer("keys: { values: [\"\(key257)\"] }")),
    (consumer("maxRecords: 1"), consumer("maxRecords: 0")),
    (consumer("maxRecords: 10000"), consumer("maxRecords: 10001")),
    (consumer(#"idleTimeBetweenReads: "1h""#), consumer(#"idleTimeBetweenReads: "3600001ms""#)),
    (consumer("count: 1"), consumer("count: 0")),
    (consumer(#"initialPosition: "AT_TIMESTAMP", initialTimestamp: "1h""#), consumer(#"initialPosition: "AT_TIMESTAMP""#)),
  ])
  func bounds(valid: String, invalid: String) {
    #expect(errorLines(valid) == [])
    #expect(errorLines(invalid).count == 1)
  }

  @Test("the table is large enough to mean something")
  func tableSize() {
    #expect(brokenStreamScenarios.count >= 60)
  }
}
