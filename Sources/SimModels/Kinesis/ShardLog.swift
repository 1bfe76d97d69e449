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
  /// The user records of the Kinesis record this one starts: 1 for a
  /// record of its own; for an aggregated record (KPL), its user records
  /// follow it with 0 here, and `size` of the first is the aggregate's
  /// bytes (the others' 0).
  var userRecords: Int32 = 1
}

/// A shard's records, oldest first, each kept individually: its arrival
/// time (`ApproximateArrivalTimestamp`), creation time, key, key sequence
/// and size, in one array per field. A record's sequence number is its
/// position since the shard opened (docs/model.md §8.9).
///
/// Records older than the retention period are trimmed (`trim`): `trimmed`
/// moves past them and they can no longer be read. Storage is given back
/// in bulk (`compact`), once at least half of it (and at least
/// `compactionThreshold` records) is dead: below the trim point, or, when
/// no reader can ever go back before its checkpoint, below the oldest
/// checkpoint ("forgotten"). A forgotten record that is not trimmed yet
/// still counts as retained; of it only its arrival second is kept (a
/// count per second), which is all trimming needs, since the trim point
/// moves in whole seconds. Forgetting changes no output; it keeps memory
/// to the records someone may still read.
struct ShardLog: Sendable {
  /// The sequence number of `arrival[0]` (records before it are gone).
  private(set) var base = 0
  /// The first sequence number still readable (retained).
  private(set) var trimmed = 0
  private(set) var arrival: [Int64] = []
  private(set) var created: [Int64] = []
  private(set) var key: [Int32] = []
  private(set) var keySequence: [UInt32] = []
  private(set) var size: [Int32] = []
  /// Whether each user record starts a Kinesis record (false inside an
  /// aggregated record).
  private(set) var startsRecord: [Bool] = []
  /// Retained records below `base` (`trimmed ..< base`): how many arrived
  /// in each whole second, oldest first, from `forgottenHead` on.
  private var forgotten: [(second: Int64, count: Int)] = []
  private var forgottenHead = 0

  /// Dead records kept in storage before it is compacted.
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
    startsRecord.append(record.userRecords != 0)
  }

  /// The first sequence number whose record arrived at or after `time`,
  /// among those still stored (`base` if all did; `end` if none did).
  func first(arrivedAtOrAfter time: Int64) -> Int {
    var low = 0
    var high = arrival.count
    while low < high {
      let mid = (low + high) / 2
      if arrival[mid] < time { low = mid + 1 } else { high = mid }
    }
    return base + low
  }

  /// The storage index of sequence number `sequence` (at least `base`).
  @inline(__always)
  func index(_ sequence: Int) -> Int { sequence - base }

  /// Trims every record that arrived before whole second `cutoffSecond`;
  /// returns how many. Arrival times never decrease along a shard, so this
  /// takes the forgotten seconds, then binary-searches the rest.
  mutating func trim(arrivedBeforeSecond cutoffSecond: Int64) -> Int {
    let before = trimmed
    while forgottenHead < forgotten.count && forgotten[forgottenHead].second < cutoffSecond {
      trimmed += forgotten[forgottenHead].count
      forgottenHead += 1
    }
    if forgottenHead == forgotten.count && !forgotten.isEmpty {
      forgotten.removeAll(keepingCapacity: true)
      forgottenHead = 0
    }
    guard trimmed >= base else { return trimmed - before }
    let cutoff = cutoffSecond * 1_000_000_000
    var low = trimmed - base
    var high = arrival.count
    if low < high && arrival[low] < cutoff {
      while low < high {
        let mid = (low + high) / 2
        if arrival[mid] < cutoff { low = mid + 1 } else { high = mid }
      }
      trimmed = base + low
    }
    return trimmed - before
  }

  /// Gives back the storage of records below `floor` that are trimmed or,
  /// with `forgetting`, that no reader will read again, once there are
  /// enough of them.
  mutating func compact(below floor: Int, forgetting: Bool) {
    let limit = forgetting ? floor : min(trimmed, floor)
    let dead = limit - base
    guard dead >= Self.compactionThreshold && dead * 2 >= arrival.count else { return }
    // Retained records among the dead keep their arrival seconds.
    for i in min(max(0, trimmed - base), dead) ..< dead {
      let second = arrival[i] / 1_000_000_000
      if let last = forgotten.last, forgotten.count > forgottenHead, last.second == second {
        forgotten[forgotten.count - 1].count += 1
      } else {
        forgotten.append((second, 1))
      }
    }
    arrival.removeFirst(dead)
    created.removeFirst(dead)
    key.removeFirst(dead)
    keySequence.removeFirst(dead)
    size.removeFirst(dead)
    startsRecord.removeFirst(dead)
    base += dead
  }
}
