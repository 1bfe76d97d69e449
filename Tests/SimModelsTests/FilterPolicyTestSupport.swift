import Foundation
import SimCore
import SimModels
import Testing

/// One policy × message case of a filter-policy table.
struct FilterCase: Sendable, CustomTestStringConvertible {
  /// How the message text is read.
  enum MessageForm: Sendable {
    /// Compact attributes: `{"name": "string" | number | [elements] | {"Binary": ""} | {"N": "text"}}`.
    case compact
    /// SNS wire form (`DataType`/`StringValue` or `Type`/`Value`).
    case wire
    /// A message body.
    case body
  }

  let policy: String
  let message: String
  let form: MessageForm
  let expectedMatch: Bool
  let note: String

  var scope: FilterPolicyScope { form == .body ? .messageBody : .messageAttributes }

  var testDescription: String {
    "\(note): \(expectedMatch ? "matches" : "rejects") \(message) ⟵ \(policy)"
  }

  /// Evaluates the case; failures name the policy and message.
  func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
    let filter = try FilterPolicy(jsonText: policy, scope: scope)
    let outcome = filter.evaluate(try filterMessage())
    #expect(
      outcome.isMatch == expectedMatch, "\(testDescription) → \(outcome)",
      sourceLocation: sourceLocation)
  }

  func filterMessage() throws -> FilterMessage {
    switch form {
    case .compact: return try compactAttributes(message)
    case .wire: return try FilterMessage.fromWireAttributes(jsonBytes: Array(message.utf8))
    case .body: return FilterMessage.fromBody(message)
    }
  }
}

/// Builds the cases of one policy: each message in `match` must match it,
/// each in `noMatch` must not.
func filterCases(
  _ note: String, _ policy: String, form: FilterCase.MessageForm = .compact,
  match: [String] = [], noMatch: [String] = []
) -> [FilterCase] {
  match.map { FilterCase(policy: policy, message: $0, form: form, expectedMatch: true, note: note) }
    + noMatch.map {
      FilterCase(policy: policy, message: $0, form: form, expectedMatch: false, note: note)
    }
}

struct CompactAttributeError: Error, CustomStringConvertible {
  var description: String
}

/// Reads the compact attribute notation used by the tables: strings are
/// `String` attributes, numbers `Number`, arrays `String.Array` (any JSON
/// scalars), `{"Binary": ""}` a `Binary` attribute and `{"N": "3.015e2"}` a
/// `Number` with its published text.
func compactAttributes(_ text: String) throws -> FilterMessage {
  let decoder = JSONDecoder()
  decoder.allowsJSON5 = false
  guard case .object(let members) = try decoder.decode(JSONValue.self, from: Data(text.utf8))
  else { throw CompactAttributeError(description: "not an object: \(text)") }
  var attributes: [(String, FilterAttributeValue)] = []
  for name in members.keys.sorted() {
    let value: FilterAttributeValue
    switch members[name]! {
    case .string(let s): value = .string(s)
    case .integer(let n): value = .number(Double(n))
    case .number(let n): value = .number(n)
    case .array(let items):
      let scalars = try items.map(scalar)
      let strings = scalars.compactMap { if case .string(let s) = $0 { s } else { nil } }
      value = strings.count == scalars.count ? .stringArray(strings) : .array(scalars)
    case .object(let o) where o["Binary"] != nil:
      value = .binary
    case .object(let o):
      guard case .string(let text)? = o["N"], let n = FilterMessage.parseAttributeNumber(text)
      else { throw CompactAttributeError(description: "bad attribute \(name)") }
      value = .numberWithText(n, text: text)
    default:
      throw CompactAttributeError(description: "bad attribute \(name)")
    }
    attributes.append((name, value))
  }
  return FilterMessage(attributes: attributes)
}

private func scalar(_ value: JSONValue) throws -> FilterScalar {
  switch value {
  case .string(let s): return .string(s)
  case .integer(let n): return .number(Double(n))
  case .number(let n): return .number(n)
  case .bool(let b): return .bool(b)
  case .null: return .null
  default: throw CompactAttributeError(description: "nested value in array")
  }
}

/// Parses a policy that must be valid.
func validPolicy(_ text: String, scope: FilterPolicyScope = .messageAttributes) throws
  -> FilterPolicy
{
  try FilterPolicy(jsonText: text, scope: scope)
}
