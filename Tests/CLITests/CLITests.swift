import Foundation
import Testing
@testable import MsgsimCLI

/// A fresh temporary folder per test.
func temporaryFolder() -> String {
  let path = NSTemporaryDirectory() + "msgsim-cli-\(UUID().uuidString)"
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// Writes `text` to `folder/name` and returns the path.
func write(_ text: String, to name: String, in folder: String) -> String {
  let path = folder + "/" + name
  _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
  return path
}

let tinyScenario = """
  {
    name: "tiny", duration: "10m", seed: 3, warmup: "1m",
    queues: [{ name: "orders", receiveWaitTime: "20s" }],
    producers: [{ name: "web", target: "queue:orders", arrivals: { process: "poisson", rate: 5 } }],
    consumers: [{ name: "workers", source: "queue:orders", count: 2,
                  processingTime: { exponential: "100ms" } }],
    expect: [{ resource: "queue/orders", metric: "MessagesLost", equals: 0 }],
  }
  """

@Suite("Command line")
struct CLITests {
  @Test("help and version go to stdout with exit 0")
  func helpAndVersion() {
    let help = executeMsgsim(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.hasPrefix("OVERVIEW:"))
    #expect(help.stdout.contains("SUBCOMMANDS:"))
    #expect(executeMsgsim(["--version"]).stdout == msgsimVersion + "\n")
    for command in ["run", "validate", "shard-for", "filter-test", "bench"] {
      let text = executeMsgsim(["help", command])
      #expect(text.status == 0 && text.stdout.contains("USAGE: msgsim \(command)"), "\(command)")
      #expect(executeMsgsim([command, "--help"]).stdout == text.stdout)
    }
  }

  @Test("usage errors: exit 2, argument-parser layout on stderr", arguments: [
    (["frobnicate"], "Error: unknown command 'frobnicate'\n"),
    (["rn"], "Error: unknown command 'rn' (did you mean 'run'?)\n"),
    // Two transpositions from 'shard-for': 4 edits for commands and options,
    // whose suggestions do not count a transposition as one edit.
    (["hsard-fro"], "Error: unknown command 'hsard-fro'\n"),
    (["run"], "Error: missing scenario FILE\n"),
    (["run", "a.json5", "--sed", "1"], "Error: unknown option '--sed' (did you mean '--seed'?)\n"),
    (["run", "a.json5", "--seed", "-1"], "Error: '--seed' takes a whole number from 0 to 18446744073709551615, not '-1'\n"),
    (["run", "a.json5", "--set", "novalue"], "Error: '--set' takes PATH=VALUE, e.g. --set consumers.workers.count=12\n"),
    (["shard-for", "--shards", "0", "k"], "Error: '--shards' takes a whole number from 1 to 20000, not '0'\n"),
    (["shard-for", "k"], "Error: missing '--shards N'\n"),
    (["filter-test", "--policy", "p.json"], "Error: missing '--message FILE'\n"),
    (["bench", "--only", "nope"], "Error: '--only' takes one of hold, baseline, mmc, run-mmc, report100, queues, backlog, filter, fanout, kinesis, trucks\n"),
  ])
  func usageErrors(arguments: [String], firstLine: String) {
    let output = executeMsgsim(arguments)
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.hasPrefix(firstLine), "\(output.stderr)")
    #expect(output.stderr.contains("\nUsage: msgsim"))
    #expect(output.stderr.hasSuffix("for more information.\n"))
  }

  @Test("run writes metrics, summary and events and prints the table")
  func runWritesReport() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    let output = executeMsgsim(["run", scenario, "--out", folder + "/out"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("queue/orders"))
    #expect(output.stdout.contains("expectations: 1 of 1 met"))
    let metrics = try String(contentsOfFile: folder + "/out/tiny/metrics.csv", encoding: .utf8)
    #expect(metrics.hasPrefix("time_s,resource,metric,value\n0,queue/orders,NumberOfMessagesSent,"))
    let summary = try String(contentsOfFile: folder + "/out/tiny/summary.csv", encoding: .utf8)
    #expect(summary.hasPrefix("resource,metric,value\n"))
    #expect(summary.contains("queue/orders,MessagesLost,0\n"))
    for metric in ["QueueTime.mean", "QueueTime.p50", "QueueTime.p90", "QueueTime.p99", "EndToEndLatency.max",
      "DuplicateDeliveries", "OrderingViolations", "MessagesExpired", "MessagesMovedToDLQ"]
    {
      #expect(summary.contains("queue/orders,\(metric),"), "\(metric)")
    }
    let events = try String(contentsOfFile: folder + "/out/tiny/events.csv", encoding: .utf8)
    #expect(events.hasPrefix("time_s,resource,event,detail\n"))
    // No temporary folders are left behind.
    let entries = try FileManager.default.contentsOfDirectory(atPath: folder + "/out")
    #expect(entries == ["tiny"])
  }

  @Test("the same file and seed give byte-identical reports; --seed changes them")
  func determinism() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    #expect(executeMsgsim(["run", scenario, "--out", folder + "/a", "--quiet"]).status == 0)
    #expect(executeMsgsim(["run", scenario, "--out", folder + "/b", "--quiet"]).status == 0)
    #expect(executeMsgsim(["run", scenario, "--out", folder + "/c", "--quiet", "--seed", "4"]).status == 0)
    for file in ["metrics.csv", "summary.csv", "events.csv"] {
      let a = FileManager.default.contents(atPath: "\(folder)/a/tiny/\(file)")
      let b = FileManager.default.contents(atPath: "\(folder)/b/tiny/\(file)")
      #expect(a != nil && a == b, "\(file)")
    }
    #expect(
      FileManager.default.contents(atPath: "\(folder)/a/tiny/summary.csv")
        != FileManager.default.contents(atPath: "\(folder)/c/tiny/summary.csv"))
  }

  @Test("--set overrides a value before validation; --quiet prints nothing")
  func overrides() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    let output = executeMsgsim([
      "run", scenario, "--out", folder, "--quiet", "--set", "consumers.workers.count=0",
      "--set", "expect.0.metric=NumberOfMessagesDeleted",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.isEmpty)
    let summary = try String(contentsOfFile: folder + "/tiny/summary.csv", encoding: .utf8)
    #expect(summary.contains("queue/orders,NumberOfMessagesDeleted,0\n"))
    let bad = executeMsgsim(["run", scenario, "--out", folder, "--set", "consumers.wrokers.count=3"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("did you mean 'workers'"), "\(bad.stderr)")
    let badValue = executeMsgsim(["run", scenario, "--out", folder, "--set", "queues.orders.visibilityTimeout=abc"])
    #expect(badValue.status == 2)
    #expect(
      badValue.stderr
        == "--set queues.orders.visibilityTimeout=abc: queues[0].visibilityTimeout: 'abc' is not a valid duration: expected a number followed by a unit (ns, us, ms, s, m, h or d)\n")
  }

  @Test("a failed expectation exits 1 and still writes the report")
  func failedExpectation() {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let scenario = write(
      tinyScenario.replacingOccurrences(of: "metric: \"MessagesLost\", equals: 0", with: "metric: \"NumberOfMessagesSent\", max: 10"),
      to: "tiny.json5", in: folder)
    let output = executeMsgsim(["run", scenario, "--out", folder, "--quiet"])
    #expect(output.status == 1)
    #expect(output.stderr.hasPrefix("Error: 1 of 1 expectations failed\n  FAIL queue/orders NumberOfMessagesSent <= 10 (was "))
    #expect(FileManager.default.fileExists(atPath: folder + "/tiny/summary.csv"))
  }

  @Test("bad scenarios exit 2 with file, JSON path and reason on stderr")
  func badScenario() {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let scenario = write(
      tinyScenario.replacingOccurrences(of: "receiveWaitTime: \"20s\"", with: "receiveWaitTime: \"25s\""),
      to: "bad.json5", in: folder)
    let run = executeMsgsim(["run", scenario, "--out", folder])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("\(scenario): queues[0].receiveWaitTime: "), "\(run.stderr)")
    #expect(run.stderr.contains("20s"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/tiny"))
    let missing = executeMsgsim(["run", folder + "/nope.json5"])
    #expect(missing.status == 2)
    #expect(missing.stderr.hasPrefix(folder + "/nope.json5: "))
  }

  @Test("validate reports ok per valid file and exits 2 if any is bad")
  func validate() {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let good = write(tinyScenario, to: "good.json5", in: folder)
    let bad = write("{ queues: [{ nam: 'x' }] }", to: "bad.json5", in: folder)
    let output = executeMsgsim(["validate", good, bad])
    #expect(output.status == 2)
    #expect(output.stdout == "\(good): ok\n")
    #expect(output.stderr.contains("\(bad): queues[0].nam: unknown key (did you mean 'name'?)"), "\(output.stderr)")
    #expect(executeMsgsim(["validate", good]).status == 0)
  }

  @Test("every shipped scenario validates")
  func shippedScenariosValidate() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let folder = root.appendingPathComponent("Scenarios").path
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json5") }.sorted()
    #expect(files.count >= 5)
    let output = executeMsgsim(["validate"] + files.map { folder + "/" + $0 })
    #expect(output.status == 0, "\(output.stderr)")
  }

  @Test("shard-for prints KEY, HASH and SHARD_ID")
  func shardFor() {
    let output = executeMsgsim(["shard-for", "--shards", "4", "a", "user-42"])
    #expect(output.status == 0)
    let lines = output.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("a\t") && lines[0].hasSuffix("\tshardId-000000000000"))
    #expect(lines[1].hasPrefix("user-42\t") && lines[1].hasSuffix("\tshardId-000000000001"))
  }

  @Test("filter-test: match 0, no match 1, invalid policy 2")
  func filterTest() {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let policy = write(#"{"event": ["order_placed"]}"#, to: "policy.json", in: folder)
    let placed = write(#"{"event": {"DataType": "String", "StringValue": "order_placed"}}"#, to: "m1.json", in: folder)
    let cancelled = write(#"{"event": {"DataType": "String", "StringValue": "order_cancelled"}}"#, to: "m2.json", in: folder)
    let invalid = write(#"{"event": []}"#, to: "bad.json", in: folder)
    let match = executeMsgsim(["filter-test", "--policy", policy, "--message", placed])
    #expect(match.status == 0 && match.stdout == "match\n")
    let noMatch = executeMsgsim(["filter-test", "--policy", policy, "--message", cancelled])
    #expect(noMatch.status == 1 && noMatch.stdout.hasPrefix("no match"))
    #expect(noMatch.stdout.contains("event"))
    let bad = executeMsgsim(["filter-test", "--policy", invalid, "--message", placed])
    #expect(bad.status == 2 && !bad.stderr.isEmpty)
  }
}

@Suite("Help text")
struct HelpTextTests {
  @Test("the overview claims only the services that are simulated")
  func overviewIsHonest() {
    let help = executeMsgsim(["--help"]).stdout
    let overview = help.split(separator: "\n").prefix(while: { !$0.hasPrefix("USAGE") }).joined(separator: " ")
    #expect(overview.contains("SQS"))
    #expect(!overview.contains("(SQS, SNS, Kinesis)"))
    #expect(overview.contains("not simulated yet"))
  }
}
