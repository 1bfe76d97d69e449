import SimCore
import SimModels

/// The keys of a producer object.
let producerKeys = [
  "name", "target", "arrivals", "messageSize", "batch", "delay", "apiLatency", "errorRate", "poisonRate",
  "retry", "lostResponseRate", "keys", "attributes", "body", "deduplicationId", "sendDiscipline",
]

extension ScenarioReader {
  /// Reads the `producers` list; `nil` if any producer has a problem.
  func readProducers(_ list: Field?) -> [ProducerConfig]? {
    guard let list else { return [] }
    declareNames(of: .producer, in: list)
    for element in list.value.arrayValue ?? [] {
      guard case .object(let members) = element, case .string(let name)? = members[ResourceSection.nameKey],
        producerWritesStream[name] == nil
      else { continue }
      producerWritesStream[name] = writtenKind(of: members["target"]) == ResourceSection.stream.kind
      producerWritesFirehose[name] = writtenKind(of: members["target"]) == ResourceSection.firehose.kind
    }
    guard let elements = list.array(expected: "an array of producers") else { return nil }
    let producers = elements.map(readProducer)
    return producers.allSatisfy { $0 != nil } ? producers.compactMap { $0 } : nil
  }

  private func readProducer(_ field: Field) -> ProducerConfig? {
    // Whether the target is a stream as written, whether or not the stream
    // is declared: that decides which keys apply.
    let writesStream = writtenKind(of: field.value.objectValue?["target"]) == ResourceSection.stream.kind
    let writesFirehose = writtenKind(of: field.value.objectValue?["target"]) == ResourceSection.firehose.kind
    var unsupported: [String: String] = [:]
    if writesStream {
      unsupported = inapplicableKeyMessages(producerKeys, except: streamProducerKeys) {
        "'\($0)' does not apply to a producer writing to a stream"
      }
    } else if writesFirehose {
      unsupported = inapplicableKeyMessages(producerKeys, except: firehoseProducerKeys) {
        "'\($0)' does not apply to a producer writing to a Firehose stream"
      }
    }
    guard let object = field.object(
      keys: writesStream ? streamProducerKeys : writesFirehose ? firehoseProducerKeys : producerKeys,
      expected: "a producer such as { name: 'web', target: 'queue:orders', arrivals: { rate: 10 } }",
      unsupported: unsupported)
    else { return nil }
    let problemsBefore = log.count
    let name = object.required("name").flatMap { checkEntityName($0, kind: "producer") }
    let target = object.required("target").flatMap { readEndpoint($0, role: .target) }
    let arrivals = object.required("arrivals").flatMap { readArrivals($0, baseDirectory: baseDirectory) }
    var producer = ProducerConfig(name: name ?? "", target: target ?? .queue(""), arrivals: arrivals ?? .poisson(rate: 0))
    var targetQueue: QueueConfig?
    var targetTopic: TopicConfig?
    // Whether the target is FIFO, as written (`nil`: no valid target).
    var targetIsFIFO: Bool?
    switch target {
    case .queue(let queueName)?:
      (targetQueue, targetIsFIFO) = (queues[queueName], queueIsFIFO[queueName])
    case .topic(let topicName)?:
      (targetTopic, targetIsFIFO) = (topics[topicName], topicIsFIFO[topicName])
    case .firehose(let firehoseName)? where firehosesReadingStreams.contains(firehoseName):
      // A Firehose stream that reads a Kinesis data stream takes no
      // PutRecord or PutRecordBatch (docs/model.md §11.6).
      object["target"]?.report(
        "Firehose stream \(quoted(firehoseName)) reads a Kinesis data stream: PutRecord and PutRecordBatch are disabled on it (write to the stream instead)")
    default: break
    }

    if let f = object["messageSize"] {
      let maximum: Int
      let note: String
      if case .topic? = target {
        (maximum, note) = (SNSLimits.maxMessageSize, "SNS messages are 1 B to \(SNSLimits.maxMessageSize / 1_024) KiB")
      } else if writesStream {
        (maximum, note) = (
          KinesisLimits.maxRecordSize, "a Kinesis record's data is at most \(KinesisLimits.maxRecordSize / 1_048_576) MiB"
        )
      } else if writesFirehose {
        (maximum, note) = (FirehoseLimits.maxRecordSize, "a Firehose record's data is at most 1,000 KiB")
      } else if let targetQueue {
        (maximum, note) = (targetQueue.maxMessageSize, "the target queue's maxMessageSize")
      } else {
        (maximum, note) = (SQSLimits.maxMessageSize, "SQS messages are 1 B to \(SQSLimits.maxMessageSize / 1_048_576) MiB")
      }
      // A message has at least 1 B, whatever the target (docs/model.md §2.1).
      let bounds = Bounds(lower: Double(SQSLimits.minMessageSize), upper: Double(maximum), upperNote: note)
      if let size = readDistribution(f, .size, bounds: bounds, baseDirectory: baseDirectory) {
        producer.messageSize = size
      }
    }
    if let f = object["batch"], let batch = f.object(keys: ["size", "window"]) {
      var (call, entries, unit) = ("SendMessageBatch", SQSLimits.maxBatchSize, "entries")
      if case .topic? = target { (call, entries) = ("PublishBatch", SNSLimits.maxBatchSize) }
      if writesStream { (call, entries, unit) = ("PutRecords", KinesisLimits.maxPutRecordsEntries, "records") }
      if writesFirehose {
        (call, entries, unit) = ("PutRecordBatch", FirehoseLimits.maxPutRecordBatchRecords, "records")
      }
      let size = batch.required("size")?.integer(.closed(1, entries, note: "\(call) takes 1 to \(entries) \(unit)"))
      let window = batch["window"].map { $0.duration(.any) } ?? .milliseconds(100)
      if let size, let window { producer.batch = BatchPolicy(size: size, window: window) }
    }
    producer.apiLatency = defaultAPILatency
    if let f = object["apiLatency"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
      producer.apiLatency = v
    }
    if let f = object["errorRate"], let v = f.number(Bounds(lower: 0, upper: 1, upperIsExclusive: true)) {
      producer.errorRate = v
    }
    if let f = object["retry"], let retry = f.object(keys: ["maxAttempts", "baseDelay", "maxBackoff"]) {
      if let v = retry["maxAttempts"]?.integer(.closed(1, 20)) { producer.retry.maxAttempts = v }
      if let v = retry["baseDelay"]?.duration(.any) { producer.retry.baseDelay = v }
      if let v = retry["maxBackoff"]?.duration(.any) { producer.retry.maxBackoff = v }
    }
    // The keys below do not apply to Firehose streams (reported above).
    if writesFirehose {
      guard log.count == problemsBefore, name != nil, target != nil, arrivals != nil else { return nil }
      return producer
    }
    if let f = object["keys"], let keys = readKeys(f, rule: writesStream ? .partitionKey : .messageGroupId) {
      producer.keys = keys
    }
    // The keys below apply to queues and topics only (reported above for a
    // stream producer).
    if !writesStream {
      readMessagingKeys(
        object, into: &producer, target: target, isFIFO: targetIsFIFO, queue: targetQueue, topic: targetTopic)
    } else {
      if let f = object["explicitHashKeys"], let v = readExplicitHashKeys(f, keys: producer.keys?.names ?? [producer.name]) {
        producer.explicitHashKeys = v
      }
      if let f = object["aggregation"], let policy = readAggregation(f) {
        producer.aggregation = policy
        if policy != nil, object.contains("batch") {
          f.report("'aggregation' sends its own PutRecords collections (collectionMaxCount, maxBufferedTime); remove 'batch'")
        }
      }
      if let f = object["sendDiscipline"], let v = f.choice(SendDiscipline.allCases.map(\.rawValue)) {
        producer.sendDiscipline = SendDiscipline(rawValue: v)
        // PutRecords keeps no order within a request (docs/model.md §8.7):
        // one record per call is the only way to write a key in order.
        if producer.sendDiscipline == .perKey, (producer.batch?.size ?? 1) > 1 || producer.aggregation != nil {
          f.report("'perKey' writes one record per call (PutRecord): PutRecords keeps no order within a request; use batch size 1 or 'concurrent'")
        }
      }
    }
    guard log.count == problemsBefore, name != nil, target != nil, arrivals != nil else { return nil }
    return producer
  }

