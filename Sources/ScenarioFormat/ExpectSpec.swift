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
  /// that kind and variant (`MetricCatalogue.summaryMetrics(for:_:)`):
  /// FIFO-only ones only for FIFO queues and topics, a stream producer's or
  /// stream application's for producers writing to and consumers reading a
  /// stream (as written), a shard's for `stream/NAME/shardId-…`.
  /// Conditional rows (such as `QueueTime.p99`, written only when a message
  /// was received) pass; a run that does not report them fails the
  /// expectation.
  private func metricProblem(_ metric: String, resource: ExpectResource) -> String? {
    let kind = resource.kind
    var variant = MetricCatalogue.Variant()
    switch kind {
    case .queue: variant.fifo = queueIsFIFO[resource.name] ?? false
    case .topic: variant.fifo = topicIsFIFO[resource.name] ?? false
    case .producer:
      variant.stream = producerWritesStream[resource.name] ?? false
      variant.firehose = producerWritesFirehose[resource.name] ?? false
    case .consumer: variant.stream = consumerReadsStream[resource.name] ?? false
    case .stream: variant.shard = resource.shard != nil
    case .endpoint, .firehose: break
    }
    let known = MetricCatalogue.summaryMetrics(for: kind, variant)
    guard !known.contains(metric) else { return nil }
    let shown = sanitized(resource.text)
    if !variant.fifo, MetricCatalogue.fifoOnlyMetrics(for: kind).contains(metric) {
      return "\(quoted(metric)) is reported only for FIFO \(kind)s, and \(shown) is a standard \(kind)"
    }
    for (other, what) in otherVariants(of: kind, variant, shown: shown)
    where MetricCatalogue.summaryMetrics(for: kind, other).contains(metric) {
      return "\(quoted(metric)) is reported only for \(what)"
    }
    let hint = (MetricCatalogue.knownAlias(metric, for: kind) ?? closestMatchOrCompletion(to: metric, among: known))
      .map { " (did you mean \(quoted($0))?)" } ?? ""
    return "unknown metric \(quoted(metric)) for \(shown)\(hint)"
  }

  /// The variants `kind` has besides `variant`, each with the end of the
  /// message for a metric only it reports: producers writing to a stream,
  /// to a Firehose stream or to queues and topics; for other kinds, those
  /// of `otherVariant`.
  private func otherVariants(
    of kind: MetricCatalogue.ResourceKind, _ variant: MetricCatalogue.Variant, shown: String
  ) -> [(MetricCatalogue.Variant, String)] {
    guard kind == .producer else { return otherVariant(of: kind, variant, shown: shown).map { [$0] } ?? [] }
    let writes =
      variant.firehose ? "writes to a Firehose stream" : variant.stream ? "writes to a stream" : "sends to a queue or topic"
    var others: [(MetricCatalogue.Variant, String)] = []
    if variant.stream || variant.firehose {
      others.append((.init(), "producers sending to queues and topics, and \(shown) \(writes)"))
    }
    if !variant.stream {
      others.append((.init(stream: true), "producers writing to a \(variant.firehose ? "Kinesis " : "")stream, and \(shown) \(writes)"))
    }
    if !variant.firehose {
      others.append((.init(firehose: true), "producers writing to a Firehose stream, and \(shown) \(writes)"))
    }
    return others
  }

  /// The stream variant `kind` has besides `variant`, and the end of the
  /// message for a metric only it reports: consumers reading a stream or a
  /// queue, shards or streams. `nil` for kinds without one (producers:
  /// `otherVariants`).
  private func otherVariant(
    of kind: MetricCatalogue.ResourceKind, _ variant: MetricCatalogue.Variant, shown: String
  ) -> (MetricCatalogue.Variant, String)? {
    switch kind {
    case .consumer:
      return variant.stream
        ? (.init(), "consumers reading a queue, and \(shown) reads a stream")
        : (.init(stream: true), "consumers reading a stream, and \(shown) reads a queue")
    case .stream:
      return variant.shard
        ? (.init(), "a whole stream (stream/NAME), and \(shown) is a shard")
        : (.init(shard: true), "a stream's shards (stream/NAME/shardId-…), and \(shown) is a whole stream")
    case .producer, .queue, .topic, .endpoint, .firehose:
      return nil
    }
  }

  /// Reads `KIND/NAME` naming a declared resource whose kind has summary
  /// rows (`ResourceSection.summaryKind`): `queue/orders`, `topic/…`,
  /// `endpoint/…`, `stream/…`, `producer/…`, `consumer/…`; for streams
  /// also `stream/NAME/shardId-000000000003`, one of the stream's shards.
  private func readResource(_ field: Field) -> ExpectResource? {
    let sections = ResourceSection.all.filter { $0.summaryKind != nil }
    guard let reference = readReference(field, among: sections, separator: "/"),
      let kind = reference.section.summaryKind
    else { return nil }
    var name = reference.name
    var shard: String?
    // Stream names have no '/' ([a-zA-Z0-9_.-]): the first one starts the shard.
    if kind == .stream, let slash = name.firstIndex(of: "/") {
      shard = String(name[name.index(after: slash)...])
      name = String(name[..<slash])
    }
    guard isDeclared(name, as: reference.section, reportingAt: field) else { return nil }
    if let shard, !checkShard(shard, of: name, reportingAt: field) { return nil }
    return ExpectResource(text: reference.text, kind: kind, name: name, shard: shard)
  }
}

/// An `expect` entry's `resource`, read: `queue/orders` is the queue
/// `orders`.
private struct ExpectResource {
  /// As written, and as `summary.csv` names it: `queue/orders`.
  let text: String
  /// The kind of its summary rows.
  let kind: MetricCatalogue.ResourceKind
  /// The declared name: `orders` (for a shard, its stream's).
  let name: String
  /// The shard of stream `name`, for `stream/NAME/shardId-000000000003`.
  var shard: String?
}
