import Foundation
import Reporting
import ScenarioFormat
import SimModels

/// What a run may use of the process it runs in, beyond its arguments.
/// `executeMsgsim` (the tests) runs with none of it; `runMsgsim` (the real
/// process) with signal handlers.
struct RunContext {
  /// The signal that asked the run to stop, if one did.
  var interruption: () -> Int32? = { nil }
  /// Whether stderr is a terminal (progress is shown there by default).
  var stderrIsTerminal = false
  /// Writes to stderr while the run goes on (progress); `false` when the
  /// write failed. `nil`: no live stderr (in-process runs), no progress.
  var liveStderr: ((String) -> Bool)? = nil
  /// Wall time in seconds, for the progress line.
  var clock: () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// The real process's: the handlers of `Interrupts` (installed here),
  /// file descriptor 2 for progress.
  static func live() -> RunContext {
    Interrupts.install()
    return RunContext(
      interruption: { Interrupts.signal }, stderrIsTerminal: isatty(STDERR_FILENO) == 1,
      liveStderr: { writeAll($0, to: STDERR_FILENO) == .written })
  }
}

/// `msgsim run FILE [--seed N] [--set PATH=VALUE]... [--out DIR] [--quiet]
/// [--progress | --no-progress] [--max-memory SIZE] [--max-events N]`.
enum RunCommand {
  /// How often (in events) the simulation checks for an interrupt: about
  /// every 10 ms at a few million events per second.
  static let checkInterval: UInt64 = 1 << 15

  /// The options `run` takes (for "did you mean").
  static let options = [
    "--seed", "--set", "--out", "--quiet", "--progress", "--no-progress", "--max-memory", "--max-events", "--help",
  ]

