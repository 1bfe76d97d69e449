import SimCore
import Testing

import SimModels

/// Expected values: the AWS CLI `describe-stream` sample (three shards) and
/// an independent Python 3 computation (`hashlib.md5` → `int(hex, 16)` →
/// `step = 2**128 // n` split), pasted here.
struct HashKeyRangeTests {
  static let top = UInt128.max  // 2¹²⁸ − 1

  @Test("Three shards match the describe-stream example")
  func threeShards() {
    let ranges = ShardLayout.evenSplit(shardCount: 3)
    #expect(
      ranges == [
        HashKeyRange(start: 0, end: 113_427_455_640_312_821_154_458_202_477_256_070_484),
        HashKeyRange(
          start: 113_427_455_640_312_821_154_458_202_477_256_070_485,
          end: 226_854_911_280_625_642_308_916_404_954_512_140_969),
        HashKeyRange(
          start: 226_854_911_280_625_642_308_916_404_954_512_140_970,
          end: 340_282_366_920_938_463_463_374_607_431_768_211_455),
      ])
    #expect(ranges.map(\.description) == [
      "0–113427455640312821154458202477256070484",
      "113427455640312821154458202477256070485–226854911280625642308916404954512140969",
      "226854911280625642308916404954512140970–340282366920938463463374607431768211455",
    ])
  }

  @Test("One shard owns the whole space")
  func oneShard() {
    #expect(ShardLayout.evenSplit(shardCount: 1) == [HashKeyRange(start: 0, end: Self.top)])
    #expect(ShardLayout.evenSplit(shardCount: 1) == [.all])
    #expect(ShardLayout.shardIndex(forHashKey: 0, in: [.all]) == 0)
    #expect(ShardLayout.shardIndex(forHashKey: Self.top, in: [.all]) == 0)
  }

  @Test("Two shards split at 2¹²⁷")
  func twoShards() {
    let half = UInt128(1) << 127
    let ranges = ShardLayout.evenSplit(shardCount: 2)
    #expect(ranges == [HashKeyRange(start: 0, end: half - 1), HashKeyRange(start: half, end: Self.top)])
    #expect(half == 170_141_183_460_469_231_731_687_303_715_884_105_728)
    #expect(ShardLayout.shardIndex(forHashKey: half - 1, in: ranges) == 0)
    #expect(ShardLayout.shardIndex(forHashKey: half, in: ranges) == 1)
  }

  @Test("Powers of two split exactly (step = 2¹²⁸ / N)")
  func powersOfTwo() {
    let four = ShardLayout.evenSplit(shardCount: 4)
    #expect(four.dropFirst().map(\.start) == [
      85_070_591_730_234_615_865_843_651_857_942_052_864,
      170_141_183_460_469_231_731_687_303_715_884_105_728,
      255_211_775_190_703_847_597_530_955_573_826_158_592,
    ])
    let many = ShardLayout.evenSplit(shardCount: 1024)
    #expect(many[1].start == UInt128(1) << 118)
    #expect(many.last == HashKeyRange(start: 1023 << 118, end: Self.top))
  }

  @Test("Five shards: the last shard absorbs the remainder")
  func fiveShards() {
    let ranges = ShardLayout.evenSplit(shardCount: 5)
    #expect(ranges.last?.start == 272_225_893_536_750_770_770_699_685_945_414_569_164)
    #expect(ranges.last?.end == Self.top)
  }

  @Test("Seven shards: exact boundaries, contiguous, covering everything")
  func sevenShards() {
    let ranges = ShardLayout.evenSplit(shardCount: 7)
    #expect(ranges.map(\.start) == [
      0,
      48_611_766_702_991_209_066_196_372_490_252_601_636,
      97_223_533_405_982_418_132_392_744_980_505_203_272,
      145_835_300_108_973_627_198_589_117_470_757_804_908,
      194_447_066_811_964_836_264_785_489_961_010_406_544,
      243_058_833_514_956_045_330_981_862_451_263_008_180,
      291_670_600_217_947_254_397_178_234_941_515_609_816,
    ])
    expectContiguousCover(ranges)
  }

  @Test("Contiguous cover for many shard counts", arguments: [1, 2, 3, 6, 7, 10, 25, 999, 20_000])
  func cover(shardCount: Int) {
    let ranges = ShardLayout.evenSplit(shardCount: shardCount)
    #expect(ranges.count == shardCount)
    expectContiguousCover(ranges)
    // Even: sizes differ only by the remainder the last shard absorbs.
    if shardCount > 1 {
      let step = ranges[0].end - ranges[0].start
      #expect(ranges.dropLast().allSatisfy { $0.end - $0.start == step })
      #expect(ranges.last!.end - ranges.last!.start >= step)
      #expect(ranges.last!.end - ranges.last!.start - step < UInt128(shardCount))
    }
  }

  func expectContiguousCover(_ ranges: [HashKeyRange]) {
    #expect(ranges.first?.start == 0)
    #expect(ranges.last?.end == Self.top)
    for (left, right) in zip(ranges, ranges.dropFirst()) {
      #expect(left.start <= left.end)
      #expect(left.end + 1 == right.start)
    }
  }

  @Test("Keys at and around every boundary land in the owning shard", arguments: [2, 3, 7, 20_000])
  func boundaries(shardCount: Int) {
    let ranges = ShardLayout.evenSplit(shardCount: shardCount)
    for (index, range) in ranges.enumerated() {
      #expect(ShardLayout.shardIndex(forHashKey: range.start, in: ranges) == index)
      #expect(ShardLayout.shardIndex(forHashKey: range.end, in: ranges) == index)
      if index > 0 && shardCount <= 7 {
        #expect(ShardLayout.shardIndex(forHashKey: range.start - 1, in: ranges) == index - 1)
      }
      #expect(range.contains(range.start) && range.contains(range.end))
    }
    #expect(ShardLayout.shardIndex(forHashKey: 0, in: ranges) == 0)
    #expect(ShardLayout.shardIndex(forHashKey: Self.top, in: ranges) == shardCount - 1)
  }

  @Test("Binary search agrees with a linear scan")
  func searchMatchesScan() {
    var rng = SeededGenerator(seed: 7)
    for shardCount in [1, 2, 5, 13, 64] {
      let ranges = ShardLayout.evenSplit(shardCount: shardCount)
      for _ in 0..<200 {
        let key = UInt128(rng.next()) << 64 | UInt128(rng.next())
        let expected = ranges.firstIndex { $0.contains(key) }
        #expect(ShardLayout.shardIndex(forHashKey: key, in: ranges) == expected)
      }
    }
  }

  @Test("Shard IDs are zero-padded to 12 digits")
  func shardIds() {
    #expect(ShardLayout.shardId(0) == "shardId-000000000000")
    #expect(ShardLayout.shardId(3) == "shardId-000000000003")
    #expect(ShardLayout.shardId(19_999) == "shardId-000000019999")
    #expect(ShardLayout.shardId(999_999_999_999) == "shardId-999999999999")
  }

  /// (key, MD5 hash key, shard index for 1, 2, 3, 4, 7 and 20,000 shards),
  /// from Python: `int(hashlib.md5(key.encode()).hexdigest(), 16)` placed
  /// by `step = 2**128 // n` ranges.
  static let knownKeys: [(String, String, [Int])] = [
    ("a", "16955237001963240173058271559858726497", [0, 0, 0, 0, 0, 996]),
    ("user-42", "157107139746365290205026809710278036035", [0, 0, 1, 1, 3, 9233]),
    ("order-1001", "194825726634704243656021158002940314988", [0, 1, 1, 2, 4, 11450]),
    ("sensor/7", "91714234354176393216848920744371645475", [0, 0, 0, 1, 1, 5390]),
    ("customer#123", "305695379734238938023945579055590021575", [0, 1, 2, 3, 6, 17967]),
    ("日本語", "88491575051939950596574576699976684", [0, 0, 0, 0, 0, 5]),
    ("🚀", "21850492548355742038695361153656903441", [0, 0, 0, 0, 0, 1284]),
    ("Ünïcödé-42", "46989492291902345354825311516994031058", [0, 0, 0, 0, 0, 2761]),
    (String(repeating: "x", count: 256), "265353499944959180620795534685136097465", [0, 1, 2, 3, 5, 15596]),
  ]

  @Test("Known partition keys land where Python puts them", arguments: 0..<knownKeys.count)
  func knownPartitionKeys(row: Int) {
    let (key, hash, shards) = Self.knownKeys[row]
    let hashKey = ShardLayout.hashKey(forPartitionKey: key)
    #expect(hashKey == UInt128(hash))
    for (shardCount, expected) in zip([1, 2, 3, 4, 7, 20_000], shards) {
      let ranges = ShardLayout.evenSplit(shardCount: shardCount)
      #expect(ShardLayout.shardIndex(forHashKey: hashKey, in: ranges) == expected)
    }
  }
}
