import SimCore

/// The JSON5 reader: checks a document's syntax, saying where it goes
/// wrong, and builds its value.
///
/// It reports the line, the column and what was expected; it also finds
/// duplicate keys (the first is kept) and refuses nesting deeper than
/// `maxDepth`. Numbers become values as Foundation's `JSONDecoder` with
/// `allowsJSON5` makes them (`.integer` for a whole number that fits
/// `Int64`, `1.0` and `1e3` included; `.number` otherwise), and the reader
/// agrees with that decoder on every document it reads. It also reads the
/// JSON5 that decoder does not: `\0` (NUL), `\v`, `\u` escapes in unquoted
/// keys, white space beyond ASCII (no-break space, byte-order mark).
///
/// Grammar: https://spec.json5.org (comments, single quotes, unquoted
/// keys, trailing commas, hex, `Infinity`, `NaN`, leading `+`, leading or
/// trailing decimal point, line continuations in strings).
struct JSON5Scanner {
  /// A syntax error at a 1-based line and column.
  struct SyntaxError: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
    /// The value the error is in, for an error with a value rather than
    /// the syntax (an unpaired surrogate in a string); `nil` otherwise.
    var path: JSONPath?

    /// `line 3, column 7: expected ',' or '}'`.
    var description: String { "line \(line), column \(column): \(message)" }
  }

  /// Deepest nesting of objects and arrays accepted.
  static let maxDepth = 64

  private let text: [Unicode.Scalar]
  private var position = 0
  /// Keys that appear twice in one object: the object's path and the key.
  private(set) var duplicateKeys: [(path: JSONPath, key: String)] = []
  /// The text of each number whose value messages would show otherwise
  /// (`2e301` reads as 2e+301, `18446744073709551615` as 2⁶⁴, `0x1F` as
  /// 31), by path, so whole numbers are read exactly and quoted as
  /// written. At most `maxNumberTexts` are kept (later ones are shown as
  /// read); numbers under a repeated key are not kept (the first value is).
  private(set) var numberTexts: [JSONPath: String] = [:]
  /// Whether numbers scanned now are kept (not under a repeated key).
  private var isRecordingNumbers = true

  /// The most number texts kept, so a file of millions of `1e3`s costs
  /// no more than its values.
  static let maxNumberTexts = 100_000

  /// Prepares to scan `source`.
  init(_ source: String) {
    text = Array(source.unicodeScalars)
  }

  /// Checks the whole document and returns its value.
  @discardableResult
  mutating func scanDocument() throws(SyntaxError) -> JSONValue {
    try skipTrivia()
    if position >= text.count {
      throw error(at: position, "the document contains no value")
    }
    let value = try scanValue(depth: 0, path: .root)
    try skipTrivia()
    if position < text.count {
      throw error(at: position, "unexpected \(describe(text[position])) after the end of the document")
    }
    return value
  }

  // MARK: Values

  private mutating func scanValue(depth: Int, path: JSONPath) throws(SyntaxError) -> JSONValue {
    try skipTrivia()
    guard position < text.count else {
      throw error(at: position, "unexpected end of file, expected a value")
    }
    let c = text[position]
    switch c {
    case "{": return try scanObject(depth: depth + 1, path: path)
    case "[": return try scanArray(depth: depth + 1, path: path)
    case "\"", "'": return .string(try scanString(path: path, isKey: false))
    case "+", "-", ".", "0"..."9": return try scanNumber(path: path)
    default:
      let start = position
      let word = scanWord()
      switch word {
      case "true": return .bool(true)
      case "false": return .bool(false)
      case "null": return .null
      case "Infinity": return .number(.infinity)
      case "NaN": return .number(.nan)
      default: break
      }
      if word.isEmpty {
        throw error(at: start, "unexpected \(describe(c)), expected a value")
      }
      throw error(at: start, "unquoted string '\(sanitized(word))' (strings need quotes: \"\(sanitized(word, escapingQuote: "\""))\")")
    }
  }

  private mutating func scanObject(depth: Int, path: JSONPath) throws(SyntaxError) -> JSONValue {
    let open = position
    if depth > Self.maxDepth {
      throw error(at: open, "nesting is deeper than \(Self.maxDepth) levels")
    }
    position += 1
    var members: [String: JSONValue] = [:]
    while true {
      try skipTrivia()
      guard position < text.count else {
        throw error(at: position, "unexpected end of file, expected a key or '}' (the object opened at \(lineColumn(open)))")
      }
      if text[position] == "}" {
        position += 1
        return .object(members)
      }
      let keyStart = position
      let key: String
      if text[position] == "\"" || text[position] == "'" {
        key = try scanString(path: path, isKey: true)
      } else {
        key = try scanIdentifierName()
        if key.isEmpty {
          throw error(at: keyStart, "unexpected \(describe(text[keyStart])), expected a key or '}'")
        }
      }
      try skipTrivia()
      guard position < text.count, text[position] == ":" else {
        throw error(at: position, "expected ':' after the key '\(sanitized(key))'\(foundSuffix())")
      }
      position += 1
      // The first of two equal keys is kept, as Foundation keeps it.
      let isRepeated = members[key] != nil
      let wasRecording = isRecordingNumbers
      if isRepeated { isRecordingNumbers = false }
      let value = try scanValue(depth: depth, path: path.appending(key))
      isRecordingNumbers = wasRecording
      if isRepeated {
        duplicateKeys.append((path, key))
      } else {
        members[key] = value
      }
      try skipTrivia()
      guard position < text.count else {
        throw error(at: position, "unexpected end of file, expected ',' or '}' (the object opened at \(lineColumn(open)))")
      }
      switch text[position] {
      case ",": position += 1
      case "}":
        position += 1
        return .object(members)
      default:
        throw error(at: position, "expected ',' or '}' after the value of '\(sanitized(key))'\(foundSuffix())")
      }
    }
  }

  private mutating func scanArray(depth: Int, path: JSONPath) throws(SyntaxError) -> JSONValue {
    let open = position
    if depth > Self.maxDepth {
      throw error(at: open, "nesting is deeper than \(Self.maxDepth) levels")
    }
    position += 1
    var elements: [JSONValue] = []
    while true {
      try skipTrivia()
      guard position < text.count else {
        throw error(at: position, "unexpected end of file, expected a value or ']' (the array opened at \(lineColumn(open)))")
      }
      if text[position] == "]" {
        position += 1
        return .array(elements)
      }
      elements.append(try scanValue(depth: depth, path: path.appending(elements.count)))
      try skipTrivia()
      guard position < text.count else {
        throw error(at: position, "unexpected end of file, expected ',' or ']' (the array opened at \(lineColumn(open)))")
      }
      switch text[position] {
      case ",": position += 1
      case "]":
        position += 1
        return .array(elements)
      default:
        throw error(at: position, "expected ',' or ']' after an array element\(foundSuffix())")
      }
    }
  }

  // MARK: Tokens

  /// Scans a quoted string and returns its decoded value.
  ///
  /// - Parameters:
  ///   - path: Where the string is (for a key: the object's path).
  ///   - isKey: Whether the string is a key.
  private mutating func scanString(path: JSONPath, isKey: Bool) throws(SyntaxError) -> String {
    let open = position
    let quote = text[position]
    position += 1
    var value = String.UnicodeScalarView()
    while true {
      guard position < text.count else {
        throw error(at: open, "unterminated string")
      }
      let c = text[position]
      position += 1
      if c == quote { return String(value) }
      if c == "\n" || c == "\r" {
        throw error(at: position - 1, "line break inside a string (write \\n, or end the line with \\)")
      }
      guard c == "\\" else {
        value.append(c)
        continue
      }
      guard position < text.count else { throw error(at: open, "unterminated string") }
      let e = text[position]
      position += 1
      switch e {
      case "b": value.append("\u{8}")
      case "f": value.append("\u{C}")
      case "n": value.append("\n")
      case "r": value.append("\r")
      case "t": value.append("\t")
      case "v": value.append("\u{B}")
      case "0":
        if position < text.count, ("0"..."9").contains(text[position]) {
          throw error(at: position - 2, "invalid escape '\\0' followed by a digit")
        }
        value.append("\u{0}")
      case "1"..."9":
        throw error(at: position - 2, "invalid escape '\\\(e)'")
      case "x":
        value.append(Unicode.Scalar(UInt8(try scanHexEscape(digits: 2))))
      case "u":
        value.append(try scanUnicodeEscape(path: path, isKey: isKey))
      case "\r":
        if position < text.count, text[position] == "\n" { position += 1 }
      case "\n", "\u{2028}", "\u{2029}":
        break
      default:
        value.append(e)
      }
    }
  }

  /// The value of the `digits` hexadecimal digits after `\x` or `\u`
  /// (the position is just past the `x` or `u`).
  private mutating func scanHexEscape(digits: Int) throws(SyntaxError) -> UInt32 {
    let start = position - 2
    var code: UInt32 = 0
    for _ in 0..<digits {
      guard position < text.count, let digit = hexValue(text[position]) else {
        throw error(at: start, "invalid escape: expected \(digits) hexadecimal digits")
      }
      code = code * 16 + digit
      position += 1
    }
    return code
  }

  /// The character of a `\uXXXX` escape in a string, or of a surrogate
  /// pair of them (`\ud83d\ude00`). JSON5 strings are UTF-16 code units,
  /// so half a pair is valid syntax; it is not a character, and scenario
  /// strings are Unicode text, so it is an error at the string's path.
  private mutating func scanUnicodeEscape(path: JSONPath, isKey: Bool) throws(SyntaxError) -> Unicode.Scalar {
    let start = position - 2
    let code = try scanHexEscape(digits: 4)
    if let scalar = Unicode.Scalar(code) { return scalar }
    if (0xD800...0xDBFF).contains(code), position + 1 < text.count, text[position] == "\\", text[position + 1] == "u" {
      let lowStart = position
      position += 2
      let low = try scanHexEscape(digits: 4)
      if (0xDC00...0xDFFF).contains(low), let scalar = Unicode.Scalar(0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)) {
        return scalar
      }
      position = lowStart
    }
    let escape = String(String.UnicodeScalarView(text[start..<start + 6]))
    var problem = error(
      at: start, "'\(escape)'\(isKey ? " in a key" : "") is an unpaired UTF-16 surrogate, not a character")
    problem.path = path
    throw problem
  }

  /// Scans an unquoted key: an ECMAScript IdentifierName. A `\uXXXX`
  /// escape stands for its character, which must be one the key may have
  /// at that place (a letter, `$` or `_` first; then digits and marks too).
  private mutating func scanIdentifierName() throws(SyntaxError) -> String {
    var key = String.UnicodeScalarView()
    while position < text.count {
      let c = text[position]
      if c == "\\" {
        let start = position
        guard position + 1 < text.count, text[position + 1] == "u" else {
          throw error(at: start, "invalid escape in a key")
        }
        position += 2
        let code = try scanHexEscape(digits: 4)
        let escaped = Unicode.Scalar(code)
        guard let escaped, key.isEmpty ? isIdentifierStart(escaped) : isIdentifierPart(escaped) else {
          let escape = String(String.UnicodeScalarView(text[start..<position]))
          let shown = escaped.map(describe) ?? "an unpaired UTF-16 surrogate"
          throw error(at: start, "'\(escape)' (\(shown)) cannot \(key.isEmpty ? "start" : "be part of") an unquoted key (quote the key)")
        }
        key.append(escaped)
        continue
      }
      guard key.isEmpty ? isIdentifierStart(c) : isIdentifierPart(c) else { break }
      key.append(c)
      position += 1
    }
    return String(key)
  }

  /// Scans a run of letters, digits and `_$.+-` (used for literals and
  /// for quoting the offending token in messages).
  private mutating func scanWord() -> String {
    var word = String.UnicodeScalarView()
    while position < text.count {
      let c = text[position]
      guard c.properties.isAlphabetic || ("0"..."9").contains(c) || "_$.+-".unicodeScalars.contains(c)
      else { break }
      word.append(c)
      position += 1
    }
    return String(word)
  }

  /// Scans a number and returns its value (see `json5NumberValue(_:)`),
  /// keeping its text in `numberTexts` when messages would show it
  /// otherwise.
  private mutating func scanNumber(path: JSONPath) throws(SyntaxError) -> JSONValue {
    let start = position
    let token = scanWord()
    var body = Substring(token)
    if body.first == "+" || body.first == "-" { body = body.dropFirst() }
    let problem: String?
    if body == "Infinity" || body == "NaN" {
      problem = nil
    } else if body.hasPrefix("0x") || body.hasPrefix("0X") {
      let digits = body.dropFirst(2)
      if digits.isEmpty || !digits.unicodeScalars.allSatisfy({ hexValue($0) != nil }) {
        problem = "'\(sanitized(token))' is not a number"
      } else if digits.drop(while: { $0 == "0" }).count > 15
        && UInt64(digits, radix: 16).map({ $0 > UInt64(Int64.max) }) ?? true
      {
        problem = "the number '\(sanitized(token))' is out of range"
      } else {
        problem = nil
      }
    } else if isValidJSON5Decimal(body) {
      let leadingZero = body.count > 1 && body.first == "0" && body.dropFirst().first?.isNumber == true
      problem = leadingZero ? "leading zeros are not allowed in '\(sanitized(token))'" : nil
    } else if isValidJSON5Decimal(body, allowingOverflow: true) {
      problem = "the number '\(sanitized(token))' is out of range"
    } else {
      problem = "'\(sanitized(token))' is not a number (strings need quotes: \"\(sanitized(token, escapingQuote: "\""))\")"
    }
    if let problem { throw error(at: start, problem) }
    let value = json5NumberValue(token)
    if isRecordingNumbers, numberTexts.count < Self.maxNumberTexts, token != showNumber(value.doubleValue ?? 0) {
      numberTexts[path] = token
    }
    return value
  }

  // MARK: Trivia and positions

  private mutating func skipTrivia() throws(SyntaxError) {
    while position < text.count {
      let c = text[position]
      if isJSON5Whitespace(c) {
        position += 1
      } else if c == "/", position + 1 < text.count, text[position + 1] == "/" {
        while position < text.count, !isLineTerminator(text[position]) { position += 1 }
      } else if c == "/", position + 1 < text.count, text[position + 1] == "*" {
        var end = position + 2
        while end + 1 < text.count, !(text[end] == "*" && text[end + 1] == "/") { end += 1 }
        guard end + 1 < text.count else { throw error(at: position, "unterminated comment") }
        position = end + 2
      } else {
        return
      }
    }
  }

  private func foundSuffix() -> String {
    position < text.count ? ", found \(describe(text[position]))" : ", found the end of the file"
  }

  private func describe(_ c: Unicode.Scalar) -> String {
    switch c.properties.generalCategory {
    case .control, .format, .surrogate, .unassigned, .privateUse, .lineSeparator, .paragraphSeparator:
      let hex = String(c.value, radix: 16, uppercase: true)
      return "character U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    default:
      return "'\(sanitized(String(c)))'"
    }
  }

  private func lineColumn(_ index: Int) -> String {
    let (line, column) = Self.lineAndColumn(of: index, in: text)
    return "line \(line), column \(column)"
  }

  private func error(at index: Int, _ message: String) -> SyntaxError {
    let (line, column) = Self.lineAndColumn(of: index, in: text)
    return SyntaxError(line: line, column: column, message: message)
  }

  /// The 1-based line and column of `index`; `\r\n`, `\n`, `\r`, U+2028
  /// and U+2029 end lines.
  static func lineAndColumn(of index: Int, in text: [Unicode.Scalar]) -> (Int, Int) {
    var line = 1
    var lineStart = 0
    var i = 0
    while i < min(index, text.count) {
      let c = text[i]
      if c == "\r", i + 1 < text.count, text[i + 1] == "\n", i + 1 < index {
        i += 1
      }
      if isLineTerminator(c) {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    return (line, index - lineStart + 1)
  }
}
