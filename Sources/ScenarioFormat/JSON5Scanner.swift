/// A JSON5 syntax checker that says where a document goes wrong.
///
/// Foundation's `JSONDecoder` reads scenario files, but it reports every
/// syntax error as "The given data was not valid JSON." and keeps the first
/// of two equal keys silently. The scanner runs first and reports the line,
/// the column and what was expected; it also finds duplicate keys and
/// refuses nesting deeper than `maxDepth` (Foundation decodes recursively
/// and could exhaust a small thread stack).
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

    /// `line 3, column 7: expected ',' or '}'`.
    var description: String { "line \(line), column \(column): \(message)" }
  }

  /// Deepest nesting of objects and arrays accepted.
  static let maxDepth = 64

  private let text: [Unicode.Scalar]
  private var position = 0
  /// Keys that appear twice in one object: the object's path and the key.
  private(set) var duplicateKeys: [(path: JSONPath, key: String)] = []

  /// Prepares to scan `source`.
  init(_ source: String) {
    text = Array(source.unicodeScalars)
  }

  /// Checks the whole document.
  mutating func scanDocument() throws(SyntaxError) {
    try skipTrivia()
    if position >= text.count {
      throw error(at: position, "the document contains no value")
    }
    try scanValue(depth: 0, path: .root)
    try skipTrivia()
    if position < text.count {
      throw error(at: position, "unexpected \(describe(text[position])) after the end of the document")
    }
  }

  // MARK: Values

  private mutating func scanValue(depth: Int, path: JSONPath) throws(SyntaxError) {
    try skipTrivia()
    guard position < text.count else {
      throw error(at: position, "unexpected end of file, expected a value")
    }
    let c = text[position]
    switch c {
    case "{": try scanObject(depth: depth + 1, path: path)
    case "[": try scanArray(depth: depth + 1, path: path)
    case "\"", "'": _ = try scanString()
    case "+", "-", ".", "0"..."9": try scanNumber()
    default:
      let start = position
      let word = scanWord()
      if ["true", "false", "null", "Infinity", "NaN"].contains(word) { return }
      if word.isEmpty {
        throw error(at: start, "unexpected \(describe(c)), expected a value")
      }
      throw error(at: start, "unquoted string '\(sanitized(word))' (strings need quotes: \"\(sanitized(word, escapingQuote: "\""))\")")
    }
  }

  private mutating func scanObject(depth: Int, path: JSONPath) throws(SyntaxError) {
    let open = position
    if depth > Self.maxDepth {
      throw error(at: open, "nesting is deeper than \(Self.maxDepth) levels")
    }
    position += 1
    var seen = Set<String>()
    while true {
      try skipTrivia()
      guard position < text.count else {
        throw error(at: position, "unexpected end of file, expected a key or '}' (the object opened at \(lineColumn(open)))")
      }
      if text[position] == "}" {
        position += 1
        return
      }
      let keyStart = position
      let key: String
      if text[position] == "\"" || text[position] == "'" {
        key = try scanString()
      } else {
        key = try scanIdentifierName()
        if key.isEmpty {
          throw error(at: keyStart, "unexpected \(describe(text[keyStart])), expected a key or '}'")
        }
      }
      if !seen.insert(key).inserted { duplicateKeys.append((path, key)) }
      try skipTrivia()
      guard position < text.count, text[position] == ":" else {
        throw error(at: position, "expected ':' after the key '\(sanitized(key))'\(foundSuffix())")
      }
      position += 1
      try scanValue(depth: depth, path: path.appending(key))
      try skipTrivia()
      guard position < text.count else {
        throw error(at: position, "unexpected end of file, expected ',' or '}' (the object opened at \(lineColumn(open)))")
      }
      switch text[position] {
      case ",": position += 1
      case "}":
        position += 1
        return
      default:
        throw error(at: position, "expected ',' or '}' after the value of '\(sanitized(key))'\(foundSuffix())")
      }
    }
  }

  private mutating func scanArray(depth: Int, path: JSONPath) throws(SyntaxError) {
    let open = position
    if depth > Self.maxDepth {
      throw error(at: open, "nesting is deeper than \(Self.maxDepth) levels")
    }
    position += 1
    var index = 0
    while true {
      try skipTrivia()
      guard position < text.count else {
        throw error(at: position, "unexpected end of file, expected a value or ']' (the array opened at \(lineColumn(open)))")
      }
      if text[position] == "]" {
        position += 1
        return
      }
      try scanValue(depth: depth, path: path.appending(index))
      index += 1
      try skipTrivia()
      guard position < text.count else {
        throw error(at: position, "unexpected end of file, expected ',' or ']' (the array opened at \(lineColumn(open)))")
      }
      switch text[position] {
      case ",": position += 1
      case "]":
        position += 1
        return
      default:
        throw error(at: position, "expected ',' or ']' after an array element\(foundSuffix())")
      }
    }
  }

  // MARK: Tokens

  /// Scans a quoted string and returns its decoded value.
  private mutating func scanString() throws(SyntaxError) -> String {
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
        value.append(try scanHexEscape(digits: 2))
      case "u":
        value.append(try scanHexEscape(digits: 4))
      case "\r":
        if position < text.count, text[position] == "\n" { position += 1 }
      case "\n", "\u{2028}", "\u{2029}":
        break
      default:
        value.append(e)
      }
    }
  }

  private mutating func scanHexEscape(digits: Int) throws(SyntaxError) -> Unicode.Scalar {
    let start = position - 2
    var code: UInt32 = 0
    for _ in 0..<digits {
      guard position < text.count, let digit = hexValue(text[position]) else {
        throw error(at: start, "invalid escape: expected \(digits) hexadecimal digits")
      }
      code = code * 16 + digit
      position += 1
    }
    return Unicode.Scalar(code) ?? "\u{FFFD}"
  }

  /// Scans an unquoted key: an ECMAScript IdentifierName, kept as written.
  private mutating func scanIdentifierName() throws(SyntaxError) -> String {
    var key = String.UnicodeScalarView()
    while position < text.count {
      let c = text[position]
      if c == "\\" {
        let start = position
        guard position + 1 < text.count, text[position + 1] == "u" else {
          throw error(at: start, "invalid escape in a key")
        }
        key.append(c)
        key.append("u")
        position += 2
        for _ in 0..<4 {
          guard position < text.count, hexValue(text[position]) != nil else {
            throw error(at: start, "invalid escape: expected 4 hexadecimal digits")
          }
          key.append(text[position])
          position += 1
        }
        continue
      }
      let isStart = c == "$" || c == "_" || c.properties.isAlphabetic
      let isPart = isStart || c.properties.numericType != nil || c == "\u{200C}" || c == "\u{200D}"
        || c.properties.generalCategory == .nonspacingMark
        || c.properties.generalCategory == .spacingMark
        || c.properties.generalCategory == .connectorPunctuation
      guard key.isEmpty ? isStart : isPart else { break }
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

  private mutating func scanNumber() throws(SyntaxError) {
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
