import SimCore

/// The inclusive range of 128-bit hash keys a Kinesis shard owns
/// (`HashKeyRange.StartingHashKey` … `EndingHashKey` in the Kinesis API).
public struct HashKeyRange: Hashable, Sendable, CustomStringConvertible {
  /// The first hash key of the range.
  public var start: UInt128
  /// The last hash key of the range (inclusive).
  public var end: UInt128

  /// Creates the range `start ... end`; `start` must not exceed `end`.
  public init(start: UInt128, end: UInt128) {
    precondition(start <= end, "HashKeyRange start \(start) is after its end \(end)")
    self.start = start
    self.end = end
  }

  /// The whole hash key space, `0 ... 2¹²⁸ − 1`.
  public static let all = HashKeyRange(start: 0, end: .max)

  /// Whether `hashKey` lies in this range.
  public func contains(_ hashKey: UInt128) -> Bool {
    start <= hashKey && hashKey <= end
  }

  /// `start–end` in decimal, as the Kinesis API writes hash keys.
  public var description: String { "\(start)–\(end)" }
}

/// How a provisioned Kinesis stream's shards divide the hash key space.
public enum ShardLayout {
  /// The shard hash key ranges `CreateStream` gives a new stream of
  /// `shardCount` shards, in shard-index order.
  ///
  /// With `step = ⌊2¹²⁸ / N⌋`, shard `i < N − 1` owns
  /// `[i·step, (i+1)·step − 1]` and the last shard owns
  /// `[(N−1)·step, 2¹²⁸ − 1]`, absorbing the remainder. This reproduces the
  /// AWS CLI `describe-stream` sample for three shards (first boundary at
  /// 113427455640312821154458202477256070485) and the Kinesis emulators
  /// (moto: `step = 2**128 // shard_count`). The ranges are sorted,
  /// contiguous and cover the whole space.
  ///
  /// - Precondition: `shardCount >= 1`. (The CLI bounds it by
  ///   the account quota before calling.)
  public static func evenSplit(shardCount: Int) -> [HashKeyRange] {
    precondition(shardCount >= 1, "a stream has at least one shard, not \(shardCount)")
    if shardCount == 1 { return [.all] }
    let n = UInt128(shardCount)
    // ⌊2¹²⁸ / n⌋ without representing 2¹²⁸: since 2¹²⁸ = max + 1, the
    // quotient gains one exactly when max leaves remainder n − 1 (n | 2¹²⁸).
    let (quotient, remainder) = UInt128.max.quotientAndRemainder(dividingBy: n)
    let step = remainder == n - 1 ? quotient + 1 : quotient
    var ranges: [HashKeyRange] = []
    ranges.reserveCapacity(shardCount)
    var start: UInt128 = 0
    for _ in 0..<(shardCount - 1) {
      ranges.append(HashKeyRange(start: start, end: start + step - 1))
      start += step
    }
    ranges.append(HashKeyRange(start: start, end: .max))
    return ranges
  }

  /// The index in `ranges` of the range that contains `hashKey`, by binary
  /// search.
  ///
  /// `ranges` must be sorted by `start` and contiguous, as the open shards of
  /// a stream always are (for example the result of `evenSplit`). If the
  /// key falls in a gap the result is the last range that starts before it.
  ///
  /// - Precondition: `ranges` is not empty.
  public static func shardIndex(forHashKey hashKey: UInt128, in ranges: [HashKeyRange]) -> Int {
    precondition(!ranges.isEmpty, "no shards to place hash key \(hashKey) in")
    // Find the last range whose start is <= hashKey; ranges[0].start is
    // taken as the floor so a key below it maps to the first range.
    var low = 0
    var high = ranges.count - 1
    while low < high {
      let mid = low + (high - low + 1) / 2
      if ranges[mid].start <= hashKey {
        low = mid
      } else {
        high = mid - 1
      }
    }
    return low
  }

  /// The Kinesis hash key of a partition key: the MD5 of its UTF-8 bytes
  /// read as a big-endian 128-bit unsigned integer.
  public static func hashKey(forPartitionKey partitionKey: String) -> UInt128 {
    MD5.hash128(utf8: partitionKey)
  }

  /// The shard ID Kinesis gives the shard with this index:
  /// `shardId-` and the index zero-padded to 12 digits
  /// (`shardId(3) == "shardId-000000000003"`).
  ///
  /// - Precondition: `index >= 0`.
  public static func shardId(_ index: Int) -> String {
    precondition(index >= 0, "shard indices are not negative: \(index)")
    let digits = String(index)
    let padding = max(0, 12 - digits.utf8.count)
    return "shardId-" + String(repeating: "0", count: padding) + digits
  }
}

/// What a decimal `ExplicitHashKey` text is (docs/model.md §8.5).
public enum ExplicitHashKeyText: Equatable, Sendable {
  /// A hash key.
  case value(UInt128)
  /// Not of AWS's pattern `0|([1-9]\d{0,38})` (a sign, a leading zero, a
  /// non-ASCII digit, anything else).
  case notThePattern
  /// Of the pattern but above 2¹²⁸ − 1.
  case aboveTheMaximum

  /// Reads `text`.
  public init(_ text: String) {
    let digits = text.utf8
    let isPattern =
      !digits.isEmpty && digits.count <= 39 && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      && (digits.count == 1 || digits.first != UInt8(ascii: "0"))
    guard isPattern else {
      self = .notThePattern
      return
    }
    // 39 digits can exceed 2¹²⁸ − 1 (itself 39 digits); then there is no value.
    guard let value = UInt128(text) else {
      self = .aboveTheMaximum
      return
    }
    self = .value(value)
  }
}

