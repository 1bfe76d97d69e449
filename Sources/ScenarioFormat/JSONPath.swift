/// A location inside a scenario document, such as `queues[1].name`.
///
/// Paths order problems: component by component, keys alphabetically and
/// indexes numerically, a parent before its children.
struct JSONPath: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// One step down into an object or an array.
  enum Component: Hashable, Sendable {
    case key(String)
    case index(Int)
  }

  /// The steps from the root.
  var components: [Component] = []

  /// The document root.
  static let root = JSONPath()

  /// The path one key further down.
  func appending(_ key: String) -> JSONPath {
    JSONPath(components: components + [.key(key)])
  }

  /// The path one array element further down.
  func appending(_ index: Int) -> JSONPath {
    JSONPath(components: components + [.index(index)])
  }

  /// `queues[1].visibilityTimeout`; keys that are not plain identifiers
  /// are written `["like this"]`.
  var description: String {
    var text = ""
    for component in components {
      switch component {
      case .index(let index):
        text += "[\(index)]"
      case .key(let key):
        if isPlainIdentifier(key) {
          text += text.isEmpty ? key : ".\(key)"
        } else {
          text += "[\"\(sanitized(key, limit: 60, escapingQuote: "\""))\"]"
        }
      }
    }
    return text
  }

  static func < (lhs: JSONPath, rhs: JSONPath) -> Bool {
    for (a, b) in zip(lhs.components, rhs.components) where a != b {
      switch (a, b) {
      case (.key(let x), .key(let y)): return x < y
      case (.index(let x), .index(let y)): return x < y
      case (.key, .index): return true
      case (.index, .key): return false
      }
    }
    return lhs.components.count < rhs.components.count
  }
}

/// Whether `key` can be written after a dot: `[A-Za-z_$][A-Za-z0-9_$]*`.
func isPlainIdentifier(_ key: String) -> Bool {
  guard let first = key.unicodeScalars.first else { return false }
  func isStart(_ c: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || c == "$"
  }
  return isStart(first)
    && key.unicodeScalars.allSatisfy { isStart($0) || ("0"..."9").contains($0) }
}

/// `text` made safe for a one-line message: control and line-breaking
/// characters escaped as `\n` or `\u{1F}`, `escapingQuote` and backslashes
/// preceded by a backslash (neither when `escapingQuote` is `nil`: text
/// shown unquoted), cut to `limit` characters with `…`.
func sanitized(_ text: String, limit: Int = 60, escapingQuote: Character? = "'") -> String {
  var out = ""
  for (count, character) in text.enumerated() {
    if count >= limit {
      out += "…"
      break
    }
    if let escapingQuote, character == escapingQuote || character == "\\" {
      out += "\\\(character)"
      continue
    }
    switch character {
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      guard character.unicodeScalars.contains(where: isUnprintable) else {
        out.append(character)
        continue
      }
      for scalar in character.unicodeScalars {
        out += isUnprintable(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
      }
    }
  }
  return out
}

/// Control characters and the characters that break lines.
private func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.properties.generalCategory {
  case .control, .lineSeparator, .paragraphSeparator: return true
  default: return false
  }
}

/// `'text'`, sanitized for a message.
func quoted(_ text: String) -> String {
  "'\(sanitized(text))'"
}
