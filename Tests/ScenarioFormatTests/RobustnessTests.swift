import Foundation
import SimCore
import Testing

@testable import ScenarioFormat

/// Feeds garbage to the loader: it must never trap, and every failure must
/// be a `ScenarioError` of well-formed one-line problems.
@Suite("Never crash on any input")
struct RobustnessTests {
  /// Decodes `data` and checks the outcome is a scenario or a clean error.
  func checkOutcome(_ data: Data, overrides: [String] = [], seed: UInt64) {
    do {
      _ = try ScenarioLoader.decode(data, file: "fuzz.json5", baseDirectory: "/nonexistent", overrides: overrides)
    } catch let error as ScenarioError {
      #expect(!error.problems.isEmpty, "seed \(seed)")
      for problem in error.problems {
        #expect(!problem.message.isEmpty, "seed \(seed)")
        #expect(!problem.message.contains("\n") && !problem.path.contains("\n"), "seed \(seed): \(problem)")
      }
      #expect(error.description.split(separator: "\n").count == error.problems.count, "seed \(seed)")
    } catch {
      Issue.record("seed \(seed): unexpected error type \(error)")
    }
  }

  @Test("random bytes", arguments: 0..<40)
  func randomBytes(seed: Int) {
    var rng = SeededGenerator(seed: UInt64(seed))
    for _ in 0..<25 {
      let count = rng.nextInt(below: 300)
      let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      checkOutcome(Data(bytes), seed: UInt64(seed))
    }
  }

  static let tokens = [
    "{", "}", "[", "]", ":", ",", "'", "\"", "queues", "producers", "consumers", "expect", "name",
    "'q'", "\"orders\"", "1", "-1", "1e999", "0x", "NaN", "Infinity", "null", "true", "//", "/*", "*/",
    "\n", " ", "\\", "'30s'", "'13h'", "'-5s'", "'1.5KiB'", "type", "'fifo'", "source", "'queue:q'",
    "arrivals", "rate", "schedule", "at", "trace", "'x.csv'", "{ exponential: '5ms' }", "\u{0}", "é",
    "9223372036854775808", "-9223372036854775809", "1.7976931348623157e308", ".", "+", "0",
  ]

  @Test("random token soup", arguments: 0..<40)
  func tokenSoup(seed: Int) {
    var rng = SeededGenerator(seed: 1_000 + UInt64(seed))
    for _ in 0..<25 {
      let count = rng.nextInt(below: 60)
      let text = (0..<count).map { _ in Self.tokens[rng.nextInt(below: Self.tokens.count)] }.joined()
      checkOutcome(Data(("{" + text).utf8), seed: UInt64(seed))
    }
  }

  @Test("byte-level mutations of a valid scenario", arguments: 0..<40)
  func mutatedScenario(seed: Int) {
    var rng = SeededGenerator(seed: 2_000 + UInt64(seed))
    let original = Array(ScenarioDecodingTests.fullScenario.utf8)
    for _ in 0..<10 {
      var bytes = original
      for _ in 0...rng.nextInt(below: 4) {
        let position = rng.nextInt(below: bytes.count)
        switch rng.nextInt(below: 3) {
        case 0: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
        case 1: bytes.remove(at: position)
        default:
          let punctuation = Array("{}[]:,'\"-0e.".utf8)
          bytes.insert(punctuation[rng.nextInt(below: punctuation.count)], at: position)
        }
      }
      checkOutcome(Data(bytes), seed: UInt64(seed))
    }
  }

  static let junkValues: [JSONValue] = [
    .null, .bool(true), .integer(Int64.max), .integer(Int64.min), .integer(-1), .integer(0),
    .number(.nan), .number(.infinity), .number(-.infinity), .number(1e300), .number(-0.5), .number(0.5),
    .string(""), .string("-1s"), .string("nan"), .string("99999999999999d"), .string("1e9KiB"),
    .string("queue:"), .string("queue:q"), .string("\u{0}\n'\""), .string(String(repeating: "x", count: 5_000)),
    .array([]), .array([.null]), .object([:]), .object(["exponential": .string("0s")]),
    .object(["uniform": .array([.string("1s")])]), .object(["empirical": .string("../../etc/passwd")]),
  ]

