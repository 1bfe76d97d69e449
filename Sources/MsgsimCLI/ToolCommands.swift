import Foundation
import SimModels

/// `msgsim shard-for --shards N KEY...`.
enum ShardForCommand {
  static func execute(_ arguments: [String]) -> CommandOutput {
    var cursor = ArgumentCursor(arguments)
    var shards: Int?
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
      default:
        return fail("unknown option '\(option.name)'\(suggestion(option.name, ["--shards", "--help"]))")
      }
    }
    guard let shards else { return fail("missing '--shards N'") }
    guard !cursor.positionals.isEmpty else { return fail("missing KEY") }
    for (index, key) in cursor.positionals.enumerated() {
      if let problem = partitionKeyProblem(key) { return fail("partition key \(index + 1) \(problem)") }
    }
    return printed(shardForLines(shardCount: shards, keys: cursor.positionals).map { $0 + "\n" }.joined())
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
