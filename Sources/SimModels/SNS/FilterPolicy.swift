import Foundation
import SimCore

/// Where an SNS subscription filter policy looks: the `FilterPolicyScope`
/// subscription attribute.
public enum FilterPolicyScope: String, Sendable, CaseIterable {
  /// The message attributes (AWS's default when a policy is set without a scope).
  case messageAttributes = "MessageAttributes"
  /// The JSON message body (payload-based filtering).
  case messageBody = "MessageBody"
}

/// An SNS subscription filter policy, validated as AWS validates it when the
/// policy is set, and compiled for fast evaluation.
///
/// ```swift
/// let policy = try FilterPolicy(
///   json: .object(["event": .array([.string("order_placed")])]),
///   scope: .messageAttributes)
/// let message = FilterMessage(attributes: [("event", .string("order_placed"))])
/// policy.evaluate(message)  // .match
/// ```
///
/// Grammar (each key maps to an array of conditions; a key matches when any
/// of its conditions matches one of its values, and a policy matches when
/// every key matches): exact strings, numbers, `true`, `false`, `null`;
/// `{"prefix": s}`, `{"suffix": s}`, `{"equals-ignore-case": s}`;
/// `{"anything-but": v | [strings] | [numbers] | {"prefix": s}}`;
/// `{"numeric": [op, n]}` or `{"numeric": [">"|">=", lo, "<"|"<=", hi]}`;
/// `{"cidr": "10.0.0.0/24"}` (IPv4 or IPv6); `{"exists": true|false}`; and
/// `"$or": [{…}, {…}, …]` alternatives. Body-scoped policies may nest objects;
/// their keys are matched as dotted paths in the flattened body.
///
/// Evaluation rules worth knowing:
/// - Values are typed. A string condition never matches a number and a
///   numeric one never matches a string: `"price": [100]` matches the
///   `Number` attribute `100` (or `1e2`, or `100.0`) but not the `String`
///   attribute `"100"`. Numbers compare with 6 decimal digits (AWS documents
///   5; AWS's matcher keeps 6), so `3.015e2 == 301.5`.
/// - Arrays (`String.Array` attributes, JSON arrays in a body) match when any
///   element matches. This includes `anything-but`: `["rugby", "baseball"]`
///   matches `{"anything-but": ["rugby", "tennis"]}`, as in AWS's example.
/// - A missing key (also an empty array, or a `Binary` attribute, which
///   filters ignore) matches only `{"exists": false}`; every other operator,
///   `anything-but` included, needs the key. `{"exists": true}` needs a
///   non-null, non-empty value (AWS: "The key must have a non-null and
///   non-empty value"), so `null` and `""` do not satisfy it.
/// - A message without any attributes matches no attribute-scoped policy,
///   not even `{"exists": false}` (AWS: "An empty set of attributes results
///   in the filter not matching").
/// - String comparisons are on UTF-8 bytes (no Unicode normalization), as in
///   AWS. `equals-ignore-case` folds with Unicode lower-casing.
///
/// The policy is compiled into plain-data tables when it is made, and a
/// `FilterMessage` flattens itself when it is made, so evaluation neither
/// allocates nor touches a reference count (the one exception:
/// `equals-ignore-case` lower-cases a copy of a non-ASCII value). A typical
/// 3-key policy evaluates 10–15 million times per second on one core
/// (`benchmarkEvaluations(count:)`, release build).
public struct FilterPolicy: Sendable {
  /// The policy as written.
  public let json: JSONValue
  /// Where the policy looks.
  public let scope: FilterPolicyScope
  /// The `$or`-free alternatives' complexity: AWS's "total combination of
  /// values" (at most 150).
  public let complexity: Int

  /// Flattened key paths, one per leaf (dotted for nested body keys).
  let leafPaths: [String]
  /// The compiled tables evaluation reads.
  let tables: PolicyTables

