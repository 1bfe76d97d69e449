import Foundation
import SimCore
import Testing

@testable import ScenarioFormat

@Suite("JSON5 syntax errors")
struct JSON5SyntaxTests {
  @Test("syntax errors name the line and column", arguments: [
    ("", "test.json5: the file is empty"),
    ("  \n\t ", "test.json5: the file is empty"),
    ("// only a comment\n", "test.json5: not valid JSON5: line 2, column 1: the document contains no value"),
    ("{", "test.json5: not valid JSON5: line 1, column 2: unexpected end of file, expected a key or '}' (the object opened at line 1, column 1)"),
    ("{a: 1,\n b: }", "test.json5: not valid JSON5: line 2, column 5: unexpected '}', expected a value"),
    ("{\n  queues: [\n    { name: 'x' type: 'fifo' }\n  ]\n}", "test.json5: not valid JSON5: line 3, column 17: expected ',' or '}' after the value of 'name', found 't'"),
    ("{ duration: 30s }", #"test.json5: not valid JSON5: line 1, column 13: '30s' is not a number (strings need quotes: "30s")"#),
    ("{ type: fifo }", #"test.json5: not valid JSON5: line 1, column 9: unquoted string 'fifo' (strings need quotes: "fifo")"#),
    ("{ a: 'open }", "test.json5: not valid JSON5: line 1, column 6: unterminated string"),
    ("{ a: 'line\nbreak' }", #"test.json5: not valid JSON5: line 1, column 11: line break inside a string (write \n, or end the line with \)"#),
    ("{ a: 1 } /* open", "test.json5: not valid JSON5: line 1, column 10: unterminated comment"),
    ("{ a: 1 } x", "test.json5: not valid JSON5: line 1, column 10: unexpected 'x' after the end of the document"),
    ("[1, 2", "test.json5: not valid JSON5: line 1, column 6: unexpected end of file, expected ',' or ']' (the array opened at line 1, column 1)"),
    ("[1 2]", "test.json5: not valid JSON5: line 1, column 4: expected ',' or ']' after an array element, found '2'"),
    ("{ a: 01 }", "test.json5: not valid JSON5: line 1, column 6: leading zeros are not allowed in '01'"),
    ("{ a: 1e400 }", "test.json5: not valid JSON5: line 1, column 6: the number '1e400' is out of range"),
    ("{ a: 0x1FFFFFFFFFFFFFFFF }", "test.json5: not valid JSON5: line 1, column 6: the number '0x1FFFFFFFFFFFFFFFF' is out of range"),
    ("{ a: '\\x4' }", "test.json5: not valid JSON5: line 1, column 7: invalid escape: expected 2 hexadecimal digits"),
    ("{ a:\r\n\r\n  @ }", "test.json5: not valid JSON5: line 3, column 3: unexpected '@', expected a value"),
    ("{ 'a' 1 }", "test.json5: not valid JSON5: line 1, column 7: expected ':' after the key 'a', found '1'"),
    ("{ a: \u{0}}", "test.json5: not valid JSON5: line 1, column 6: unexpected character U+0000, expected a value"),
    ("{ visibility-timeout: '1s' }", "test.json5: not valid JSON5: line 1, column 13: expected ':' after the key 'visibility', found '-'"),
  ])
  func syntaxError(source: String, expected: String) {
    #expect(errorLines(source) == [expected])
  }

  @Test("nesting deeper than the limit is refused before Foundation recurses")
  func deepNesting() {
    let deep = String(repeating: "[", count: 100_000)
    #expect(errorLines(deep) == ["test.json5: not valid JSON5: line 1, column 65: nesting is deeper than 64 levels"])
    let balanced = "{ a: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + " }"
    #expect(errorLines(balanced) == ["test.json5: not valid JSON5: line 1, column 69: nesting is deeper than 64 levels"])
  }

  @Test("keys repeated in one object are errors (Foundation would keep the first silently)")
  func duplicateKeys() {
    #expect(
      errorLines("{ seed: 1, 'seed': 2, queues: [{ name: 'a', \"name\": 'b' }] }") == [
        "test.json5: duplicate key 'seed'",
        "test.json5: queues[0]: duplicate key 'name'",
      ])
  }

  @Test("bytes that are not UTF-8 text are reported with their offset")
  func notUTF8() throws {
    let error = #expect(throws: ScenarioError.self) {
      try ScenarioLoader.decode(Data([0x7B, 0x61, 0x3A, 0xFF, 0x7D]), file: "bin.json5", baseDirectory: "/")
    }
    #expect(error?.description == "bin.json5: not UTF-8 text (invalid byte at offset 3)")
  }

  @Test("UTF-16 with a byte-order mark and UTF-8 with a byte-order mark are read")
  func byteOrderMarks() throws {
    let utf16 = try #require("{ seed: 5 }".data(using: .utf16))
    #expect(try ScenarioLoader.decode(utf16, file: "a.json5", baseDirectory: "/").world.seed == 5)
    let utf8BOM = Data([0xEF, 0xBB, 0xBF]) + Data("{ seed: 6 }".utf8)
    #expect(try ScenarioLoader.decode(utf8BOM, file: "a.json5", baseDirectory: "/").world.seed == 6)
  }

  @Test("every JSON5 feature the scanner accepts, Foundation accepts too")
  func scannerAgreesWithFoundation() throws {
    let source = """
      // comment
      { unquoted: 1, 'single': 'it\\'s', "double": "\\u0041\\x42\\n", $dollar_: +1, trailing: [1, 2,],
        hex: 0xFF, dot: .5, dotEnd: 5., inf: -Infinity, nan: NaN, cont: 'a\\
      b', nested: { deeper: [{}, [], null, true, false] }, ümlaut: 1, 'a\\u0062': 2,
        exp: 1.5e3, negExp: 2E-2, }
      """
    var scanner = JSON5Scanner(source)
    try scanner.scanDocument()
    let decoder = JSONDecoder()
    decoder.allowsJSON5 = true
    _ = try decoder.decode(JSONValue.self, from: Data(source.utf8))
  }
}
