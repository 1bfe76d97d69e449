import SimCore
import SimModels

/// The keys of an attribute generator object.
let attributeSpecKeys = ["value", "oneOf", "uniform", "subsetOf", "maxCount", "type"]
/// The generator kinds, one per attribute.
let attributeGeneratorKinds = ["value", "oneOf", "uniform", "subsetOf"]

extension ScenarioReader {
  /// Reads a producer's `attributes: { NAME: SPEC, … }`, in name order.
  func readAttributes(_ field: Field) -> [AttributeConfig]? {
    guard case .object(let members) = field.value else {
      field.reportType(expected: "an object of attributes such as { event: { oneOf: ['placed', 'cancelled'] } }")
      return nil
    }
    let problemsBefore = log.count
    let names = members.keys.filter { members[$0] != .null }.sorted()
    if names.count > SQSLimits.maxMessageAttributes {
      field.report("\(names.count) attributes is above the maximum of \(SQSLimits.maxMessageAttributes) per message (SQS message attributes)")
    }
    var attributes: [AttributeConfig] = []
    for name in names {
      let f = Field(value: members[name]!, path: field.path.appending(name), log: log)
      if let problem = attributeNameProblem(name) {
        f.report(problem)
      } else if let attribute = readAttribute(f, name: name) {
        attributes.append(attribute)
      }
    }
    return log.count == problemsBefore ? attributes : nil
  }

  private func readAttribute(_ field: Field, name: String) -> AttributeConfig? {
    let expected = "a string, a number or a generator such as { oneOf: ['a', 'b'] }, { uniform: [1, 100] } or { subsetOf: ['a', 'b'] }"
    switch field.value {
    case .string, .integer, .number:
      return readConstant(field, name: name, type: nil)
    case .object:
      break
    default:
      field.reportType(expected: expected)
      return nil
    }
    guard let object = field.object(keys: attributeSpecKeys, expected: expected) else { return nil }
    let problemsBefore = log.count
    let kinds = attributeGeneratorKinds.filter { object.contains($0) }
    guard kinds.count == 1, let kind = kinds.first, let generatorField = object[kind] else {
      field.report(
        kinds.isEmpty
          ? "expected one of 'value', 'oneOf', 'uniform' or 'subsetOf'"
          : "an attribute has exactly one of 'value', 'oneOf', 'uniform' or 'subsetOf', got \(listOfQuoted(kinds, conjunction: "and"))")
      return nil
    }
    guard let typeField = object["type"] else {
      return readGenerator(kind, generatorField, object: object, name: name, type: nil)
    }
    guard let type = typeField.choice(["String", "Number", "String.Array"]).flatMap(AttributeDataType.init(rawValue:))
    else { return nil }
    switch (kind, type) {
    case ("subsetOf", .stringArray), ("uniform", .number): break
    case ("subsetOf", _):
      typeField.report("'subsetOf' draws String.Array values; type must be 'String.Array'")
    case ("uniform", _):
      typeField.report("'uniform' draws numbers; type must be 'Number'")
    case (_, .stringArray):
      typeField.report("type 'String.Array' needs { subsetOf: [...] }")
    default: break
    }
    guard log.count == problemsBefore else { return nil }
    return readGenerator(kind, generatorField, object: object, name: name, type: type)
  }

  private func readGenerator(
    _ kind: String, _ field: Field, object: ObjectReader, name: String, type: AttributeDataType?
  ) -> AttributeConfig? {
    if kind != "subsetOf" { object["maxCount"]?.report("'maxCount' applies only to 'subsetOf'") }
    switch kind {
    case "value":
      return readConstant(field, name: name, type: type)
    case "oneOf":
      return readOneOf(field, name: name, type: type)
    case "uniform":
      guard let elements = field.array(expected: "[LOW, HIGH]") else { return nil }
      guard elements.count == 2 else {
        field.report("expected [LOW, HIGH] with 2 values, got \(elements.count)")
        return nil
      }
      guard let low = elements[0].number(.any), let high = elements[1].number(.any) else { return nil }
      guard low <= high else {
        elements[1].report("the high end \(showNumber(high)) is below the low end \(showNumber(low))")
        return nil
      }
      return AttributeConfig(name: name, dataType: .number, generator: .uniform(low: low, high: high))
    default:
      guard let values = readValueList(field, allowNumbers: false)?.map(\.text) else { return nil }
      var maxCount = values.count
      if let f = object["maxCount"] {
        guard let v = f.integer(.closed(1, values.count, note: "at most the \(values.count) values of 'subsetOf'")) else {
          return nil
        }
        maxCount = v
      }
      return AttributeConfig(name: name, dataType: .stringArray, generator: .subsetOf(values: values, maxCount: maxCount))
    }
  }

  /// A constant: a string (String) or a number (Number).
  private func readConstant(_ field: Field, name: String, type: AttributeDataType?) -> AttributeConfig? {
    guard let value = readAttributeValue(field, allowNumbers: true, type: type) else { return nil }
    let dataType = type ?? (value.isNumber ? .number : .string)
    return AttributeConfig(name: name, dataType: dataType, generator: .constant(value.text))
  }

