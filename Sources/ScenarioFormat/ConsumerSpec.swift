import SimCore
import SimModels

/// The keys of a consumer object.
let consumerKeys = [
  "name", "source", "count", "batchSize", "waitTime", "visibilityTimeout", "processingTime",
  "apiLatency", "emptyReceiveDelay", "deleteMode", "failureRate", "crashRate", "restartDelay",
  "heartbeat", "outages",
]

/// The most workers one consumer may have.
let maximumConsumerCount = 100_000

extension ScenarioReader {
  /// Reads the `consumers` list; `nil` if any consumer has a problem.
  func readConsumers(_ list: Field?) -> [ConsumerConfig]? {
    guard let list else { return [] }
    declareNames(of: .consumer, in: list)
    for element in list.value.arrayValue ?? [] {
      guard case .object(let members) = element, case .string(let name)? = members[ResourceSection.nameKey],
        consumerReadsStream[name] == nil
      else { continue }
      consumerReadsStream[name] = writtenKind(of: members["source"]) == ResourceSection.stream.kind
    }
    guard let elements = list.array(expected: "an array of consumers") else { return nil }
    let consumers = elements.map(readConsumer)
    // At most 20 enhanced fan-out consumers per stream (RegisterStreamConsumer).
    var fanOut: [String: Int] = [:]
    var tooMany = false
    for (field, consumer) in zip(elements, consumers) {
      guard let consumer, consumer.stream.enhancedFanOut, case .stream(let name) = consumer.source else { continue }
      fanOut[name, default: 0] += 1
      if fanOut[name]! == KinesisLimits.maxEnhancedFanOutConsumers + 1 {
        let limit = KinesisLimits.maxEnhancedFanOutConsumers
        let member = field.value.objectValue?["enhancedFanOut"].map { Field(value: $0, path: field.path.appending("enhancedFanOut"), log: field.log) }
        (member ?? field).report(
          "stream '\(name)' has more than \(limit) enhanced fan-out consumers (a stream registers at most \(limit))")
        tooMany = true
      }
    }
    return !tooMany && consumers.allSatisfy { $0 != nil } ? consumers.compactMap { $0 } : nil
  }

  private func readConsumer(_ field: Field) -> ConsumerConfig? {
    // What the source is as written, whether or not it is declared: that
    // decides which keys apply. A source of neither kind (reported at
    // 'source') takes every key, so it brings no second complaint.
    let sourceKind = writtenKind(of: field.value.objectValue?["source"])
    let readsStream = sourceKind == ResourceSection.stream.kind
    let readsQueue = sourceKind == ResourceSection.queue.kind
    let keys: [String]
    var unsupported: [String: String] = [:]
    if readsStream {
      keys = streamConsumerKeys
      unsupported = inapplicableKeyMessages(consumerKeys, except: streamConsumerKeys) {
        "'\($0)' does not apply to a consumer reading a stream"
      }
    } else if readsQueue {
      keys = consumerKeys
      unsupported = inapplicableKeyMessages(streamOnlyConsumerKeys, except: consumerKeys) {
        "'\($0)' applies only to consumers reading a stream"
      }
    } else {
      keys = consumerKeys + streamOnlyConsumerKeys
    }
    guard let object = field.object(
      keys: keys, expected: "a consumer such as { name: 'workers', source: 'queue:orders' }", unsupported: unsupported)
    else { return nil }
    let problemsBefore = log.count
    let name = object.required("name").flatMap { checkEntityName($0, kind: "consumer") }
    let source = object.required("source").flatMap { readEndpoint($0, role: .source) }
    var consumer = ConsumerConfig(name: name ?? "", source: source ?? .queue(""))
    let queue: QueueConfig?
    if case .queue(let queueName)? = source { queue = queues[queueName] } else { queue = nil }

    // A stream application has at least one worker (KCL runs one per
    // application instance).
    if let v = object["count"]?.integer(.closed(readsStream ? 1 : 0, maximumConsumerCount)) { consumer.count = v }
    if let f = object["processingTime"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
      consumer.processingTime = v
    }
    consumer.apiLatency = defaultAPILatency
    if let f = object["apiLatency"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
      consumer.apiLatency = v
    }
    if let v = object["crashRate"]?.number(.closed(0, 3_600)) { consumer.crashRate = v }
    if let f = object["restartDelay"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
      consumer.restartDelay = v
    }
    if !readsQueue {
      consumer.stream = readStreamReadSettings(object)
    }
    if !readsStream {
      readQueueConsumerKeys(object, into: &consumer)
    }
    let fieldsAreValid = log.count == problemsBefore
    if !readsStream, let f = object["heartbeat"] {
      consumer.heartbeat = readHeartbeat(f, consumerTimeout: consumer.visibilityTimeout, queue: queue)
    }
    if fieldsAreValid, let queue {
      let waitTime = consumer.waitTime ?? queue.receiveWaitTime
      if waitTime == .zero, consumer.apiLatency.isAlwaysZero, consumer.emptyReceiveDelay == .zero {
        field.report("short polling with zero apiLatency and zero emptyReceiveDelay would poll without time passing; set apiLatency, emptyReceiveDelay or waitTime")
      }
    }
    if fieldsAreValid, case .stream? = source, consumer.stream.idleTimeBetweenReads == .zero,
      consumer.apiLatency.isAlwaysZero
    {
      field.report("polling with zero apiLatency and zero idleTimeBetweenReads would poll without time passing; set apiLatency or idleTimeBetweenReads")
    }
    guard log.count == problemsBefore, name != nil, source != nil else { return nil }
    return consumer
  }

