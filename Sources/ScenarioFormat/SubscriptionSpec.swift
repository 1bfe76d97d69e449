import SimCore
import SimModels

/// The keys of a subscription object.
let subscriptionKeys = [
  "queue", "lambda", "http", "firehose", "filterPolicy", "filterPolicyScope", "rawMessageDelivery", "deadLetterQueue",
  "deliveryPolicy",
]
/// The protocols a subscription names with its key.
let subscriptionProtocols = ["queue", "lambda", "http", "firehose"]
/// The keys of a Lambda or HTTP/S endpoint object.
let pushEndpointKeys = ["name", "latency", "failureRate"]
/// The keys of an HTTP/S delivery policy.
let deliveryPolicyKeys = [
  "numRetries", "numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries", "minDelayTarget",
  "maxDelayTarget", "backoffFunction",
]

extension ScenarioReader {
  /// The Lambda and HTTP/S endpoint names declared under `topics`,
  /// reporting a name used twice at the second use.
  func declaredEndpointNames(in topicList: Field) -> [String] {
    var names: [String] = []
    var firstPath: [String: JSONPath] = [:]
    for (t, topic) in (topicList.value.arrayValue ?? []).enumerated() {
      let subscriptions = topic.objectValue?["subscriptions"]?.arrayValue ?? []
      for (s, subscription) in subscriptions.enumerated() {
        for kind in ["lambda", "http"] {
          guard let endpoint = subscription.objectValue?[kind] else { continue }
          let endpointPath = topicList.path.appending(t).appending("subscriptions").appending(s).appending(kind)
          let name: String
          let namePath: JSONPath
          switch endpoint {
          case .string(let text): (name, namePath) = (text, endpointPath)
          case .object(let members):
            guard case .string(let text)? = members["name"] else { continue }
            (name, namePath) = (text, endpointPath.appending("name"))
          default: continue
          }
          if let first = firstPath[name] {
            log.add(namePath, "duplicate endpoint name \(quoted(name)) (\(first) has it too)")
          } else {
            firstPath[name] = endpointPath
            names.append(name)
          }
        }
      }
    }
    return names
  }

  /// Reads a topic's `subscriptions`.
  ///
  /// - Parameter isFIFO: The topic's type as written; `nil` when it is
  ///   invalid (type-dependent rules are then not checked).
  func readSubscriptions(_ list: Field, isFIFO: Bool?) -> [SubscriptionConfig]? {
    guard let elements = list.array(expected: "an array of subscriptions") else { return nil }
    var isValid = true
    if isFIFO == true, elements.count > SNSLimits.maxSubscriptionsPerFIFOTopic {
      list.report("\(elements.count) subscriptions is above the maximum of \(SNSLimits.maxSubscriptionsPerFIFOTopic) per FIFO topic (SNS quota)")
      isValid = false
    }
    var result: [SubscriptionConfig] = []
    var firstIndexOfQueue: [String: Int] = [:]
    var firstIndexOfFirehose: [String: Int] = [:]
    var policyCount = 0
    for (index, element) in elements.enumerated() {
      if let policy = element.value.objectValue?["filterPolicy"], policy != .null {
        policyCount += 1
        if policyCount == SNSLimits.maxFilterPoliciesPerTopic + 1 {
          log.add(element.path.appending("filterPolicy"), "this is the topic's \(policyCount)st filter policy; SNS allows at most \(SNSLimits.maxFilterPoliciesPerTopic) filter policies per topic")
          isValid = false
        }
      }
      if case .string(let queue)? = element.value.objectValue?["queue"] {
        if let first = firstIndexOfQueue[queue] {
          log.add(element.path.appending("queue"), "queue \(quoted(queue)) is already subscribed to this topic (\(list.path)[\(first)]); AWS would return that same subscription")
          isValid = false
        } else {
          firstIndexOfQueue[queue] = index
        }
      }
      if case .string(let firehose)? = element.value.objectValue?["firehose"] {
        let path = element.path.appending("firehose")
        if let first = firstIndexOfFirehose[firehose] {
          log.add(path, "Firehose stream \(quoted(firehose)) is already subscribed to this topic (\(list.path)[\(first)]); AWS would return that same subscription")
          isValid = false
        } else {
          firstIndexOfFirehose[firehose] = index
          if firstIndexOfFirehose.count == SNSLimits.maxFirehoseSubscriptionsPerTopic + 1 {
            log.add(path, "this is the topic's \(firstIndexOfFirehose.count)th Firehose subscription; SNS allows at most \(SNSLimits.maxFirehoseSubscriptionsPerTopic) Firehose subscriptions per topic (per subscription owner)")
            isValid = false
          }
        }
      }
      if let subscription = readSubscription(element, isFIFO: isFIFO) {
        result.append(subscription)
      } else {
        isValid = false
      }
    }
    return isValid ? result : nil
  }

