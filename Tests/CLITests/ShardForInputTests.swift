import Foundation
import Testing

@testable import MsgsimCLI

/// The first line of what `shard-for` printed on stderr.
private func firstLine(_ output: CommandOutput) -> String {
  String(output.stderr.prefix { $0 != "\n" })
}

/// `--explicit-hash-key H`: the shard is the one whose range contains H, and
/// the keys' MD5 is not used (PutRecord's ExplicitHashKey, docs/model.md §8.5).
///
/// The 4-shard layout of docs/model.md §8.4: shard i (`shardId-00000000000i`)
/// starts at i·2¹²⁶ = i · 85070591730234615865843651857942052864.
struct ShardForExplicitHashKeyTests {
  /// `KEY<TAB>H<TAB>SHARD_ID` lines of `shard-for --shards 4 --explicit-hash-key H KEY...`.
  func lines(_ hashKey: String, _ keys: [String] = ["a"], shards: Int = 4) -> CommandOutput {
    executeMsgsim(["shard-for", "--shards", String(shards), "--explicit-hash-key", hashKey] + keys)
  }

  @Test(
    "range boundaries of 4 shards, 0 and 2^128-1",
    arguments: [
      ("0", 0),
      ("85070591730234615865843651857942052863", 0),  // 2^126 - 1: last key of the first shard
      ("85070591730234615865843651857942052864", 1),  // 2^126: first key of the second shard
      ("170141183460469231731687303715884105727", 1),  // 2^127 - 1
      ("170141183460469231731687303715884105728", 2),  // 2^127
      ("255211775190703847597530955573826158591", 2),  // 3 * 2^126 - 1
      ("255211775190703847597530955573826158592", 3),  // 3 * 2^126
      ("340282366920938463463374607431768211455", 3),  // 2^128 - 1, the largest hash key
    ])
  func boundaries(hashKey: String, shard: Int) {
    let output = lines(hashKey)
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stderr.isEmpty)
    #expect(output.stdout == "a\t\(hashKey)\tshardId-00000000000\(shard)\n")
  }

  @Test("the keys' MD5 is not used: every key gets H and H's shard, in order")
  func overridesTheHash() {
    // Without H, 'a' is on the first shard and 'user-42' on the second (§8.4).
    let output = lines("255211775190703847597530955573826158592", ["a", "user-42", "a"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(
      output.stdout
        == "a\t255211775190703847597530955573826158592\tshardId-000000000003\n"
        + "user-42\t255211775190703847597530955573826158592\tshardId-000000000003\n"
        + "a\t255211775190703847597530955573826158592\tshardId-000000000003\n")
    #expect(
      shardForLines(shardCount: 1, keys: ["k"], explicitHashKey: 0) == ["k\t0\tshardId-000000000000"])
    #expect(
      shardForLines(shardCount: shardForMaxShards, keys: ["k"], explicitHashKey: .max) == [
        "k\t340282366920938463463374607431768211455\tshardId-000000019999"
      ])
    // The inline form works too.
    #expect(
      executeMsgsim(["shard-for", "--shards=4", "--explicit-hash-key=0", "b"]).stdout == "b\t0\tshardId-000000000000\n")
  }

  @Test("2^128 is refused, naming the bound")
  func aboveTheMaximum() {
    for text in ["340282366920938463463374607431768211456", "999999999999999999999999999999999999999"] {
      let output = lines(text)
      #expect(output.status == 2)
      #expect(output.stdout.isEmpty)
      #expect(
        firstLine(output)
          == "Error: '--explicit-hash-key' \(text) is above the maximum of 340282366920938463463374607431768211455 "
          + "(hash keys are 0 to 2^128-1)")
      #expect(output.stderr.contains("\nUsage: msgsim shard-for"))
    }
  }

  @Test(
    "anything not matching 0|([1-9]\\d{0,38}) is refused, naming the pattern",
    arguments: [
      "01", "00", "-1", "+1", "abc", "", " 1", "1 ", "1.0", "1e3", "0x10", "١",  // ARABIC-INDIC DIGIT ONE
      "1000000000000000000000000000000000000000",  // 40 digits
    ])
  func notThePattern(text: String) {
    let output = lines(text)
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(
      firstLine(output)
        == "Error: '--explicit-hash-key' takes a decimal hash key matching 0|([1-9]\\d{0,38}) "
        + "(ExplicitHashKey: no sign, no leading zeros), not '\(text)'")
  }

  @Test("given once for all keys: a second one, a missing value or a missing KEY is a usage error")
  func usage() {
    let twice = executeMsgsim(
      ["shard-for", "--shards", "4", "--explicit-hash-key", "1", "--explicit-hash-key", "1", "a"])
    #expect(twice.status == 2)
    #expect(twice.stdout.isEmpty)
    #expect(firstLine(twice) == "Error: '--explicit-hash-key' may be given only once")
    let missing = executeMsgsim(["shard-for", "--shards", "4", "--explicit-hash-key"])
    #expect(missing.status == 2)
    #expect(firstLine(missing) == "Error: missing value for '--explicit-hash-key'")
    let noKey = lines("1", [])
    #expect(noKey.status == 2)
    #expect(noKey.stdout.isEmpty)
    #expect(firstLine(noKey) == "Error: missing KEY (or '--stdin')")
    // The partition key is still mandatory and checked (PutRecord requires it).
    let badKey = lines("1", ["a", String(repeating: "k", count: 257)])
    #expect(badKey.status == 2)
    #expect(badKey.stdout.isEmpty)
    #expect(firstLine(badKey).hasPrefix("Error: partition key 2 is 257 Unicode code points long"))
  }

  @Test("parseExplicitHashKey reads every value of the pattern up to 2^128-1")
  func parse() throws {
    #expect(try parseExplicitHashKey("0").get() == 0)
    #expect(try parseExplicitHashKey("7").get() == 7)
    #expect(try parseExplicitHashKey("340282366920938463463374607431768211455").get() == .max)
    #expect(try parseExplicitHashKey("85070591730234615865843651857942052864").get() == UInt128(1) << 126)
    #expect(throws: ExplicitHashKeyProblem.self) {
      try parseExplicitHashKey("340282366920938463463374607431768211456").get()
    }
  }
}

