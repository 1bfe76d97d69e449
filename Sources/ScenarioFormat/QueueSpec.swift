import SimCore
import SimModels

/// The keys of a queue object.
let queueKeys = [
  "name", "type", "visibilityTimeout", "messageRetention", "delay", "receiveWaitTime",
  "maxMessageSize", "redrive", "inFlightLimit", "shortPolling", "duplicateProbability",
] + fifoQueueKeys

extension ScenarioReader {
  /// Reads the `queues` list; `nil` if any queue has a problem.
  /// The most queues one scenario may declare (message storage keeps a
  /// queue index in 16 bits).
  var maximumQueues: Int { 10_000 }

  func readQueues(_ list: Field?) -> [QueueConfig]? {
    guard let list else { return [] }
    declareNames(of: .queue, in: list)
    if case .array(let elements) = list.value {
      for element in elements {
        guard case .object(let members) = element, case .string(let name)? = members["name"],
          queueIsFIFO[name] == nil
        else { continue }
        queueIsFIFO[name] = members["type"] == .string("fifo")
      }
    }
    guard let elements = list.array(expected: "an array of queues") else { return nil }
    if elements.count > maximumQueues {
      list.report("\(elements.count) queues is above the maximum of \(maximumQueues) per scenario")
      return nil
    }
    var result: [QueueConfig] = []
    var isValid = true
    for element in elements {
      if let queue = readQueue(element) {
        result.append(queue)
        if queues[queue.name] == nil { queues[queue.name] = queue }
      } else {
        isValid = false
      }
    }
    return isValid ? result : nil
  }

  private func readQueue(_ field: Field) -> QueueConfig? {
    guard let object = field.object(keys: queueKeys, expected: "a queue such as { name: 'orders' }") else {
      return nil
    }
    let problemsBefore = log.count
    let type = object["type"].map { $0.choice(["standard", "fifo"]) } ?? "standard"
    var queue = QueueConfig(name: "")
    if let nameField = object.required("name"), let name = nameField.string() {
      queue.name = name
      if let type, let problem = queueNameProblem(name, isFIFO: type == "fifo") {
        nameField.report(problem)
      }
    }
    queue.isFIFO = type == "fifo"
    if let f = object["visibilityTimeout"], let v = f.duration(.visibilityTimeout) {
      queue.visibilityTimeout = v
    }
    if let f = object["messageRetention"], let v = f.duration(.messageRetentionPeriod) {
      queue.messageRetention = v
    }
    if let f = object["delay"], let v = f.duration(.delaySeconds) {
      queue.delay = v
    }
    if let f = object["receiveWaitTime"], let v = f.duration(.receiveMessageWaitTimeSeconds) {
      queue.receiveWaitTime = v
    }
    if let f = object["maxMessageSize"], let v = f.size(.closed(
      SQSLimits.minMaximumMessageSize, SQSLimits.maxMessageSize,
      note: "MaximumMessageSize is \(formatCount(SQSLimits.minMaximumMessageSize)) B to \(formatCount(SQSLimits.maxMessageSize)) B"))
    {
      queue.maxMessageSize = v
    }
    if let f = object["redrive"] {
      queue.redrive = readRedrive(f, queueName: queue.name, isFIFO: queue.isFIFO)
    }
    if let f = object["inFlightLimit"], let v = f.integer(.atLeast(1)) {
      queue.inFlightLimit = v
    }
    if let f = object["shortPolling"], let polling = f.object(keys: ["servers", "sampleProbability"]) {
      if let v = polling["servers"]?.integer(.closed(1, 1_000)) {
        queue.shortPollServers = v
      }
      if let v = polling["sampleProbability"]?.number(Bounds(lower: 0, lowerIsExclusive: true, upper: 1)) {
        queue.shortPollSampleProbability = v
      }
    }
    if let f = object["duplicateProbability"], let v = f.number(.closed(0, 1)) {
      if queue.isFIFO, v > 0 {
        f.report("'\(showNumber(v))' must be 0 on a FIFO queue (FIFO queues deliver each message exactly once; they introduce no duplicates)")
      } else {
        queue.duplicateProbability = v
      }
    }
    queue.fifo = readFIFOSettings(object, isFIFO: type.map { $0 == "fifo" })
    return log.count == problemsBefore ? queue : nil
  }

  private func readRedrive(_ field: Field, queueName: String, isFIFO: Bool) -> RedrivePolicy? {
    guard let object = field.object(keys: ["deadLetterQueue", "maxReceiveCount"]) else { return nil }
    var policy = RedrivePolicy(deadLetterQueue: "")
    if let f = object["maxReceiveCount"], let v = f.integer(.closed(
      1, SQSLimits.largestMaxReceiveCount, note: "maxReceiveCount is 1 to \(formatCount(SQSLimits.largestMaxReceiveCount))"))
    {
      policy.maxReceiveCount = v
    }
    guard let dlqField = object.required("deadLetterQueue"), let name = dlqField.string() else { return nil }
    guard isDeclared(name, as: .queue, reportingAt: dlqField) else { return nil }
    guard name != queueName else {
      dlqField.report("a queue cannot be its own dead-letter queue")
      return nil
    }
    if let dlqIsFIFO = queueIsFIFO[name], dlqIsFIFO != isFIFO {
      dlqField.report("\(quoted(name)) is a \(dlqIsFIFO ? "FIFO" : "standard") queue; the dead-letter queue of a \(isFIFO ? "FIFO" : "standard") queue must be \(isFIFO ? "FIFO" : "standard") too")
      return nil
    }
    policy.deadLetterQueue = name
    return policy
  }
}

/// Why `name` is not a valid SQS queue name, or `nil`: 1 to 80 characters
/// of `[A-Za-z0-9_-]`, FIFO names ending in `.fifo` (counted).
func queueNameProblem(_ name: String, isFIFO: Bool) -> String? {
  resourceNameProblem(name, isFIFO: isFIFO, kind: "queue", maximumLength: SQSLimits.maxQueueNameLength)
}
