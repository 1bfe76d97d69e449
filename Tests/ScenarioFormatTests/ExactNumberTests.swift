import SimCore
import Testing

@testable import ScenarioFormat

/// Numbers are read exactly as written (a seed up to 2⁶⁴ − 1, as `--seed`
/// takes), and messages about them quote them as written and name the
/// bound.
@Suite("Numbers as written")
struct ExactNumberTests {
  @Test("a seed is read exactly, up to 18446744073709551615", arguments: [
    ("18446744073709551615", UInt64.max),
    ("9223372036854775808", 9_223_372_036_854_775_808),
    ("1e19", 10_000_000_000_000_000_000),
    ("1.8446744073709551615e19", UInt64.max),
    ("18446744073709551615.000", UInt64.max),
    ("0x7FFFFFFFFFFFFFFF", UInt64(Int64.max)),
    ("+0", 0),
    ("-0", 0),
  ] as [(String, UInt64)])
  func bigSeeds(text: String, expected: UInt64) throws {
    #expect(try decodeScenario("{ seed: \(text) }").world.seed == expected)
  }

  @Test("a bad seed names the bound and quotes the value as written", arguments: [
    ("18446744073709551616", "'18446744073709551616' is above the maximum of 18446744073709551615"),
    ("2e19", "'2e19' is above the maximum of 18446744073709551615"),
    ("1e400000000000", nil),
    ("-1", "'-1' is below the minimum of 0"),
    ("-18446744073709551616", "'-18446744073709551616' is below the minimum of 0"),
    ("1.5", "'1.5' is not a whole number"),
    ("1e-400", "'1e-400' is not a whole number"),
    ("NaN", "'NaN' is not a whole number"),
  ] as [(String, String?)])
  func badSeeds(text: String, message: String?) {
    let lines = errorLines("{ seed: \(text) }")
    if let message {
      #expect(lines == ["test.json5: seed: \(message) (a seed is a whole number from 0 to 18446744073709551615)"])
    } else {
      #expect(lines.count == 1 && lines[0].hasPrefix("test.json5: not valid JSON5"))
    }
    #expect(
      errorLines("{ seed: '42' }")
        == ["test.json5: seed: expected a whole number from 0 to 18446744073709551615, got string '42'"])
  }

  @Test("--set seed takes the same range, exactly")
  func overriddenSeed() throws {
    #expect(try decodeScenario("{ seed: 3 }", overrides: ["seed=18446744073709551615"]).world.seed == UInt64.max)
    #expect(
      errorLines("{}", overrides: ["seed=18446744073709551616"]) == [
        "--set seed=18446744073709551616: seed: '18446744073709551616' is above the maximum of 18446744073709551615 (a seed is a whole number from 0 to 18446744073709551615)"
      ])
    // A --set replaces the file's number, and the file's text with it.
    #expect(
      errorLines("{ seed: 18446744073709551616 }", overrides: ["seed=2.5"]) == [
        "--set seed=2.5: seed: '2.5' is not a whole number (a seed is a whole number from 0 to 18446744073709551615)"
      ])
    #expect(
      errorLines("{ seed: 1e-400, queues: [{ name: 'q', redrive: { deadLetterQueue: 'q', maxReceiveCount: 1e30 } }] }",
        overrides: ["seed={ a: 1 }", "queues.q.redrive={ maxReceiveCount: 2e30 }"]) == [
        "--set queues.q.redrive={ maxReceiveCount: 2e30 }: queues[0].redrive: missing required key 'deadLetterQueue'",
        "--set queues.q.redrive={ maxReceiveCount: 2e30 }: queues[0].redrive.maxReceiveCount: '2e30' is above the maximum of 1000 (maxReceiveCount is 1 to 1,000)",
        "--set seed={ a: 1 }: seed: expected a whole number from 0 to 18446744073709551615, got an object",
      ])
  }

  @Test("whole numbers out of range name the bound and the value as written", arguments: [
    ("{ queues: [{ name: 'q' }], consumers: [{ name: 'c', source: 'queue:q', waitTime: '1s', count: 2e301 }] }",
      "consumers[0].count: '2e301' is above the maximum of 100000"),
    ("{ queues: [{ name: 'q' }], consumers: [{ name: 'c', source: 'queue:q', waitTime: '1s', count: -2E+301 }] }",
      "consumers[0].count: '-2E+301' is below the minimum of 0"),
    ("{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, keys: { count: 2e301 } }] }",
      "producers[0].keys.count: '2e301' is above the maximum of 1000000"),
    ("{ queues: [{ name: 'q', inFlightLimit: 1e30 }] }",
      "queues[0].inFlightLimit: '1e30' is above the maximum of 9223372036854775807"),
    ("{ queues: [{ name: 'q', inFlightLimit: 10000000000000000000 }] }",
      "queues[0].inFlightLimit: '10000000000000000000' is above the maximum of 9223372036854775807"),
    ("{ queues: [{ name: 'q' }], consumers: [{ name: 'c', source: 'queue:q', waitTime: '1s', count: 0x186A1 }] }",
      "consumers[0].count: '0x186A1' is above the maximum of 100000"),
    ("{ queues: [{ name: 'q' }], consumers: [{ name: 'c', source: 'queue:q', waitTime: '1s', count: 1.50 }] }",
      "consumers[0].count: '1.50' is not a whole number"),
    ("{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 2e301 } }] }",
      "producers[0].arrivals.rate: '2e301' is above the maximum of 10000000"),
  ])
  func counts(source: String, expected: String) {
    #expect(errorLines(source) == ["test.json5: " + expected])
  }

  @Test("a number where something else belongs is quoted as written")
  func typeMismatch() {
    #expect(
      errorLines("{ duration: 2e301, name: 0x1F }") == [
        "test.json5: duration: expected a duration string such as '30s', got number 2e301",
        "test.json5: name: expected a string, got number 0x1F",
      ])
  }

  @Test("exact whole numbers from tokens", arguments: [
    ("0", WholeNumber.exact(isNegative: false, magnitude: 0)),
    ("-12", .exact(isNegative: true, magnitude: 12)),
    ("12.000e1", .exact(isNegative: false, magnitude: 120)),
    ("1200e-2", .exact(isNegative: false, magnitude: 12)),
    ("0.00012e4", nil),
    ("0.00012e5", .exact(isNegative: false, magnitude: 12)),
    (".5e1", .exact(isNegative: false, magnitude: 5)),
    ("5.", .exact(isNegative: false, magnitude: 5)),
    ("0xff", .exact(isNegative: false, magnitude: 255)),
    ("18446744073709551616", .tooLarge(isNegative: false)),
    ("-1e999999999999", .tooLarge(isNegative: true)),
    ("0e999999999999", .exact(isNegative: false, magnitude: 0)),
    ("1e-999999999999", nil),
    ("Infinity", nil),
  ] as [(String, WholeNumber?)])
  func wholeNumbers(token: String, expected: WholeNumber?) {
    #expect(WholeNumber(token: token) == expected)
  }
}