  /// Validates `json` as AWS does when the policy is set, and compiles it.
  ///
  /// An empty object `{}` is accepted and means "no filtering": it matches
  /// every message.
  ///
  /// - Throws: `FilterPolicyError` naming the JSON path and the rule broken.
  /// - Complexity: O(*n*) in the policy's size (at most 150 alternatives).
  public init(json: JSONValue, scope: FilterPolicyScope) throws(FilterPolicyError) {
    guard case .object(let members) = json else {
      throw FilterPolicyError(
        .notAnObject, "Filter policy must be a JSON object, not \(json.typeName)")
    }
    var parser = FilterPolicyParser(scope: scope)
    let root = try parser.parseObject(members, path: "", depth: 1, isRoot: true)
    let compiled = try FilterPolicyCompiler.compile(root, leaves: parser.leaves)
    var conditions: [FilterCondition] = []
    var conditionStarts = [0]
    var leafPathSpans: [ByteSpan] = []
    for leaf in parser.leaves {
      conditions += leaf.conditions
      conditionStarts.append(conditions.count)
      leafPathSpans.append(parser.pool.intern(leaf.path))
    }
    self.json = json
    self.scope = scope
    self.complexity = compiled.complexity
    self.leafPaths = parser.leaves.map(\.path)
    self.tables = PolicyTables(
      bytes: parser.pool.bytes, spans: parser.spans, numbers: parser.numbers,
      conditions: conditions, conditionStarts: conditionStarts, leafPaths: leafPathSpans,
      alternativeLeaves: compiled.alternativeLeaves, alternativeStarts: compiled.alternativeStarts)
  }

  /// The largest policy text AWS accepts: 256 KiB.
  public static let maximumSize = 262_144

  /// Parses and validates the policy text `bytes` as AWS does: at most
  /// 256 KiB of valid UTF-8, strict JSON (no comments, trailing commas or
  /// duplicate keys), then `init(json:scope:)`.
  ///
  /// - Throws: `FilterPolicyError`.
  public init(jsonBytes bytes: [UInt8], scope: FilterPolicyScope) throws(FilterPolicyError) {
    guard bytes.count <= FilterPolicy.maximumSize else {
      throw FilterPolicyError(
        .tooLarge,
        "Filter policy is too large (\(bytes.count) bytes; the limit is \(FilterPolicy.maximumSize))")
    }
    if let problem = StrictJSON.syntaxError(in: bytes, rejectDuplicateKeys: true) {
      throw FilterPolicyError(.invalidJSON, "Filter policy is not valid JSON: \(problem)")
    }
    let decoder = JSONDecoder()
    decoder.allowsJSON5 = false
    guard let json = try? decoder.decode(JSONValue.self, from: Data(bytes)) else {
      throw FilterPolicyError(.invalidJSON, "Filter policy is not valid JSON (a number out of range?)")
    }
    try self.init(json: json, scope: scope)
  }

  /// Parses and validates the policy text `data`; see `init(jsonBytes:scope:)`.
  public init(jsonData data: Data, scope: FilterPolicyScope) throws(FilterPolicyError) {
    try self.init(jsonBytes: [UInt8](data), scope: scope)
  }

  /// Parses and validates the policy text `text`; see `init(jsonBytes:scope:)`.
  public init(jsonText text: String, scope: FilterPolicyScope) throws(FilterPolicyError) {
    try self.init(jsonBytes: Array(text.utf8), scope: scope)
  }

  /// Whether the policy filters nothing (`{}`).
  public var matchesEverything: Bool { tables.alternativeStarts.count <= 1 }

  /// The number of alternatives after expanding every `$or` (1 without `$or`,
  /// 0 for `{}`).
  public var alternativeCount: Int { max(0, tables.alternativeStarts.count - 1) }

  /// Every key path the policy tests, sorted and without duplicates (dotted
  /// paths for nested body keys).
  ///
  /// - Complexity: O(*k* log *k*) in the number of keys.
  public var keyPaths: [String] {
    var seen = Set<String>()
    return leafPaths.filter { seen.insert($0).inserted }.sorted(by: utf8Precedes)
  }

  /// The leaf paths of alternative `index`, in the order evaluation tests them.
  public func keyPaths(ofAlternative index: Int) -> [String] {
    tables.alternativeLeaves[tables.alternativeStarts[index]..<tables.alternativeStarts[index + 1]]
      .map { leafPaths[$0] }
  }
}

