import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

@Suite("Trace and empirical CSV files")
struct CSVLoadingTests {
  func producer(arrivals: String = "{ rate: 1 }", extra: String = "") -> String {
    "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: \(arrivals)\(extra) }] }"
  }

  @Test("a trace with a header becomes rows; the last interval repeats the previous one")
  func traceRows() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("sent.csv", "time_s,count\r\n0,10\r\n60,0\r\n90, 7\r\n\r\n")
    let scenario = try decodeScenario(producer(arrivals: "{ trace: 'sent.csv', spread: 'even' }"), baseDirectory: directory.path)
    #expect(
      scenario.world.producers[0].arrivals
        == .trace(
          rows: [
            TraceRow(start: .zero, count: 10, interval: .seconds(60)),
            TraceRow(start: SimTime(nanoseconds: 60_000_000_000), count: 0, interval: .seconds(30)),
            TraceRow(start: SimTime(nanoseconds: 90_000_000_000), count: 7, interval: .seconds(30)),
          ], randomSpread: false))
  }

  @Test("a one-row trace without a header lasts 60 s and spreads at random")
  func singleRow() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("one.csv", "2.5,100")
    let scenario = try decodeScenario(producer(arrivals: "{ trace: 'one.csv' }"), baseDirectory: directory.path)
    #expect(
      scenario.world.producers[0].arrivals
        == .trace(rows: [TraceRow(start: SimTime(nanoseconds: 2_500_000_000), count: 100, interval: .seconds(60))], randomSpread: true))
  }

  @Test("trace problems name the file and the line")
  func traceErrors() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("bad.csv", "time_s,count\n0,1\n0,2\n-5,1\n10,1.5\n20\n30,-1\nabc,1\n")
    #expect(
      errorLines(producer(arrivals: "{ trace: 'bad.csv' }"), baseDirectory: directory.path) == [
        "test.json5: producers[0].arrivals.trace: 'bad.csv' line 3: time_s '0' is not after the previous row's '0'",
        "test.json5: producers[0].arrivals.trace: 'bad.csv' line 4: time_s '-5' is negative",
        "test.json5: producers[0].arrivals.trace: 'bad.csv' line 5: count '1.5' is not a whole number",
        "test.json5: producers[0].arrivals.trace: 'bad.csv' line 6: expected 2 values 'time_s,count', got 1",
        "test.json5: producers[0].arrivals.trace: 'bad.csv' line 7: count '-1' is negative",
        "test.json5: producers[0].arrivals.trace: 'bad.csv': 1 more problem not shown",
      ])
  }

  @Test("unreadable and empty traces are reported", arguments: [
    ("header.csv", "time_s,count\n", "'header.csv' has no rows"),
    ("latin1.csv", nil, "cannot read 'latin1.csv': it is not UTF-8 text"),
    ("absent.csv", nil, "cannot read 'absent.csv': no such file"),
  ] as [(String, String?, String)])
  func unreadableTrace(name: String, contents: String?, message: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    if let contents { try directory.write(name, contents) }
    if name == "latin1.csv" { try directory.write(name, bytes: [0x30, 0x2C, 0xE9, 0x0A]) }
    #expect(
      errorLines(producer(arrivals: "{ trace: '\(name)' }"), baseDirectory: directory.path)
        == ["test.json5: producers[0].arrivals.trace: \(message)"])
  }

  @Test("empirical samples: units or bare numbers, sorted, in base units")
  func empirical() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("latency.csv", "latency\n0.25\n100ms\n1.5e-1\n2s\n")
    try directory.write("sizes.csv", "2KiB\n100\n1.5KB\n")
    let source = producer(extra: ", apiLatency: { empirical: 'latency.csv' }, messageSize: { empirical: 'sizes.csv' }")
    let scenario = try decodeScenario(source, baseDirectory: directory.path)
    #expect(scenario.world.producers[0].apiLatency == .empirical(sortedSamples: [100e6, 150e6, 250e6, 2e9]))
    #expect(scenario.world.producers[0].messageSize == .empirical(sortedSamples: [100, 1500, 2048]))
  }

  @Test("empirical problems name the file and line; values are bounded like constants")
  func empiricalErrors() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("bad.csv", "value\n1s\nfast\n-2\n")
    try directory.write("big.csv", "1KiB\n2MiB\n")
    try directory.write("empty.csv", "header only\n")
    let source = """
      { queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 },
        apiLatency: { empirical: 'bad.csv' }, messageSize: { empirical: 'big.csv' },
        delay: { empirical: 'empty.csv' } }] }
      """
    #expect(
      errorLines(source, baseDirectory: directory.path) == [
        "test.json5: producers[0].apiLatency.empirical: 'bad.csv' line 3: 'fast' is not a valid duration: expected a number followed by a unit (ns, us, ms, s, m, h or d) or a bare number of seconds",
        "test.json5: producers[0].apiLatency.empirical: 'bad.csv' line 4: '-2' is not a valid duration: durations cannot be negative",
        "test.json5: producers[0].delay.empirical: 'empty.csv' has no values",
        "test.json5: producers[0].messageSize.empirical: the highest value '2MiB' is above the maximum of 1MiB (the target queue's maxMessageSize)",
      ])
  }

  @Test("a CSV path may be absolute")
  func absolutePath() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("d.csv", "1s\n")
    let scenario = try decodeScenario(
      producer(extra: ", apiLatency: { empirical: '\(directory.path)/d.csv' }"), baseDirectory: "/nonexistent")
    #expect(scenario.world.producers[0].apiLatency == .empirical(sortedSamples: [1e9]))
  }
}