  /// `{ oneOf: { value: weight, … } }` (values in sorted order) or
  /// `{ oneOf: [v1, v2, …] }` (equal weights).
  private func readOneOf(_ field: Field, name: String, type: AttributeDataType?) -> AttributeConfig? {
    switch field.value {
    case .object(let members):
      guard !members.isEmpty else {
        field.report("'oneOf' needs at least one value")
        return nil
      }
      let problemsBefore = log.count
      var values: [String] = []
      var weights: [Double] = []
      for value in members.keys.sorted() {
        let f = Field(value: members[value]!, path: field.path.appending(value), log: log)
        if value.isEmpty {
          f.report("an attribute value cannot be empty")
        } else if type == .number, !isNumberText(value) {
          f.report("\(quoted(value)) is not a number (the attribute's type is 'Number')")
        } else if let weight = f.number(.above(0, note: "weights are relative and above 0")) {
          values.append(value)
          weights.append(weight)
        }
      }
      guard log.count == problemsBefore else { return nil }
      return AttributeConfig(name: name, dataType: type ?? .string, generator: .oneOf(values: values, weights: weights))
    case .array:
      guard let values = readValueList(field, allowNumbers: true, type: type) else { return nil }
      let allNumbers = values.allSatisfy(\.isNumber)
      return AttributeConfig(
        name: name, dataType: type ?? (allNumbers ? .number : .string),
        generator: .oneOf(values: values.map(\.text), weights: Array(repeating: 1, count: values.count)))
    default:
      field.reportType(expected: "{ value: weight, … } or [value, …]")
      return nil
    }
  }

  /// A non-empty list of distinct values.
  private func readValueList(_ field: Field, allowNumbers: Bool, type: AttributeDataType? = nil) -> [AttributeValueText]? {
    guard let elements = field.array(expected: "an array of values") else { return nil }
    guard !elements.isEmpty else {
      field.report("the list needs at least one value")
      return nil
    }
    var values: [AttributeValueText] = []
    var firstIndex: [String: Int] = [:]
    var isValid = true
    for (index, element) in elements.enumerated() {
      guard let value = readAttributeValue(element, allowNumbers: allowNumbers, type: type) else {
        isValid = false
        continue
      }
      if let first = firstIndex[value.text] {
        element.report("duplicate value \(quoted(value.text)) (\(field.path)[\(first)] has it too)")
        isValid = false
      } else {
        firstIndex[value.text] = index
        values.append(value)
      }
    }
    return isValid ? values : nil
  }

  /// One value: a non-empty string, or (when allowed) a finite number.
  private func readAttributeValue(_ field: Field, allowNumbers: Bool, type: AttributeDataType?) -> AttributeValueText? {
    switch field.value {
    case .string(let text):
      if text.isEmpty {
        field.report("an attribute value cannot be empty")
        return nil
      }
      if type == .number, !isNumberText(text) {
        field.report("\(quoted(text)) is not a number (the attribute's type is 'Number')")
        return nil
      }
      return AttributeValueText(text: text, isNumber: false)
    case .integer(let v) where allowNumbers:
      return AttributeValueText(text: String(v), isNumber: true)
    case .number where allowNumbers:
      guard let v = field.number(.any) else { return nil }
      return AttributeValueText(text: showNumber(v), isNumber: true)
    default:
      field.reportType(expected: allowNumbers ? "a string or a number" : "a string")
      return nil
    }
  }

  /// Reads a producer's `body`: a JSON object whose strings `"$name"` name
  /// declared attributes.
  func readBodyTemplate(_ field: Field, attributeNames: [String]) -> JSONValue? {
    guard case .object = field.value else {
      field.reportType(expected: "a JSON object (the message body)")
      return nil
    }
    let problemsBefore = log.count
    checkBody(field, attributeNames: attributeNames)
    return log.count == problemsBefore ? field.value : nil
  }

  private func checkBody(_ field: Field, attributeNames: [String]) {
    switch field.value {
    case .string(let text) where text.hasPrefix("$"):
      let name = String(text.dropFirst())
      guard !attributeNames.contains(name) else { return }
      if attributeNames.isEmpty {
        field.report("unknown attribute \(quoted(text)) (the producer declares no attributes)")
      } else {
        let hint = closestMatch(to: name, among: attributeNames).map { " (did you mean \(quoted("$" + $0))?)" } ?? ""
        field.report("unknown attribute \(quoted(text))\(hint)")
      }
    case .number(let v) where !v.isFinite:
      field.report("'\(showNumber(v))' is not valid in a JSON body")
    case .array(let elements):
      for (index, element) in elements.enumerated() {
        checkBody(Field(value: element, path: field.path.appending(index), log: log), attributeNames: attributeNames)
      }
    case .object(let members):
      for key in members.keys.sorted() {
        checkBody(Field(value: members[key]!, path: field.path.appending(key), log: log), attributeNames: attributeNames)
      }
    default:
      return
    }
  }
}

/// An attribute value as text, and whether it was written as a number.
struct AttributeValueText {
  var text: String
  var isNumber: Bool
}

/// Whether `text` is a finite number (a valid `Number` attribute value).
func isNumberText(_ text: String) -> Bool {
  text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }
    && (Double(text).map(\.isFinite) ?? false)
}

/// Why `name` is not a valid message attribute name (docs/model.md §2.1), or `nil`.
func attributeNameProblem(_ name: String) -> String? {
  let shown = quoted(name)
  if name.isEmpty { return "an attribute name cannot be empty" }
  let longest = SQSLimits.maxAttributeNameLength
  if name.utf8.count > longest {
    return "\(shown) is longer than \(longest) characters (attribute names are 1 to \(longest) characters)"
  }
  if !name.unicodeScalars.allSatisfy({ isNameScalar($0) || $0 == "." }) {
    return "\(shown) is not a valid attribute name: use letters, digits, '_', '-' and '.'"
  }
  if name.hasPrefix(".") || name.hasSuffix(".") || name.contains("..") {
    return "\(shown) is not a valid attribute name: it cannot start or end with '.' or contain '..'"
  }
  let lower = name.lowercased()
  if lower.hasPrefix("aws.") || lower.hasPrefix("amazon.") {
    return "\(shown) is not a valid attribute name: names starting with 'AWS.' or 'Amazon.' are reserved"
  }
  return nil
}
