import Foundation
import SimCore
import SimModels
import Testing

@Suite("Filter messages: SNS wire attributes")
struct FilterMessageTests {
  func read(_ text: String) throws(FilterMessageError) -> FilterMessage {
    try FilterMessage.fromWireAttributes(jsonBytes: Array(text.utf8))
  }

  @Test("the wire form of every data type")
  func wireForm() throws {
    let message = try read(
      #"""
      {"event": {"DataType": "String", "StringValue": "order_placed"},
       "amount": {"DataType": "Number", "StringValue": "120.5"},
       "big": {"DataType": "Number.float", "StringValue": "-1.5E+3"},
       "tags": {"DataType": "String.Array", "StringValue": "[\"a\",\"b\"]"},
       "mixed": {"DataType": "String.Array", "StringValue": "[\"a\", 1, true, null]"},
       "label": {"DataType": "String.custom", "StringValue": "x"},
       "blob": {"DataType": "Binary", "BinaryValue": "AAE="}}
      """#)
    let attributes = Dictionary(uniqueKeysWithValues: message.attributes)
    #expect(attributes["event"] == .string("order_placed"))
    #expect(attributes["amount"] == .numberWithText(120.5, text: "120.5"))
    #expect(attributes["big"] == .numberWithText(-1500, text: "-1.5E+3"))
    #expect(attributes["tags"] == .stringArray(["a", "b"]))
    #expect(attributes["mixed"] == .array([.string("a"), .number(1), .bool(true), .null]))
    #expect(attributes["label"] == .string("x"))
    #expect(attributes["blob"] == .binary)
    #expect(message.attributes.map(\.0) == ["amount", "big", "blob", "event", "label", "mixed", "tags"])
  }

  @Test("the notification form and a whole envelope")
  func notificationForm() throws {
    let message = try read(
      #"""
      {"Type": "Notification", "Message": "hello",
       "MessageAttributes": {"price": {"Type": "Number", "Value": 3.015e2},
                             "store": {"Type": "String", "Value": "fans"}}}
      """#)
    let attributes = Dictionary(uniqueKeysWithValues: message.attributes)
    #expect(attributes["price"] == .number(301.5))
    #expect(attributes["store"] == .string("fans"))
    #expect(try read("{}").attributes.isEmpty)
  }

  struct BadMap: Sendable, CustomTestStringConvertible {
    let text: String
    let mentions: String
    let isInvalidValue: Bool
    var testDescription: String { text }
  }

  static let badMaps: [BadMap] = [
    .init(text: "[]", mentions: "must be a JSON object", isInvalidValue: false),
    .init(text: "", mentions: "not valid JSON", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "String", "StringValue": "x"},}"#, mentions: "not valid JSON", isInvalidValue: false),
    .init(text: #"{"a": "x"}"#, mentions: "attribute 'a': must be an object", isInvalidValue: false),
    .init(text: #"{"a": {"StringValue": "x"}}"#, mentions: "DataType must be a string", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "Text", "StringValue": "x"}}"#, mentions: "unknown DataType 'Text'", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "String.", "StringValue": "x"}}"#, mentions: "unknown DataType", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "string", "StringValue": "x"}}"#, mentions: "unknown DataType", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "String"}}"#, mentions: "StringValue must be a string", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "String", "StringValue": 5}}"#, mentions: "StringValue must be a string", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "String", "Stringvalue": "x"}}"#, mentions: "unknown key 'Stringvalue'", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "Binary", "StringValue": "x"}}"#, mentions: "needs a BinaryValue", isInvalidValue: false),
    .init(text: #"{"a b": {"DataType": "String", "StringValue": "x"}}"#, mentions: "names may contain only", isInvalidValue: false),
    .init(text: #"{".a": {"DataType": "String", "StringValue": "x"}}"#, mentions: "must not start or end with '.'", isInvalidValue: false),
    .init(text: #"{"a..b": {"DataType": "String", "StringValue": "x"}}"#, mentions: "contain '..'", isInvalidValue: false),
    .init(text: #"{"a": {"DataType": "String", "StringValue": ""}}"#, mentions: "non-empty value", isInvalidValue: true),
    .init(text: #"{"n": {"DataType": "Number", "StringValue": "abc"}}"#, mentions: "'abc' is not a valid value", isInvalidValue: true),
    .init(text: #"{"n": {"DataType": "Number", "StringValue": "1.2.3"}}"#, mentions: "not a valid value", isInvalidValue: true),
    .init(text: #"{"n": {"DataType": "Number", "StringValue": "inf"}}"#, mentions: "not a valid value", isInvalidValue: true),
    .init(text: #"{"n": {"DataType": "Number", "StringValue": "0x10"}}"#, mentions: "not a valid value", isInvalidValue: true),
    .init(text: #"{"n": {"DataType": "Number", "StringValue": " 5"}}"#, mentions: "not a valid value", isInvalidValue: true),
    .init(text: #"{"n": {"DataType": "Number", "StringValue": "1e"}}"#, mentions: "not a valid value", isInvalidValue: true),
    .init(text: #"{"n": {"DataType": "Number", "StringValue": "1e999"}}"#, mentions: "not a valid value", isInvalidValue: true),
    .init(text: #"{"t": {"DataType": "String.Array", "StringValue": "a,b"}}"#, mentions: "must be a JSON array", isInvalidValue: true),
    .init(text: #"{"t": {"DataType": "String.Array", "StringValue": "{\"a\": 1}"}}"#, mentions: "must be a JSON array", isInvalidValue: true),
    .init(text: #"{"t": {"DataType": "String.Array", "StringValue": "[[\"a\"]]"}}"#, mentions: "elements must be strings", isInvalidValue: true),
    .init(text: #"{"t": {"DataType": "Number.Array", "StringValue": "[1, \"a\"]"}}"#, mentions: "Number.Array elements must be numbers", isInvalidValue: true),
  ]

  @Test("unreadable or invalid attribute maps", arguments: badMaps)
  func badMap(_ testCase: BadMap) {
    do {
      let message = try read(testCase.text)
      Issue.record("accepted: \(message.attributes)")
    } catch {
      #expect(error.description.contains(testCase.mentions), "\(error)")
      #expect(error.isInvalidValue == testCase.isInvalidValue, "\(error)")
    }
  }

  @Test("numbers SNS accepts", arguments: ["0", "-0", "+7", "1.", ".5", "1e3", "1E-3", "-2.5e+10", "007"])
  func numbers(_ text: String) {
    #expect(FilterMessage.parseAttributeNumber(text) != nil)
  }

  @Test("an invalid-attributes message matches no attribute-scoped policy")
  func invalidAttributes() throws {
    let policy = try validPolicy(#"{"zeta": [{"exists": false}], "alpha": ["x"]}"#)
    let message = FilterMessage.invalidAttributes(reason: "'abc' is not a number")
    #expect(policy.evaluate(message) == .noMatch(firstFailedKey: "alpha", reason: .invalidAttributes))
    #expect(message.invalidAttributesReason == "'abc' is not a number")
  }

  @Test("the cheap constructor keeps order and looks up the first duplicate")
  func cheapConstructor() throws {
    let message = FilterMessage(attributes: [("b", .string("1")), ("a", .number(2)), ("b", .string("3"))])
    #expect(message.attributes.map(\.0) == ["b", "a", "b"])
    #expect(try validPolicy(#"{"b": ["1"]}"#).matches(message))
    #expect(!(try validPolicy(#"{"b": ["3"]}"#).matches(message)))
  }
}