  static func execute(_ arguments: [String], context: RunContext = RunContext()) -> CommandOutput {
    var cursor = ArgumentCursor(arguments)
    var seed: UInt64?
    var overrides: [String] = []
    var outDirectory = "Reports"
    var quiet = false
    var maxBytes: Double?
    var maxEvents: Double?
    var forcedProgress: Bool?
    func fail(_ message: String) -> CommandOutput {
      usageError(message, usage: Help.runUsage, helpHint: "msgsim run --help")
    }
    while let option = cursor.nextOption() {
      switch option.name {
      case "-h", "--help":
        return printed(Help.run)
      case "--seed":
        guard let text = cursor.value(for: option) else { return fail("missing value for '--seed'") }
        guard let value = UInt64(text) else {
          return fail("'--seed' takes a whole number from 0 to 18446744073709551615, not '\(text)'")
        }
        seed = value
      case "--set":
        guard let text = cursor.value(for: option), text.contains("=") else {
          return fail("'--set' takes PATH=VALUE, e.g. --set consumers.workers.count=12")
        }
        overrides.append(text)
      case "--out":
        guard let text = cursor.value(for: option), !text.isEmpty else { return fail("missing value for '--out'") }
        outDirectory = text
      case "--quiet":
        quiet = true
      case "--progress":
        forcedProgress = true
      case "--no-progress":
        forcedProgress = false
      case "--max-memory":
        guard let text = cursor.value(for: option) else { return fail("missing value for '--max-memory'") }
        guard let bytes = parseSize(text), bytes > 0 else {
          return fail(
            "'--max-memory' takes a size above 0 such as 64GiB or 512MB (units B, KB, KiB, MB, MiB, GB, GiB, TB, TiB), not '\(text)'")
        }
        maxBytes = Double(bytes)
      case "--max-events":
        guard let text = cursor.value(for: option) else { return fail("missing value for '--max-events'") }
        guard let count = parseEventCount(text) else {
          return fail("'--max-events' takes a whole number of events from 1 up, such as 50000000000 or 5e10, not '\(text)'")
        }
        maxEvents = count
      default:
        return fail("unknown option '\(option.name)'\(suggestion(option.name, options))")
      }
    }
    guard cursor.positionals.count == 1 else {
      return fail(cursor.positionals.isEmpty ? "missing scenario FILE" : "run takes one FILE, got \(cursor.positionals.count)")
    }
    let path = cursor.positionals[0]
    var scenario: Scenario
    do {
      scenario = try ScenarioLoader.load(path: path, overrides: overrides)
    } catch {
      return inputError(String(describing: error))
    }
    if let seed { scenario.world.seed = seed }
    let problems = RunBudget(maxBytes: maxBytes, maxEvents: maxEvents).problems(RunEstimate(scenario.world))
    if !problems.isEmpty {
      return inputError(problems.map { "Error: \(path): \($0)\n" }.joined())
    }
    if let problem = prepareOutputDirectory(outDirectory) {
      return inputError("Error: --out \(outDirectory): \(problem)")
    }
    if let problem = ReportWriter.targetProblem(name: scenario.world.name, in: outDirectory) {
      return inputError("Error: --out \(outDirectory): \(problem)")
    }
    ReportWriter.removeStaleTemporaries(in: outDirectory)

    let started = DispatchTime.now().uptimeNanoseconds
    var world = World(config: scenario.world)
    var reached: Int64 = 0
    let reporter =
      showsProgress(forced: forcedProgress, quiet: quiet, stderrIsTerminal: context.stderrIsTerminal)
      ? context.liveStderr.map { ProgressReporter(clock: context.clock, write: $0) } : nil
    let finished = world.run(every: checkInterval) { progress in
      reached = progress.now
      reporter?.update(now: progress.now, end: progress.end, events: progress.events)
      return context.interruption() == nil
    }
    reporter?.finish()
    guard let result = finished else {
      let signal = context.interruption() ?? SIGINT
      var output = CommandOutput()
      output.stderr = """
        msgsim run \(scenario.world.name): interrupted by \(Interrupts.name(signal)) at \
        \(readableDuration(Double(reached) / 1e9)) of \(scenario.world.duration) simulated; no report written

        """
      output.status = Interrupts.exitStatus(signal)
      return output
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

    var output = CommandOutput()
    let outcomes = checkExpectations(scenario.expectations, against: result)
    let folder: String
    do {
      let manifest = ReportManifest(
        msgsimVersion: msgsimVersion, name: result.name, scenarioFile: path, seed: scenario.world.seed,
        overrides: overrides)
      folder = try ReportWriter.write(
        ReportFiles(result), name: result.name, into: outDirectory, manifest: manifest,
        shouldStop: { context.interruption() != nil })
    } catch is ReportWriter.Interrupted {
      let signal = context.interruption() ?? SIGINT
      let target = ReportWriter.reportPath(name: result.name, in: outDirectory)
      let kept = FileManager.default.fileExists(atPath: target) ? " (the earlier one at \(target) is unchanged)" : ""
      output.stderr = """
        msgsim run \(result.name): interrupted by \(Interrupts.name(signal)) while writing the report; \
        no report written\(kept)

        """
      output.status = Interrupts.exitStatus(signal)
      return output
    } catch {
      output.stderr = "Error: \(error)\n"
      output.status = ExitStatus.checkFailed
      return output
    }
    let failed = outcomes.filter { !$0.isMet }
    if !quiet || !failed.isEmpty {
      let header = """
        msgsim run \(result.name): seed \(scenario.world.seed), \(scenario.world.duration) simulated \
        (warm-up \(scenario.world.warmup)), \(result.processedEvents) events in \(formatFixed(elapsed, decimals: 2)) s
        report: \(folder)/
        """
      output.stdout = SummaryTable.render(result, outcomes: outcomes, header: header)
    }
    if !failed.isEmpty {
      output.stderr = "Error: \(failed.count) of \(outcomes.count) expectations failed\n"
        + failed.map { "  " + $0.line + "\n" }.joined()
      output.status = ExitStatus.checkFailed
    }
    // A progress line that could not be written is a failed write to stderr.
    if reporter?.failed == true && output.status == ExitStatus.success { output.status = OutputFailureStatus.writeFailed }
    return output
  }

}

/// Makes sure the report can be written under `path` before anything is
/// simulated: creates the folder (and its parents) if missing, then creates
/// and removes a small file in it. Returns why not, or `nil` when it can:
/// `'/a/b' is a file, not a directory`, `cannot create the folder '/x': …`,
/// `cannot write in '/x': Permission denied`.
func prepareOutputDirectory(_ path: String) -> String? {
  let isAbsolute = path.hasPrefix("/")
  let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  for index in components.indices {
    let partial = components[...index].joined(separator: "/")
    let prefix = isAbsolute ? "/" + partial : "./" + partial
    let shown = isAbsolute ? prefix : partial
    let isLast = index == components.count - 1
    switch fileType(prefix) {
    case .directory:
      continue
    case .other:
      return isLast
        ? "'\(shown)' is a file, not a directory"
        : "cannot create the folder: '\(shown)' is a file, not a directory"
    case .danglingLink(let destination):
      let what = "'\(shown)' is a symbolic link to '\(destination)', which does not exist"
      return isLast ? what : "cannot create the folder: " + what
    case .missing:
      guard mkdir(prefix, 0o777) != 0 else { continue }
      let code = errno
      // Another process may have created it in the meantime.
      if code == EEXIST, fileType(prefix) == .directory { continue }
      return "cannot create the folder '\(shown)': \(String(cString: strerror(code)))"
    }
  }
  let directory = isAbsolute ? "/" + components.joined(separator: "/") : "./" + components.joined(separator: "/")
  let probe = directory + "/.msgsim-write-probe-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
  let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
  guard descriptor >= 0 else {
    return "cannot write in '\(normalised(path))': \(String(cString: strerror(errno)))"
  }
  let written = write(descriptor, "x", 1)
  let writeError = errno
  close(descriptor)
  unlink(probe)
  guard written == 1 else {
    return "cannot write in '\(normalised(path))': \(String(cString: strerror(writeError)))"
  }
  return nil
}

private enum FileType: Equatable { case missing, directory, other, danglingLink(String) }

/// What is at `path` (symbolic links followed; one that leads nowhere is
/// `danglingLink` with its text).
private func fileType(_ path: String) -> FileType {
  var info = stat()
  if stat(path, &info) == 0 { return info.st_mode & S_IFMT == S_IFDIR ? .directory : .other }
  guard lstat(path, &info) == 0 else { return .missing }
  guard info.st_mode & S_IFMT == S_IFLNK else { return .other }
  var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
  let length = readlink(path, &buffer, buffer.count - 1)
  return .danglingLink(length >= 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?")
}

/// `path` without repeated or trailing slashes, as messages show it.
private func normalised(_ path: String) -> String {
  let joined = path.split(separator: "/").joined(separator: "/")
  return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
}

/// `msgsim validate FILE...`.
enum ValidateCommand {
  static func execute(_ arguments: [String]) -> CommandOutput {
    var cursor = ArgumentCursor(arguments)
    while let option = cursor.nextOption() {
      if option.name == "-h" || option.name == "--help" { return printed(Help.validate) }
      return usageError("unknown option '\(option.name)'", usage: Help.validateUsage, helpHint: "msgsim validate --help")
    }
    guard !cursor.positionals.isEmpty else {
      return usageError("missing scenario FILE", usage: Help.validateUsage, helpHint: "msgsim validate --help")
    }
    var output = CommandOutput()
    for path in cursor.positionals {
      do {
        _ = try ScenarioLoader.load(path: path)
        output.stdout += "\(path): ok\n"
      } catch {
        output.stderr += String(describing: error) + "\n"
        output.status = ExitStatus.badInput
      }
    }
    return output
  }
}
