import SimCore
import SimModels

/// Reads one scenario document into model configuration, collecting every
/// problem in `log`.
///
/// Reading goes kind by kind: the Region first (it sets quotas), then
/// queues (their names, types and timeouts are what topics, producers and
/// consumers refer to), topics, producers, consumers and expectations.
/// Cross-references use the names as written, so a queue with a bad
/// attribute does not also make every reference to it "unknown".
final class ScenarioReader {
  /// Where problems go.
  let log: ProblemLog
  /// The directory relative file names (traces, empirical samples) are
  /// resolved against.
  let baseDirectory: String
  /// Declared queue names, in scenario order.
  var queueNames: [String] = []
  /// Whether each declared queue is FIFO, as written.
  var queueIsFIFO: [String: Bool] = [:]
  /// The queues that read without problems.
  var queues: [String: QueueConfig] = [:]
  /// The scenario's Region (quotas depend on it).
  var region = RegionQuotas.defaultRegion
  /// Declared topic names, in scenario order.
  var topicNames: [String] = []
  /// Whether each declared topic is FIFO, as written.
  var topicIsFIFO: [String: Bool] = [:]
  /// The topics that read without problems.
  var topics: [String: TopicConfig] = [:]
  /// Declared endpoint names (Lambda and HTTP/S subscriptions).
  var endpointNames: [String] = []
  /// Declared producer names.
  var producerNames: [String] = []
  /// Declared consumer names.
  var consumerNames: [String] = []

  /// Creates a reader.
  init(log: ProblemLog, baseDirectory: String) {
    self.log = log
    self.baseDirectory = baseDirectory
  }

  /// The names declared in `list` (elements' `name` strings), reporting a
  /// name used twice at the second element.
  func declaredNames(in list: Field?, kind: String) -> [String] {
    guard let list, case .array(let elements) = list.value else { return [] }
    var names: [String] = []
    var firstIndex: [String: Int] = [:]
    for (index, element) in elements.enumerated() {
      guard case .object(let members) = element, case .string(let name)? = members["name"] else { continue }
      if let first = firstIndex[name] {
        log.add(list.path.appending(index).appending("name"),
          "duplicate \(kind) name \(quoted(name)) (\(list.path)[\(first)] has it too)")
      } else {
        firstIndex[name] = index
        names.append(name)
      }
    }
    return names
  }

  /// Reads `queue:NAME` or `topic:NAME` (or another endpoint form) naming
  /// a declared queue or topic.
  ///
  /// - Parameter role: `target` for producers (`queue`, `topic`, `stream`,
  ///   `firehose`), `source` for consumers (`queue`, `stream`).
  func readEndpoint(_ field: Field, role: String) -> Endpoint? {
    let forms = role == "target" ? ["queue", "topic", "stream", "firehose"] : ["queue", "stream"]
    let expected = listOfQuoted(forms.map { "\($0):NAME" })
    guard let text = field.string(expected: expected) else { return nil }
    guard let colon = text.firstIndex(of: ":"), forms.contains(String(text[..<colon])) else {
      field.report("expected \(expected), got \(quoted(text))")
      return nil
    }
    let kind = String(text[..<colon])
    let name = String(text[text.index(after: colon)...])
    switch kind {
    case "queue":
      guard queueNames.contains(name) else {
        field.report(unknownName(name, kind: "queue", among: queueNames))
        return nil
      }
      return .queue(name)
    case "topic":
      guard topicNames.contains(name) else {
        field.report(unknownName(name, kind: "topic", among: topicNames))
        return nil
      }
      return .topic(name)
    default:
      field.report("'\(kind)' \(role)s are not supported yet")
      return nil
    }
  }

  /// `unknown queue 'x' (did you mean 'y'?)`.
  func unknownName(_ name: String, kind: String, among names: [String]) -> String {
    if names.isEmpty { return "unknown \(kind) \(quoted(name)) (the scenario declares no \(kind)s)" }
    return "unknown \(kind) \(quoted(name))\(didYouMean(name, among: names))"
  }

  /// Checks a producer or consumer name: 1 to 80 of `[A-Za-z0-9._-]`.
  func checkEntityName(_ field: Field, kind: String) -> String? {
    guard let name = field.string() else { return nil }
    let isValid = !name.isEmpty && name.utf8.count <= 80
      && name.unicodeScalars.allSatisfy { isNameScalar($0) || $0 == "." }
    guard isValid else {
      field.report("\(quoted(name)) is not a valid \(kind) name: use 1 to 80 letters, digits, '.', '_' or '-'")
      return nil
    }
    return name
  }
}

/// `[A-Za-z0-9_-]`.
func isNameScalar(_ c: Unicode.Scalar) -> Bool {
  ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
}
