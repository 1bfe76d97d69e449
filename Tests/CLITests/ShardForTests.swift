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