/// `--stdin`: keys from standard input, one per line (docs/model.md §8.6).
struct ShardForStandardInputTests {
  /// Runs `shard-for ARGUMENTS` with `input` as standard input, counting
  /// how often it was read.
  func run(_ arguments: [String], input: String) -> (output: CommandOutput, reads: Int) {
    run(arguments, bytes: Array(input.utf8))
  }

  func run(_ arguments: [String], bytes: [UInt8]) -> (output: CommandOutput, reads: Int) {
    var reads = 0
    let output = ShardForCommand.execute(arguments) {
      reads += 1
      return .success(bytes)
    }
    return (output, reads)
  }

  let keys = ["a", "user-42", "customer#123", "日本語", "a b\tc", "order-1001", "a"]

  @Test("several keys, CRLF and LF lines, with or without a final newline: the positional output, in order")
  func sameAsPositional() {
    let positional = executeMsgsim(["shard-for", "--shards", "7"] + keys)
    #expect(positional.status == 0)
    #expect(positional.stdout.split(separator: "\n").count == keys.count)
    for input in [
      keys.joined(separator: "\n") + "\n",
      keys.joined(separator: "\n"),
      keys.joined(separator: "\r\n") + "\r\n",
      keys.joined(separator: "\r\n"),
      "a\nuser-42\r\ncustomer#123\n日本語\r\na b\tc\norder-1001\r\na\n",
    ] {
      let (output, reads) = run(["--shards", "7", "--stdin"], input: input)
      #expect(reads == 1)
      #expect(output.status == 0, "\(output.stderr)")
      #expect(output.stderr.isEmpty)
      #expect(output.stdout == positional.stdout, "\(input.debugDescription)")
    }
    // With --explicit-hash-key too.
    let explicit = run(["--stdin", "--shards", "4", "--explicit-hash-key", "85070591730234615865843651857942052864"],
      input: "x\r\ny\n").output
    #expect(
      explicit.stdout
        == "x\t85070591730234615865843651857942052864\tshardId-000000000001\n"
        + "y\t85070591730234615865843651857942052864\tshardId-000000000001\n")
  }

  @Test("only the CR right before the end of a line is dropped")
  func carriageReturns() {
    let (output, _) = run(["--shards", "4", "--stdin"], input: "a\r\r\nb\rc\n")
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout == shardForLines(shardCount: 4, keys: ["a\r", "b\rc"]).map { $0 + "\n" }.joined())
  }

  @Test("an empty middle line: exit 2, an error naming line 2 and the bound, nothing on stdout")
  func emptyMiddleLine() {
    for input in ["a\n\nb\n", "a\r\n\r\nb\r\n", "a\n\n"] {
      let (output, _) = run(["--shards", "4", "--stdin"], input: input)
      #expect(output.status == 2)
      #expect(output.stdout.isEmpty)
      #expect(
        output.stderr
          == "Error: partition key on line 2 of standard input is empty (PartitionKey is 1 to 256 code points)\n",
        "\(input.debugDescription)")
    }
    // A lone newline is one empty line, not an empty input.
    let lone = run(["--shards", "4", "--stdin"], input: "\n").output
    #expect(lone.status == 2)
    #expect(lone.stderr.hasPrefix("Error: partition key on line 1 of standard input is empty"))
  }

  @Test("a bad line late in the input: nothing printed for the good lines before it")
  func tooLongLine() {
    let long = "e" + String(repeating: "\u{301}", count: 256)  // one grapheme, 257 code points
    let input = (0..<1_000).map { "key-\($0)" }.joined(separator: "\n") + "\n" + long + "\nlast\n"
    let (output, _) = run(["--shards", "4", "--stdin"], input: input)
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(
      output.stderr
        == "Error: partition key on line 1001 of standard input is 257 Unicode code points long, "
        + "above the maximum of 256 (PartitionKey is 1 to 256 code points)\n")
    let atBound = run(["--shards", "4", "--stdin"], input: String(long.unicodeScalars.dropLast()) + "\n").output
    #expect(atBound.status == 0, "\(atBound.stderr)")
  }

  @Test("a line that is not UTF-8 is refused, naming it")
  func notUTF8() {
    let (output, _) = run(["--shards", "4", "--stdin"], bytes: Array("ok\n".utf8) + [0x61, 0xFF, 0x0A])
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr == "Error: partition key on line 2 of standard input is not valid UTF-8\n")
  }

  @Test("empty input: no keys, no lines, exit 0")
  func emptyInput() {
    let (output, reads) = run(["--shards", "4", "--stdin"], input: "")
    #expect(reads == 1)
    #expect(output == CommandOutput())
  }

  @Test("--stdin with KEY arguments is a usage error, and standard input is not read")
  func withPositionalKeys() {
    for arguments in [["--shards", "4", "--stdin", "a"], ["--shards", "4", "a", "b", "--stdin"]] {
      let (output, reads) = run(arguments, input: "x\n")
      #expect(reads == 0)
      #expect(output.status == 2)
      #expect(output.stdout.isEmpty)
      #expect(firstLine(output) == "Error: KEY arguments cannot be combined with '--stdin' (got 'a')")
      #expect(
        output.stderr.contains("\nUsage: msgsim shard-for --shards N [--explicit-hash-key H] (KEY... | --stdin)\n"))
    }
    // Other usage errors are found before reading too.
    for arguments in [["--stdin"], ["--stdin", "--shards", "0"], ["--stdin=yes", "--shards", "4"]] {
      let (output, reads) = run(arguments, input: "x\n")
      #expect(reads == 0, "\(arguments)")
      #expect(output.status == 2, "\(arguments)")
    }
    #expect(firstLine(run(["--stdin=yes", "--shards", "4"], input: "").output) == "Error: '--stdin' takes no value")
  }

  @Test("a failed read of standard input is exit 2 with the reason")
  func readFailure() {
    let output = ShardForCommand.execute(["--shards", "4", "--stdin"]) {
      .failure(StandardInputReadError(reason: "Is a directory"))
    }
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr == "Error: cannot read standard input: Is a directory\n")
    #expect(readToEndOfFile(-1) == .failure(StandardInputReadError(reason: "Bad file descriptor")))
  }
}

