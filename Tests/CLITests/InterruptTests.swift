import Foundation
import Testing

@testable import MsgsimCLI

/// A scenario whose run takes about a quarter of a second in a debug build,
/// a little over a third of it simulating and the rest formatting and
/// writing a 1.3 MB metrics.csv (1 s metrics periods), so that a signal at
/// a random moment lands in either phase.
let victimScenario = """
  {
    name: "victim", duration: "15m", seed: 11, metricsPeriod: "1s",
    queues: [{ name: "orders", receiveWaitTime: "20s" }],
    producers: [{ name: "web", target: "queue:orders", arrivals: { process: "poisson", rate: 200 } }],
    consumers: [{ name: "workers", source: "queue:orders", count: 4, processingTime: { exponential: "50ms" } }],
  }
  """

/// The files of the report folder `path`, by name (`nil` if it is missing).
func reportFiles(_ path: String) -> [String: Data]? {
  guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
  var files: [String: Data] = [:]
  for name in names { files[name] = FileManager.default.contents(atPath: path + "/" + name) }
  return files
}

/// SplitMix64: the test's own seeded generator for the delays.
struct SplitMix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Signals and concurrent runs never cost the user a report: there is
/// always exactly one complete report at the target (or none before the
/// first run completes), and no temporary folder survives a clean run.
@Suite("Interrupts and concurrent runs", .serialized)
struct InterruptTests {
  let fm = FileManager.default

  @Test("SIGINT, SIGTERM and SIGKILL at random moments: always one complete report or none; no leftovers")
  func killAtRandomMoments() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let scenario = write(victimScenario, to: "victim.json5", in: folder)
    let first = try spawnMsgsim(["run", scenario, "--out", folder + "/reference", "--quiet"])
    #expect(first.exitStatus == 0, "\(first.stderr)")
    let reference = try #require(reportFiles(folder + "/reference/victim"))
    #expect(reference.count == 4)

