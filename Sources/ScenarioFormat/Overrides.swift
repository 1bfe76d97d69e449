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
/// A path has at most 64 segments and 1,024 characters (a longer one is an
/// error naming the cap); matching it is linear in its length and in the
/// names it is matched against.
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

/// The most segments a `--set` path may have.
let maximumOverrideSegments = 64
/// The most characters a `--set` path may have.
let maximumOverridePathCharacters = 1_024

/// `assignment` as problem lines name it: `--set PATH=VALUE`.
func overrideSource(_ assignment: String) -> String {
  "\(overrideFileName) \(sanitized(assignment, limit: 200, escapingQuote: nil))"
}

/// What one `--set` did to a document.
struct LocatedOverride {
  /// The document with the value in place.
  var root: JSONValue
  /// Where problems belong to the assignment: the first object it had to
  /// create, or else the value it wrote.
  var target: JSONPath
  /// Where the value is (`queues[0].visibilityTimeout` for
  /// `queues.orders.visibilityTimeout=45s`).
  var written: JSONPath
  /// How the value wrote its numbers (see `JSON5Scanner.numberTexts`),
  /// by path from `written`.
  var numberTexts: [JSONPath: String]
}

/// Applies `assignment` like `applyOverride(_:to:)` and also returns where
/// in the document it wrote, so that problems found there can name the
/// assignment rather than the file, and how it wrote its numbers.
func locatedOverride(_ assignment: String, to root: JSONValue) throws -> LocatedOverride {
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
  let characters = pathText.count
  guard characters <= maximumOverridePathCharacters else {
    throw fail("the path is \(formatCount(characters)) characters long, above the maximum of \(formatCount(maximumOverridePathCharacters))")
  }
  let path = OverridePath(pathText)
  guard path.segments.count <= maximumOverrideSegments else {
    throw fail("the path has \(path.segments.count) segments, above the maximum of \(maximumOverrideSegments)")
  }
  guard !path.segments.contains(where: \.isEmpty) else {
    throw fail("the path has an empty segment")
  }
  let value: JSONValue
  var numberTexts: [JSONPath: String] = [:]
  if case .success(let document) = JSON5Reading.parse(valueText) {
    value = document.value
    numberTexts = document.numberTexts
  } else {
    value = .string(valueText)
  }
  var assigner = OverrideAssigner(source: overrideSource(assignment), path: path)
  let newRoot = try assigner.assign(value, into: root, from: 0)
  return LocatedOverride(
    root: newRoot, target: assigner.target, written: assigner.walkedPath, numberTexts: numberTexts)
}

/// A `--set` path: its text and its dot-separated segments, as slices of
/// the text, so a run of segments is a slice too (never a new string).
struct OverridePath {
  let text: String
  let segments: [Substring]

  init(_ text: String) {
    self.text = text
    segments = text.split(separator: ".", omittingEmptySubsequences: false)
  }

  /// Segments `first` through `last`, with the dots between them.
  func run(_ first: Int, through last: Int) -> Substring {
    text[segments[first].startIndex..<segments[last].endIndex]
  }

  /// The segments before `index`, as written: `topics.orders`.
  func walked(before index: Int) -> String {
    index == 0 ? "" : String(run(0, through: index - 1))
  }

  /// Of `names`, the one that equals the longest run of segments starting
  /// at `index`, with the number of segments it takes and its position
  /// (the first of equal names).
  ///
  /// - Complexity: O(total length of `names`): a name with *d* dots can
  ///   only equal the run of *d* + 1 segments, so each is compared once.
  func longestMatch(at index: Int, among names: [String?]) -> (take: Int, position: Int)? {
    var best: (take: Int, position: Int)?
    for (position, name) in names.enumerated() {
      guard let name else { continue }
      var dots = 0
      for character in name where character == "." { dots += 1 }
      let last = index + dots
      guard last < segments.count, dots + 1 > best?.take ?? 0 else { continue }
      if run(index, through: last) == name { best = (dots + 1, position) }
    }
    return best
  }
}

/// Walks an override path down a document and rebuilds it with the new
/// value in place.
private struct OverrideAssigner {
  /// The assignment, for problems: `--set PATH=VALUE`.
  let source: String
  /// The path being walked.
  let path: OverridePath
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