  private func readSubscription(_ field: Field, isFIFO: Bool?) -> SubscriptionConfig? {
    guard let object = field.object(keys: subscriptionKeys, expected: "a subscription such as { queue: 'orders' }") else {
      return nil
    }
    let problemsBefore = log.count
    let kinds = subscriptionProtocols.filter { object.contains($0) }
    guard kinds.count == 1, let kind = kinds.first, let targetField = object[kind] else {
      field.report(
        kinds.isEmpty
          ? "a subscription needs one of \(listOfQuoted(subscriptionProtocols))"
          : "a subscription has exactly one of \(listOfQuoted(subscriptionProtocols)), got \(listOfQuoted(kinds, conjunction: "and"))")
      return nil
    }
    var subscription = SubscriptionConfig(target: .queue(""))
    switch kind {
    case "queue":
      guard let name = targetField.string(expected: "a queue name"),
        isDeclared(name, as: .queue, reportingAt: targetField)
      else { break }
      if isFIFO == false, queueIsFIFO[name] == true {
        targetField.report("\(quoted(name)) is a FIFO queue; a standard topic cannot deliver to a FIFO queue (AWS rejects the subscription)")
      } else {
        subscription.target = .queue(name)
      }
    case "firehose":
      guard let name = targetField.string(expected: "a Firehose stream name") else { break }
      if isFIFO == true {
        targetField.report("FIFO topics deliver only to SQS queues (AWS subscribes Firehose streams to standard topics only)")
      } else {
        // Firehose streams are read after topics: the name is checked then.
        firehoseSubscriptions.append(targetField)
        subscription.target = .firehose(name)
      }
    default:
      if isFIFO == true {
        targetField.report(
          kind == "lambda"
            ? "FIFO topics deliver only to SQS queues: subscribe an SQS queue and let the Lambda function read from it"
            : "FIFO topics deliver only to SQS queues (AWS rejects HTTP/S, email, SMS and mobile subscriptions to a FIFO topic)")
      } else if let endpoint = readPushEndpoint(targetField) {
        subscription.target = kind == "lambda" ? .lambda(endpoint) : .http(endpoint)
      }
    }
    var scopeIsValid = true
    if let f = object["filterPolicyScope"] {
      if let v = f.choice(FilterPolicyScope.allCases.map(\.rawValue)) {
        subscription.filterPolicyScope = v
      } else {
        scopeIsValid = false
      }
    }
    if let f = object["filterPolicy"], scopeIsValid {
      do {
        _ = try FilterPolicy(json: f.value, scope: FilterPolicyScope(rawValue: subscription.filterPolicyScope) ?? .messageAttributes)
        subscription.filterPolicy = f.value
      } catch {
        f.report(error.description)
      }
    }
    if let f = object["rawMessageDelivery"], let v = f.bool() {
      if kind == "lambda" {
        f.report("'rawMessageDelivery' applies only to SQS, Firehose and HTTP/S subscriptions (RawMessageDelivery)")
      } else {
        subscription.rawMessageDelivery = v
      }
    }
    if let f = object["deadLetterQueue"], let name = f.string(expected: "a queue name"),
      isDeclared(name, as: .queue, reportingAt: f)
    {
      if let isFIFO, let dlqIsFIFO = queueIsFIFO[name], dlqIsFIFO != isFIFO {
        f.report("\(quoted(name)) is a \(dlqIsFIFO ? "FIFO" : "standard") queue; the dead-letter queue of a \(isFIFO ? "FIFO" : "standard") topic's subscription must be a \(isFIFO ? "FIFO" : "standard") queue")
      } else {
        subscription.deadLetterQueue = name
      }
    }
    if let f = object["deliveryPolicy"] {
      if kind != "http" {
        f.report("'deliveryPolicy' applies only to HTTP/S subscriptions (SQS, Lambda and Firehose subscriptions use SNS's own retry policies)")
      } else if let policy = readDeliveryPolicy(f) {
        subscription.deliveryPolicy = policy
      }
    }
    return log.count == problemsBefore ? subscription : nil
  }

