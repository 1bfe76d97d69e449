import SimCore
import SimModels

/// The keys of a topic object.
let topicKeys = [
  "name", "type", "contentBasedDeduplication", "fifoThroughputScope", "subscriptions", "publishQuota",
]

/// Topic keys that only FIFO topics accept.
let fifoTopicKeys = ["contentBasedDeduplication", "fifoThroughputScope"]

extension ScenarioReader {
  /// Reads the `topics` list; `nil` if any topic has a problem.
  func readTopics(_ list: Field?) -> [TopicConfig]? {
    guard let list else { return [] }
    declareNames(of: .topic, in: list)
    declare(declaredEndpointNames(in: list), as: .endpoint)
    if case .array(let elements) = list.value {
      for element in elements {
        guard case .object(let members) = element, case .string(let name)? = members["name"],
          topicIsFIFO[name] == nil
        else { continue }
        topicIsFIFO[name] = members["type"] == .string("fifo")
      }
    }
    guard let elements = list.array(expected: "an array of topics") else { return nil }
    var isValid = checkTopicCounts(list)
    var result: [TopicConfig] = []
    for element in elements {
      if let topic = readTopic(element) {
        result.append(topic)
        if topics[topic.name] == nil { topics[topic.name] = topic }
      } else {
        isValid = false
      }
    }
    return isValid ? result : nil
  }

  /// Checks the account quotas on topics and filter policies, counting the
  /// topics as written.
  private func checkTopicCounts(_ list: Field) -> Bool {
    guard case .array(let elements) = list.value else { return true }
    var fifoCount = 0
    var policyCount = 0
    for element in elements {
      guard case .object(let members) = element else { continue }
      if members["type"] == .string("fifo") { fifoCount += 1 }
      for subscription in members["subscriptions"]?.arrayValue ?? [] {
        if let policy = subscription.objectValue?["filterPolicy"], policy != .null { policyCount += 1 }
      }
    }
    var isValid = true
    if fifoCount > SNSLimits.maxFIFOTopicsPerAccount {
      list.report("\(fifoCount) FIFO topics is above the maximum of \(formatCount(SNSLimits.maxFIFOTopicsPerAccount)) per account (SNS quota)")
      isValid = false
    }
    if elements.count - fifoCount > SNSLimits.maxStandardTopicsPerAccount {
      list.report("\(elements.count - fifoCount) standard topics is above the maximum of \(formatCount(SNSLimits.maxStandardTopicsPerAccount)) per account (SNS quota)")
      isValid = false
    }
    if policyCount > SNSLimits.maxFilterPoliciesPerAccount {
      list.report("\(policyCount) filter policies is above the maximum of \(formatCount(SNSLimits.maxFilterPoliciesPerAccount)) per account (SNS quota)")
      isValid = false
    }
    return isValid
  }

  private func readTopic(_ field: Field) -> TopicConfig? {
    guard let object = field.object(
      keys: topicKeys, expected: "a topic such as { name: 'orders', subscriptions: [{ queue: 'fraud' }] }")
    else { return nil }
    let problemsBefore = log.count
    let type = object["type"].map { $0.choice(["standard", "fifo"]) } ?? "standard"
    var topic = TopicConfig(name: "")
    if let nameField = object.required("name"), let name = nameField.string() {
      topic.name = name
      if let type, let problem = resourceNameProblem(
        name, isFIFO: type == "fifo", kind: "topic", maximumLength: SNSLimits.maxTopicNameLength) {
        nameField.report(problem)
      }
    }
    topic.isFIFO = type == "fifo"
    if type == "standard" {
      for key in fifoTopicKeys where object.contains(key) {
        object[key]?.report("'\(key)' applies only to FIFO topics (add type: 'fifo')")
      }
    } else if type == "fifo" {
      if let v = object["contentBasedDeduplication"]?.bool() { topic.contentBasedDeduplication = v }
      if let v = object["fifoThroughputScope"]?.choice(["Topic", "MessageGroup"]).flatMap(FifoThroughputScope.init(rawValue:)) {
        topic.fifoThroughputScope = v
      }
    }
    if let v = object["publishQuota"]?.number(quotaBounds) { topic.publishQuota = v }
    if let f = object["subscriptions"], let subscriptions = readSubscriptions(f, isFIFO: type.map { $0 == "fifo" }) {
      topic.subscriptions = subscriptions
    }
    return log.count == problemsBefore ? topic : nil
  }
}

/// `1,000`: a whole number with thousands separators.
func formatCount(_ value: Int) -> String {
  let digits = String(value.magnitude)
  var out = ""
  for (index, digit) in digits.enumerated() {
    if index > 0, (digits.count - index) % 3 == 0 { out += "," }
    out.append(digit)
  }
  return value < 0 ? "-" + out : out
}
