import SimCore

/// The file name `ScenarioError` uses for problems with `--set` (and the
/// start of each such problem's `source`).
let overrideFileName = "--set"

/// Applies one `--set PATH=VALUE` assignment to a parsed scenario.
///
/// `PATH` is a dot-separated list of segments. In an object a segment is a
/// key (a missing key is created, so validation can then judge it); in an
/// array it is the name of an element, or else a 0-based index. An
/// element's name is its `name`; a subscription's is the queue or
/// endpoint it delivers to, so
/// `topics.orders.subscriptions.fraud.rawMessageDelivery=true` works. Names
/// may contain dots: `queues.gps.fifo.visibilityTimeout` finds the queue
/// `gps.fifo`, because the longest run of segments that names an element
/// wins (keys containing dots are found the same way).
///
/// `VALUE` is read as JSON5 when it parses (`12`, `true`, `[1, 2]`,
/// `{ exponential: "5ms" }`, `"quoted"`), and otherwise taken as a plain
/// string (`45s`, `orders`). `null` removes the value, so the default
/// applies.
///
/// ```swift
/// let root = try applyOverride("consumers.workers.count=12", to: scenario)
/// ```
///
/// - Throws: `ScenarioError` with file `--set` and a problem whose
///   `source` is the assignment (`--set PATH=VALUE`) when the assignment is
///   malformed or names no existing element.
public func applyOverride(_ assignment: String, to root: JSONValue) throws -> JSONValue {
  try locatedOverride(assignment, to: root).root
}

/// `assignment` as problem lines name it: `--set PATH=VALUE`.
func overrideSource(_ assignment: String) -> String {
  "\(overrideFileName) \(sanitized(assignment, limit: 200, escapingQuote: nil))"
}

/// Applies `assignment` like `applyOverride(_:to:)` and also returns where
/// in the document it wrote (`queues[0].visibilityTimeout` for
/// `queues.orders.visibilityTimeout=45s`), so that problems found there
/// can name the assignment rather than the file.
func locatedOverride(_ assignment: String, to root: JSONValue) throws -> (root: JSONValue, target: JSONPath) {
  func fail(_ message: String) -> ScenarioError {
    ScenarioError(
      file: overrideFileName, problems: [.init(path: "", message: message, source: overrideSource(assignment))])
  }
  guard let equals = assignment.firstIndex(of: "=") else {
    throw fail("\(quoted(assignment)) is not an assignment: expected PATH=VALUE")
  }
  let pathText = String(assignment[..<equals])
  let valueText = String(assignment[assignment.index(after: equals)...])
  guard !pathText.isEmpty else {
    throw fail("\(quoted(assignment)) has no PATH before '='")
  }
  let segments = pathText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
  guard !segments.contains("") else {
    throw fail("the path has an empty segment")
  }
  let value: JSONValue
  if case .success(let document) = JSON5Reading.parse(valueText) {
    value = document.value
  } else {
    value = .string(valueText)
  }
  var assigner = OverrideAssigner(source: overrideSource(assignment))
  let newRoot = try assigner.assign(value, into: root, segments: segments[...], walked: [])
  return (newRoot, assigner.target)
}

/// Walks an override path down a document and rebuilds it with the new
/// value in place.
private struct OverrideAssigner {
  /// The assignment, for problems: `--set PATH=VALUE`.
  let source: String
  /// Where the walk has gone: at the end, the place the value was written.
  var walkedPath = JSONPath.root
  /// The first object the walk had to create, if any: all of it comes
  /// from the assignment.
  var created: JSONPath?
  /// The place the assignment wrote: the first object it created, or else
  /// the value it replaced or added.
  var target: JSONPath { created ?? walkedPath }

  func fail(_ message: String) -> ScenarioError {
    ScenarioError(file: overrideFileName, problems: [.init(path: "", message: message, source: source)])
  }

