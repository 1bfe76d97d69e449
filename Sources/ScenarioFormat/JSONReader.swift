import SimCore

/// One value in the document and where it is: the cursor the scenario
/// readers walk with. Every typed read reports what is wrong to `log` and
/// returns `nil`, so reading goes on and collects every problem.
struct Field {
  /// The value (`.null` only for array elements: a `null` member of an
  /// object counts as absent).
  let value: JSONValue
  /// Where the value is.
  let path: JSONPath
  /// Where problems go.
  let log: ProblemLog

  /// Reports `message` at this field's path.
  func report(_ message: String) {
    log.add(path, message)
  }

  /// Reports a type mismatch: `expected WHAT, got number 30` (a number
  /// as written).
  func reportType(expected: String) {
    let got = value.doubleValue != nil ? "number \(shownNumber)" : describeForMessage(value)
    report("expected \(expected), got \(got)")
  }

  /// The string, or `nil` after reporting a type mismatch (`expected` is
  /// evaluated only then).
  func string(expected: @autoclosure () -> String = "a string") -> String? {
    guard case .string(let text) = value else {
      reportType(expected: expected())
      return nil
    }
    return text
  }

  /// The Boolean, or `nil` after reporting a type mismatch.
  func bool() -> Bool? {
    guard case .bool(let flag) = value else {
      reportType(expected: "true or false")
      return nil
    }
    return flag
  }

  /// A whole number within `bounds`, read exactly as written (`1e3` is
  /// 1000; `2e301` is above any bound); a number beyond `Int` is reported
  /// against the bound it breaks, or against `Int`'s own.
  func integer(_ bounds: Bounds<Int>) -> Int? {
    guard value.doubleValue != nil else {
      reportType(expected: "a whole number")
      return nil
    }
    let shown = shownNumber
    guard let whole = wholeNumber else {
      report("'\(shown)' is not a whole number")
      return nil
    }
    guard let number = whole.int else {
      let extreme = whole.isBelowZero ? Int.min : Int.max
      report(
        bounds.violation(of: extreme, shown: shown, format: { "\($0)" })
          ?? "'\(shown)' is \(whole.isBelowZero ? "below the minimum" : "above the maximum") of \(extreme)")
      return nil
    }
    if let problem = bounds.violation(of: number, shown: shown, format: { "\($0)" }) {
      report(problem)
      return nil
    }
    return number
  }

  /// A finite number within `bounds`.
  func number(_ bounds: Bounds<Double>) -> Double? {
    guard let number = value.doubleValue else {
      reportType(expected: "a number")
      return nil
    }
    guard number.isFinite else {
      report("'\(shownNumber)' is not a finite number")
      return nil
    }
    if let problem = bounds.violation(of: number, shown: shownNumber, format: showNumber) {
      report(problem)
      return nil
    }
    return number
  }

  /// A duration string within `bounds`; with `wholeSeconds`, also a whole
  /// number of seconds (checked first).
  func duration(_ bounds: Bounds<SimDuration>, wholeSeconds: WholeSeconds? = nil) -> SimDuration? {
    guard let text = string(expected: "a duration string such as '30s'") else { return nil }
    switch durationValue(text) {
    case .failure(let failure):
      report("'\(sanitized(text))' is not a valid duration: \(failure.reason)")
      return nil
    case .success(let duration):
      if let wholeSeconds, duration.nanoseconds % 1_000_000_000 != 0 {
        report(wholeSeconds.fractionMessage(shown: sanitized(text)))
        return nil
      }
      if let problem = bounds.violation(of: duration, shown: sanitized(text), format: formatDuration) {
        report(problem)
        return nil
      }
      return duration
    }
  }

  /// A size string within `bounds`, in bytes.
  func size(_ bounds: Bounds<Int>) -> Int? {
    guard let text = string(expected: "a size string such as '256KiB'") else { return nil }
    switch sizeValue(text) {
    case .failure(let failure):
      report("'\(sanitized(text))' is not a valid size: \(failure.reason)")
      return nil
    case .success(let bytes):
      if let problem = bounds.violation(of: bytes, shown: sanitized(text), format: formatSize) {
        report(problem)
        return nil
      }
      return bytes
    }
  }

  /// One of `options`, with a did-you-mean hint when it is none of them.
  func choice(_ options: [String]) -> String? {
    func expected() -> String { listOfQuoted(options) }
    guard let text = string(expected: expected()) else { return nil }
    guard options.contains(text) else {
      report("expected \(expected()), got \(quoted(text))\(didYouMean(text, among: options))")
      return nil
    }
    return text
  }

  /// The elements, each with its path.
  func array(expected: String = "an array") -> [Field]? {
    guard case .array(let elements) = value else {
      reportType(expected: expected)
      return nil
    }
    return elements.enumerated().map { index, element in
      Field(value: element, path: path.appending(index), log: log)
    }
  }

