/// A strict RFC 8259 syntax check, run before Foundation's `JSONDecoder`
/// (which accepts trailing commas even with `allowsJSON5 = false`, and keeps
/// the first of two duplicate keys where AWS's parser keeps the last).
enum StrictJSON {
  /// The deepest nesting accepted.
  static let maximumDepth = 256

  /// Why `bytes` is not one valid JSON text, or `nil` when it is.
  ///
  /// - Parameter rejectDuplicateKeys: whether an object may repeat a key.
  static func syntaxError(in bytes: [UInt8], rejectDuplicateKeys: Bool) -> String? {
    guard String(validating: bytes, as: UTF8.self) != nil else { return "not valid UTF-8" }
    var scanner = Scanner(bytes: bytes, rejectDuplicateKeys: rejectDuplicateKeys)
    do throws(Failure) {
      scanner.skipWhitespace()
      try scanner.value(depth: 0)
      scanner.skipWhitespace()
      guard scanner.index == bytes.count else { throw scanner.failure("unexpected text after the JSON value") }
      return nil
    } catch {
      return error.message
    }
  }

  struct Failure: Error {
    var message: String
  }

  struct Scanner {
    let bytes: [UInt8]
    let rejectDuplicateKeys: Bool
    var index = 0

    init(bytes: [UInt8], rejectDuplicateKeys: Bool) {
      self.bytes = bytes
      self.rejectDuplicateKeys = rejectDuplicateKeys
    }

    func failure(_ what: String) -> Failure {
      Failure(message: "\(what) at byte \(index)")
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
      while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        index += 1
      }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
      guard current == byte else { throw failure("expected \(what)") }
      index += 1
    }

    mutating func value(depth: Int) throws(Failure) {
      guard depth < StrictJSON.maximumDepth else { throw failure("JSON nested too deeply") }
      guard let byte = current else { throw failure("unexpected end of JSON") }
      switch byte {
      case UInt8(ascii: "{"): try object(depth: depth)
      case UInt8(ascii: "["): try array(depth: depth)
      case UInt8(ascii: "\""): _ = try string()
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
      case UInt8(ascii: "t"): try literal("true")
      case UInt8(ascii: "f"): try literal("false")
      case UInt8(ascii: "n"): try literal("null")
      default: throw failure("unexpected character '\(Character(Unicode.Scalar(byte)))'")
      }
    }

    mutating func literal(_ word: String) throws(Failure) {
      for expected in word.utf8 {
        guard current == expected else { throw failure("invalid literal (expected '\(word)')") }
        index += 1
      }
    }

    mutating func object(depth: Int) throws(Failure) {
      index += 1
      skipWhitespace()
      if current == UInt8(ascii: "}") {
        index += 1
        return
      }
      var keys = Set<String>()
      while true {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
        let keyStart = index
        let key = try string()
        if rejectDuplicateKeys && !keys.insert(key).inserted {
          index = keyStart
          throw failure("duplicate key '\(key)'")
        }
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':'")
        skipWhitespace()
        try value(depth: depth + 1)
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          index += 1
          continue
        }
        try expect(UInt8(ascii: "}"), "',' or '}'")
        return
      }
    }

    mutating func array(depth: Int) throws(Failure) {
      index += 1
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        index += 1
        return
      }
      while true {
        skipWhitespace()
        try value(depth: depth + 1)
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          index += 1
          continue
        }
        try expect(UInt8(ascii: "]"), "',' or ']'")
        return
      }
    }

    /// Scans a string and returns its decoded value.
    mutating func string() throws(Failure) -> String {
      index += 1
      var decoded: [UInt8] = []
      while true {
        guard let byte = current else { throw failure("unterminated string") }
        index += 1
        if byte == UInt8(ascii: "\"") { return String(decoding: decoded, as: UTF8.self) }
        if byte < 0x20 {
          index -= 1
          throw failure("control character in string")
        }
        guard byte == UInt8(ascii: "\\") else {
          decoded.append(byte)
          continue
        }
        guard let escape = current else { throw failure("unterminated string") }
        index += 1
        var scalar: Unicode.Scalar
        switch escape {
        case UInt8(ascii: "\""): scalar = "\""
        case UInt8(ascii: "\\"): scalar = "\\"
        case UInt8(ascii: "/"): scalar = "/"
        case UInt8(ascii: "b"): scalar = "\u{08}"
        case UInt8(ascii: "f"): scalar = "\u{0C}"
        case UInt8(ascii: "n"): scalar = "\n"
        case UInt8(ascii: "r"): scalar = "\r"
        case UInt8(ascii: "t"): scalar = "\t"
        case UInt8(ascii: "u"):
          let unit = try hex4()
          scalar = Unicode.Scalar(unit) ?? "\u{FFFD}"  // a lone surrogate
          if (0xD800..<0xDC00).contains(unit), current == UInt8(ascii: "\\"),
            index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
          {
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid surrogate pair") }
            scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
          }
        default:
          index -= 1
          throw failure("invalid escape")
        }
        decoded.append(contentsOf: String(scalar).utf8)
      }
    }

    mutating func hex4() throws(Failure) -> UInt32 {
      var value: UInt32 = 0
      for _ in 0..<4 {
        guard let byte = current, let digit = IPAddress.hexValue(byte) else {
          throw failure("invalid \\u escape")
        }
        value = value << 4 | UInt32(digit)
        index += 1
      }
      return value
    }

    mutating func number() throws(Failure) {
      if current == UInt8(ascii: "-") { index += 1 }
      guard let first = current, first >= 0x30, first <= 0x39 else { throw failure("invalid number") }
      index += 1
      if first == 0x30, let next = current, next >= 0x30, next <= 0x39 {
        throw failure("invalid number (leading zero)")
      }
      skipDigits()
      if current == UInt8(ascii: ".") {
        index += 1
        guard skipDigits() > 0 else { throw failure("invalid number (no digits after '.')") }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard skipDigits() > 0 else { throw failure("invalid number (no exponent digits)") }
      }
    }

    @discardableResult
    mutating func skipDigits() -> Int {
      let start = index
      while let byte = current, byte >= 0x30, byte <= 0x39 { index += 1 }
      return index - start
    }
  }
}