    let out = folder + "/out"
    var random = SplitMix64(state: 20_251_201)
    var sawReport = false
    var tally: [String: Int] = [:]
    for run in 0..<20 {
      let signal = [SIGINT, SIGTERM, SIGKILL][Int(random.next() % 3)]
      let delay = UInt32(random.next() % 280_000)
      let process = try SpawnedProcess(["run", scenario, "--out", out, "--quiet"], stdout: .discarded)
      // The random moment counts from when msgsim listens for signals
      // (before it reads the scenario), so SIGINT and SIGTERM must never kill it.
      #if os(Linux)
        var waited = 0
        while !catches(process.pid, SIGTERM) && waited < 2_000 {
          usleep(1_000)
          waited += 1
        }
        #expect(catches(process.pid, SIGTERM), "run \(run): msgsim does not catch SIGTERM")
      #else
        usleep(30_000)
      #endif
      usleep(delay)
      kill(process.pid, signal)
      let outcome = process.wait(timeout: 20)
      let name = Interrupts.name(signal)
      let context = "run \(run): \(name) after \(delay / 1000) ms: exit \(outcome.exitStatus.map(String.init) ?? "-"), signal \(outcome.signal ?? 0): \(outcome.stderr)"
      if let status = outcome.exitStatus {
        #expect(status == 0 || (signal != SIGKILL && status == 128 + signal), "\(context)")
        if status == 128 + signal {
          #expect(outcome.stderr.hasPrefix("msgsim run victim: interrupted by \(name) "), "\(context)")
          #expect(outcome.stderr.contains("no report written"), "\(context)")
        } else {
          #expect(outcome.stderr.isEmpty, "\(context)")
        }
        let phase = outcome.stderr.contains("while writing") ? " while writing" : status == 0 ? "" : " while simulating"
        tally[(status == 0 ? "finished" : "exit \(status)") + phase, default: 0] += 1
      } else {
        #expect(outcome.signal == SIGKILL && signal == SIGKILL, "\(context)")
        tally["killed by \(name)", default: 0] += 1
      }
      let entries = (try? fm.contentsOfDirectory(atPath: out)) ?? []
      let visible = entries.filter { !$0.hasPrefix(".") }
      if visible.isEmpty {
        #expect(!sawReport, "the report disappeared: \(context); entries \(entries)")
      } else {
        sawReport = true
        #expect(visible == ["victim"], "\(context)")
        #expect(reportFiles(out + "/victim") == reference, "an incomplete report: \(context)")
      }
      // A process that handled its signal (or finished) leaves nothing of its own.
      let own = entries.filter { $0.hasPrefix(".") && $0.contains("-\(process.pid)") }
      if outcome.signal == nil {
        #expect(own.isEmpty, "\(context): left \(own)")
      } else if !own.isEmpty {
        tally["left a temporary folder", default: 0] += 1
      }
    }
    let last = try spawnMsgsim(["run", scenario, "--out", out, "--quiet"])
    #expect(last.exitStatus == 0, "\(last.stderr)")
    #expect(try fm.contentsOfDirectory(atPath: out) == ["victim"])
    #expect(reportFiles(out + "/victim") == reference)
    print("kill test: 20 runs: \(tally.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))")
  }

  @Test("three runs at once into one folder, five times: each exits 0, one complete report, no leftovers")
  func concurrentRuns() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let scenario = write(victimScenario, to: "victim.json5", in: folder)
    let out = folder + "/out"
    var reference: [String: Data]?
    for round in 0..<5 {
      let processes = try (0..<3).map { _ in
        try SpawnedProcess(["run", scenario, "--out", out, "--quiet"], stdout: .discarded)
      }
      let outcomes = processes.map { $0.wait(timeout: 30) }
      for outcome in outcomes {
        #expect(outcome.exitStatus == 0 && outcome.stderr.isEmpty, "round \(round): \(outcome)")
      }
      #expect(try fm.contentsOfDirectory(atPath: out) == ["victim"], "round \(round)")
      let report = reportFiles(out + "/victim")
      #expect(report?.count == 4, "round \(round)")
      if reference == nil { reference = report }
      #expect(report == reference, "round \(round)")
    }
  }

  @Test("an interrupt during the simulation: exit 128 + signal, a message, no report and no temporary folder")
  func interruptedSimulation() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    #expect(executeMsgsim(["run", scenario, "--out", folder + "/out", "--quiet"]).status == 0)
    let before = reportFiles(folder + "/out/tiny")
    for signal in [SIGINT, SIGTERM] {
      let output = executeMsgsim(
        ["run", scenario, "--out", folder + "/out", "--seed", "9"], context: RunContext(interruption: { signal }))
      #expect(output.status == 128 + signal)
      #expect(output.stdout.isEmpty)
      #expect(output.stderr.hasPrefix("msgsim run tiny: interrupted by \(Interrupts.name(signal)) at "), "\(output.stderr)")
      #expect(output.stderr.hasSuffix(" of 10m simulated; no report written\n"), "\(output.stderr)")
      #expect(try fm.contentsOfDirectory(atPath: folder + "/out") == ["tiny"])
      #expect(reportFiles(folder + "/out/tiny") == before)
    }
  }

  @Test("an interrupt while writing: the temporary folder is removed and the old report kept")
  func interruptedWrite() throws {
    let folder = temporaryFolder()
    defer { try? fm.removeItem(atPath: folder) }
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    #expect(executeMsgsim(["run", scenario, "--out", folder, "--quiet"]).status == 0)
    let before = reportFiles(folder + "/tiny")
    // Not interrupted while simulating; interrupted from the moment the
    // writer's temporary folder exists.
    var writing = false
    let context = RunContext(interruption: {
      writing = writing || (try? FileManager.default.contentsOfDirectory(atPath: folder))?.contains {
        $0.hasPrefix(".tiny.partial-")
      } == true
      return writing ? SIGTERM : nil
    })
    let output = executeMsgsim(["run", scenario, "--out", folder, "--quiet", "--seed", "9"], context: context)
    #expect(output.status == 143, "\(output.stderr)")
    #expect(output.stderr.hasPrefix("msgsim run tiny: interrupted by SIGTERM while writing the report; no report written"), "\(output.stderr)")
    #expect(try fm.contentsOfDirectory(atPath: folder).sorted() == ["tiny", "tiny.json5"])
    #expect(reportFiles(folder + "/tiny") == before)
  }
}