  /// `current` with `newValue` written at the rest of the path, from
  /// segment `index` on.
  mutating func assign(_ newValue: JSONValue, into current: JSONValue?, from index: Int) throws -> JSONValue {
    guard index < path.segments.count else { return newValue }
    switch current {
    case nil, .null?:
      if created == nil { created = walkedPath }
      return try assign(newValue, into: .object([:]), from: index)
    case .object(var members)?:
      let keys = Array(members.keys)
      let take = path.longestMatch(at: index, among: keys)?.take ?? 1
      let key = String(path.run(index, through: index + take - 1))
      walkedPath = walkedPath.appending(key)
      members[key] = try assign(newValue, into: members[key], from: index + take)
      return .object(members)
    case .array(var elements)?:
      if let match = path.longestMatch(at: index, among: elements.map(elementName)) {
        walkedPath = walkedPath.appending(match.position)
        elements[match.position] = try assign(newValue, into: elements[match.position], from: index + match.take)
        return .array(elements)
      }
      let segment = path.segments[index]
      if segment.utf8.allSatisfy({ (48...57).contains($0) }) {
        guard let position = Int(segment), position < elements.count else {
          throw fail("index \(sanitized(String(segment))) is out of range: '\(path.walked(before: index))' has \(elements.count) \(elements.count == 1 ? "element" : "elements")")
        }
        walkedPath = walkedPath.appending(position)
        elements[position] = try assign(newValue, into: elements[position], from: index + 1)
        return .array(elements)
      }
      throw fail(unknownElementMessage(at: index, elements: elements))
    case let scalar?:
      let rest = String(path.run(index, through: path.segments.count - 1))
      throw fail("cannot set \(quoted(rest)) inside '\(path.walked(before: index))', which is \(describeForMessage(scalar))")
    }
  }

  func unknownElementMessage(at index: Int, elements: [JSONValue]) -> String {
    let names = elements.compactMap(elementName)
    let container = path.walked(before: index)
    let word = String(path.segments[index])
    // The closest name to any leading run of segments (names may contain
    // dots); on a tie the longer run wins.
    var best: (distance: Int, name: String)?
    for last in index..<min(index + 8, path.segments.count) {
      let candidate = String(path.run(index, through: last))
      if let match = closestMatch(to: candidate, among: names) {
        let distance = editDistance(Array(candidate.lowercased().unicodeScalars), Array(match.lowercased().unicodeScalars))
        if distance <= (best?.distance ?? Int.max) { best = (distance, match) }
      }
    }
    let hint = best.map { " (did you mean \(quoted($0.name))?)" } ?? ""
    // The kind from the key that holds the array: a resource section's
    // (`queues` holds queues), else the key's singular (`subscriptions`).
    var kind: String?
    if case .key(let key)? = walkedPath.components.last {
      if walkedPath.components.count == 1, let section = ResourceSection.listed(at: key) {
        kind = section.kind
      } else if key.hasSuffix("s"), key.count > 1 {
        kind = String(key.dropLast())
      }
    }
    if names.isEmpty {
      return "'\(container)' has no named elements to match \(quoted(word)); use an index"
    }
    if let kind {
      return "no \(kind) named \(quoted(word)) in '\(container)'\(hint)"
    }
    return "no element named \(quoted(word)) in '\(container)'\(hint)"
  }
}

/// The name `--set` paths use for an array element: its `name` (the
/// member every resource section names its elements by,
/// `ResourceSection.nameKey`), or for a subscription its `queue` or
/// `firehose`, or its `lambda` / `http` endpoint's name.
func elementName(_ element: JSONValue) -> String? {
  guard case .object(let members) = element else { return nil }
  if let name = members[ResourceSection.nameKey]?.stringValue { return name }
  if let queue = members["queue"]?.stringValue { return queue }
  if let firehose = members["firehose"]?.stringValue { return firehose }
  for kind in ["lambda", "http"] {
    guard let endpoint = members[kind] else { continue }
    if let name = endpoint.stringValue ?? endpoint.objectValue?["name"]?.stringValue { return name }
  }
  return nil
}
