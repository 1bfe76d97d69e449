import Foundation
import SimCore
import Testing

@testable import ScenarioFormat

/// What the reader makes of valid JSON5 (https://spec.json5.org), including
/// what Foundation's `allowsJSON5` decoder does not read.
@Suite("JSON5 values")
struct JSON5ValueTests {
  func value(_ source: String) -> JSONValue? {
    guard case .success(let document) = JSON5Reading.parse(source) else { return nil }
    return document.value
  }

  @Test("'\\0' not followed by a digit is NUL, in values and in keys")
  func nulEscape() {
    #expect(value(#"{ a: "x\0y", 'k\0': '\0' }"#) == .object(["a": .string("x\u{0}y"), "k\u{0}": .string("\u{0}")]))
    #expect(errorLines(#"{ a: '\01' }"#) == [#"test.json5: not valid JSON5: line 1, column 7: invalid escape '\0' followed by a digit"#])
  }

  @Test("unquoted keys may contain \\u escapes, read as the characters they denote")
  func escapedIdentifiers() throws {
    #expect(value(#"{ \u006eame: 1, a\u0062c: 2, \u0024x: 3, _\u00e9: 4 }"#)
      == .object(["name": .integer(1), "abc": .integer(2), "$x": .integer(3), "_é": .integer(4)]))
    #expect(try decodeScenario(#"{ \u006eame: 'escaped' }"#).world.name == "escaped")
  }

  @Test("an escape in an unquoted key must denote a character a key may have there", arguments: [
    (#"{ \u0031a: 1 }"#, #"test.json5: not valid JSON5: line 1, column 3: '\u0031' ('1') cannot start an unquoted key (quote the key)"#),
    (#"{ a\u002Db: 1 }"#, #"test.json5: not valid JSON5: line 1, column 4: '\u002D' ('-') cannot be part of an unquoted key (quote the key)"#),
    (#"{ a\u0020: 1 }"#, #"test.json5: not valid JSON5: line 1, column 4: '\u0020' (' ') cannot be part of an unquoted key (quote the key)"#),
  ])
  func badEscapedIdentifier(source: String, expected: String) {
    #expect(errorLines(source) == [expected])
  }

  @Test("'\\v', white space beyond ASCII (no-break space, byte-order mark) and line continuations are JSON5 too")
  func otherJSON5() {
    #expect(value("{ a: '\\v',\u{A0}b:\u{FEFF}1\u{2003}}") == .object(["a": .string("\u{B}"), "b": .integer(1)]))
    // A line continuation contributes no character (ECMAScript's
    // LineContinuation; Foundation keeps the line break).
    #expect(value("['a\\\nb', 'c\\\r\nd', 'e\\\u{2028}f']") == .array([.string("ab"), .string("cd"), .string("ef")]))
  }

  @Test("surrogate pairs in escapes are one character")
  func surrogatePairs() {
    #expect(value(#"{ a: "\ud83d\ude00", '\uD83D\uDE00': 1 }"#) == .object(["a": .string("😀"), "😀": .integer(1)]))
  }

  @Test("half a surrogate pair is an error at the path of its string", arguments: [
    (#"{ queues: [{ name: 'q' }], expect: [{ resource: 'queue/q', metric: "\ud800", equals: 0 }] }"#,
      #"test.json5: expect[0].metric: line 1, column 69: '\ud800' is an unpaired UTF-16 surrogate, not a character"#),
    (#"{ expect: [{ metric: 'a\uDC00b' }] }"#,
      #"test.json5: expect[0].metric: line 1, column 24: '\uDC00' is an unpaired UTF-16 surrogate, not a character"#),
    (#"{ a: ['\ud83d\u0041'] }"#,
      #"test.json5: a[0]: line 1, column 8: '\ud83d' is an unpaired UTF-16 surrogate, not a character"#),
    (#"{ queues: [{ 'x\ud800': 1 }] }"#,
      #"test.json5: queues[0]: line 1, column 16: '\ud800' in a key is an unpaired UTF-16 surrogate, not a character"#),
  ])
  func unpairedSurrogate(source: String, expected: String) {
    #expect(errorLines(source) == [expected])
  }

  @Test("the reader agrees with Foundation on everything Foundation reads")
  func agreesWithFoundation() throws {
    let source = """
      // comment
      { unquoted: 1, 'single': 'it\\'s', "double": "\\u0041\\x42\\n\\t\\b\\f\\r\\\\\\/", $dollar_: +1, trailing: [1, 2,],
        hex: 0xFF, negHex: -0x1f, dot: .5, dotEnd: 5., inf: -Infinity, pinf: +Infinity, nested: { deeper: [{}, [], null, true, false] }, ümlaut: 1, 'a\\u0062': 2,
        exp: 1.5e3, negExp: 2E-2, one: 1.0, negZero: -0, big: 9223372036854775807, bigger: 9223372036854775808,
        huge: 1.5e300, tiny: 1e-310, under: 1e-400, frac: -2.25, emoji: '😀', ls: '\u{2028}',
        /* block */ last: "end", }
      """
    let decoder = JSONDecoder()
    decoder.allowsJSON5 = true
    let foundation = try decoder.decode(JSONValue.self, from: Data(source.utf8))
    let ours = try #require(value(source)?.objectValue)
    let theirs = try #require(foundation.objectValue)
    #expect(ours.keys.sorted() == theirs.keys.sorted())
    for (key, expected) in theirs {
      #expect(ours[key] == expected, "\(key)")
    }
  }
}