  /// Reads a Lambda or HTTP/S endpoint: `"NAME"` or `{ name, latency,
  /// failureRate }`.
  private func readPushEndpoint(_ field: Field) -> EndpointConfig? {
    if case .string = field.value {
      return checkEntityName(field, kind: "endpoint").map(EndpointConfig.init(name:))
    }
    guard let object = field.object(keys: pushEndpointKeys, expected: "an endpoint such as { name: 'resize', latency: '50ms' }")
    else { return nil }
    let problemsBefore = log.count
    let name = object.required("name").flatMap { checkEntityName($0, kind: "endpoint") }
    var endpoint = EndpointConfig(name: name ?? "")
    if let f = object["latency"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
      endpoint.latency = v
    }
    if let v = object["failureRate"]?.number(.closed(0, 1)) { endpoint.failureRate = v }
    return log.count == problemsBefore ? endpoint : nil
  }

  /// Reads an HTTP/S delivery policy (`healthyRetryPolicy`).
  private func readDeliveryPolicy(_ field: Field) -> DeliveryPolicy? {
    guard let object = field.object(keys: deliveryPolicyKeys) else { return nil }
    let problemsBefore = log.count
    var policy = DeliveryPolicy()
    let retries = SNSLimits.maxDeliveryRetries
    if let v = object["numRetries"]?.integer(.closed(0, retries, note: "numRetries is 0 to \(retries)")) {
      policy.numRetries = v
    }
    if let v = object["numNoDelayRetries"]?.integer(.atLeast(0)) { policy.numNoDelayRetries = v }
    if let v = object["numMinDelayRetries"]?.integer(.atLeast(0)) { policy.numMinDelayRetries = v }
    if let v = object["numMaxDelayRetries"]?.integer(.atLeast(0)) { policy.numMaxDelayRetries = v }
    let (shortest, longest) = (SNSLimits.minDelayTarget, SNSLimits.maxDelayTarget)
    let delayBounds = Bounds<SimDuration>.closed(
      shortest, longest,
      note: "delay targets are \(formatCount(Int(shortest.seconds))) s to \(formatCount(Int(longest.seconds))) s")
    let minField = object["minDelayTarget"]
    let maxField = object["maxDelayTarget"]
    if let f = minField, let v = f.duration(delayBounds), checkWholeSeconds(f, v) { policy.minDelayTarget = v }
    if let f = maxField, let v = f.duration(delayBounds), checkWholeSeconds(f, v) { policy.maxDelayTarget = v }
    if let v = object["backoffFunction"]?.choice(["linear", "exponential", "arithmetic", "geometric"]) {
      policy.backoffFunction = v
    }
    guard log.count == problemsBefore else { return nil }
    if policy.minDelayTarget > policy.maxDelayTarget {
      let min = formatDuration(policy.minDelayTarget)
      let max = formatDuration(policy.maxDelayTarget)
      if let maxField {
        maxField.report("'\(sanitized(maxField.value.stringValue ?? ""))' is below the minDelayTarget of \(min)\(minField == nil ? " (the default; set minDelayTarget too)" : "")")
      } else {
        minField?.report("'\(sanitized(minField?.value.stringValue ?? ""))' is above the maxDelayTarget of \(max) (the default; set maxDelayTarget too)")
      }
      return nil
    }
    let phases = policy.numNoDelayRetries + policy.numMinDelayRetries + policy.numMaxDelayRetries
    if phases > policy.numRetries {
      field.report("numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries is \(phases), above numRetries (\(policy.numRetries)); numRetries counts the retries of every phase")
      return nil
    }
    return policy
  }

  /// Reports a duration that is not a whole number of seconds.
  private func checkWholeSeconds(_ field: Field, _ value: SimDuration) -> Bool {
    guard value.nanoseconds % 1_000_000_000 == 0 else {
      field.report("'\(sanitized(field.value.stringValue ?? ""))' is not a whole number of seconds (delivery policy delays are in seconds)")
      return false
    }
    return true
  }
}
