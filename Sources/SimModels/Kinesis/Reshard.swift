import SimCore

/// A scheduled resharding of a provisioned stream (docs/model.md §8.12).
public struct Reshard: Sendable, Equatable {
  /// What changes.
  public enum Change: Sendable, Equatable {
    /// `UpdateShardCount` with `UNIFORM_SCALING`: every open shard closes
    /// and `target` shards with even hash key ranges open.
    case updateShardCount(target: Int)
    /// `SplitShard`: the open shard with index `shard` closes and two open,
    /// split at `newStartingHashKey` (default: the middle of its range).
    case split(shard: Int, newStartingHashKey: UInt128?)
    /// `MergeShards`: two open shards with adjacent ranges close and one
    /// opens with both ranges.
    case merge(shard: Int, adjacentShard: Int)
  }

  /// The call as AWS names it: `UpdateShardCount to 8`, `SplitShard
  /// shardId-000000000001`, `MergeShards shardId-… shardId-…`.
  public var description: String {
    switch change {
    case .updateShardCount(let target): return "UpdateShardCount to \(target)"
    case .split(let shard, let key):
      return "SplitShard \(ShardLayout.shardId(shard))" + (key.map { " at \($0)" } ?? "")
    case .merge(let a, let b): return "MergeShards \(ShardLayout.shardId(a)) \(ShardLayout.shardId(b))"
    }
  }

  /// When the call is made; the stream is `UPDATING` until
  /// `at + KinesisLimits.reshardDuration`, when the change takes effect.
  public var at: SimTime
  public var change: Change

  public init(at: SimTime, change: Change) {
    self.at = at
    self.change = change
  }
}

/// The open shards of a stream as reshards change them: each shard's index
/// (its `shardId-` number; children take the next unused ones, as AWS
/// numbers them) and hash key range, sorted by range.
public struct ShardSet: Sendable, Equatable {
  public struct Shard: Sendable, Equatable {
    public var index: Int
    public var range: HashKeyRange
    /// The shards it came from (none for the stream's first shards).
    public var parents: [Int]
  }

  /// The open shards, sorted by `range.start`.
  public private(set) var open: [Shard]
  /// Every shard ever opened, by index.
  public private(set) var all: [Shard]
  /// `UpdateShardCount` calls so far, at their times (for the rolling
  /// 24-hour quota).
  public private(set) var scalingTimes: [SimTime] = []

  /// The `count` shards `CreateStream` opens.
  public init(count: Int) {
    let ranges = ShardLayout.evenSplit(shardCount: count)
    open = ranges.enumerated().map { Shard(index: $0.offset, range: $0.element, parents: []) }
    all = open
  }

  /// Applies `reshard`, or says why AWS would refuse it (the reason names
  /// the bound); the set is unchanged then.
  public mutating func apply(_ reshard: Reshard) -> String? {
    switch reshard.change {
    case .updateShardCount(let target):
      let current = open.count
      if target > 2 * current { return "UpdateShardCount may at most double the \(current) open shards (to \(2 * current)), not go to \(target)" }
      if 2 * target < current { return "UpdateShardCount may at most halve the \(current) open shards (to \((current + 1) / 2)), not go to \(target)" }
      if target > KinesisLimits.maxShardsPerStream { return "a stream has at most \(KinesisLimits.maxShardsPerStream) shards, not \(target)" }
      let day = SimDuration.seconds(86_400).nanoseconds
      let recent = scalingTimes.filter { reshard.at.nanoseconds - $0.nanoseconds < day }.count
      if recent >= KinesisLimits.maxScalingOperationsPerDay {
        return "UpdateShardCount is allowed \(KinesisLimits.maxScalingOperationsPerDay) times per rolling 24 hours"
      }
      scalingTimes.append(reshard.at)
      let parents = open
      let next = all.count
      open = ShardLayout.evenSplit(shardCount: target).enumerated().map { i, range in
        Shard(
          index: next + i, range: range,
          parents: parents.filter { $0.range.start <= range.end && range.start <= $0.range.end }.map(\.index))
      }
      all += open
    case .split(let index, let key):
      guard let i = open.firstIndex(where: { $0.index == index }) else { return "\(ShardLayout.shardId(index)) is not open" }
      let range = open[i].range
      let newStart = key ?? range.start + (range.end - range.start) / 2 + 1
      guard newStart > range.start + 1 && newStart < range.end else {
        return "NewStartingHashKey must lie strictly inside \(ShardLayout.shardId(index))'s range, from \(range.start + 2) to \(range.end - 1)"
      }
      let next = all.count
      let children = [
        Shard(index: next, range: HashKeyRange(start: range.start, end: newStart - 1), parents: [index]),
        Shard(index: next + 1, range: HashKeyRange(start: newStart, end: range.end), parents: [index]),
      ]
      open.replaceSubrange(i...i, with: children)
      all += children
    case .merge(let a, let b):
      guard let i = open.firstIndex(where: { $0.index == a }) else { return "\(ShardLayout.shardId(a)) is not open" }
      guard let j = open.firstIndex(where: { $0.index == b }) else { return "\(ShardLayout.shardId(b)) is not open" }
      let (low, high) = i < j ? (i, j) : (j, i)
      guard high == low + 1, open[low].range.end &+ 1 == open[high].range.start else {
        return "\(ShardLayout.shardId(a)) and \(ShardLayout.shardId(b)) are not adjacent (MergeShards needs contiguous hash key ranges)"
      }
      let child = Shard(
        index: all.count, range: HashKeyRange(start: open[low].range.start, end: open[high].range.end),
        parents: [open[low].index, open[high].index])
      open.replaceSubrange(low...high, with: [child])
      all.append(child)
    }
    return nil
  }

  /// The open shard whose range holds `hashKey` (its index in `open`).
  public func openShard(forHashKey hashKey: UInt128) -> Int {
    ShardLayout.shardIndex(forHashKey: hashKey, in: open.map(\.range))
  }
}