  /// Reads the consumer keys that apply to SQS queues only (but
  /// `heartbeat`): ReceiveMessage parameters, deletes, failures, crashes and
  /// outages.
  private func readQueueConsumerKeys(_ object: ObjectReader, into consumer: inout ConsumerConfig) {
    let batchSizes = Bounds.closed(1, SQSLimits.maxBatchSize, note: "MaxNumberOfMessages is 1 to \(SQSLimits.maxBatchSize)")
    if let v = object["batchSize"]?.integer(batchSizes) {
      consumer.batchSize = v
    }
    if let v = object["waitTime"]?.duration(.waitTimeSeconds) {
      consumer.waitTime = v
    }
    if let v = object["visibilityTimeout"]?.duration(.visibilityTimeout) { consumer.visibilityTimeout = v }
    if let v = object["emptyReceiveDelay"]?.duration(.closed(.zero, .seconds(3_600))) {
      consumer.emptyReceiveDelay = v
    }
    if let v = object["deleteMode"]?.choice(["single", "batch"]) { consumer.deleteMode = DeleteMode(rawValue: v) ?? .single }
    if let v = object["failureRate"]?.number(.closed(0, 1)) { consumer.failureRate = v }
    if let f = object["outages"], let v = readOutages(f) { consumer.outages = v }
  }

  /// Reads `heartbeat`: `true`, `false`, or `{ interval, visibilityTimeout }`.
  private func readHeartbeat(_ field: Field, consumerTimeout: SimDuration?, queue: QueueConfig?) -> HeartbeatPolicy? {
    let object: ObjectReader?
    switch field.value {
    case .bool(false): return nil
    case .bool(true): object = nil
    case .object:
      object = field.object(keys: ["interval", "visibilityTimeout"])
    default:
      field.reportType(expected: "true, false or { interval, visibilityTimeout }")
      return nil
    }
    let timeoutField = object?["visibilityTimeout"]
    let intervalField = object?["interval"]
    let timeout: SimDuration
    if let timeoutField {
      guard let v = timeoutField.duration(.changeMessageVisibility) else { return nil }
      timeout = v
    } else if let v = consumerTimeout ?? queue?.visibilityTimeout {
      timeout = v
    } else {
      return nil  // the queue is unknown; that is reported at 'source'
    }
    let interval: SimDuration
    if let intervalField {
      guard let v = intervalField.duration(.above(.zero)) else { return nil }
      interval = v
      guard interval < timeout else {
        intervalField.report("'\(sanitized(intervalField.value.stringValue ?? ""))' must be less than the heartbeat visibilityTimeout of \(formatDuration(timeout))")
        return nil
      }
    } else {
      interval = SimDuration(nanoseconds: timeout.nanoseconds / 2)
      guard interval > .zero else {
        (timeoutField ?? field).report("a heartbeat needs a visibility timeout above 0s to extend (set heartbeat.visibilityTimeout)")
        return nil
      }
    }
    return HeartbeatPolicy(interval: interval, visibilityTimeout: timeout)
  }

  /// Reads `outages: [{ at, for }]`: increasing, not overlapping.
  private func readOutages(_ field: Field) -> [Outage]? {
    guard let elements = field.array() else { return nil }
    var outages: [Outage] = []
    var isValid = true
    for element in elements {
      guard let object = element.object(keys: ["at", "for"]) else {
        isValid = false
        continue
      }
      let atField = object.required("at")
      let at = atField?.duration(.any)
      let length = object.required("for")?.duration(.above(.zero))
      guard let atField, let at, let length else {
        isValid = false
        continue
      }
      let start = SimTime(nanoseconds: at.nanoseconds)
      if let previous = outages.last, start < previous.start + previous.duration {
        atField.report("'\(sanitized(atField.value.stringValue ?? ""))' is before the previous outage ends at \(previous.start + previous.duration)")
        isValid = false
      }
      outages.append(Outage(start: start, duration: length))
    }
    return isValid ? outages : nil
  }
}
