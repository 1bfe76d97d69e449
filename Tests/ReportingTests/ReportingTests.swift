import Foundation
import Synchronization
import Testing
@testable import SimModels
@testable import Reporting

@Suite("Reporting")
struct ReportingTests {
  @Test("numbers format the same way every time", arguments: [
    (0.0, "0"), (60.0, "60"), (-3.0, "-3"), (0.5, "0.5"), (1.0 / 3.0, "0.333333"), (2.0e-7, "0"),
    (-2.0e-7, "0"), (123456.789, "123456.789"), (1e15, "1000000000000000"), (.infinity, "Inf"), (.nan, "NaN"),
  ])
  func numbers(value: Double, text: String) {
    #expect(formatNumber(value) == text)
  }

  @Test("CSV fields with commas, quotes or newlines are quoted")
  func csvQuoting() {
    var csv = CSVWriter(header: ["a", "b"])
    csv.appendRow(["x,y", "say \"hi\""])
    csv.appendRow(["line\nbreak", "plain"])
    #expect(csv.text == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",plain\n")
  }

  @Test("seconds print without a fraction when whole")
  func seconds() {
    #expect(formatSeconds(60_000_000_000) == "60")
    #expect(formatSeconds(1_500_000_000) == "1.5")
  }

  @Test("an expectation's outcome reads as one line, its bounds in words")
  func expectationLines() {
    let lost = Expectation(resource: "queue/q", metric: "MessagesLost", equals: 0)
    #expect(ExpectationOutcome(expectation: lost, value: 0).line == "ok   queue/q MessagesLost = 0 (was 0)")
    let atLeastOne = Expectation(resource: "queue/q", metric: "MessagesLost", min: 1)
    #expect(ExpectationOutcome(expectation: atLeastOne, value: 0).line == "FAIL queue/q MessagesLost >= 1 (was 0)")
    let unknown = Expectation(resource: "queue/q", metric: "Nope", max: 1)
    #expect(ExpectationOutcome(expectation: unknown, value: nil).line == "FAIL queue/q Nope <= 1 (not reported by this run)")
    #expect(Expectation(resource: "c/w", metric: "Utilization", min: 0.4, max: 1).boundsDescription == ">= 0.4, <= 1")
  }

  @Test("a report replaces the previous one whole and leaves no temporary folder")
  func atomicReplace() throws {
    let folder = NSTemporaryDirectory() + "msgsim-report-\(UUID().uuidString)"
    let first = ReportFiles(RunResult(name: "r", metrics: [], summary: [], events: [], processedEvents: 0, peakMessageSlots: 0))
    _ = try ReportWriter.write(first, name: "r", into: folder)
    var second = first
    second.summary = "resource,metric,value\nqueue/q,MessagesLost,0\n"
    let path = try ReportWriter.write(second, name: "r", into: folder)
    #expect(try String(contentsOfFile: path + "/summary.csv", encoding: .utf8) == second.summary)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["r"])
    try FileManager.default.removeItem(atPath: folder)
  }

  @Test("the writer itself refuses to replace what msgsim did not write, and leaves no temporary folder")
  func writerRefusesForeignTargets() throws {
    let fm = FileManager.default
    let folder = NSTemporaryDirectory() + "msgsim-report-\(UUID().uuidString)"
    defer { try? fm.removeItem(atPath: folder) }
    try fm.createDirectory(atPath: folder + "/r", withIntermediateDirectories: true)
    #expect(fm.createFile(atPath: folder + "/r/thesis.tex", contents: Data("chapter 1".utf8)))
    let files = ReportFiles(RunResult(name: "r", metrics: [], summary: [], events: [], processedEvents: 0, peakMessageSlots: 0))
    #expect(ReportWriter.targetProblem(name: "r", in: folder)?.hasPrefix("'\(folder)/r' is a folder msgsim did not write") == true)
    #expect(throws: ReportWriter.WriteError.self) { try ReportWriter.write(files, name: "r", into: folder) }
    #expect(try fm.contentsOfDirectory(atPath: folder) == ["r"])
    #expect(try fm.contentsOfDirectory(atPath: folder + "/r") == ["thesis.tex"])
    #expect(ReportWriter.targetProblem(name: "new", in: folder) == nil)
  }

  @Test("manifests: deterministic text, read back; another program's manifest.json is not one")
  func manifests() throws {
    let manifest = ReportManifest(
      msgsimVersion: "9.9", name: "q", scenarioFile: "dir/\"odd\"\\name.json5", seed: UInt64.max,
      overrides: ["a.b=1"], files: ["metrics.csv"])
    #expect(manifest.text == manifest.text)
    #expect(manifest.text.contains(#""scenario": "dir/\"odd\"\\name.json5""#))
    #expect(manifest.text.contains(#""seed": 18446744073709551615"#))
    let read = try #require(ReportManifest(parsing: Data(manifest.text.utf8)))
    #expect(read.name == "q" && read.files == ["metrics.csv"] && read.overrides == ["a.b=1"] && read.scenarioFile == manifest.scenarioFile)
    #expect(ReportManifest(parsing: Data(#"{"name": "app", "files": []}"#.utf8)) == nil)
    #expect(ReportManifest(parsing: Data("not json".utf8)) == nil)
    // A manifest cannot make msgsim remove files outside its folder.
    #expect(ReportManifest(parsing: Data(#"{"format": "msgsim-report", "files": ["../x"]}"#.utf8)) == nil)
  }

