import SimCore

/// The largest magnitude AWS accepts in `numeric` and `anything-but` operands.
let filterPolicyNumericLimit = 1_000_000_000.0

extension FilterPolicyParser {
  /// Parses a `numeric` operand array with AWS's grammar: `[op, n]` with
  /// `op` one of `=`, `<`, `<=`, `>`, `>=`, or `[">"|">=", lo, "<"|"<=", hi]`
  /// with `lo < hi`; every number within ±1 000 000 000.
  func parseNumeric(_ items: [JSONValue], path: String) throws(FilterPolicyError) -> NumericRange {
    guard let first = items.first else {
      throw FilterPolicyError(.invalidNumeric, "Invalid member in numeric match: ]", path: path)
    }
    guard case .string(let op) = first else {
      throw FilterPolicyError(
        .invalidNumeric, "Invalid member in numeric match: \(renderForMessage(first))",
        path: "\(path)[0]")
    }
    guard ["=", "<", "<=", ">", ">="].contains(op) else {
      throw FilterPolicyError(
        .invalidNumeric, "Unrecognized numeric range operator: \(op)", path: "\(path)[0]")
    }
    let value = try numericOperand(items, at: 1, operator: op, path: path)
    var range = NumericRange()
    switch op {
    case "=":
      range = NumericRange(lower: value, lowerInclusive: true, upper: value, upperInclusive: true)
    case "<", "<=":
      range.upper = value
      range.upperInclusive = op == "<="
    default:
      range.lower = value
      range.lowerInclusive = op == ">="
    }
    if items.count == 2 { return range }
    guard op == ">" || op == ">=" else {
      throw FilterPolicyError(
        .invalidNumeric, "Too many elements in numeric expression", path: "\(path)[2]")
    }
    guard case .string(let upperOp) = items[2] else {
      throw FilterPolicyError(
        .invalidNumeric, "Bad value in numeric range: \(renderForMessage(items[2]))",
        path: "\(path)[2]")
    }
    guard upperOp == "<" || upperOp == "<=" else {
      throw FilterPolicyError(
        .invalidNumeric, "Bad numeric range operator: \(upperOp)", path: "\(path)[2]")
    }
    let upper = try numericOperand(items, at: 3, operator: upperOp, path: path)
    guard items.count == 4 else {
      throw FilterPolicyError(
        .invalidNumeric, "Too many terms in numeric range expression", path: "\(path)[4]")
    }
    guard range.lower < upper else {
      throw FilterPolicyError(.invalidNumeric, "Bottom must be less than top", path: path)
    }
    range.upper = upper
    range.upperInclusive = upperOp == "<="
    return range
  }

  /// The quantized number at `items[index]`, checked against AWS's range.
  private func numericOperand(
    _ items: [JSONValue], at index: Int, operator op: String, path: String
  ) throws(FilterPolicyError) -> Double {
    let name = op == "=" ? "equals" : op
    guard index < items.count, let value = items[index].doubleValue else {
      throw FilterPolicyError(
        .invalidNumeric, "Value of \(name) must be numeric", path: "\(path)[\(index)]")
    }
    try checkNumericLimit(value, path: "\(path)[\(index)]")
    return quantizedFilterNumber(value)
  }

  func checkNumericLimit(_ value: Double, path: String) throws(FilterPolicyError) {
    guard abs(value) <= filterPolicyNumericLimit else {
      throw FilterPolicyError(
        .numberOutOfRange,
        "Numeric values must be between -1000000000 and 1000000000 (inclusive), not \(value)",
        path: path)
    }
  }

  /// Parses an `anything-but` operand: a string, a number, a non-empty list
  /// of only strings or only numbers, or `{"prefix": "non-empty"}`.
  mutating func parseAnythingBut(_ operand: JSONValue, path: String) throws(FilterPolicyError)
    -> FilterCondition
  {
    switch operand {
    case .string(let s):
      spans.append(pool.intern(s))
      return .anythingButStrings(start: spans.count - 1, count: 1)
    case .integer, .number:
      let value = operand.doubleValue!
      try checkNumericLimit(value, path: path)
      numbers.append(quantizedFilterNumber(value))
      return .anythingButNumbers(start: numbers.count - 1, count: 1)
    case .array(let items):
      var strings: [String] = []
      var values: [Double] = []
      for (i, item) in items.enumerated() {
        switch item {
        case .string(let s): strings.append(s)
        case .integer, .number:
          try checkNumericLimit(item.doubleValue!, path: "\(path)[\(i)]")
          values.append(quantizedFilterNumber(item.doubleValue!))
        default:
          throw FilterPolicyError(
            .invalidAnythingBut,
            "Inside anything but list, start|null|boolean is not supported.",
            path: "\(path)[\(i)]")
        }
      }
      guard strings.isEmpty != values.isEmpty else {
        throw FilterPolicyError(
          .invalidAnythingBut,
          items.isEmpty
            ? "Value of anything-but must not be an empty array"
            : "Inside anything but list, either all values are number or string, mixed type is not supported",
          path: path)
      }
      if strings.isEmpty {
        numbers += values
        return .anythingButNumbers(start: numbers.count - values.count, count: values.count)
      }
      spans += strings.map { pool.intern($0) }
      return .anythingButStrings(start: spans.count - strings.count, count: strings.count)
    case .object(let expression):
      guard let entry = expression.first else {
        throw FilterPolicyError(
          .invalidAnythingBut, "Anything-But expression name not found", path: path)
      }
      guard expression.count == 1 else {
        throw FilterPolicyError(
          .invalidAnythingBut, "Only one key allowed in match expression", path: path)
      }
      guard entry.key == "prefix" else {
        throw FilterPolicyError(
          .invalidAnythingBut, "Unsupported anything-but pattern: \(entry.key)",
          path: "\(path).\(entry.key)")
      }
      guard case .string(let prefix) = entry.value else {
        throw FilterPolicyError(
          .invalidAnythingBut, "prefix match pattern must be a string", path: "\(path).prefix")
      }
      guard !prefix.isEmpty else {
        throw FilterPolicyError(
          .invalidAnythingBut, "Null prefix/suffix not allowed", path: "\(path).prefix")
      }
      return .anythingButPrefix(pool.intern(prefix))
    case .bool, .null:
      throw FilterPolicyError(
        .invalidAnythingBut,
        "Value of anything-but must be an array or single string/number value.", path: path)
    }
  }
}
