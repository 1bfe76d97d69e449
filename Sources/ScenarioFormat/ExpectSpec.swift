import Reporting

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
    guard log.count == problemsBefore, let resource, let metric else { return nil }
    var expectation = Expectation(resource: resource, metric: metric, equals: equals, min: min, max: max)
    if let tolerance { expectation.tolerance = tolerance }
    return expectation
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
