import SimCore
import SimModels

/// The largest `--shards` value `msgsim shard-for` accepts: the current
/// provisioned shard quota per account in the large Regions (docs/model.md §8.3).
public let shardForMaxShards = 20_000

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