  /// Reads the producer keys that apply to SQS queues and SNS topics only:
  /// message delays, poison, lost responses, attributes, bodies,
  /// deduplication ids and the send discipline.
  private func readMessagingKeys(
    _ object: ObjectReader, into producer: inout ProducerConfig, target: Endpoint?, isFIFO: Bool?,
    queue: QueueConfig?, topic: TopicConfig?
  ) {
    if let f = object["delay"] {
      if case .queue(let queueName)? = target, queueIsFIFO[queueName] == true {
        f.report("FIFO queues support only a queue-level delay (set 'delay' on queue \(quoted(queueName)))")
      } else if case .topic? = target {
        f.report("SNS has no per-message delay (set 'delay' on the subscribed queues)")
      } else if let delay = readDistribution(
        f, .duration, bounds: WholeSeconds.delaySeconds.nanosecondBounds, wholeSeconds: .delaySeconds,
        baseDirectory: baseDirectory)
      {
        producer.messageDelay = delay
      }
    }
    if let v = object["poisonRate"]?.number(.closed(0, 1)) { producer.poisonRate = v }
    if let f = object["lostResponseRate"], let v = f.number(Bounds(lower: 0, upper: 1, upperIsExclusive: true)) {
      producer.lostResponseRate = v
    }
    if let f = object["attributes"], let attributes = readAttributes(f) { producer.attributes = attributes }
    if let f = object["body"] {
      let declared = object["attributes"]?.value.objectValue.map { Array($0.keys) } ?? []
      producer.bodyTemplate = readBodyTemplate(f, attributeNames: declared)
    }
    if let f = object["deduplicationId"], let v = f.bool() {
      checkDeduplicationId(f, v, target: target, isFIFO: isFIFO, queue: queue, topic: topic)
      producer.sendsDeduplicationId = v
    }
    if let v = object["sendDiscipline"]?.choice(SendDiscipline.allCases.map(\.rawValue)) {
      producer.sendDiscipline = SendDiscipline(rawValue: v)
    }
  }

  /// Checks `deduplicationId`: FIFO targets only; `false` needs the
  /// target's content-based deduplication.
  private func checkDeduplicationId(
    _ field: Field, _ value: Bool, target: Endpoint?, isFIFO: Bool?, queue: QueueConfig?, topic: TopicConfig?
  ) {
    guard let isFIFO else { return }
    guard isFIFO else {
      field.report("'deduplicationId' applies only to FIFO queues and topics")
      return
    }
    guard !value else { return }
    let (kind, name, contentBased): (String, String, Bool?)
    switch target {
    case .queue(let n)?: (kind, name, contentBased) = ("queue", n, queue?.fifo.contentBasedDeduplication)
    case .topic(let n)?: (kind, name, contentBased) = ("topic", n, topic?.contentBasedDeduplication)
    default: return
    }
    if contentBased == false {
      field.report("FIFO \(kind) \(quoted(name)) has no contentBasedDeduplication, so AWS would reject sends without a MessageDeduplicationId (set contentBasedDeduplication: true on the \(kind))")
    }
  }
}
