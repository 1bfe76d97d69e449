import Foundation
import Testing

@testable import MsgsimCLI

/// A run whose simulation takes about a second in a debug build (5.4 M
/// events), long enough for progress lines.
let longScenario = """
  {
    name: "long", duration: "1h", seed: 5,
    queues: [{ name: "orders", receiveWaitTime: "20s" }],
    producers: [{ name: "web", target: "queue:orders", arrivals: { process: "poisson", rate: 300 } }],
    consumers: [{ name: "workers", source: "queue:orders", count: 8, processingTime: { exponential: "10ms" } }],
  }
  """

@Suite("Progress")
struct ProgressTests {
  @Test("the line: simulated time of the duration, percentage, events/s and ETA")
  func line() {
    #expect(
      progressLine(now: 725_000_000_000, end: 3_600_000_000_000, events: 6_420_000, elapsed: 2)
        == "simulated 12m05s of 1h (20.1 %), 3.21M events/s, ETA 7.9s")
    #expect(
      progressLine(now: 0, end: 86_400_000_000_000 * 30, events: 0, elapsed: 0.5)
        == "simulated 0.0s of 30d (0.0 %), 0 events/s, ETA ?")
    #expect(
      progressLine(now: 45_000_000_000, end: 60_000_000_000, events: 12_345, elapsed: 1)
        == "simulated 45.0s of 1m (75.0 %), 12.3k events/s, ETA 0.3s")
    #expect(
      progressLine(now: 3_600_000_000_000, end: 3_600_000_000_000 * 48, events: 900, elapsed: 3_000)
        == "simulated 1h00m of 2d (2.0 %), 0 events/s, ETA 1d15h")
  }

  @Test("lines only after half a second, at most four a second, rewritten in place and cleared at the end")
  func reporter() {
    var time = 100.0
    var written = ""
    let reporter = ProgressReporter(clock: { time }, write: { written += $0; return true })
    let end: Int64 = 3_600_000_000_000
    reporter.update(now: 1_000_000_000, end: end, events: 1_000)
    time += 0.4
    reporter.update(now: 2_000_000_000, end: end, events: 2_000)
    #expect(written.isEmpty)
    time += 0.1
    reporter.update(now: 1_800_000_000_000, end: end, events: 3_000_000)
    #expect(written == "\rsimulated 30m00s of 1h (50.0 %), 6.00M events/s, ETA 0.5s")
    time += 0.1
    reporter.update(now: 2_000_000_000_000, end: end, events: 4_000_000)
    #expect(!written.contains("33m"))
    time += 0.2
    written = ""
    reporter.update(now: 3_599_000_000_000, end: end, events: 4_000_000)
    // A shorter line pads over the longer one it replaces.
    let line = "\rsimulated 59m59s of 1h (99.9 %), 5.00M events/s, ETA 0.0s"
    #expect(written.hasPrefix(line))
    let width = "simulated 30m00s of 1h (50.0 %), 6.00M events/s, ETA 0.5s".count
    #expect(written.count == max(line.count, width + 1))
    written = ""
    reporter.finish()
    #expect(written == "\r" + String(repeating: " ", count: line.count - 1) + "\r")
  }

  @Test("a failed write stops the progress; nothing shown means nothing to clear")
  func failedWrite() {
    var time = 0.0
    var calls = 0
    let reporter = ProgressReporter(clock: { time }, write: { _ in calls += 1; return false })
    reporter.finish()
    #expect(calls == 0)
    time = 1
    reporter.update(now: 1, end: 10, events: 1)
    time = 2
    reporter.update(now: 2, end: 10, events: 2)
    reporter.finish()
    #expect(calls == 1)
    #expect(reporter.failed)
  }

  @Test("shown on a terminal unless --quiet; --progress and --no-progress decide", arguments: [
    (nil, false, true, true), (nil, true, true, false), (nil, false, false, false), (false, false, true, false),
    (true, false, false, true), (true, true, false, true),
  ] as [(Bool?, Bool, Bool, Bool)])
  func decision(forced: Bool?, quiet: Bool, terminal: Bool, shown: Bool) {
    #expect(showsProgress(forced: forced, quiet: quiet, stderrIsTerminal: terminal) == shown)
  }

  @Test("--progress / --no-progress are run options; the last wins")
  func flags() {
    #expect(executeMsgsim(["run", "--help"]).stdout.contains("--progress"))
    #expect(executeMsgsim(["run", "--help"]).stdout.contains("--no-progress"))
    #expect(executeMsgsim(["run", "x.json5", "--progres"]).stderr.contains("did you mean '--progress'"))
  }

  @Test("a real run: progress on a terminal stderr and with --progress on a pipe; none on a pipe by default, never on stdout")
  func processes() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let scenario = write(longScenario, to: "long.json5", in: folder)
    let runs: [(name: String, arguments: [String], terminal: Bool)] = [
      ("terminal", [], true), ("pipe", [], false), ("pipe --progress --quiet", ["--progress", "--quiet"], false),
    ]
    #if os(Linux)
      let terminal = try PseudoTerminal()
    #endif
    let processes = try runs.enumerated().map { index, run -> SpawnedProcess in
      let arguments = ["run", scenario, "--out", folder + "/out\(index)"] + run.arguments
      #if os(Linux)
        if run.terminal { return try SpawnedProcess(arguments, stderr: .handle(terminal.secondary)) }
      #endif
      return try SpawnedProcess(arguments)
    }
    #if os(Linux)
      terminal.closeSecondary()
    #endif
    var outcomes = processes.map { $0.wait(timeout: 60) }
    #if os(Linux)
      outcomes[0].stderr = terminal.readAll()
    #endif
    for (run, outcome) in zip(runs, outcomes) {
      #expect(outcome.exitStatus == 0, "\(run.name): \(outcome.stderr)")
      #expect(!outcome.stdout.contains("\rsimulated"), "\(run.name)")
      let index = runs.firstIndex { $0.name == run.name }!
      let metrics = FileManager.default.contents(atPath: folder + "/out\(index)/long/metrics.csv").map {
        String(decoding: $0, as: UTF8.self)
      }
      #expect(metrics?.hasPrefix("time_s,") == true && metrics?.contains("simulated") == false, "\(run.name)")
    }
    #expect(outcomes[1].stderr == "", "no progress on a pipe by default")
    #expect(outcomes[1].stdout.hasPrefix("msgsim run long: "))
    #expect(outcomes[2].stderr.hasPrefix("\rsimulated "), "\(outcomes[2].stderr.debugDescription)")
    #expect(outcomes[2].stderr.contains(" of 1h ("))
    #expect(outcomes[2].stderr.hasSuffix("\r"), "the line is cleared at the end")
    #if os(Linux)
      #expect(outcomes[0].stderr.hasPrefix("\rsimulated "), "\(outcomes[0].stderr.debugDescription)")
      #expect(outcomes[0].stderr.contains("events/s, ETA "))
      #expect(outcomes[0].stdout.hasPrefix("msgsim run long: "))
    #endif
  }
}