  /// Replaces one random node of `value` with a random junk value.
  func mutate(_ value: JSONValue, rng: inout SeededGenerator, depth: Int = 0) -> JSONValue {
    if depth > 0, rng.nextInt(below: 4) == 0 { return Self.junkValues[rng.nextInt(below: Self.junkValues.count)] }
    switch value {
    case .object(var members) where !members.isEmpty:
      let keys = members.keys.sorted()
      let key = keys[rng.nextInt(below: keys.count)]
      members[key] = mutate(members[key]!, rng: &rng, depth: depth + 1)
      if rng.nextInt(below: 10) == 0 { members["extra\(rng.nextInt(below: 3))"] = .integer(1) }
      return .object(members)
    case .array(var elements) where !elements.isEmpty:
      let index = rng.nextInt(below: elements.count)
      elements[index] = mutate(elements[index], rng: &rng, depth: depth + 1)
      return .array(elements)
    default:
      return Self.junkValues[rng.nextInt(below: Self.junkValues.count)]
    }
  }

  @Test("structural mutations of a valid scenario", arguments: 0..<40)
  func structuralMutations(seed: Int) throws {
    mutateStructure(of: ScenarioDecodingTests.fullScenario, seed: 3_000 + UInt64(seed))
  }

  @Test("structural mutations of the SNS and FIFO scenario", arguments: 0..<40)
  func structuralMutationsOfTopics(seed: Int) throws {
    mutateStructure(of: MessagingDecodingTests.snsScenario, seed: 5_000 + UInt64(seed))
  }

  func mutateStructure(of source: String, seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    guard case .success(let document) = JSON5Reading.parse(source) else {
      Issue.record("the full scenario does not parse")
      return
    }
    for _ in 0..<20 {
      var value = document.value
      for _ in 0...rng.nextInt(below: 3) { value = mutate(value, rng: &rng) }
      let log = ProblemLog()
      let scenario = ScenarioLoader.read(value, log: log, file: "fuzz.json5", baseDirectory: "/nonexistent")
      #expect((scenario == nil) == !log.isEmpty, "seed \(seed)")
    }
  }

  @Test("random override paths and values", arguments: 0..<20)
  func randomOverrides(seed: Int) {
    var rng = SeededGenerator(seed: 4_000 + UInt64(seed))
    let segments = ["queues", "orders", "gps", "fifo", "0", "7", "name", "", "visibilityTimeout", "producers", "web", "x.y", "=", "seed"]
    let values = ["1", "{", "'a'", "[1,", "null", "45s", "1e999", "{a: {b: {c: 1}}}", "="]
    for _ in 0..<20 {
      let path = (0...rng.nextInt(below: 5)).map { _ in segments[rng.nextInt(below: segments.count)] }.joined(separator: ".")
      let assignment = path + "=" + values[rng.nextInt(below: values.count)]
      checkOutcome(Data(ScenarioDecodingTests.fullScenario.utf8), overrides: [assignment], seed: UInt64(seed))
    }
  }

  @Test("random override paths and values on topics", arguments: 0..<20)
  func randomTopicOverrides(seed: Int) {
    var rng = SeededGenerator(seed: 6_000 + UInt64(seed))
    let segments = ["topics", "orders", "positions", "fifo", "subscriptions", "0", "3", "webhook", "fraud", "filterPolicy", "keys", "attributes", "producers", "shop", "trucks", "region"]
    let values = ["1", "{", "'a'", "[]", "null", "{ zipf: 2 }", "1e999", "{ event: [{ numeric: ['>', NaN] }] }", "{ a: { b: { c: [1] } } }", "'$x'", "true"]
    for _ in 0..<20 {
      let path = (0...rng.nextInt(below: 5)).map { _ in segments[rng.nextInt(below: segments.count)] }.joined(separator: ".")
      let assignment = path + "=" + values[rng.nextInt(below: values.count)]
      checkOutcome(Data(MessagingDecodingTests.snsScenario.utf8), overrides: [assignment], seed: UInt64(seed))
    }
  }

  @Test("huge and deeply nested inputs are refused without trapping")
  func pathological() {
    checkOutcome(Data(String(repeating: "{a:", count: 50_000).utf8), seed: 0)
    checkOutcome(Data(("[" + String(repeating: "1,", count: 200_000) + "1]").utf8), seed: 0)
    checkOutcome(Data(("{ name: '" + String(repeating: "n", count: 100_000) + "' }").utf8), seed: 0)
    checkOutcome(Data(("{ seed: " + String(repeating: "9", count: 5_000) + " }").utf8), seed: 0)
    checkOutcome(Data(("{ queues: [" + String(repeating: "{ name: 'q' },", count: 2_000) + "] }").utf8), seed: 0)
  }
}