/// Why a policy was rejected, in AWS's words where AWS has some.
///
/// `description` reads `path: message`, e.g.
/// `price[0].numeric[2]: Value of < must be numeric`; whole-policy errors
/// have no path (`Filter policy can not have more than 5 keys`).
public struct FilterPolicyError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The rule a policy broke.
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    /// The policy text is larger than 256 KiB.
    case tooLarge
    /// The policy text is not valid UTF-8 JSON.
    case invalidJSON
    /// The policy (or a nested value where an object is required) is not an object.
    case notAnObject
    /// More than 5 keys (with value arrays) in one alternative.
    case tooManyKeys
    /// More than 150 combinations of values.
    case tooComplex
    /// A key's value is neither an array nor an object.
    case notObjectOrArray
    /// An empty array of conditions.
    case emptyArray
    /// An empty nested object.
    case emptyObject
    /// A nested object in a `MessageAttributes`-scoped policy.
    case nestedInAttributeScope
    /// A condition that is an array (or another non-scalar, non-object value).
    case invalidMatchValue
    /// A match-expression object without exactly one operator key.
    case invalidMatchExpression
    /// An operator AWS does not know (or SNS does not support).
    case unrecognizedMatchType
    /// An operator whose operand has the wrong type.
    case invalidOperand
    /// A malformed `numeric` expression.
    case invalidNumeric
    /// A number outside ±1 000 000 000.
    case numberOutOfRange
    /// A malformed `anything-but` expression.
    case invalidAnythingBut
    /// A malformed `cidr` expression.
    case invalidCIDR
  }

  /// The rule broken.
  public let kind: Kind
  /// The JSON path of the offending value (empty for whole-policy errors).
  public let path: String
  /// What is wrong.
  public let message: String

  /// Creates an error.
  public init(_ kind: Kind, _ message: String, path: String = "") {
    self.kind = kind
    self.message = message
    self.path = path
  }

  /// `path: message`, or just `message` for whole-policy errors.
  public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// The result of evaluating a filter policy against one message.
public enum FilterOutcome: Sendable, Equatable {
  /// The subscription accepts the message.
  case match
  /// The subscription filters the message out. `firstFailedKey` is the key
  /// path that failed; `reason` says which CloudWatch metric variant counts it.
  case noMatch(firstFailedKey: String, reason: FilterOutReason)

  /// Whether the message is delivered.
  public var isMatch: Bool {
    if case .match = self { return true }
    return false
  }
}

/// Which `NumberOfNotificationsFilteredOut-…` CloudWatch metric counts a
/// filtered-out message.
///
/// The decision, from AWS's metric definitions:
/// - `invalidAttributes`: an attribute-scoped policy met a message whose
///   attributes could not be read (e.g. a `Number` that is not a number, a
///   `String.Array` that is not a JSON array). Checked first: such a message
///   matches no attribute-scoped policy, not even `{"exists": false}`.
/// - `noMessageAttributes`: an attribute-scoped policy met a message that
///   carries no attributes at all; such a message matches no attribute-scoped
///   policy (AWS documents that even `{"exists": false}` fails on it).
/// - `messageAttributes`: any other attribute-scoped failure.
/// - `invalidMessageBody`: a body-scoped policy met a body that is not a
///   JSON object (not JSON, or a JSON array/scalar); it matches no
///   body-scoped policy, not even `{"exists": false}`.
/// - `messageBody`: any other body-scoped failure.
public enum FilterOutReason: String, Sendable, Equatable, CaseIterable {
  /// Rejected by an attribute-scoped policy.
  case messageAttributes = "NumberOfNotificationsFilteredOut-MessageAttributes"
  /// Rejected by a body-scoped policy.
  case messageBody = "NumberOfNotificationsFilteredOut-MessageBody"
  /// Rejected by an attribute-scoped policy; the message had no attributes.
  case noMessageAttributes = "NumberOfNotificationsFilteredOut-NoMessageAttributes"
  /// Rejected because the message's attributes are invalid.
  case invalidAttributes = "NumberOfNotificationsFilteredOut-InvalidAttributes"
  /// Rejected because the message body is not a JSON object.
  case invalidMessageBody = "NumberOfNotificationsFilteredOut-InvalidMessageBody"

  /// The CloudWatch metric name.
  public var metricName: String { rawValue }
}

/// Byte-wise (UTF-8) ordering of strings: deterministic and independent of
/// Unicode normalization.
func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
  lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
}
