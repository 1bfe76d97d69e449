import Foundation
import SimModels

/// `msgsim shard-for --shards N [--explicit-hash-key H] (KEY... | --stdin)`.
enum ShardForCommand {
  /// The options `shard-for` takes (for "did you mean").
  static let options = ["--shards", "--explicit-hash-key", "--stdin", "--help"]

  /// Runs `shard-for`; with `--stdin`, the keys are the lines
  /// `readStandardInput` returns (the process's standard input unless a
  /// test passes its own), read only once the arguments are valid. Nothing
  /// is printed to stdout unless every key is valid.
  static func execute(
    _ arguments: [String],
    readStandardInput: () -> Result<[UInt8], StandardInputReadError> = { readToEndOfFile(STDIN_FILENO) }
  ) -> CommandOutput {
    var cursor = ArgumentCursor(arguments)
    var shards: Int?
    var explicitHashKey: UInt128?
    var fromStandardInput = false
    func fail(_ message: String) -> CommandOutput {
      usageError(message, usage: Help.shardForUsage, helpHint: "msgsim shard-for --help")
    }
    while let option = cursor.nextOption() {
      switch option.name {
      case "-h", "--help":
        return printed(Help.shardFor)
      case "--shards":
        guard let text = cursor.value(for: option) else { return fail("missing value for '--shards'") }
        guard let value = Int(text), value >= 1, value <= shardForMaxShards else {
          return fail("'--shards' takes a whole number from 1 to \(shardForMaxShards), not '\(text)'")
        }
        shards = value
      case "--explicit-hash-key":
        // One hash key for every KEY: a second one could be read as pairing
        // with a key, so it is refused rather than replacing the first.
        guard explicitHashKey == nil else { return fail("'--explicit-hash-key' may be given only once") }
        guard let text = cursor.value(for: option) else { return fail("missing value for '--explicit-hash-key'") }
        switch parseExplicitHashKey(text) {
        case .success(let value): explicitHashKey = value
        case .failure(let problem): return fail(problem.message)
        }
      case "--stdin":
        guard option.inlineValue == nil else { return fail("'--stdin' takes no value") }
        fromStandardInput = true
      default:
        return fail("unknown option '\(option.name)'\(suggestion(option.name, options))")
      }
    }
    guard let shards else { return fail("missing '--shards N'") }
    let keys: [String]
    if fromStandardInput {
      if let first = cursor.positionals.first {
        return fail("KEY arguments cannot be combined with '--stdin' (got '\(first)')")
      }
      let input: [UInt8]
      switch readStandardInput() {
      case .success(let bytes): input = bytes
      case .failure(let error): return inputError("Error: cannot read standard input: \(error.reason)")
      }
      switch partitionKeys(fromLines: input) {
      case .success(let lines): keys = lines
      case .failure(let problem): return inputError("Error: \(problem.message)")
      }
    } else {
      guard !cursor.positionals.isEmpty else { return fail("missing KEY (or '--stdin')") }
      for (index, key) in cursor.positionals.enumerated() {
        if let problem = partitionKeyProblem(key) { return fail("partition key \(index + 1) \(problem)") }
      }
      keys = cursor.positionals
    }
    var text = ""
    for line in shardForLines(shardCount: shards, keys: keys, explicitHashKey: explicitHashKey) {
      text += line
      text += "\n"
    }
    return printed(text)
  }
}

/// `msgsim filter-test --policy FILE --message FILE [--scope …]`.
enum FilterTestCommand {
  static func execute(_ arguments: [String]) -> CommandOutput {
    var cursor = ArgumentCursor(arguments)
    var policyPath: String?
    var messagePath: String?
    var scope = FilterPolicyScope.messageAttributes
    func fail(_ message: String) -> CommandOutput {
      usageError(message, usage: Help.filterTestUsage, helpHint: "msgsim filter-test --help")
    }
    while let option = cursor.nextOption() {
      switch option.name {
      case "-h", "--help":
        return printed(Help.filterTest)
      case "--policy":
        guard let text = cursor.value(for: option) else { return fail("missing value for '--policy'") }
        policyPath = text
      case "--message":
        guard let text = cursor.value(for: option) else { return fail("missing value for '--message'") }
        messagePath = text
      case "--scope":
        guard let text = cursor.value(for: option), let value = FilterPolicyScope(rawValue: text) else {
          return fail("'--scope' takes MessageAttributes or MessageBody")
        }
        scope = value
      default:
        return fail("unknown option '\(option.name)'\(suggestion(option.name, ["--policy", "--message", "--scope", "--help"]))")
      }
    }
    guard cursor.positionals.isEmpty else { return fail("unexpected argument '\(cursor.positionals[0])'") }
    guard let policyPath else { return fail("missing '--policy FILE'") }
    guard let messagePath else { return fail("missing '--message FILE'") }
    guard let policy = FileManager.default.contents(atPath: policyPath) else {
      return inputError("\(policyPath): cannot read the file")
    }
    guard let message = FileManager.default.contents(atPath: messagePath) else {
      return inputError("\(messagePath): cannot read the file")
    }
    let result = filterTestOutput(
      policy: policy, message: message, scope: scope, policyName: policyPath, messageName: messagePath)
    var output = CommandOutput()
    output.stdout = result.stdout
    output.stderr = result.stderr
    output.status = result.status
    return output
  }
}
