import Foundation
import SimCore

/// Why an SNS `MessageAttributes` map could not be read.
public struct FilterMessageError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The attribute at fault (empty when the whole map is malformed).
  public let attribute: String
  /// What is wrong.
  public let message: String
  /// Whether the map itself is readable but a value is invalid for its
  /// data type (a `Number` that is not a number, …): the case AWS counts as
  /// `NumberOfNotificationsFilteredOut-InvalidAttributes`.
  public let isInvalidValue: Bool

  /// Creates an error.
  public init(attribute: String, _ message: String, isInvalidValue: Bool = false) {
    self.attribute = attribute
    self.message = message
    self.isInvalidValue = isInvalidValue
  }

  /// `attribute 'NAME': message`, or just `message`.
  public var description: String {
    attribute.isEmpty ? message : "attribute '\(attribute)': \(message)"
  }
}

extension FilterMessage {
  /// Reads an SNS `MessageAttributes` map in its wire form:
  /// `{"event": {"DataType": "String", "StringValue": "order_placed"},
  ///   "tags": {"DataType": "String.Array", "StringValue": "[\"a\",\"b\"]"},
  ///   "amount": {"DataType": "Number", "StringValue": "120.5"},
  ///   "blob": {"DataType": "Binary", "BinaryValue": "AAE="}}`.
  ///
  /// Also accepted: the notification form `{"Type": "String", "Value": "x"}`
  /// used in delivered messages and AWS's filtering examples (there a
  /// `Number` value may be a JSON number), and a whole notification or
  /// publish request whose `MessageAttributes` member holds the map.
  ///
  /// Data types are `String`, `Number` and `Binary`, each with an optional
  /// custom label (`Number.float`), and `String.Array` (a JSON array of
  /// strings, numbers, `true`, `false` and `null`). `Number.Array` (which
  /// AWS's numeric-matching examples use) is read as an array of numbers.
  ///
  /// - Throws: `FilterMessageError` saying which attribute is wrong and why;
  ///   `isInvalidValue` marks AWS's `-InvalidAttributes` case.
  public static func fromWireAttributes(_ json: JSONValue) throws(FilterMessageError) -> FilterMessage {
    guard case .object(var map) = json else {
      throw FilterMessageError(
        attribute: "", "message attributes must be a JSON object, not \(json.typeName)")
    }
    if case .object(let inner)? = map["MessageAttributes"], inner["DataType"] == nil,
      inner["Type"] == nil
    {
      map = inner
    }
    var attributes: [(String, FilterAttributeValue)] = []
    for name in map.keys.sorted(by: utf8Precedes) {
      try validateAttributeName(name)
      attributes.append((name, try attributeValue(map[name]!, name: name)))
    }
    return FilterMessage(attributes: attributes)
  }

  /// Reads the attribute-map text `bytes` (strict JSON) with
  /// `fromWireAttributes(_:)`.
  ///
  /// - Throws: `FilterMessageError` when the text is not JSON or the map is invalid.
  public static func fromWireAttributes(jsonBytes bytes: [UInt8]) throws(FilterMessageError)
    -> FilterMessage
  {
    if let problem = StrictJSON.syntaxError(in: bytes, rejectDuplicateKeys: true) {
      throw FilterMessageError(attribute: "", "the attribute map is not valid JSON: \(problem)")
    }
    let decoder = JSONDecoder()
    decoder.allowsJSON5 = false
    guard let json = try? decoder.decode(JSONValue.self, from: Data(bytes)) else {
      throw FilterMessageError(attribute: "", "the attribute map is not valid JSON")
    }
    return try fromWireAttributes(json)
  }

  /// Checks SNS's attribute-name rules: 1–256 characters from `A–Z a–z 0–9 _ - .`,
  /// no leading, trailing or doubled period.
  static func validateAttributeName(_ name: String) throws(FilterMessageError) {
    let bytes = Array(name.utf8)
    guard !bytes.isEmpty, bytes.count <= 256 else {
      throw FilterMessageError(attribute: name, "names must be 1 to 256 characters long")
    }
    for byte in bytes {
      let ok =
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
        || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D || byte == 0x2E
      guard ok else {
        throw FilterMessageError(
          attribute: name, "names may contain only letters, digits, '_', '-' and '.'")
      }
    }
    if bytes.first == 0x2E || bytes.last == 0x2E || name.contains("..") {
      throw FilterMessageError(
        attribute: name, "names must not start or end with '.' or contain '..'")
    }
  }

