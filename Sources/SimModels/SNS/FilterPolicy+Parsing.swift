import Foundation
import SimCore

/// One key of a parsed policy with its conditions.
struct PolicyLeaf: Sendable {
  /// The dotted key path (nested body keys joined with `.`; `$or` adds nothing).
  var path: String
  /// Nesting level: 1 for a top-level key, 2 inside one object, …
  var depth: Int
  /// How many values the key's array lists (for the complexity count).
  var valueCount: Int
  /// The compiled conditions (OR-ed).
  var conditions: [FilterCondition]
}

/// A member of a parsed policy object.
indirect enum PolicyMember: Sendable {
  /// A key with an array of conditions (index into the parser's leaves).
  case leaf(Int)
  /// A nested object (body scope only).
  case nested([PolicyMember])
  /// An `$or` with its branch objects.
  case or([[PolicyMember]])
}

/// The operator names AWS reserves; an object using one as a field name is
/// a match expression, so an `$or` array containing one is not an `$or`.
let filterPolicyReservedKeywords: Set<String> = [
  "anything-but", "cidr", "equals-ignore-case", "exact", "exists", "numeric", "prefix",
  "suffix", "wildcard",
]

/// Reads a policy's JSON into leaves and members, checking its grammar.
///
/// Object members are visited in sorted key order, so the first error
/// reported is the same on every run.
struct FilterPolicyParser {
  let scope: FilterPolicyScope
  var leaves: [PolicyLeaf] = []
  /// String operands (and leaf paths).
  var pool = BytePool()
  /// Lists of string operands (`anything-but`), as spans of `pool`.
  var spans: [ByteSpan] = []
  /// Lists of number operands (`anything-but`), quantized.
  var numbers: [Double] = []

  init(scope: FilterPolicyScope) { self.scope = scope }

  /// Parses one policy object.
  ///
  /// - Parameters:
  ///   - path: the JSON path of the object, for error messages.
  ///   - keyPrefix: the dotted key path of the object (nil at the top level).
  mutating func parseObject(
    _ members: [String: JSONValue], path: String, depth: Int, isRoot: Bool,
    keyPrefix: String? = nil
  ) throws(FilterPolicyError) -> [PolicyMember] {
    if members.isEmpty && !isRoot {
      throw FilterPolicyError(.emptyObject, "Empty objects are not allowed", path: path)
    }
    var result: [PolicyMember] = []
    for key in members.keys.sorted(by: utf8Precedes) {
      let value = members[key]!
      let memberPath = path.isEmpty ? key : "\(path).\(key)"
      if key == "$or", let branches = FilterPolicyParser.orBranches(value) {
        var parsed: [[PolicyMember]] = []
        for (i, branch) in branches.enumerated() {
          parsed.append(
            try parseObject(
              branch, path: "\(memberPath)[\(i)]", depth: depth, isRoot: false,
              keyPrefix: keyPrefix))
        }
        result.append(.or(parsed))
        continue
      }
      let keyPath = keyPrefix.map { "\($0).\(key)" } ?? key
      switch value {
      case .array(let items):
        let conditions = try parseConditions(items, path: memberPath)
        leaves.append(
          PolicyLeaf(
            path: keyPath, depth: depth, valueCount: items.count,
            conditions: conditions))
        result.append(.leaf(leaves.count - 1))
      case .object(let child):
        guard scope == .messageBody else {
          throw FilterPolicyError(
            .nestedInAttributeScope,
            "Filter policy scope MessageAttributes does not support nested filter policy",
            path: memberPath)
        }
        result.append(
          .nested(
            try parseObject(
              child, path: memberPath, depth: depth + 1, isRoot: false, keyPrefix: keyPath)))
      default:
        throw FilterPolicyError(
          .notObjectOrArray, "\"\(key)\" must be an object or an array", path: memberPath)
      }
    }
    return result
  }