  @Test("an unwritable report folder is an error, not a crash")
  func unwritable() {
    let files = ReportFiles(RunResult(name: "r", metrics: [], summary: [], events: [], processedEvents: 0, peakMessageSlots: 0))
    #expect(throws: ReportWriter.WriteError.self) {
      try ReportWriter.write(files, name: "r", into: "/proc/msgsim-cannot-write-here")
    }
  }
}

@Suite("Summary table")
struct SummaryTableTests {
  @Test("durations in the unit a person reads", arguments: [
    (0.0004, "0.40ms"), (0.0123, "12ms"), (0.5, "500ms"), (1.25, "1.25s"), (42.0, "42.0s"),
    (245.0, "4m05s"), (46_317.0, "12h51m"), (3.0 * 86_400 + 4 * 3_600, "3d04h"),
  ])
  func durations(seconds: Double, text: String) {
    #expect(SummaryTable.duration(seconds) == text)
  }

  @Test("each lesson's key figure is on the table: order violations, reorders, throttling, age, messages left, discarded notifications")
  func lessonFigures() {
    let result = RunResult(
      name: "t",
      metrics: [],
      summary: [
        SummaryRow(resource: "queue/q.fifo", metric: "NumberOfMessagesSent", value: 100),
        SummaryRow(resource: "queue/q.fifo", metric: "OrderingViolations", value: 7),
        SummaryRow(resource: "queue/q.fifo", metric: "ThrottledRequests", value: 42_214),
        SummaryRow(resource: "queue/q.fifo", metric: "ApproximateAgeOfOldestMessage.max", value: 46_317),
        SummaryRow(resource: "queue/q.fifo", metric: "ApproximateNumberOfMessagesVisible", value: 30),
        SummaryRow(resource: "queue/q.fifo", metric: "ApproximateNumberOfMessagesNotVisible", value: 3),
        SummaryRow(resource: "queue/q.fifo", metric: "MessagesLost", value: 0),
        SummaryRow(resource: "topic/t", metric: "NotificationsDiscarded", value: 259),
        SummaryRow(resource: "topic/t", metric: "MessagesLost", value: 0),
        SummaryRow(resource: "producer/p", metric: "ProducerReorders", value: 305),
      ],
      events: [], processedEvents: 0, peakMessageSlots: 0)
    let text = SummaryTable.render(result, outcomes: [], header: "h")
    let lines = text.split(separator: "\n").map(String.init)
    func row(_ resource: String) -> [String] {
      lines.first { $0.hasPrefix(resource + " ") }!.split(separator: " ").map(String.init)
    }
    #expect(lines.contains { $0.contains("order violations") && $0.contains("throttled") && $0.contains("oldest max") && $0.contains("left") })
    #expect(row("queue/q.fifo").contains("42,214"))
    #expect(row("queue/q.fifo").contains("12h51m"))
    #expect(row("queue/q.fifo").contains("33"))
    #expect(row("queue/q.fifo").contains("7"))
    #expect(lines.contains { $0.contains("discarded") })
    #expect(row("topic/t").contains("259"))
    #expect(lines.contains { $0.contains("reorders") })
    #expect(row("producer/p").contains("305"))
  }
}

/// The writer's swap, its clean-up of what dead processes left, and
/// concurrent writers.
@Suite("Report writer: atomic replacement")
struct ReportReplacementTests {
  let fm = FileManager.default

  func report(_ summary: String) -> ReportFiles {
    var files = ReportFiles(RunResult(name: "r", metrics: [], summary: [], events: [], processedEvents: 0, peakMessageSlots: 0))
    files.summary = summary
    return files
  }