  mutating func assign(
    _ newValue: JSONValue, into current: JSONValue?, segments: ArraySlice<String>, walked: [String]
  ) throws -> JSONValue {
    guard !segments.isEmpty else { return newValue }
    switch current {
    case nil, .null?:
      if created == nil { created = walkedPath }
      return try assign(newValue, into: .object([:]), segments: segments, walked: walked)
    case .object(var members)?:
      let take = longestRun(of: segments) { members[$0] != nil } ?? 1
      let key = segments.prefix(take).joined(separator: ".")
      walkedPath = walkedPath.appending(key)
      members[key] = try assign(newValue, into: members[key], segments: segments.dropFirst(take), walked: walked + [key])
      return .object(members)
    case .array(var elements)?:
      if let take = longestRun(of: segments, where: { name in elementIndex(named: name, in: elements) != nil }) {
        let name = segments.prefix(take).joined(separator: ".")
        let index = elementIndex(named: name, in: elements)!
        walkedPath = walkedPath.appending(index)
        elements[index] = try assign(
          newValue, into: elements[index], segments: segments.dropFirst(take), walked: walked + [name])
        return .array(elements)
      }
      let segment = segments.first!
      if !segment.isEmpty, segment.utf8.allSatisfy({ (48...57).contains($0) }) {
        guard let index = Int(segment), index < elements.count else {
          throw fail("index \(sanitized(segment)) is out of range: '\(walked.joined(separator: "."))' has \(elements.count) \(elements.count == 1 ? "element" : "elements")")
        }
        walkedPath = walkedPath.appending(index)
        elements[index] = try assign(newValue, into: elements[index], segments: segments.dropFirst(), walked: walked + [segment])
        return .array(elements)
      }
      throw fail(unknownElementMessage(segments: segments, elements: elements, walked: walked))
    case let scalar?:
      throw fail("cannot set \(quoted(segments.joined(separator: "."))) inside '\(walked.joined(separator: "."))', which is \(describeForMessage(scalar))")
    }
  }

  /// The largest `k` such that the first `k` segments, joined with dots,
  /// satisfy `matches`.
  func longestRun(of segments: ArraySlice<String>, where matches: (String) -> Bool) -> Int? {
    var joined: [String] = []
    var current = ""
    for segment in segments {
      current = current.isEmpty ? segment : current + "." + segment
      joined.append(current)
    }
    return joined.indices.reversed().first { matches(joined[$0]) }.map { $0 + 1 }
  }

  func elementIndex(named name: String, in elements: [JSONValue]) -> Int? {
    elements.firstIndex { elementName($0) == name }
  }

  func unknownElementMessage(segments: ArraySlice<String>, elements: [JSONValue], walked: [String]) -> String {
    let names = elements.compactMap(elementName)
    let container = walked.joined(separator: ".")
    let word = segments.first!
    // The closest name to any leading run of segments (names may contain
    // dots); on a tie the longer run wins.
    var best: (distance: Int, name: String)?
    var candidate = ""
    for segment in segments.prefix(8) {
      candidate = candidate.isEmpty ? segment : candidate + "." + segment
      if let match = closestMatch(to: candidate, among: names) {
        let distance = editDistance(Array(candidate.lowercased().unicodeScalars), Array(match.lowercased().unicodeScalars))
        if distance <= (best?.distance ?? Int.max) { best = (distance, match) }
      }
    }
    let hint = best.map { " (did you mean \(quoted($0.name))?)" } ?? ""
    let kind = walked.last.flatMap { $0.hasSuffix("s") && $0.count > 1 ? String($0.dropLast()) : nil }
    if names.isEmpty {
      return "'\(container)' has no named elements to match \(quoted(word)); use an index"
    }
    if let kind {
      return "no \(kind) named \(quoted(word)) in '\(container)'\(hint)"
    }
    return "no element named \(quoted(word)) in '\(container)'\(hint)"
  }
}

/// The name `--set` paths use for an array element: its `name`, or for a
/// subscription its `queue`, or its `lambda` / `http` endpoint's name.
func elementName(_ element: JSONValue) -> String? {
  guard case .object(let members) = element else { return nil }
  if let name = members["name"]?.stringValue { return name }
  if let queue = members["queue"]?.stringValue { return queue }
  for kind in ["lambda", "http"] {
    guard let endpoint = members[kind] else { continue }
    if let name = endpoint.stringValue ?? endpoint.objectValue?["name"]?.stringValue { return name }
  }
  return nil
}