#if os(Linux)
  /// A pseudo-terminal: its secondary side is a terminal (`isatty`) a child
  /// can write to; the test reads what was written from the primary side.
  final class PseudoTerminal {
    let primary: Int32
    private(set) var secondary: FileHandle

    init() throws {
      // openpty (in the C library since glibc 2.34; Glibc's Swift module
      // exports neither it nor posix_openpt).
      typealias OpenPTY = @convention(c) (
        UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>?,
        UnsafeRawPointer?, UnsafeRawPointer?
      ) -> Int32
      let symbol = try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openpty"), "no openpty")
      var primary: Int32 = -1
      var descriptor: Int32 = -1
      try #require(unsafeBitCast(symbol, to: OpenPTY.self)(&primary, &descriptor, nil, nil, nil) == 0)
      self.primary = primary
      _ = fcntl(primary, F_SETFD, FD_CLOEXEC)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
      // No "\n" to "\r\n" translation, so the test sees the bytes written.
      var settings = termios()
      tcgetattr(descriptor, &settings)
      settings.c_oflag &= ~tcflag_t(OPOST)
      tcsetattr(descriptor, TCSANOW, &settings)
      secondary = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Closes the test's copy of the secondary side (once the children have it).
    func closeSecondary() {
      try? secondary.close()
    }

    /// Everything written, once every writer has closed the secondary side.
    func readAll() -> String {
      var data = Data()
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = read(primary, &buffer, buffer.count)
        if count > 0 {
          data.append(contentsOf: buffer[..<count])
        } else if count < 0 && errno == EINTR {
          continue
        } else {
          break  // EIO: no writer left
        }
      }
      close(primary)
      return String(decoding: data, as: UTF8.self)
    }
  }
#endif