  /// The branches when `value` makes `$or` an operator: an array of at least
  /// two objects, none of which uses a reserved operator name as a field.
  /// Otherwise `$or` is an ordinary key.
  static func orBranches(_ value: JSONValue) -> [[String: JSONValue]]? {
    guard case .array(let items) = value, items.count >= 2 else { return nil }
    var branches: [[String: JSONValue]] = []
    for item in items {
      guard case .object(let branch) = item,
        !branch.keys.contains(where: filterPolicyReservedKeywords.contains)
      else { return nil }
      branches.append(branch)
    }
    return branches
  }

  mutating func parseConditions(_ items: [JSONValue], path: String) throws(FilterPolicyError)
    -> [FilterCondition]
  {
    guard !items.isEmpty else {
      throw FilterPolicyError(.emptyArray, "Empty arrays are not allowed", path: path)
    }
    var conditions: [FilterCondition] = []
    for (i, item) in items.enumerated() {
      let itemPath = "\(path)[\(i)]"
      switch item {
      case .string(let s): conditions.append(.exactString(pool.intern(s), ip: IPAddress(parsing: s)))
      case .integer(let n): conditions.append(.exactNumber(quantizedFilterNumber(Double(n))))
      case .number(let n): conditions.append(.exactNumber(quantizedFilterNumber(n)))
      case .bool(let b): conditions.append(.exactBool(b))
      case .null: conditions.append(.exactNull)
      case .array:
        throw FilterPolicyError(
          .invalidMatchValue, "Match value must be String, number, true, false, or null",
          path: itemPath)
      case .object(let expression):
        conditions.append(try parseMatchExpression(expression, path: itemPath))
      }
    }
    return conditions
  }

  mutating func parseMatchExpression(_ expression: [String: JSONValue], path: String)
    throws(FilterPolicyError) -> FilterCondition
  {
    guard let entry = expression.first else {
      throw FilterPolicyError(.invalidMatchExpression, "Match expression name not found", path: path)
    }
    let (op, operand) = (entry.key, entry.value)
    guard expression.count == 1 else {
      throw FilterPolicyError(
        .invalidMatchExpression,
        "Only one key allowed in match expression (found \(expression.keys.sorted().joined(separator: ", ")))",
        path: path)
    }
    let opPath = "\(path).\(op)"
    switch op {
    case "prefix", "suffix", "equals-ignore-case":
      guard case .string(let s) = operand else {
        throw FilterPolicyError(.invalidOperand, "\(op) match pattern must be a string", path: opPath)
      }
      switch op {
      case "prefix": return .prefix(pool.intern(s))
      case "suffix": return .suffix(pool.intern(s))
      default: return .equalsIgnoreCase(pool.intern(caseFoldedBytes(s)))
      }
    case "exists":
      guard case .bool(let b) = operand else {
        throw FilterPolicyError(
          .invalidOperand, "exists match pattern must be either true or false.", path: opPath)
      }
      return .exists(b)
    case "cidr":
      guard case .string(let s) = operand else {
        throw FilterPolicyError(.invalidOperand, "cidr match pattern must be a string", path: opPath)
      }
      do throws(CIDRParseError) {
        return .cidr(try IPRange(parsing: s))
      } catch {
        throw FilterPolicyError(.invalidCIDR, error.message, path: opPath)
      }
    case "numeric":
      guard case .array(let items) = operand else {
        throw FilterPolicyError(.invalidNumeric, "Value of numeric must be an array.", path: opPath)
      }
      return .numeric(try parseNumeric(items, path: opPath))
    case "anything-but":
      return try parseAnythingBut(operand, path: opPath)
    default:
      throw FilterPolicyError(.unrecognizedMatchType, "Unrecognized match type \(op)", path: path)
    }
  }
}

/// A short rendering of a JSON value for error messages.
func renderForMessage(_ value: JSONValue) -> String {
  switch value {
  case .null: return "null"
  case .bool(let b): return b ? "true" : "false"
  case .integer(let n): return String(n)
  case .number(let n): return String(n)
  case .string(let s): return s
  case .array: return "["
  case .object: return "{"
  }
}
