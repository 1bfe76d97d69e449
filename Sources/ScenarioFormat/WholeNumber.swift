import SimCore

/// A whole number exactly as a JSON5 number token writes it: `1e19`,
/// `18446744073709551615`, `1.5e1`, `0x1F`, however far beyond `Int64` or
/// `Double`'s precision.
///
/// The reader's values hold big integers as `Double`s (18446744073709551615
/// becomes 2⁶⁴), so whole-number keys read the token itself when the
/// document kept it (see `ProblemLog.numberTexts`).
enum WholeNumber: Equatable, Sendable {
  /// A magnitude that fits `UInt64`.
  case exact(isNegative: Bool, magnitude: UInt64)
  /// A magnitude above `UInt64.max`.
  case tooLarge(isNegative: Bool)

  /// The whole number `token` (a valid JSON5 number, sign included)
  /// denotes, or `nil` when it is not whole (`1.5`, `1e-400`, `NaN`,
  /// `Infinity`). Linear in the token's length.
  init?(token: String) {
    var body = Substring(token)
    let isNegative = body.first == "-"
    if body.first == "+" || body.first == "-" { body = body.dropFirst() }
    if body.hasPrefix("0x") || body.hasPrefix("0X") {
      let digits = body.dropFirst(2)
      guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return nil }
      guard let magnitude = UInt64(digits, radix: 16) else {
        self = .tooLarge(isNegative: isNegative)
        return
      }
      self = .exact(isNegative: isNegative, magnitude: magnitude)
      return
    }
    func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    let integerDigits = body.prefix(while: isDigit)
    var rest = body.dropFirst(integerDigits.count)
    var fractionDigits = Substring("")
    if rest.first == "." {
      fractionDigits = rest.dropFirst().prefix(while: isDigit)
      rest = rest.dropFirst(1 + fractionDigits.count)
    }
    var exponent = 0
    if rest.first == "e" || rest.first == "E" {
      rest = rest.dropFirst()
      let isNegativeExponent = rest.first == "-"
      if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
      let digits = rest.prefix(while: isDigit).drop { $0 == "0" }
      rest = rest.dropFirst(rest.prefix(while: isDigit).count)
      // Beyond 10⁹ the exponent dwarfs any mantissa a file can hold.
      let magnitude = digits.count > 9 ? 1_000_000_000 : Int(digits) ?? 0
      exponent = isNegativeExponent ? -magnitude : magnitude
    }
    guard rest.isEmpty, !(integerDigits.isEmpty && fractionDigits.isEmpty) else { return nil }
    // value = significant × 10^scale
    var significant = Array((integerDigits + fractionDigits).utf8.drop { $0 == UInt8(ascii: "0") })
    guard !significant.isEmpty else {
      self = .exact(isNegative: isNegative, magnitude: 0)
      return
    }
    var scale = exponent - fractionDigits.count
    if scale < 0 {
      let trailingZeros = significant.reversed().prefix { $0 == UInt8(ascii: "0") }.count
      guard trailingZeros >= -scale else { return nil }
      significant.removeLast(-scale)
      scale = 0
    }
    guard significant.count + scale <= 20,
      let magnitude = UInt64(String(decoding: significant, as: UTF8.self) + String(repeating: "0", count: scale))
    else {
      self = .tooLarge(isNegative: isNegative)
      return
    }
    self = .exact(isNegative: isNegative, magnitude: magnitude)
  }

  /// The number as an `Int`, or `nil` beyond `Int`'s range.
  var int: Int? {
    guard case .exact(let isNegative, let magnitude) = self else { return nil }
    if !isNegative { return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil }
    return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil
  }

  /// Whether the number is below zero.
  var isBelowZero: Bool {
    switch self {
    case .exact(let isNegative, let magnitude): return isNegative && magnitude > 0
    case .tooLarge(let isNegative): return isNegative
    }
  }
}

/// The largest seed: `--seed` and the file's `seed` both take 0 to 2⁶⁴ − 1.
let seedNote = "a seed is a whole number from 0 to 18446744073709551615"

extension Field {
  /// How the document wrote this number, when that differs from how
  /// messages would show its value (`2e301`, `0x1F`, `18446744073709551615`).
  var numberText: String? { log.numberText(at: path, for: value) }

  /// The number as messages quote it: as written, sanitized.
  var shownNumber: String {
    if let numberText { return sanitized(numberText) }
    return value.doubleValue.map(showNumber) ?? ""
  }

  /// The whole number this number is, exactly as written; `nil` when it
  /// is not whole (or not a number).
  var wholeNumber: WholeNumber? {
    if let numberText { return WholeNumber(token: numberText) }
    switch value {
    case .integer(let v): return .exact(isNegative: v < 0, magnitude: v.magnitude)
    // No text kept: the document wrote the number as `showNumber` shows it.
    case .number(let d): return WholeNumber(token: showNumber(d))
    default: return nil
    }
  }

  /// A whole number from 0 to 18446744073709551615 (a seed), read exactly.
  func seed() -> UInt64? {
    guard value.doubleValue != nil else {
      reportType(expected: "a whole number from 0 to 18446744073709551615")
      return nil
    }
    let shown = shownNumber
    switch wholeNumber {
    case nil:
      report("'\(shown)' is not a whole number (\(seedNote))")
    case let whole? where whole.isBelowZero:
      report("'\(shown)' is below the minimum of 0 (\(seedNote))")
    case .exact(_, let magnitude)?:
      return magnitude
    case .tooLarge?:
      report("'\(shown)' is above the maximum of 18446744073709551615 (\(seedNote))")
    }
    return nil
  }
}
