import SimCore
import SimModels

/// Reads one scenario document into model configuration, collecting every
/// problem in `log`.
///
/// Reading goes kind by kind: the Region first (it sets quotas), then the
/// sections of `ResourceSection.all` in order, queues first (their names,
/// types and timeouts are what topics, producers and consumers refer to),
/// topics, streams, producers, consumers, and last the expectations.
/// Cross-references use the names as written, so a queue with a bad
/// attribute does not also make every reference to it "unknown".
final class ScenarioReader {
  /// Where problems go.
  let log: ProblemLog
  /// The directory relative file names (traces, empirical samples) are
  /// resolved against.
  let baseDirectory: String
  /// Declared names by `ResourceSection.kind`, each in scenario order
  /// (for did-you-mean hints), and as a set (to look a reference up:
  /// thousands of references to thousands of names are read in linear
  /// time, not quadratic).
  private var declared: [String: [String]] = [:]
  private var declaredSets: [String: Set<String>] = [:]
  /// Whether each declared queue is FIFO, as written.
  var queueIsFIFO: [String: Bool] = [:]
  /// The queues that read without problems.
  var queues: [String: QueueConfig] = [:]
  /// The scenario's Region (quotas depend on it).
  var region = RegionQuotas.defaultRegion
  /// Whether each declared topic is FIFO, as written.
  var topicIsFIFO: [String: Bool] = [:]
  /// The topics that read without problems.
  var topics: [String: TopicConfig] = [:]
  /// The streams that read without problems.
  var streams: [String: StreamConfig] = [:]
  /// The Firehose streams that read a Kinesis data stream (no Direct PUT).
  var firehosesReadingStreams: Set<String> = []
  /// The `firehose` members of topics' subscriptions, checked once the
  /// Firehose streams are read (they come after topics).
  var firehoseSubscriptions: [Field] = []
  /// Whether each declared producer writes to a stream, as written (its
  /// `target` is `stream:…`): `expect` checks its metrics against the
  /// stream producer's list.
  var producerWritesStream: [String: Bool] = [:]
  /// Whether each declared producer writes to a Firehose stream, as written.
  var producerWritesFirehose: [String: Bool] = [:]
  /// Whether each declared consumer reads a stream, as written.
  var consumerReadsStream: [String: Bool] = [:]

  /// Creates a reader.
  init(log: ProblemLog, baseDirectory: String) {
    self.log = log
    self.baseDirectory = baseDirectory
  }

  /// The names declared for `section`, in scenario order (none before
  /// its list is read).
  func names(of section: ResourceSection) -> [String] {
    declared[section.kind] ?? []
  }

  /// Registers the names of `section`'s elements in `list` (their `name`
  /// strings), reporting a name used twice at the second element.
  func declareNames(of section: ResourceSection, in list: Field) {
    declare(declaredNames(in: list, kind: section.kind), as: section)
  }

  /// Registers `names` as the declared names of `section` (endpoints,
  /// which topics' subscriptions declare).
  func declare(_ names: [String], as section: ResourceSection) {
    declared[section.kind] = names
    declaredSets[section.kind] = Set(names)
  }

  /// Whether `name` is a declared `section`; if not, reports `unknown
  /// queue 'x' (did you mean 'y'?)` at `field`.
  func isDeclared(_ name: String, as section: ResourceSection, reportingAt field: Field) -> Bool {
    guard declaredSets[section.kind]?.contains(name) == true else {
      field.report(unknownName(name, kind: section.kind, among: names(of: section)))
      return false
    }
    return true
  }

  /// The names declared in `list` (elements' `name` strings), reporting a
  /// name used twice at the second element.
  private func declaredNames(in list: Field, kind: String) -> [String] {
    guard case .array(let elements) = list.value else { return [] }
    var names: [String] = []
    var firstIndex: [String: Int] = [:]
    for (index, element) in elements.enumerated() {
      guard case .object(let members) = element, case .string(let name)? = members[ResourceSection.nameKey]
      else { continue }
      if let first = firstIndex[name] {
        log.add(list.path.appending(index).appending(ResourceSection.nameKey),
          "duplicate \(kind) name \(quoted(name)) (\(list.path)[\(first)] has it too)")
      } else {
        firstIndex[name] = index
        names.append(name)
      }
    }
    return names
  }

  /// Reads `KIND:NAME` naming a declared resource that `role` may name
  /// (`ResourceSection.target`, `.source`): `queue:orders`, `topic:orders`.
  func readEndpoint(_ field: Field, role: EndpointRole) -> Endpoint? {
    let sections = ResourceSection.all.filter { $0.endpoint(for: role) != nil }
    guard let reference = readReference(field, among: sections, separator: ":"),
      let endpoint = reference.section.endpoint(for: role)
    else { return nil }
    guard reference.section.isSimulated else {
      field.report("'\(reference.section.kind)' \(role.rawValue)s are not supported yet")
      return nil
    }
    return isDeclared(reference.name, as: reference.section, reportingAt: field) ? endpoint(reference.name) : nil
  }

  /// Reads `KIND<separator>NAME` whose KIND is one of `sections`' kinds:
  /// the section and the name, not yet looked up; else reports `expected
  /// 'queue:NAME' or 'topic:NAME', got 'x'` (the forms in table order).
  func readReference(
    _ field: Field, among sections: [ResourceSection], separator: Character
  ) -> (section: ResourceSection, name: String, text: String)? {
    // Built only for a message: a run reads thousands of references.
    func expected() -> String { listOfQuoted(sections.map { "\($0.kind)\(separator)NAME" }) }
    guard let text = field.string(expected: expected()) else { return nil }
    guard let mark = text.firstIndex(of: separator), let section = sections.first(where: { $0.kind == text[..<mark] })
    else {
      field.report("expected \(expected()), got \(quoted(text))")
      return nil
    }
    return (section, String(text[text.index(after: mark)...]), text)
  }

  /// `unknown queue 'x' (did you mean 'y'?)`.
  private func unknownName(_ name: String, kind: String, among names: [String]) -> String {
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

/// The kind of a `KIND:NAME` reference as written (`stream` for
/// `'stream:gps'`), when `value` is a string whose KIND is a registered
/// kind; `nil` otherwise. Readers use it to tell which keys apply before
/// the reference itself is checked, so a misspelt name does not also make
/// every key "unknown".
func writtenKind(of value: JSONValue?) -> String? {
  guard case .string(let text)? = value, let mark = text.firstIndex(of: ":") else { return nil }
  let kind = text[..<mark]
  return ResourceSection.all.first { $0.kind == kind }?.kind
}

/// `[A-Za-z0-9_-]`.
func isNameScalar(_ c: Unicode.Scalar) -> Bool {
  ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
}