/// `msgsim shard-for --stdin` in a separate process, standard input from a
/// file of 100,000 keys.
struct ShardForProcessTests {
  /// Runs the built `msgsim ARGUMENTS < input` (at most 60 s).
  func spawn(_ arguments: [String], input: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let binary = MsgsimBinary.path
    try #require(FileManager.default.isExecutableFile(atPath: binary), "no msgsim binary at \(binary)")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shard-for-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let paths = ["in", "out", "err"].map { folder.appendingPathComponent($0).path }
    try Data(input.utf8).write(to: URL(fileURLWithPath: paths[0]))
    for path in paths.dropFirst() { _ = FileManager.default.createFile(atPath: path, contents: nil) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: paths[0]))
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: paths[1]))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: paths[2]))
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    return (
      process.terminationStatus, try String(contentsOfFile: paths[1], encoding: .utf8),
      try String(contentsOfFile: paths[2], encoding: .utf8)
    )
  }

  @Test("100,000 keys piped in CRLF: the same lines as shardForLines, in order; a bad one prints nothing")
  func manyKeys() throws {
    let keys = (0..<100_000).map { "user-\($0)" }
    let expected = shardForLines(shardCount: 20_000, keys: keys).map { $0 + "\n" }.joined()
    let good = try spawn(["shard-for", "--shards", "20000", "--stdin"], input: keys.joined(separator: "\r\n") + "\r\n")
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stderr.isEmpty)
    #expect(good.stdout == expected)
    let bad = try spawn(["shard-for", "--shards", "4", "--stdin"], input: keys.joined(separator: "\n") + "\n\nlast\n")
    #expect(bad.status == 2)
    #expect(bad.stdout.isEmpty)
    #expect(
      bad.stderr
        == "Error: partition key on line 100001 of standard input is empty (PartitionKey is 1 to 256 code points)\n")
  }
}