  func folder() -> String {
    let path = NSTemporaryDirectory() + "msgsim-report-\(UUID().uuidString)"
    try? fm.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("a dead process's leftovers are removed (a set-aside report put back); live processes' and foreign ones are kept")
  func staleTemporaries() throws {
    let parent = folder()
    defer { try? fm.removeItem(atPath: parent) }
    // No process has this id (above any pid_max).
    let dead = Int32.max
    let own = ProcessInfo.processInfo.processIdentifier
    _ = try ReportWriter.write(report("q\n"), name: "q", into: parent)
    try fm.moveItem(atPath: parent + "/q", toPath: parent + "/.q.previous-\(dead)")
    for stale in [".r.partial-\(dead)-0000abcd", ".r.partial-\(dead)", ".old.previous-\(dead)"] {
      try fm.createDirectory(atPath: parent + "/" + stale, withIntermediateDirectories: false)
      #expect(fm.createFile(atPath: parent + "/" + stale + "/metrics.csv", contents: Data("time_s".utf8)))
    }
    #expect(fm.createFile(atPath: parent + "/.old.previous-\(dead)/.summary.csv.A1b2C3", contents: Data()))
    #expect(fm.createFile(atPath: parent + "/.msgsim-write-probe-\(dead)-12", contents: Data("x".utf8)))
    let kept = [".x.partial-\(dead)", ".r.partial-\(own)-00000001", ".r.partial-1", ".notes.partial-x"]
    for name in kept { try fm.createDirectory(atPath: parent + "/" + name, withIntermediateDirectories: false) }
    #expect(fm.createFile(atPath: parent + "/.x.partial-\(dead)/thesis.tex", contents: Data("mine".utf8)))
    ReportWriter.removeStaleTemporaries(in: parent)
    #expect(try fm.contentsOfDirectory(atPath: parent).sorted() == (kept + ["q"]).sorted())
    #expect(try String(contentsOfFile: parent + "/q/summary.csv", encoding: .utf8) == "q\n")
    #expect(fm.contents(atPath: parent + "/.x.partial-\(dead)/thesis.tex") == Data("mine".utf8))
  }

  @Test("temporary names: .NAME.partial-PID[-HEX], .NAME.previous-PID, .msgsim-write-probe-PID-N")
  func staleNames() {
    #expect(StaleEntry(".a.b.partial-12-00ff00ff") == StaleEntry(kind: .partial, pid: 12))
    #expect(StaleEntry(".a.partial-3.partial-12") == StaleEntry(kind: .partial, pid: 12))
    #expect(StaleEntry(".orders.previous-77") == StaleEntry(kind: .previous(name: "orders"), pid: 77))
    #expect(StaleEntry(".msgsim-write-probe-5-123") == StaleEntry(kind: .probe, pid: 5))
    for name in [".partial-12", ".a.partial-", ".a.partial-x", ".a.partial-12-", ".a.partial-12-xyz", "a.partial-12", ".a.partial--1"] {
      #expect(StaleEntry(name) == nil, "\(name)")
    }
  }

  @Test("the writer leaves an old report whole when told to stop")
  func stopLeavesOldReport() throws {
    let parent = folder()
    defer { try? fm.removeItem(atPath: parent) }
    _ = try ReportWriter.write(report("old\n"), name: "r", into: parent)
    var asked = 0
    #expect(throws: ReportWriter.Interrupted.self) {
      try ReportWriter.write(report("new\n"), name: "r", into: parent, shouldStop: {
        asked += 1
        return asked == 3
      })
    }
    #expect(try fm.contentsOfDirectory(atPath: parent) == ["r"])
    #expect(try String(contentsOfFile: parent + "/r/summary.csv", encoding: .utf8) == "old\n")
  }

  #if os(Linux) || canImport(Darwin)
    @Test("exchange swaps two folders in one step; no-replace refuses an existing target")
    func atomicPrimitives() throws {
      let parent = folder()
      defer { try? fm.removeItem(atPath: parent) }
      try fm.createDirectory(atPath: parent + "/a/x", withIntermediateDirectories: true)
      try fm.createDirectory(atPath: parent + "/b/y", withIntermediateDirectories: true)
      #expect(AtomicRename.exchange(parent + "/a", parent + "/b") == 0)
      #expect(try fm.contentsOfDirectory(atPath: parent + "/a") == ["y"])
      #expect(try fm.contentsOfDirectory(atPath: parent + "/b") == ["x"])
      #expect(AtomicRename.renameNoReplace(parent + "/a", parent + "/b") == EEXIST)
      try fm.createDirectory(atPath: parent + "/empty", withIntermediateDirectories: true)
      #expect(AtomicRename.renameNoReplace(parent + "/a", parent + "/empty") == EEXIST)
      #expect(AtomicRename.renameNoReplace(parent + "/a", parent + "/c") == 0)
      #expect(try fm.contentsOfDirectory(atPath: parent).sorted() == ["b", "c", "empty"])
    }
  #endif

  @Test("four writers replacing one report 25 times each, at once: all succeed, one complete report, no leftovers")
  func concurrentWriters() throws {
    let parent = folder()
    defer { try? fm.removeItem(atPath: parent) }
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 4) { writer in
      for round in 0..<25 {
        do {
          _ = try ReportWriter.write(report("writer \(writer) round \(round)\n"), name: "r", into: parent)
        } catch {
          failures.withLock { $0.append("writer \(writer) round \(round): \(error)") }
        }
      }
    }
    #expect(failures.withLock { $0 } == [])
    #expect(try fm.contentsOfDirectory(atPath: parent) == ["r"])
    #expect(try fm.contentsOfDirectory(atPath: parent + "/r").sorted() == ["events.csv", "manifest.json", "metrics.csv", "summary.csv"])
    let summary = try String(contentsOfFile: parent + "/r/summary.csv", encoding: .utf8)
    #expect(summary.hasPrefix("writer ") && summary.hasSuffix(" round 24\n"), "\(summary)")
  }
}