  /// The object, after reporting any key not in `keys` (with a
  /// did-you-mean hint). Keys in `unsupported` are reported with their
  /// message instead (unless `null`): keys of the same kind of object
  /// that do not apply to this one (`'delay' does not apply to a producer
  /// writing to a stream`).
  func object(keys: [String], expected: String = "an object", unsupported: [String: String] = [:]) -> ObjectReader? {
    guard case .object(let members) = value else {
      reportType(expected: expected)
      return nil
    }
    for key in members.keys.sorted() where !keys.contains(key) {
      if let message = unsupported[key] {
        // `null` is absent: nothing was set that could not apply.
        if members[key] != .null { log.add(path.appending(key), message) }
        continue
      }
      let hint = didYouMean(key, among: keys)
      let list = keys.sorted().joined(separator: ", ")
      log.add(path.appending(key), hint.isEmpty ? "unknown key (valid keys: \(list))" : "unknown key\(hint)")
    }
    return ObjectReader(members: members, path: path, log: log)
  }
}

/// The members of one object in the document.
struct ObjectReader {
  /// The members, `null` ones included.
  let members: [String: JSONValue]
  /// Where the object is.
  let path: JSONPath
  /// Where problems go.
  let log: ProblemLog

  /// The member `key`, or `nil` when it is absent or `null`.
  subscript(_ key: String) -> Field? {
    guard let value = members[key], value != .null else { return nil }
    return Field(value: value, path: path.appending(key), log: log)
  }

  /// The member `key`, reporting `missing required key 'KEY'` when absent.
  func required(_ key: String) -> Field? {
    guard let field = self[key] else {
      log.add(path, "missing required key '\(key)'")
      return nil
    }
    return field
  }

  /// Whether `key` is present and not `null`.
  func contains(_ key: String) -> Bool {
    self[key] != nil
  }
}

/// Lower and upper limits for a value, each inclusive or exclusive, and
/// the AWS rule they come from for messages.
struct Bounds<Value: Comparable & Sendable>: Sendable {
  var lower: Value?
  var lowerIsExclusive = false
  var upper: Value?
  var upperIsExclusive = false
  /// Appended to violations in parentheses, e.g. `VisibilityTimeout is 0 s
  /// to 43,200 s`.
  var note: String?
  /// Replaces `note` for violations of the upper limit, when set.
  var upperNote: String?

  /// No limits.
  static var any: Bounds { Bounds() }

  /// `lower ... upper`.
  static func closed(_ lower: Value, _ upper: Value, note: String? = nil) -> Bounds {
    Bounds(lower: lower, upper: upper, note: note)
  }

  /// `value >= lower`.
  static func atLeast(_ lower: Value, note: String? = nil) -> Bounds {
    Bounds(lower: lower, note: note)
  }

  /// `value > lower`.
  static func above(_ lower: Value, note: String? = nil) -> Bounds {
    Bounds(lower: lower, lowerIsExclusive: true, note: note)
  }

  /// The message for `value` (written `shown`) when it breaks a limit.
  func violation(of value: Value, shown: @autoclosure () -> String, format: (Value) -> String) -> String? {
    let suffix = note.map { " (\($0))" } ?? ""
    let upperSuffix = (upperNote ?? note).map { " (\($0))" } ?? ""
    if let lower {
      if lowerIsExclusive, value <= lower {
        return "'\(shown())' must be greater than \(format(lower))\(suffix)"
      }
      if !lowerIsExclusive, value < lower {
        return "'\(shown())' is below the minimum of \(format(lower))\(suffix)"
      }
    }
    if let upper {
      if upperIsExclusive, value >= upper {
        return "'\(shown())' must be less than \(format(upper))\(upperSuffix)"
      }
      if !upperIsExclusive, value > upper {
        return "'\(shown())' is above the maximum of \(format(upper))\(upperSuffix)"
      }
    }
    return nil
  }
}

/// A number as messages show it: `30`, `0.5`, `1e+20`, `NaN`, `Infinity`.
func showNumber(_ value: Double) -> String {
  if value.isNaN { return "NaN" }
  if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
  if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
  return "\(value)"
}

/// `number 30`, `string '30s'`, `true`, `null`, `an array`, `an object`.
func describeForMessage(_ value: JSONValue) -> String {
  switch value {
  case .null: return "null"
  case .bool(let flag): return flag ? "true" : "false"
  case .integer(let v): return "number \(v)"
  case .number(let d): return "number \(showNumber(d))"
  case .string(let text): return "string \(quoted(text))"
  case .array: return "an array"
  case .object: return "an object"
  }
}
