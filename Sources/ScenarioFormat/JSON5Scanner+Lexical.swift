import SimCore

/// Character classes and literal checks of the JSON5 grammar, used by
/// `JSON5Scanner`.

/// The value of a hexadecimal digit, or `nil`.
func hexValue(_ c: Unicode.Scalar) -> UInt32? {
  switch c {
  case "0"..."9": return c.value - 48
  case "a"..."f": return c.value - 87
  case "A"..."F": return c.value - 55
  default: return nil
  }
}

/// Whether `c` may start an unquoted key: a letter (ECMAScript's
/// UnicodeLetter, approximated by Unicode's Alphabetic), `$` or `_`.
func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
  // ASCII first: Unicode's property tables cost hundreds of instructions
  // a look-up, and keys are nearly always ASCII (in ASCII, Alphabetic is
  // exactly the letters; a test checks all 128).
  if c.isASCII { return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "$" || c == "_" }
  return c.properties.isAlphabetic
}

/// Whether `c` may follow in an unquoted key: a start character, a digit,
/// a combining mark, connector punctuation, ZWNJ or ZWJ.
func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
  // In ASCII the digits are the only numeric scalars, `_` the only
  // connector punctuation, and there are no marks (a test checks all 128).
  if c.isASCII { return isIdentifierStart(c) || (c >= "0" && c <= "9") }
  return isIdentifierStart(c) || c.properties.numericType != nil || c == "\u{200C}" || c == "\u{200D}"
    || c.properties.generalCategory == .nonspacingMark
    || c.properties.generalCategory == .spacingMark
    || c.properties.generalCategory == .connectorPunctuation
}

/// Whether `c` ends a line in JSON5.
func isLineTerminator(_ c: Unicode.Scalar) -> Bool {
  c == "\n" || c == "\r" || c == "\u{2028}" || c == "\u{2029}"
}

/// Whether `c` is JSON5 white space (which includes line terminators).
func isJSON5Whitespace(_ c: Unicode.Scalar) -> Bool {
  switch c {
  case "\t", "\n", "\u{B}", "\u{C}", "\r", " ", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}":
    return true
  default:
    // The only ASCII space separator, " ", is listed above.
    return !c.isASCII && c.properties.generalCategory == .spaceSeparator
  }
}

/// Whether `body` (unsigned) is a JSON5 decimal literal: `0`, `12`, `1.`,
/// `.5`, `1.5e-3`; unless `allowingOverflow`, its value must be finite.
func isValidJSON5Decimal(_ body: Substring, allowingOverflow: Bool = false) -> Bool {
  let integerDigits = body.prefix { $0.isASCII && $0.isNumber }
  var rest = body.dropFirst(integerDigits.count)
  var fractionDigits = Substring("")
  if rest.first == "." {
    fractionDigits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
    rest = rest.dropFirst(1 + fractionDigits.count)
  }
  guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return false }
  if rest.first == "e" || rest.first == "E" {
    rest = rest.dropFirst()
    if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
    let exponent = rest.prefix { $0.isASCII && $0.isNumber }
    guard !exponent.isEmpty else { return false }
    rest = rest.dropFirst(exponent.count)
  }
  guard rest.isEmpty else { return false }
  return allowingOverflow || (Double(String(body)).map { $0.isFinite } ?? false)
}

/// The value of a valid number token, as Foundation's decoder reads it:
/// `.integer` for a whole number that fits `Int64` (digits are read
/// exactly; `1.0`, `1e3`, `0x1F` are whole too), `.number` otherwise.
func json5NumberValue(_ token: String) -> JSONValue {
  var body = Substring(token)
  let isNegative = body.first == "-"
  if body.first == "+" || body.first == "-" { body = body.dropFirst() }
  switch body {
  case "Infinity": return .number(isNegative ? -.infinity : .infinity)
  case "NaN": return .number(isNegative ? -.nan : .nan)
  default: break
  }
  if body.hasPrefix("0x") || body.hasPrefix("0X") {
    // At most Int64.max: larger ones are refused as out of range.
    let magnitude = Int64(body.dropFirst(2), radix: 16) ?? 0
    return .integer(isNegative ? -magnitude : magnitude)
  }
  if body.utf8.allSatisfy({ (48...57).contains($0) }), let whole = Int64(isNegative ? "-" + body : body) {
    return .integer(whole)
  }
  let magnitude = Double(String(body)) ?? 0
  let value = isNegative ? -magnitude : magnitude
  if value == value.rounded(), let whole = Int64(exactly: value) { return .integer(whole) }
  return .number(value)
}
