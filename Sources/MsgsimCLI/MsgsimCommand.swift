import Foundation
import ScenarioFormat

/// What a command printed and its exit status (kept in memory so tests can
/// check the exact text; `main` copies it to the real streams).
public struct CommandOutput: Sendable, Equatable {
  /// Text for standard output.
  public var stdout = ""
  /// Text for standard error.
  public var stderr = ""
  /// The exit status: 0 success, 1 a check failed, 2 bad input or usage.
  public var status: Int32 = 0

  public init() {}
}

/// Exit statuses of the contract.
public enum ExitStatus {
  /// Success (for `filter-test`: match).
  public static let success: Int32 = 0
  /// The run finished but an expectation failed (for `filter-test`: no
  /// match); also a failure while writing the report.
  public static let checkFailed: Int32 = 1
  /// Bad input or usage.
  public static let badInput: Int32 = 2
}

/// The version `msgsim --version` prints.
public let msgsimVersion = "0.1.0"

/// Runs the command line and returns the exit status, printing as it goes.
/// A write to stdout or stderr that fails ends in a non-zero status, never
/// a trap (see `deliver(_:stdout:stderr:)`).
public func runMsgsim(arguments: [String]) -> Int32 {
  // Only `run` writes files, so only `run` stops cleanly on SIGINT/SIGTERM.
  let context = arguments.first == "run" ? RunContext.live() : RunContext()
  return deliver(executeMsgsim(arguments, context: context))
}

/// Runs the command line and returns what it printed.
public func executeMsgsim(_ arguments: [String]) -> CommandOutput {
  executeMsgsim(arguments, context: RunContext())
}

/// Runs the command line in `context` and returns what it printed.
func executeMsgsim(_ arguments: [String], context: RunContext) -> CommandOutput {
  guard let command = arguments.first else {
    return usageError("no command given", usage: Help.topUsage, helpHint: "msgsim --help")
  }
  let rest = Array(arguments.dropFirst())
  switch command {
  case "-h", "--help":
    return printed(Help.top)
  case "--version":
    return printed(msgsimVersion + "\n")
  case "help":
    guard let topic = rest.first else { return printed(Help.top) }
    guard let text = Help.forCommand[topic] else {
      return usageError("unknown command '\(topic)'\(suggestion(topic, Help.commands))", usage: Help.topUsage, helpHint: "msgsim --help")
    }
    return printed(text)
  case "run":
    return RunCommand.execute(rest, context: context)
  case "validate":
    return ValidateCommand.execute(rest)
  case "shard-for":
    return ShardForCommand.execute(rest)
  case "filter-test":
    return FilterTestCommand.execute(rest)
  case "metrics":
    return MetricsCommand.execute(rest)
  case "bench":
    return BenchCommand.execute(rest)
  default:
    return usageError(
      "unknown command '\(command)'\(suggestion(command, Help.commands))", usage: Help.topUsage,
      helpHint: "msgsim --help")
  }
}

/// Output of a successful command that only prints.
func printed(_ text: String) -> CommandOutput {
  var output = CommandOutput()
  output.stdout = text
  return output
}

/// A usage error in swift-argument-parser's layout, exit status 2.
func usageError(_ message: String, usage: String, helpHint: String) -> CommandOutput {
  var output = CommandOutput()
  output.stderr = "Error: \(message)\nUsage: \(usage)\n  See '\(helpHint)' for more information.\n"
  output.status = ExitStatus.badInput
  return output
}

/// Bad input that is not about the command line itself (exit status 2).
func inputError(_ message: String) -> CommandOutput {
  var output = CommandOutput()
  output.stderr = message.hasSuffix("\n") ? message : message + "\n"
  output.status = ExitStatus.badInput
  return output
}

/// ` (did you mean 'x'?)` when a candidate is close to `word`, else "":
/// the first of the closest candidates, by Levenshtein distance over
/// characters without transpositions, within max(2, a third of the
/// candidate's length).
func suggestion(_ word: String, _ candidates: [String]) -> String {
  var best: (String, Int)?
  for candidate in candidates {
    let distance = editDistance(Array(word), Array(candidate), countingTranspositions: false)
    if distance <= max(2, candidate.count / 3), distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
  }
  return best.map { " (did you mean '\($0.0)'?)" } ?? ""
}
