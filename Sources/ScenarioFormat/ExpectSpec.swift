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
    var expectation = Expectation(resource: resource.text, metric: metric, equals: equals, min: min, max: max)
    if let tolerance { expectation.tolerance = tolerance }
    return expectation
  }

  /// Why `resource` (a declared `KIND/NAME`) reports no summary metric
  /// `metric`, or `nil` when it may: every name `summary.csv` can write for
  /// that kind (`MetricCatalogue`), FIFO-only ones only for FIFO queues and
  /// topics. Conditional rows (such as `QueueTime.p99`, written only when a
  /// message was received) pass; a run that does not report them fails the
  /// expectation.
  private func metricProblem(_ metric: String, resource: ExpectResource) -> String? {
    let kind = resource.kind
    let isFIFO: Bool
    switch kind {
    case .queue: isFIFO = queueIsFIFO[resource.name] ?? false
    case .topic: isFIFO = topicIsFIFO[resource.name] ?? false
    case .endpoint, .producer, .consumer, .stream: isFIFO = false
    }
    let known = MetricCatalogue.summaryMetrics(for: kind, fifo: isFIFO)
    guard !known.contains(metric) else { return nil }
    let shown = sanitized(resource.text)
    if !isFIFO, MetricCatalogue.fifoOnlyMetrics(for: kind).contains(metric) {
      return "\(quoted(metric)) is reported only for FIFO \(kind)s, and \(shown) is a standard \(kind)"
    }
    let hint = (MetricCatalogue.knownAlias(metric, for: kind) ?? closestMatchOrCompletion(to: metric, among: known))
      .map { " (did you mean \(quoted($0))?)" } ?? ""
    return "unknown metric \(quoted(metric)) for \(shown)\(hint)"
  }

  /// Reads `KIND/NAME` naming a declared resource whose kind has summary
  /// rows (`ResourceSection.summaryKind`): `queue/orders`, `topic/…`,
  /// `endpoint/…`, `producer/…`, `consumer/…`.
  private func readResource(_ field: Field) -> ExpectResource? {
    let sections = ResourceSection.all.filter { $0.summaryKind != nil }
    guard let reference = readReference(field, among: sections, separator: "/"),
      let kind = reference.section.summaryKind,
      isDeclared(reference.name, as: reference.section, reportingAt: field)
    else { return nil }
    return ExpectResource(text: reference.text, kind: kind, name: reference.name)
  }
}

/// An `expect` entry's `resource`, read: `queue/orders` is the queue
/// `orders`.
private struct ExpectResource {
  /// As written, and as `summary.csv` names it: `queue/orders`.
  let text: String
  /// The kind of its summary rows.
  let kind: MetricCatalogue.ResourceKind
  /// The declared name: `orders`.
  let name: String
}