/// A CSV value gets the message the same value gets in the scenario file:
/// a bare number is that many seconds (bytes), read as `'Ns'` (`'NB'`) is.
@Suite("CSV values read like the file's")
struct CSVValueTests {
  /// The problems of an empirical file of `contents` and one valid value
  /// after them (a CSV of numbers, so its bad values are quoted).
  func empiricalProblems(_ contents: String, key: String = "apiLatency") throws -> [String] {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("v.csv", contents + "1\n")
    let source = "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, \(key): { empirical: 'v.csv' } }] }"
    return errorLines(source, baseDirectory: directory.path)
  }

  @Test("a bare number of seconds up to the largest duration is a duration, as 'Ns' is in the file")
  func largestDuration() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("v.csv", "9223372036\n")
    let source = "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, apiLatency: { empirical: 'v.csv' } }] }"
    let scenario = try decodeScenario(source, baseDirectory: directory.path)
    #expect(scenario.world.producers[0].apiLatency == .empirical(sortedSamples: [9_223_372_036e9]))
    // The file says the same of the same value: it is a duration.
    #expect(errorLines("{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, apiLatency: '9223372036s' }] }") == [])
  }

  @Test("bad values give the file's reasons", arguments: [
    ("9223372037\n", "line 1: '9223372037' is not a valid duration: too large"),
    ("v\n-2\n", "line 2: '-2' is not a valid duration: durations cannot be negative"),
    ("v\n5x\n", "line 2: '5x' is not a valid duration: unknown unit 'x' (use ns, us, ms, s, m, h or d)"),
    ("v\n12 ms\n", "line 2: '12 ms' is not a valid duration: no spaces inside a duration (write '12ms')"),
    ("v\nfast\n", "line 2: 'fast' is not a valid duration: expected a number followed by a unit (ns, us, ms, s, m, h or d) or a bare number of seconds"),
    ("v\n1e30\n", "line 2: '1e30' is not a valid duration: too large"),
  ])
  func durationReasons(contents: String, expected: String) throws {
    #expect(try empiricalProblems(contents) == ["test.json5: producers[0].apiLatency.empirical: 'v.csv' " + expected])
  }

  @Test("the file's message for the same value, word for word", arguments: [
    ("9223372037", "9223372037s"), ("5x", "5x"), ("1.5 s", "1.5 s"),
  ])
  func sameAsFile(csvValue: String, fileValue: String) throws {
    let fileLine = errorLines("{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, apiLatency: '\(fileValue)' }] }")
    let csvLine = try empiricalProblems(csvValue + "\n")
    #expect(fileLine.count == 1 && csvLine.count == 1)
    let fileReason = fileLine.first?.components(separatedBy: "is not a valid duration: ").last
    let csvReason = csvLine.first?.components(separatedBy: "is not a valid duration: ").last
    #expect(fileReason != nil && fileReason == csvReason)
  }

  @Test("sizes too: bare numbers are bytes, rounded as 'NB' is")
  func sizes() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("s.csv", "1.5\n2KiB\n1e3\n")
    let source = "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, messageSize: { empirical: 's.csv' } }] }"
    #expect(try decodeScenario(source, baseDirectory: directory.path).world.producers[0].messageSize == .empirical(sortedSamples: [2, 1000, 2048]))
    #expect(
      try empiricalProblems("size\n-2\n99999999999999999999\n", key: "messageSize") == [
        "test.json5: producers[0].messageSize.empirical: 'v.csv' line 2: '-2' is not a valid size: sizes cannot be negative",
        "test.json5: producers[0].messageSize.empirical: 'v.csv' line 3: '99999999999999999999' is not a valid size: too large",
      ])
  }
}
