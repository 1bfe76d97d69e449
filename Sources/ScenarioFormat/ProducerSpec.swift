import SimCore
import SimModels

/// The keys of a producer object.
let producerKeys = [
  "name", "target", "arrivals", "messageSize", "batch", "delay", "apiLatency", "errorRate", "poisonRate",
  "retry",
]

/// Keys of the contract not implemented yet.
let unsupportedProducerKeys = ["attributes", "keys"]

extension ScenarioReader {
  /// Reads the `producers` list; `nil` if any producer has a problem.
  func readProducers(_ list: Field?) -> [ProducerConfig]? {
    guard let list else { return [] }
    producerNames = declaredNames(in: list, kind: "producer")
    guard let elements = list.array(expected: "an array of producers") else { return nil }
    let producers = elements.map(readProducer)
    return producers.allSatisfy { $0 != nil } ? producers.compactMap { $0 } : nil
  }

  private func readProducer(_ field: Field) -> ProducerConfig? {
    guard let object = field.object(
      keys: producerKeys + unsupportedProducerKeys,
      expected: "a producer such as { name: 'web', target: 'queue:orders', arrivals: { rate: 10 } }")
    else { return nil }
    let problemsBefore = log.count
    for key in unsupportedProducerKeys where object.contains(key) {
      object[key]?.report("'\(key)' is not supported yet")
    }
    let name = object.required("name").flatMap { checkEntityName($0, kind: "producer") }
    let target = object.required("target").flatMap { readEndpoint($0, role: "target") }
    let arrivals = object.required("arrivals").flatMap { readArrivals($0, baseDirectory: baseDirectory) }
    var producer = ProducerConfig(name: name ?? "", target: target ?? .queue(""), arrivals: arrivals ?? .poisson(rate: 0))
    let targetQueue: QueueConfig?
    if case .queue(let queueName)? = target { targetQueue = queues[queueName] } else { targetQueue = nil }

    if let f = object["messageSize"] {
      let maximum = targetQueue?.maxMessageSize ?? 1_048_576
      let note = targetQueue == nil ? "SQS messages are 1 B to 1 MiB" : "the target queue's maxMessageSize"
      if let size = readDistribution(f, .size, bounds: Bounds(lower: 1, upper: Double(maximum), upperNote: note), baseDirectory: baseDirectory) {
        producer.messageSize = size
      }
    }
    if let f = object["batch"], let batch = f.object(keys: ["size", "window"]) {
      let size = batch.required("size")?.integer(.closed(1, 10, note: "SendMessageBatch takes 1 to 10 entries"))
      let window = batch["window"].map { $0.duration(.any) } ?? .milliseconds(100)
      if let size, let window { producer.batch = BatchPolicy(size: size, window: window) }
    }
    if let f = object["delay"] {
      if case .queue(let queueName)? = target, queueIsFIFO[queueName] == true {
        f.report("FIFO queues support only a queue-level delay (set 'delay' on queue \(quoted(queueName)))")
      } else if let delay = readDistribution(f, .duration, bounds: .closed(0, 900e9, note: "DelaySeconds is 0 s to 900 s"), baseDirectory: baseDirectory) {
        producer.messageDelay = delay
      }
    }
    if let f = object["apiLatency"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
      producer.apiLatency = v
    }
    if let f = object["errorRate"], let v = f.number(Bounds(lower: 0, upper: 1, upperIsExclusive: true)) {
      producer.errorRate = v
    }
    if let v = object["poisonRate"]?.number(.closed(0, 1)) { producer.poisonRate = v }
    if let f = object["retry"], let retry = f.object(keys: ["maxAttempts", "baseDelay", "maxBackoff"]) {
      if let v = retry["maxAttempts"]?.integer(.closed(1, 20)) { producer.retry.maxAttempts = v }
      if let v = retry["baseDelay"]?.duration(.any) { producer.retry.baseDelay = v }
      if let v = retry["maxBackoff"]?.duration(.any) { producer.retry.maxBackoff = v }
    }
    guard log.count == problemsBefore, name != nil, target != nil, arrivals != nil else { return nil }
    return producer
  }
}
