import Testing

import MsgsimCLI

/// Expected lines: the worked examples in docs/model.md §8.4 and an
/// independent Python 3 computation (`hashlib.md5` → `int(hex, 16)` →
/// shard by `step = 2**128 // n` ranges), pasted here.
struct ShardForTests {
  @Test("Reference examples: 'a' and 'user-42' with 4 shards")
  func referenceExamples() {
    #expect(
      shardForLines(shardCount: 4, keys: ["a", "user-42"]) == [
        "a\t16955237001963240173058271559858726497\tshardId-000000000000",
        "user-42\t157107139746365290205026809710278036035\tshardId-000000000001",
      ])
  }

  @Test("Several keys with 7 shards, in input order, duplicates kept")
  func sevenShards() {
    #expect(
      shardForLines(
        shardCount: 7, keys: ["customer#123", "order-1001", "sensor/7", "日本語", "order-1001"]
      ) == [
        "customer#123\t305695379734238938023945579055590021575\tshardId-000000000006",
        "order-1001\t194825726634704243656021158002940314988\tshardId-000000000004",
        "sensor/7\t91714234354176393216848920744371645475\tshardId-000000000001",
        "日本語\t88491575051939950596574576699976684\tshardId-000000000000",
        "order-1001\t194825726634704243656021158002940314988\tshardId-000000000004",
      ])
  }

  @Test("One shard and the maximum shard count")
  func extremes() {
    #expect(
      shardForLines(shardCount: 1, keys: ["customer#123"]) == [
        "customer#123\t305695379734238938023945579055590021575\tshardId-000000000000"
      ])
    #expect(shardForMaxShards == 20_000)
    #expect(
      shardForLines(shardCount: shardForMaxShards, keys: ["customer#123", "🚀"]) == [
        "customer#123\t305695379734238938023945579055590021575\tshardId-000000017967",
        "🚀\t21850492548355742038695361153656903441\tshardId-000000001284",
      ])
  }

  @Test("No keys, no lines")
  func noKeys() {
    #expect(shardForLines(shardCount: 3, keys: []).isEmpty)
  }
}

/// Partition keys are 1 to 256 characters as AWS's API models count them
/// (Smithy's length trait: Unicode scalar values), not grapheme clusters.
struct ShardForKeyLengthTests {
  /// "e" followed by `count - 1` combining acute accents: one grapheme.
  func accented(scalars count: Int) -> String {
    "e" + String(repeating: "\u{301}", count: count - 1)
  }

  @Test("a key of 257 code points is rejected even when it is fewer characters on screen")
  func tooManyScalars() {
    let key = accented(scalars: 257)
    #expect(key.count == 1 && key.unicodeScalars.count == 257)
    let output = executeMsgsim(["shard-for", "--shards", "4", "ok", key])
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(
      output.stderr.hasPrefix(
        "Error: partition key 2 is 257 Unicode code points long, above the maximum of 256 (PartitionKey is 1 to 256 code points)\n"),
      "\(output.stderr)")
    let ascii = String(repeating: "k", count: 257)
    #expect(executeMsgsim(["shard-for", "--shards", "4", ascii]).stderr.hasPrefix(
      "Error: partition key 1 is 257 Unicode code points long, above the maximum of 256"))
  }

  @Test("keys of 256 code points are accepted, however many bytes or graphemes")
  func atTheBound() {
    for key in [accented(scalars: 256), String(repeating: "k", count: 256), String(repeating: "日", count: 256)] {
      #expect(key.unicodeScalars.count == 256)
      let output = executeMsgsim(["shard-for", "--shards", "4", key])
      #expect(output.status == 0, "\(output.stderr)")
      #expect(output.stdout == shardForLines(shardCount: 4, keys: [key]).joined() + "\n")
    }
  }

  @Test("an empty key is rejected, naming the bound")
  func empty() {
    let output = executeMsgsim(["shard-for", "--shards", "4", "a", ""])
    #expect(output.status == 2)
    #expect(
      output.stderr.hasPrefix(
        "Error: partition key 2 is empty (PartitionKey is 1 to 256 code points)\n"), "\(output.stderr)")
  }
}
