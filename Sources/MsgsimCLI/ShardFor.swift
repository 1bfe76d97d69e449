import SimCore
import SimModels

/// The largest `--shards` value `msgsim shard-for` accepts: the current
/// provisioned shard quota per account in the large Regions (docs/model.md §8.3).
public let shardForMaxShards = 20_000

/// The longest partition key Kinesis accepts, in Unicode code points:
/// `PartitionKey` is 1 to 256 characters, and the length trait of AWS's API
/// models (Smithy) counts Unicode scalar values, not grapheme clusters or
/// UTF-8 bytes (docs/model.md §8.1).
public let partitionKeyMaxLength = 256

/// Why `key` is not a valid partition key (`is empty …`, `is 257 Unicode
/// code points long …`), or `nil` when it is one.
func partitionKeyProblem(_ key: String) -> String? {
  let bound = "(PartitionKey is 1 to \(partitionKeyMaxLength) code points)"
  let length = key.unicodeScalars.count
  if length == 0 { return "is empty \(bound)" }
  if length > partitionKeyMaxLength {
    return "is \(length) Unicode code points long, above the maximum of \(partitionKeyMaxLength) \(bound)"
  }
  return nil
}

/// The output of `msgsim shard-for --shards shardCount KEY...`: one line per
/// key, `KEY<TAB>HASH<TAB>SHARD_ID`, in the order given.
///
/// HASH is the decimal 128-bit hash key Kinesis computes for the partition
/// key (MD5 of its UTF-8 bytes, read big-endian); SHARD_ID is the
/// `shardId-000000000000`-style ID of the shard whose range, as
/// `CreateStream` splits the hash key space evenly over `shardCount` shards,
/// contains it. Lines carry no trailing newline.
///
/// - Precondition: `1 <= shardCount`; the command line checks the upper
///   bound `shardForMaxShards` and reports bad values before calling.
public func shardForLines(shardCount: Int, keys: [String]) -> [String] {
  let ranges = ShardLayout.evenSplit(shardCount: shardCount)
  return keys.map { key in
    let hash = MD5.hash128(utf8: key)
    let index = ShardLayout.shardIndex(forHashKey: hash, in: ranges)
    return "\(key)\t\(hash)\t\(ShardLayout.shardId(index))"
  }
}
