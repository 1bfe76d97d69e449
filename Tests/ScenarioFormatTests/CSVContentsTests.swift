import Testing

@testable import ScenarioFormat

/// A trace or empirical file may be any file of the user's: problems about
/// it quote at most the offending field (40 characters), and nothing of a
/// file that is not a CSV of numbers.
@Suite("CSV contents in messages")
struct CSVContentsTests {
  static let secret = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nuser:x:1000:1000:A User,,,:/home/user:/bin/bash\nx,y\n"

  func problems(_ contents: String, arrivalsAndKey: String) throws -> [String] {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("f.csv", contents)
    let source = "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', \(arrivalsAndKey) }] }"
    return errorLines(source, baseDirectory: directory.path)
  }

  static let uses = [
    "arrivals: { trace: 'f.csv' }",
    "arrivals: { rate: 1 }, apiLatency: { empirical: 'f.csv' }",
    "arrivals: { rate: 1 }, messageSize: { empirical: 'f.csv' }",
    "arrivals: { rate: 1 }, delay: { empirical: 'f.csv' }",
  ]

  @Test("no line of a file that is not a CSV of numbers is echoed", arguments: uses)
  func notACSV(use: String) throws {
    let lines = try problems(Self.secret, arrivalsAndKey: use)
    #expect(!lines.isEmpty)
    for line in lines {
      #expect(!line.contains("root:x:0") && !line.contains("daemon") && !line.contains("A User") && !line.contains("/bin/bash"), "\(line)")
    }
  }

  @Test("nor of a file of words", arguments: uses)
  func words(use: String) throws {
    let lines = try problems("header\nhunter2\ncorrect horse battery staple\n", arrivalsAndKey: use)
    #expect(!lines.isEmpty)
    for line in lines {
      #expect(!line.contains("hunter2") && !line.contains("horse"), "\(line)")
    }
  }

  @Test("a CSV of numbers gets its bad field quoted, but not one with characters no value has")
  func csvOfNumbers() throws {
    #expect(
      try problems("time_s,count\n0,1\n60,1x\n120,root:x:0:0\n", arrivalsAndKey: Self.uses[0]) == [
        "test.json5: producers[0].arrivals.trace: 'f.csv' line 3: count '1x' is not a whole number",
        "test.json5: producers[0].arrivals.trace: 'f.csv' line 4: count is not a whole number",
      ])
    #expect(
      try problems("1s\n2x\nroot:x:0:0:root:/root:/bin/bash\n", arrivalsAndKey: Self.uses[1]) == [
        "test.json5: producers[0].apiLatency.empirical: 'f.csv' line 2: '2x' is not a valid duration: unknown unit 'x' (use ns, us, ms, s, m, h or d)",
        "test.json5: producers[0].apiLatency.empirical: 'f.csv' line 3: the value is not a valid duration (write one value per line, such as '200ms' or a bare number of seconds)",
      ])
  }

  @Test("a quoted field is cut to 40 characters, and then says no more of it")
  func truncated() throws {
    let long = "1" + String(repeating: "x", count: 60)
    #expect(
      try problems("1s\n\(long)\n", arrivalsAndKey: Self.uses[1]) == [
        "test.json5: producers[0].apiLatency.empirical: 'f.csv' line 2: '\(long.prefix(40))…' is not a valid duration (write one value per line, such as '200ms' or a bare number of seconds)"
      ])
    let longTime = String(repeating: "9", count: 50)
    let lines = try problems("0,1\n\(longTime),1\n", arrivalsAndKey: Self.uses[0])
    #expect(lines == ["test.json5: producers[0].arrivals.trace: 'f.csv' line 2: time_s '\(longTime.prefix(40))…' is above the maximum of 1000000000"])
  }
}
