import Foundation
import Reporting
import ScenarioFormat
import SimModels

/// `msgsim run FILE [--seed N] [--set PATH=VALUE]... [--out DIR] [--quiet]`.
enum RunCommand {
  static func execute(_ arguments: [String]) -> CommandOutput {
    var cursor = ArgumentCursor(arguments)
    var seed: UInt64?
    var overrides: [String] = []
    var outDirectory = "Reports"
    var quiet = false
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
      default:
        return fail("unknown option '\(option.name)'\(suggestion(option.name, ["--seed", "--set", "--out", "--quiet", "--help"]))")
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
    if let problem = prepareOutputDirectory(outDirectory) {
      return inputError("Error: --out \(outDirectory): \(problem)")
    }

    let started = DispatchTime.now().uptimeNanoseconds
    var world = World(config: scenario.world)
    let result = world.run()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

    var output = CommandOutput()
    let outcomes = checkExpectations(scenario.expectations, against: result)
    let folder: String
    do {
      folder = try ReportWriter.write(ReportFiles(result), name: result.name, into: outDirectory)
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
    switch fileType(prefix) {
    case .directory:
      continue
    case .other:
      return index == components.count - 1
        ? "'\(shown)' is a file, not a directory"
        : "cannot create the folder: '\(shown)' is a file, not a directory"
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

private enum FileType { case missing, directory, other }

/// What is at `path` (symbolic links followed).
private func fileType(_ path: String) -> FileType {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
  return isDirectory.boolValue ? .directory : .other
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
