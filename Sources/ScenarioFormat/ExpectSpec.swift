import SimModels

extension ScenarioReader {
  /// Reads the `expect` list; `nil` if any expectation has a problem.
  func readExpectations(_ list: Field?) -> [Expectation]? {
    guard let list else { return [] }
    guard let elements = list.array(expected: "an array of expectations") else { return nil }
    let expectations = elements.map(readExpectation)
    return expectations.allSatisfy { $0 != nil } ? expectations.compactMap { $0 } : nil
  }

  private func readExpectation(_ field: Field) -> Expectation? {
    guard let object = field.object(
      keys: ["resource", "metric", "equals", "min", "max", "tolerance"],
      expected: "an expectation such as { resource: 'queue/orders', metric: 'MessagesLost', equals: 0 }")
    else { return nil }
    let problemsBefore = log.count
    let resource = object.required("resource").flatMap(readResource)
    var metric: String?
    if let f = object.required("metric"), let text = f.string() {
      if text.isEmpty || text.contains(where: { $0 == "," || $0.isNewline || $0 == "\"" }) {
        f.report("\(quoted(text)) is not a metric name such as 'EndToEndLatency.p99'")
      } else {
        metric = text
      }
    }
    let equals = object["equals"]?.number(.any)
    let min = object["min"]?.number(.any)
    let maxField = object["max"]
    let max = maxField?.number(.any)
    let tolerance = object["tolerance"]?.number(.atLeast(0))
    if !object.contains("equals"), !object.contains("min"), !object.contains("max") {
      field.report("an expectation needs at least one of 'equals', 'min' or 'max'")
    }
    if let min, let max, let maxField, max < min {
      maxField.report("the max '\(showNumber(max))' is below the min '\(showNumber(min))'")
    }
    if let resource, let metric, let f = object["metric"], let problem = metricProblem(metric, resource: resource) {
      f.report(problem)
    }
    guard log.count == problemsBefore, let resource, let metric else { return nil }
    var expectation = Expectation(resource: resource, metric: metric, equals: equals, min: min, max: max)
    if let tolerance { expectation.tolerance = tolerance }
    return expectation
  }

  /// Why `resource` (a declared `KIND/NAME`) reports no summary metric
  /// `metric`, or `nil` when it may: every name `summary.csv` can write for
  /// that kind (`MetricCatalogue`), FIFO-only ones only for FIFO queues and
  /// topics. Conditional rows (such as `QueueTime.p99`, written only when a
  /// message was received) pass; a run that does not report them fails the
  /// expectation.
  private func metricProblem(_ metric: String, resource: String) -> String? {
    guard let slash = resource.firstIndex(of: "/"),
      let kind = MetricCatalogue.ResourceKind(rawValue: String(resource[..<slash]))
    else { return nil }
    let name = String(resource[resource.index(after: slash)...])
    let isFIFO: Bool
    switch kind {
    case .queue: isFIFO = queueIsFIFO[name] ?? false
    case .topic: isFIFO = topicIsFIFO[name] ?? false
    case .endpoint, .producer, .consumer: isFIFO = false
    }
    let known = MetricCatalogue.summaryMetrics(for: kind, fifo: isFIFO)
    guard !known.contains(metric) else { return nil }
    if !isFIFO, MetricCatalogue.fifoOnlyMetrics(for: kind).contains(metric) {
      return "\(quoted(metric)) is reported only for FIFO \(kind)s, and \(sanitized(resource)) is a standard \(kind)"
    }
    let hint = (MetricCatalogue.knownAlias(metric, for: kind) ?? closestMatchOrCompletion(to: metric, among: known))
      .map { " (did you mean \(quoted($0))?)" } ?? ""
    return "unknown metric \(quoted(metric)) for \(sanitized(resource))\(hint)"
  }

  /// Reads `queue/NAME`, `topic/NAME`, `endpoint/NAME`, `producer/NAME`
  /// or `consumer/NAME` naming a declared entity.
  private func readResource(_ field: Field) -> String? {
    let forms = ["queue/NAME", "topic/NAME", "endpoint/NAME", "producer/NAME", "consumer/NAME"]
    guard let text = field.string(expected: listOfQuoted(forms)) else { return nil }
    let kinds = [
      "queue": queueNames, "topic": topicNames, "endpoint": endpointNames, "producer": producerNames,
      "consumer": consumerNames,
    ]
    guard let slash = text.firstIndex(of: "/"), let names = kinds[String(text[..<slash])] else {
      field.report("expected \(listOfQuoted(forms)), got \(quoted(text))")
      return nil
    }
    let kind = String(text[..<slash])
    let name = String(text[text.index(after: slash)...])
    guard names.contains(name) else {
      field.report(unknownName(name, kind: kind, among: names))
      return nil
    }
    return text
  }
}
