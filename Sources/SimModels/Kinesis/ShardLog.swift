import SimCore

/// One record on its way into a stream: what a producer's call carries and
/// what a shard stores (docs/model.md §8.7).
struct StreamRecord: Sendable {
  /// When the producer created the record, in nanoseconds.
  var createdAt: Int64
  /// The record's key, numbered across every stream producer's keys.
  var key: Int32
  /// The key's creation sequence: the n-th record of its key has n − 1.
  var keySequence: UInt32
  /// Bytes counted against the shard's limits: data and partition key.
  var size: Int32
  /// The shard the key hashes to, numbered across every stream's shards.
  var shard: Int32
}

/// A shard's records, oldest first, each kept individually: its arrival
/// time (`ApproximateArrivalTimestamp`), creation time, key, key sequence
/// and size, in one array per field. A record's sequence number is its
/// position since the shard opened (docs/model.md §8.9).
///
/// Records older than the retention period are trimmed: `trimmed` moves
/// past them and they can no longer be read. Their storage is given back
/// in bulk (`compact`), below the oldest record an application still holds
/// and once at least half of it (and at least `compactionThreshold`
/// records) is trimmed, so trimming costs O(1) amortized per record.
struct ShardLog: Sendable {
  /// The sequence number of `arrival[0]` (records before it are gone).
  private(set) var base = 0
  /// The first sequence number still readable.
  private(set) var trimmed = 0
  private(set) var arrival: [Int64] = []
  private(set) var created: [Int64] = []
  private(set) var key: [Int32] = []
  private(set) var keySequence: [UInt32] = []
  private(set) var size: [Int32] = []

  /// Trimmed records kept in storage before it is compacted.
  static let compactionThreshold = 4_096

  /// The next sequence number (one past the newest record).
  var end: Int { base + arrival.count }
  /// Records still readable.
  var retainedCount: Int { end - trimmed }

  /// Appends `record`, arrived at `now`.
  @inline(__always)
  mutating func append(_ record: StreamRecord, at now: Int64) {
    arrival.append(now)
    created.append(record.createdAt)
    key.append(record.key)
    keySequence.append(record.keySequence)
    size.append(record.size)
  }

  /// The storage index of sequence number `sequence` (retained).
  @inline(__always)
  func index(_ sequence: Int) -> Int { sequence - base }

  /// Trims every record that arrived before `cutoff`; returns how many.
  /// Arrival times never decrease along a shard, so this is a binary
  /// search from the trim point.
  mutating func trim(arrivedBefore cutoff: Int64) -> Int {
    var low = trimmed - base
    var high = arrival.count
    guard low < high, arrival[low] < cutoff else { return 0 }
    while low < high {
      let mid = (low + high) / 2
      if arrival[mid] < cutoff { low = mid + 1 } else { high = mid }
    }
    let newlyTrimmed = base + low - trimmed
    trimmed = base + low
    return newlyTrimmed
  }

  /// Gives back the storage of trimmed records below `floor` (the oldest
  /// record a reader still holds), once there are enough of them.
  mutating func compact(below floor: Int) {
    let dead = min(trimmed, floor) - base
    guard dead >= Self.compactionThreshold && dead * 2 >= arrival.count else { return }
    arrival.removeFirst(dead)
    created.removeFirst(dead)
    key.removeFirst(dead)
    keySequence.removeFirst(dead)
    size.removeFirst(dead)
    base += dead
  }
}
