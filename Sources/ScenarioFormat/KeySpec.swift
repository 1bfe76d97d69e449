import SimCore
import SimModels

/// The keys of a producer's `keys` object.
let keySpecKeys = ["count", "prefix", "values", "distribution"]

/// The most keys one producer may use.
let maximumKeyCount = 1_000_000

/// The rule a producer's keys follow: what its target calls a key.
enum KeyRule {
  /// An SQS or SNS `MessageGroupId` (the ordering key of every queue and
  /// topic target): 1 to 128 ASCII letters, digits and punctuation.
  case messageGroupId
  /// A Kinesis `PartitionKey`: any Unicode string of 1 to 256 code points
  /// (docs/model.md §8.1).
  case partitionKey

  /// The AWS parameter, for messages.
  var parameter: String { self == .messageGroupId ? "MessageGroupId" : "PartitionKey" }

  /// The longest key.
  var maximumLength: Int {
    self == .messageGroupId ? SQSLimits.maxMessageGroupIdLength : KinesisLimits.maxPartitionKeyLength
  }

  /// What lengths count: characters of an ASCII key, or code points.
  var unit: String { self == .messageGroupId ? "characters" : "code points" }

  /// `(MessageGroupId is 1 to 128 characters)`.
  var boundNote: String { "(\(parameter) is 1 to \(maximumLength) \(unit))" }

  /// The length of `key` as AWS counts it: UTF-8 bytes of an ASCII
  /// `MessageGroupId` (checked first: bytes = scalars = characters), or
  /// Unicode scalars of a partition key.
  func length(of key: String) -> Int {
    self == .messageGroupId ? key.utf8.count : key.unicodeScalars.count
  }

  /// Why `key` cannot be a key under this rule, or `nil`.
  func problem(_ key: String) -> String? {
    switch self {
    case .messageGroupId: return keyProblem(key)
    case .partitionKey:
      if key.isEmpty { return "a key cannot be empty" }
      let length = length(of: key)
      if length > maximumLength {
        return "\(quoted(key)) is \(length) Unicode code points long, above the maximum of \(maximumLength) \(boundNote)"
      }
      return nil
    }
  }
}

extension ScenarioReader {
  /// Reads a producer's `keys`: `{ count, prefix, distribution }` (keys
  /// `prefix0` … `prefix(count-1)`) or `{ values: [...], distribution }`,
  /// each key valid under `rule` (its target's).
  func readKeys(_ field: Field, rule: KeyRule = .messageGroupId) -> KeyConfig? {
    guard let object = field.object(
      keys: keySpecKeys, expected: "keys such as { count: 100, prefix: 'truck-' } or { values: ['a', 'b'] }")
    else { return nil }
    let problemsBefore = log.count
    var names: [String]?
    switch (object["count"], object["values"]) {
    case (nil, nil):
      field.report("keys need 'count' (with an optional 'prefix') or 'values'")
    case (.some, .some):
      field.report("keys take 'count' (with 'prefix') or 'values', not both")
    case (let countField?, nil):
      names = readCountedKeys(countField, prefixField: object["prefix"], rule: rule)
    case (nil, let valuesField?):
      object["prefix"]?.report("'prefix' applies only to 'count'")
      names = readKeyValues(valuesField, rule: rule)
    }
    let choice = readKeyChoice(object["distribution"], keyCount: names?.count)
    guard log.count == problemsBefore, let names, let choice else { return nil }
    return KeyConfig(names: names, choice: choice)
  }

  private func readCountedKeys(_ countField: Field, prefixField: Field?, rule: KeyRule) -> [String]? {
    let count = countField.integer(.closed(1, maximumKeyCount))
    var prefix = "key-"
    if let prefixField {
      guard let text = prefixField.string() else { return nil }
      if rule == .messageGroupId, let bad = text.unicodeScalars.first(where: { !isKeyScalar($0) }) {
        prefixField.report("\(quoted(text)) contains \(quoted(String(bad))), which a key cannot: use letters, digits and punctuation (MessageGroupId)")
        return nil
      }
      prefix = text
    }
    guard let count else { return nil }
    let digits = String(count - 1).count
    // A MessageGroupId prefix is ASCII only (checked above): bytes =
    // scalars = characters; the digits are one code point each.
    let longest = rule.maximumLength
    if rule.length(of: prefix) + digits > longest {
      (prefixField ?? countField).report("\(quoted(prefix)) followed by up to \(digits) digits makes keys longer than \(longest) \(rule.unit) \(rule.boundNote)")
      return nil
    }
    return (0..<count).map { prefix + String($0) }
  }

