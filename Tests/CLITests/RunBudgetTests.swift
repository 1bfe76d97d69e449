import Foundation
import ScenarioFormat
import SimModels
import Testing

@testable import MsgsimCLI

/// `run` refuses, before simulating, a run whose estimated peak memory or
/// event count is above its limit (exit 2, the figure and the limit on
/// stderr, nothing written); `--max-memory` and `--max-events` move them.
@Suite("Up-front size check")
struct RunBudgetTests {
  let fm = FileManager.default

  func run(_ extra: [String], in folder: String) -> CommandOutput {
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    return executeMsgsim(["run", scenario, "--out", folder + "/out", "--quiet"] + extra)
  }

  @Test("10⁷ msg/s for 30 days is refused with the estimated memory and events, whatever the machine")
  func hugeRate() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let sets = ["--set", "producers.web.arrivals.rate=10000000", "--set", "duration=30d"]
    for limit in [[], ["--max-memory", "64GiB"]] {
      let output = run(sets + limit, in: folder)
      #expect(output.status == 2)
      #expect(output.stdout.isEmpty)
      let lines = output.stderr.split(separator: "\n").map(String.init)
      #expect(lines.count == 2, "\(output.stderr)")
      #expect(lines.first?.contains(": this run would need about 2.49 PiB of memory at its peak (estimated before simulating: 2.59×10¹³ messages") == true, "\(output.stderr)")
      #expect(lines.first?.contains(limit.isEmpty ? "% of this machine's " : "above the limit of 64 GiB set by --max-memory") == true, "\(output.stderr)")
      #expect(lines.first?.contains("--max-memory SIZE") == true)
      #expect(lines.last?.contains(": this run would process about 1.56×10¹⁴ events") == true, "\(output.stderr)")
      #expect(lines.last?.contains("above the default limit of 2×10¹⁰ events") == true)
      #expect(lines.last?.contains("--max-events N") == true)
    }
    #expect(!fm.fileExists(atPath: folder + "/out"))
  }

  @Test("a 30-day run with 1 s metrics periods is refused with the figure")
  func fineMetrics() {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    // 2,592,000 periods of 45 rows: 1.17×10⁸ rows, about 17.4 GiB estimated
    // (a fixed limit, so the test does not depend on this machine's memory).
    let output = run(["--set", "duration=30d", "--set", "metricsPeriod=1s", "--max-memory", "16GiB"], in: folder)
    #expect(output.status == 2)
    #expect(
      output.stderr.contains(
        "this run would need about 17.4 GiB of memory at its peak (estimated before simulating: 1.3×10⁷ messages, 1.17×10⁸ rows of metrics.csv), above the limit of 16 GiB set by --max-memory"),
      "\(output.stderr)")
    #expect(!output.stderr.contains("events"), "\(output.stderr)")
    #expect(!fm.fileExists(atPath: folder + "/out"))
  }

  @Test("the limits can be lowered and raised; the tiny scenario runs within them")
  func flagsMoveTheLimits() {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let small = run(["--max-memory", "1MiB"], in: folder)
    #expect(small.status == 2)
    #expect(small.stderr.contains("above the limit of 1 MiB set by --max-memory"), "\(small.stderr)")
    let few = run(["--max-events", "100"], in: folder)
    #expect(few.status == 2)
    #expect(few.stderr.contains("above the limit of 100 events set by --max-events"), "\(few.stderr)")
    #expect(run(["--max-memory", "64GiB", "--max-events", "1e9"], in: folder).status == 0)
    #expect(run(["--max-memory=512MB", "--max-events=50000"], in: folder).status == 0)
  }

  @Test("every shipped scenario (the quick start first) is within the default limits")
  func shippedScenariosPass() throws {
    let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Scenarios")
    let files = try fm.contentsOfDirectory(atPath: scenarios.path).filter { $0.hasSuffix(".json5") }.sorted()
    #expect(files.contains("quickstart.json5"))
    for file in files {
      let scenario = try ScenarioLoader.load(path: scenarios.appendingPathComponent(file).path)
      #expect(RunBudget().problems(RunEstimate(scenario.world)) == [], "\(file)")
    }
  }

  @Test("bad --max-memory and --max-events values are usage errors", arguments: [
    ["--max-memory", "lots"], ["--max-memory", "64"], ["--max-memory", "64 GiB"], ["--max-memory", "0B"],
    ["--max-memory", "-1GiB"], ["--max-memory"], ["--max-events", "-5"], ["--max-events", "many"],
    ["--max-events", "0"], ["--max-events", "1.5"], ["--max-events"],
  ])
  func badValues(arguments: [String]) {
    let output = executeMsgsim(["run", "x.json5"] + arguments)
    #expect(output.status == 2)
    #expect(output.stderr.hasPrefix("Error: "), "\(output.stderr)")
    #expect(output.stderr.contains("'\(arguments[0])'"), "\(output.stderr)")
    #expect(output.stderr.contains("\nUsage: msgsim run"), "\(output.stderr)")
  }

  @Test("run --help lists both flags")
  func help() {
    let help = executeMsgsim(["run", "--help"]).stdout
    #expect(help.contains("--max-memory SIZE"))
    #expect(help.contains("--max-events N"))
  }

  @Test("figures as messages show them", arguments: [
    (512.0, "512 B"), (1536.0, "1.5 KiB"), (17.4 * 1_073_741_824, "17.4 GiB"), (2.49 * 1_125_899_906_842_624, "2.49 PiB"),
  ])
  func bytes(value: Double, text: String) {
    #expect(formatBytes(value) == text)
  }

  @Test("counts: grouped digits, then powers of ten", arguments: [
    (0.0, "0"), (18_070.0, "18,070"), (9_999_999.0, "9,999,999"), (2e10, "2×10¹⁰"), (1e7, "10⁷"), (2.592e13, "2.59×10¹³"),
    (9.999e10, "10¹¹"),
  ])
  func counts(value: Double, text: String) {
    #expect(formatCount(value) == text)
  }
}
