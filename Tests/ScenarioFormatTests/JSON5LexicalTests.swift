import Testing

@testable import ScenarioFormat

/// The character classes' ASCII fast paths against Unicode's own
/// properties, for all 128 ASCII scalars (the properties are what the
/// classes are defined by; the fast paths only skip the table look-ups).
@Suite("JSON5 character classes")
struct JSON5LexicalTests {
  static let ascii = (0..<128).map { Unicode.Scalar(UInt8($0)) }

  @Test("an unquoted key's first character: in ASCII, the letters, '$' and '_'")
  func identifierStart() {
    for c in Self.ascii {
      #expect(isIdentifierStart(c) == (c == "$" || c == "_" || c.properties.isAlphabetic), "\(c.value)")
    }
  }

  @Test("an unquoted key's later characters: in ASCII, also the digits")
  func identifierPart() {
    for c in Self.ascii {
      let category = c.properties.generalCategory
      let byProperties =
        c == "$" || c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
        || category == .nonspacingMark || category == .spacingMark || category == .connectorPunctuation
      #expect(isIdentifierPart(c) == byProperties, "\(c.value)")
    }
  }

  @Test("white space: in ASCII, tab, line feed, vertical tab, form feed, carriage return and space")
  func whitespace() {
    for c in Self.ascii {
      let listed: Set<Unicode.Scalar> = ["\t", "\n", "\u{B}", "\u{C}", "\r", " "]
      #expect(isJSON5Whitespace(c) == (listed.contains(c) || c.properties.generalCategory == .spaceSeparator), "\(c.value)")
    }
  }
}