  private func readKeyValues(_ field: Field, rule: KeyRule) -> [String]? {
    guard let elements = field.array(expected: "an array of key strings") else { return nil }
    guard !elements.isEmpty else {
      field.report("'values' needs at least one key")
      return nil
    }
    guard elements.count <= maximumKeyCount else {
      field.report("\(elements.count) keys is above the maximum of \(formatCount(maximumKeyCount))")
      return nil
    }
    var names: [String] = []
    var firstIndex: [String: Int] = [:]
    var isValid = true
    for (index, element) in elements.enumerated() {
      guard let name = element.string(expected: "a key string") else {
        isValid = false
        continue
      }
      if let problem = rule.problem(name) {
        element.report(problem)
        isValid = false
      } else if let first = firstIndex[name] {
        element.report("duplicate key \(quoted(name)) (\(field.path)[\(first)] has it too)")
        isValid = false
      } else {
        firstIndex[name] = index
        names.append(name)
      }
    }
    return isValid ? names : nil
  }

  /// Reads `distribution`: `"uniform"`, `{ zipf: S }` or `{ hot: { share,
  /// keys } }`.
  ///
  /// - Parameter keyCount: The number of keys, `nil` when they are invalid.
  private func readKeyChoice(_ field: Field?, keyCount: Int?) -> KeyChoice? {
    guard let field else { return .uniform }
    let expected = "'uniform', { zipf: S } or { hot: { share, keys } }"
    switch field.value {
    case .string(let text):
      guard text == "uniform" else {
        field.report("expected \(expected), got \(quoted(text))\(didYouMean(text, among: ["uniform"]))")
        return nil
      }
      return .uniform
    case .object:
      guard let object = field.object(keys: ["zipf", "hot"]) else { return nil }
      let kinds = ["zipf", "hot"].filter { object.contains($0) }
      guard kinds.count == 1 else {
        field.report(kinds.isEmpty ? "expected \(expected)" : "a key distribution has exactly one kind, got 'zipf' and 'hot'")
        return nil
      }
      if let f = object["zipf"] {
        return f.number(Bounds(lower: 0, lowerIsExclusive: true, upper: 10, note: "the Zipf exponent is above 0, at most 10"))
          .map { .zipf(exponent: $0) }
      }
      guard let hotField = object["hot"], let hot = hotField.object(keys: ["share", "keys"]) else { return nil }
      let share = hot.required("share")?.number(
        Bounds(lower: 0, lowerIsExclusive: true, upper: 1, upperIsExclusive: true, note: "the hot share is between 0 and 1"))
      let keysField = hot.required("keys")
      if let keyCount, keyCount < 2 {
        hotField.report("a hot distribution needs at least 2 keys; this producer has 1")
        return nil
      }
      let upper = keyCount.map { $0 - 1 }
      let note = keyCount.map { "the hot keys are fewer than the \($0) keys" }
      guard let keys = keysField?.integer(Bounds(lower: 1, upper: upper, note: note)), let share else { return nil }
      return .hot(share: share, keys: keys)
    default:
      field.reportType(expected: expected)
      return nil
    }
  }
}

/// A character a `MessageGroupId` may contain: an ASCII letter, digit or
/// punctuation mark (`!` through `~`).
func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
  (0x21...0x7E).contains(scalar.value)
}

/// Why `key` cannot be a `MessageGroupId`, or `nil`.
///
/// The characters are checked first: they are ASCII only, so once they
/// pass, UTF-8 bytes, Unicode scalars (what AWS's models count) and
/// characters are the same length.
func keyProblem(_ key: String) -> String? {
  if key.isEmpty { return "a key cannot be empty" }
  if !key.unicodeScalars.allSatisfy(isKeyScalar) {
    return "\(quoted(key)) is not a valid key: use letters, digits and punctuation (MessageGroupId)"
  }
  // ASCII only (checked above): bytes = scalars = characters.
  let longest = SQSLimits.maxMessageGroupIdLength
  if key.utf8.count > longest {
    return "\(quoted(key)) is longer than \(longest) characters (MessageGroupId is 1 to \(longest) characters)"
  }
  return nil
}