  static func attributeValue(_ spec: JSONValue, name: String) throws(FilterMessageError)
    -> FilterAttributeValue
  {
    guard case .object(let fields) = spec else {
      throw FilterMessageError(
        attribute: name, "must be an object with DataType and StringValue, not \(spec.typeName)")
    }
    let wireForm = fields["DataType"] != nil || fields["Type"] == nil
    let typeKey = wireForm ? "DataType" : "Type"
    let allowed: Set<String> =
      wireForm ? ["DataType", "StringValue", "BinaryValue"] : ["Type", "Value"]
    for key in fields.keys.sorted(by: utf8Precedes) where !allowed.contains(key) {
      throw FilterMessageError(
        attribute: name,
        "unknown key '\(key)' (expected \(allowed.sorted().joined(separator: ", ")))")
    }
    guard case .string(let dataType)? = fields[typeKey] else {
      throw FilterMessageError(attribute: name, "\(typeKey) must be a string")
    }
    let base = dataType.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard ["String", "Number", "Binary"].contains(base[0]), base.count == 1 || !base[1].isEmpty
    else {
      throw FilterMessageError(
        attribute: name,
        "unknown DataType '\(dataType)' (expected String, String.Array, Number or Binary, optionally with a '.label')"
      )
    }
    if base[0] == "Binary" {
      let valueKey = wireForm ? "BinaryValue" : "Value"
      guard case .string? = fields[valueKey] else {
        throw FilterMessageError(attribute: name, "a Binary attribute needs a \(valueKey) string")
      }
      return .binary
    }
    let valueKey = wireForm ? "StringValue" : "Value"
    let text: String
    switch fields[valueKey] {
    case .string(let s)?:
      text = s
    case .integer(let i)? where !wireForm && base[0] == "Number":
      return .number(Double(i))
    case .number(let d)? where !wireForm && base[0] == "Number":
      return .number(d)
    default:
      throw FilterMessageError(attribute: name, "\(valueKey) must be a string")
    }
    guard !text.isEmpty else {
      throw FilterMessageError(
        attribute: name, "must contain a non-empty value of type '\(dataType)'",
        isInvalidValue: true)
    }
    switch dataType {
    case "String.Array": return try arrayValue(text, name: name, numbersOnly: false)
    case "Number.Array": return try arrayValue(text, name: name, numbersOnly: true)
    default: break
    }
    if base[0] == "String" { return .string(text) }
    guard let number = parseAttributeNumber(text) else {
      throw FilterMessageError(
        attribute: name, "'\(text)' is not a valid value for DataType \(dataType)",
        isInvalidValue: true)
    }
    return .numberWithText(number, text: text)
  }

  static func arrayValue(_ text: String, name: String, numbersOnly: Bool) throws(FilterMessageError)
    -> FilterAttributeValue
  {
    let kind = numbersOnly ? "Number.Array" : "String.Array"
    let bytes = Array(text.utf8)
    let decoder = JSONDecoder()
    decoder.allowsJSON5 = false
    guard StrictJSON.syntaxError(in: bytes, rejectDuplicateKeys: false) == nil,
      let json = try? decoder.decode(JSONValue.self, from: Data(bytes)),
      case .array(let elements) = json
    else {
      throw FilterMessageError(
        attribute: name, "a \(kind) value must be a JSON array, not '\(text)'",
        isInvalidValue: true)
    }
    var scalars: [FilterScalar] = []
    var strings: [String] = []
    for element in elements {
      let scalar: FilterScalar
      switch element {
      case .string(let s): scalar = .string(s)
      case .integer(let i): scalar = .number(Double(i))
      case .number(let d): scalar = .number(d)
      case .bool(let b): scalar = .bool(b)
      case .null: scalar = .null
      case .array, .object:
        throw FilterMessageError(
          attribute: name,
          "\(kind) elements must be strings, numbers, true, false or null, not \(element.typeName)",
          isInvalidValue: true)
      }
      if numbersOnly {
        guard case .number = scalar else {
          throw FilterMessageError(
            attribute: name, "Number.Array elements must be numbers", isInvalidValue: true)
        }
      }
      if case .string(let s) = scalar { strings.append(s) }
      scalars.append(scalar)
    }
    return strings.count == scalars.count ? .stringArray(strings) : .array(scalars)
  }

  /// Parses an SNS `Number` attribute value: an optionally signed decimal
  /// with optional fraction and exponent (no `inf`, `nan`, hex or spaces),
  /// finite as a `Double`.
  public static func parseAttributeNumber(_ text: String) -> Double? {
    var bytes = text.utf8[...]
    if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
      bytes = bytes.dropFirst()
    }
    var digits = 0
    while let b = bytes.first, b >= 0x30, b <= 0x39 {
      digits += 1
      bytes = bytes.dropFirst()
    }
    if bytes.first == UInt8(ascii: ".") {
      bytes = bytes.dropFirst()
      while let b = bytes.first, b >= 0x30, b <= 0x39 {
        digits += 1
        bytes = bytes.dropFirst()
      }
    }
    guard digits > 0 else { return nil }
    if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
        bytes = bytes.dropFirst()
      }
      var exponentDigits = 0
      while let b = bytes.first, b >= 0x30, b <= 0x39 {
        exponentDigits += 1
        bytes = bytes.dropFirst()
      }
      guard exponentDigits > 0 else { return nil }
    }
    guard bytes.isEmpty, let value = Double(text), value.isFinite else { return nil }
    return value
  }
}
