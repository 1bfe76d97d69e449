import SimCore

/// What a shard counts, cumulatively (docs/model.md §8.11).
struct ShardCounters: CounterSet, Equatable {
  /// Kinesis records, user records (more when aggregated) and bytes
  /// written (data and partition keys).
  var incomingRecords = 0
  var incomingUserRecords = 0
  var incomingBytes = 0
  /// Record attempts refused for the write limit (PutRecord and PutRecords).
  var writeThrottled = 0
  /// GetRecords calls refused for the read limits.
  var readThrottled = 0
  /// Records and bytes returned by GetRecords, every application together.
  var outgoingRecords = 0
  var outgoingBytes = 0
  /// Records trimmed for age.
  var trimmedRecords = 0
  /// PutRecords outcomes per record (PutRecord calls are not counted here).
  var putRecordsTotal = 0
  var putRecordsSuccessful = 0
  var putRecordsThrottled = 0

  static let isPlainIntegers = true
  static var fields: [WritableKeyPath<ShardCounters, Int>] {
    [
      \.incomingRecords, \.incomingUserRecords, \.incomingBytes, \.writeThrottled, \.readThrottled, \.outgoingRecords, \.outgoingBytes,
      \.trimmedRecords, \.putRecordsTotal, \.putRecordsSuccessful, \.putRecordsThrottled,
    ]
  }
}

/// One shard: its records, its limits' current windows, its counters.
struct ShardState: Sendable {
  var log = ShardLog()
  /// The stream it belongs to.
  let stream: Int32
  /// Writes in the current whole second (`writeSecond`).
  var writeSecond: Int64 = -1
  var writeRecords = 0
  var writeBytes = 0
  /// The busiest second's writes, this period and since warm-up.
  var periodMaxRecords = 0
  var periodMaxBytes = 0
  var runMaxRecords = 0
  var runMaxBytes = 0
  /// GetRecords calls in the current whole second (`readSecond`).
  var readSecond: Int64 = -1
  var readCalls = 0
  /// The read allowance in bytes: it fills at 2 MiB/s up to 2 MiB (one
  /// second's worth), each call's bytes are taken from it (it may go
  /// below zero), and calls are throttled while it is not positive
  /// (docs/model.md §8.8).
  var readAllowance = Double(KinesisLimits.shardReadBytesPerSecond)
  var readAllowanceAt: Int64 = 0
  /// The largest iterator age returned this period and since warm-up (ns).
  var periodMaxIteratorAge: Int64 = 0
  var runMaxIteratorAge: Int64 = 0
  var counters = ShardCounters()
  /// Open (takes writes), closed by a reshard (still readable to its
  /// end), or not opened yet (a reshard's child to come).
  var status = Status.unused
  /// The shards it came from (flat indices).
  var parents: [Int32] = []
  /// On-demand: whether its stream is on-demand; its writes this minute;
  /// whether a split is coming.
  var isOnDemand = false
  var minuteBytes = 0
  var splitPending = false

  enum Status: UInt8, Sendable { case unused, open, closed }

  init(stream: Int32) { self.stream = stream }
}

/// A stream: its configuration, its open shards and its shards' place in
/// the flat list.
struct StreamState: Sendable {
  let config: StreamConfig
  /// Its shards, all it will ever have (the first ones and every
  /// reshard's children), are `firstShard ..< firstShard + slotCount`;
  /// shard index `i` (`shardId-…i`) is flat index `firstShard + i`.
  let firstShard: Int
  let slotCount: Int
  /// `stream/NAME`.
  let resource: String
  /// The open shards and their ranges.
  var shardSet: ShardSet
  /// Reshards taken effect, and whether one is under way (`UPDATING`).
  var reshardsDone = 0
  var isUpdating = false
  /// An on-demand stream's capacity; `nil` for a provisioned stream.
  var onDemand: OnDemandState?

  var shards: Range<Int> { firstShard ..< firstShard + slotCount }
}

/// The Kinesis Data Streams model: every stream of the run, its shards'
/// records, write and read limits, retention and metrics (docs/model.md
/// §8): provisioned streams, resharded on schedule (§8.12), and
/// on-demand streams that split their shards themselves (§8.13).
///
/// Producers write through `put`, applications read through `getRecords`;
/// the model owns the records and the limits, not the callers' positions.
public struct KinesisModel: Sendable {
  /// The model's events.
  public enum Action: Sendable {
    /// A stream's next reshard is called (the stream is `UPDATING`), or
    /// takes effect.
    case reshardStart(stream: Int32)
    case reshardComplete(stream: Int32)
    /// An on-demand stream splits a busy shard (stale if it closed).
    case onDemandSplit(stream: Int32, shard: Int32)
  }

  var streams: [StreamState]
  /// Every shard of every stream, stream by stream.
  let shards: FixedArray<ShardState>
  /// `stream/NAME/shardId-…` of each shard.
  let shardResources: [String]
  var streamMetricIDs: [Int32] = []
  var shardMetricIDs: [Int32] = []
  var baselines: CounterBaselines<ShardCounters>
  /// The records the last `put` wrote, in order (scratch, reused).
  private(set) var written: [StreamRecord] = []
  /// Whether to note which shards gain records (for enhanced fan-out
  /// consumers, who are pushed new records), and the shards noted since
  /// `takeWrittenShards`.
  var tracksWrites = false
  private(set) var writtenShards: [Int32] = []
  private var isNoted: [Bool] = []
  /// Every stream producer's keys (numbered across producers): the MD5
  /// hash key, the stream, and the open shard (flat) it goes to now.
  private(set) var keyHash: [UInt128] = []
  private(set) var keyStream: [Int32] = []
  private(set) var keyShard: [Int32] = []
  /// The shards the last reshard opened (flat indices).
  private(set) var openedShards: [Int32] = []
  /// On-demand splits the last writes asked for: stream, shard index, when.
  var pendingSplits: [(Int32, Int32, Int64)] = []

  init(config: WorldConfig) {
    var streams: [StreamState] = []
    var shards: [ShardState] = []
    var shardResources: [String] = []
    for (s, stream) in config.streams.enumerated() {
      let resource = "stream/\(stream.name)"
      let slots = stream.shardSlots
      let onDemand = stream.mode == .onDemand
      let initial = onDemand ? KinesisLimits.onDemandInitialShards : stream.shards
      var state = StreamState(
        config: stream, firstShard: shards.count, slotCount: slots, resource: resource,
        shardSet: ShardSet(count: initial))
      if onDemand {
        state.onDemand = OnDemandState(
          previousPeakBytes: stream.previousPeakBytesPerSecond, previousPeakRecords: stream.previousPeakRecordsPerSecond)
      }
      streams.append(state)
      for i in 0..<slots {
        var shard = ShardState(stream: Int32(s))
        shard.isOnDemand = onDemand
        if i < initial { shard.status = .open }
        shards.append(shard)
        shardResources.append("\(resource)/\(ShardLayout.shardId(i))")
      }
    }
    self.streams = streams
    self.shards = FixedArray(shards)
    self.shardResources = shardResources
    baselines = CounterBaselines(count: shards.count)
  }

  /// Starts noting which shards gain records.
  mutating func trackWrites() {
    tracksWrites = true
    isNoted = Array(repeating: false, count: shards.count)
  }

  /// The shards that gained records since the last call, in order.
  mutating func takeWrittenShards() -> [Int32] {
    let taken = writtenShards
    for s in taken { isNoted[Int(s)] = false }
    writtenShards.removeAll(keepingCapacity: true)
    return taken
  }

  /// The index of stream `name`.
  func streamIndex(named name: String) -> Int? { streams.firstIndex { $0.config.name == name } }

  /// The flat index of the open shard of `stream` whose hash key range
  /// holds `hashKey`.
  func shard(of stream: Int, hashKey: UInt128) -> Int {
    let set = streams[stream].shardSet
    return streams[stream].firstShard + set.open[set.openShard(forHashKey: hashKey)].index
  }

  /// Registers a producer's partition keys for `stream`; returns the
  /// number of its first key.
  mutating func registerKeys(_ names: [String], explicitHashKeys: [String: UInt128] = [:], stream: Int) -> Int32 {
    let base = Int32(keyHash.count)
    for name in names {
      // An ExplicitHashKey overrides the partition key's MD5.
      let hash = explicitHashKeys[name] ?? MD5.hash128(utf8: name)
      keyHash.append(hash)
      keyStream.append(Int32(stream))
      keyShard.append(Int32(shard(of: stream, hashKey: hash)))
    }
    return base
  }

  // MARK: - Resharding (docs/model.md §8.12)

  /// Schedules each stream's first reshard.
  mutating func start(_ run: Milestone, peer _: Void, kernel: inout Kernel) {
    for s in streams.indices { scheduleReshard(s, kernel: &kernel) }
  }

  mutating func scheduleReshard(_ s: Int, kernel: inout Kernel) {
    let reshards = streams[s].config.reshards
    guard streams[s].reshardsDone < reshards.count else { return }
    let at = reshards[streams[s].reshardsDone].at.nanoseconds
    guard at < kernel.endNanos else { return }
    kernel.schedule(.kinesis(.reshardStart(stream: Int32(s))), at: max(at, kernel.now))
  }

  mutating func handle(_ action: Action, kernel: inout Kernel) {
    openedShards.removeAll(keepingCapacity: true)
    switch action {
    case .reshardStart(let s):
      streams[Int(s)].isUpdating = true
      let reshard = streams[Int(s)].config.reshards[streams[Int(s)].reshardsDone]
      kernel.log(streams[Int(s)].resource, "ReshardStarted", "\(reshard.description) (UPDATING)")
      kernel.schedule(.kinesis(.reshardComplete(stream: s)), after: KinesisLimits.reshardDuration)
    case .reshardComplete(let s):
      let reshard = streams[Int(s)].config.reshards[streams[Int(s)].reshardsDone]
      streams[Int(s)].reshardsDone += 1
      streams[Int(s)].isUpdating = false
      apply(reshard, to: Int(s), kernel: &kernel)
      scheduleReshard(Int(s), kernel: &kernel)
    case .onDemandSplit(let s, let index):
      splitBusyShard(Int(s), index: Int(index), kernel: &kernel)
    }
  }

  /// A reshard takes effect: its parents close (readable to their end,
  /// no more writes), its children open, and keys go to the children.
  mutating func apply(_ reshard: Reshard, to s: Int, event: String = "ReshardCompleted", kernel: inout Kernel) {
    let before = Set(streams[s].shardSet.open.map(\.index))
    let problem = streams[s].shardSet.apply(reshard)
    precondition(problem == nil, "reshard refused at run time: \(problem!); validation must catch this")
    let first = streams[s].firstShard
    let after = streams[s].shardSet.open
    for index in before where !after.contains(where: { $0.index == index }) {
      noteWriteWindow(first + index)
      shards[first + index].status = .closed
    }
    for child in after where !before.contains(child.index) {
      shards[first + child.index].status = .open
      shards[first + child.index].parents = child.parents.map { Int32(first + $0) }
      openedShards.append(Int32(first + child.index))
    }
    for k in keyHash.indices where keyStream[k] == Int32(s) {
      keyShard[k] = Int32(shard(of: s, hashKey: keyHash[k]))
    }
    kernel.log(
      streams[s].resource, event,
      "\(after.count) open shards (\(openedShards.map { shardResources[Int($0)].split(separator: "/").last! }.joined(separator: " ")) opened)")
  }

  // MARK: - Writes (docs/model.md §8.7)

  /// One PutRecords (or, with `isBatch` false, PutRecord) call reaching the
  /// stream at `now`: each Kinesis record is written if its shard's current
  /// second still has room for it (1,000 records and 1 MiB), otherwise
  /// throttled, an aggregated record with all its user records. Written
  /// user records leave `records` for `written`; the throttled ones stay,
  /// in order, for the caller to retry. Returns how many user records
  /// were written.
  mutating func put(_ records: inout [StreamRecord], isBatch: Bool, now: Int64) -> Int {
    let second = now / 1_000_000_000
    written.removeAll(keepingCapacity: true)
    var kept = 0
    var i = 0
    while i < records.count {
      // One Kinesis record: `n` user records (more than 1 when aggregated).
      let head = records[i]
      let n = max(1, Int(head.userRecords))
      // Where the head's key goes now (a reshard may have moved it since
      // the record was made; an aggregated record follows its first key,
      // as the KPL's explicit hash key makes it).
      let s = Int(keyShard[Int(head.key)])
      if shards[s].writeSecond != second { rollWriteWindow(s, to: second) }
      let size = Int(head.size)
      if isBatch { shards[s].counters.putRecordsTotal &+= 1 }
      if shards[s].writeRecords < KinesisLimits.shardWriteRecordsPerSecond
        && shards[s].writeBytes + size <= KinesisLimits.shardWriteBytesPerSecond
        && (!shards[s].isOnDemand || admitOnDemand(Int(shards[s].stream), size: size, now: now))
      {
        if shards[s].isOnDemand { shards[s].minuteBytes += size }
        shards[s].writeRecords += 1
        shards[s].writeBytes += size
        for j in i ..< i + n {
          shards[s].log.append(records[j], at: now)
          written.append(records[j])
        }
        shards[s].counters.incomingRecords &+= 1
        shards[s].counters.incomingUserRecords &+= n
        if tracksWrites && !isNoted[s] {
          isNoted[s] = true
          writtenShards.append(Int32(s))
        }
        shards[s].counters.incomingBytes &+= size
        if isBatch { shards[s].counters.putRecordsSuccessful &+= 1 }
      } else {
        shards[s].counters.writeThrottled &+= 1
        if isBatch { shards[s].counters.putRecordsThrottled &+= 1 }
        for j in i ..< i + n {
          records[kept] = records[j]
          kept += 1
        }
      }
      i += n
    }
    records.removeLast(records.count - kept)
    return written.count
  }

  /// Starts shard `s`'s write second `second`, keeping the busiest one.
  mutating func rollWriteWindow(_ s: Int, to second: Int64) {
    noteWriteWindow(s)
    shards[s].writeSecond = second
    shards[s].writeRecords = 0
    shards[s].writeBytes = 0
  }

  /// Folds shard `s`'s current second into the period's busiest.
  mutating func noteWriteWindow(_ s: Int) {
    shards[s].periodMaxRecords = max(shards[s].periodMaxRecords, shards[s].writeRecords)
    shards[s].periodMaxBytes = max(shards[s].periodMaxBytes, shards[s].writeBytes)
  }

  // MARK: - Retention (docs/model.md §8.9)

  /// Trims shard `s`'s records older than its stream's retention: those
  /// that arrived before the whole second in which `now − retention`
  /// falls (the trim point moves in whole seconds, docs/model.md §8.9).
  @inline(__always)
  mutating func trim(_ s: Int, now: Int64) {
    let retention = streams[Int(shards[s].stream)].config.retention.nanoseconds
    guard now >= retention else { return }
    shards[s].counters.trimmedRecords &+= shards[s].log.trim(arrivedBeforeSecond: (now - retention) / 1_000_000_000)
  }

  // MARK: - Reads (docs/model.md §8.8)

  /// One GetRecords call on shard `s` at `now`, from sequence number
  /// `position` (at least the trim point), for at most `limit` records.
  ///
  /// Refused (`nil`, `ReadProvisionedThroughputExceeded`) when the shard
  /// already had 5 calls this second, or while its read allowance is not
  /// positive (bytes read beyond 2 MiB/s, with one second's burst: after a
  /// 10 MiB call from a full allowance, calls fail for 4 s). Otherwise
  /// returns the records from `position` up to `limit`, 10 MiB or the
  /// newest record, whichever comes first, and takes their bytes from the
  /// allowance.
  mutating func getRecords(shard s: Int, from position: Int, limit: Int, now: Int64) -> Range<Int>? {
    let second = now / 1_000_000_000
    if shards[s].readSecond != second {
      shards[s].readSecond = second
      shards[s].readCalls = 0
    }
    let rate = Double(KinesisLimits.shardReadBytesPerSecond)
    let refill = rate * Double(now - shards[s].readAllowanceAt) / 1e9
    shards[s].readAllowance = min(rate, shards[s].readAllowance + refill)
    shards[s].readAllowanceAt = now
    guard shards[s].readCalls < KinesisLimits.shardReadCallsPerSecond && shards[s].readAllowance > 0 else {
      shards[s].counters.readThrottled &+= 1
      return nil
    }
    shards[s].readCalls += 1
    let (range, bytes) = takeRecords(shard: s, from: position, limit: limit, maxBytes: KinesisLimits.maxGetRecordsBytes)
    shards[s].readAllowance -= Double(bytes)
    noteRead(shard: s, range, now: now)
    return range
  }

  /// The records from `position` up to `limit` Kinesis records, `maxBytes`
  /// or the newest record, whichever comes first (an aggregated record
  /// whole, with its user records), and their bytes; counted as read.
  mutating func takeRecords(
    shard s: Int, from position: Int, limit: Int, maxBytes: Int, arrivedBy: Int64 = .max
  ) -> (Range<Int>, Int) {
    let log = shards[s].log
    var last = position
    var bytes = 0
    var kinesisRecords = 0
    let first = log.index(position)
    while last < log.end {
      let i = first + last - position
      if log.startsRecord[i] {
        let size = Int(log.size[i])
        if kinesisRecords == limit || bytes + size > maxBytes || log.arrival[i] > arrivedBy { break }
        bytes += size
        kinesisRecords += 1
      }
      last += 1
    }
    shards[s].counters.outgoingRecords &+= kinesisRecords
    shards[s].counters.outgoingBytes &+= bytes
    return (position ..< last, bytes)
  }

  /// Notes the iterator age of a read of `range` from shard `s` at `now`:
  /// the age of the last record returned.
  mutating func noteRead(shard s: Int, _ range: Range<Int>, now: Int64) {
    guard !range.isEmpty else { return }
    let age = now - shards[s].log.arrival[shards[s].log.index(range.upperBound - 1)]
    shards[s].periodMaxIteratorAge = max(shards[s].periodMaxIteratorAge, age)
  }

  // MARK: - Enhanced fan-out (docs/model.md §8.10)

  /// One SubscribeToShard event for a consumer on shard `s` at `now`, from
  /// `position`: the records there that arrived by `arrivedBy`, up to what
  /// the consumer's own 2 MiB/s per shard (`allowance`, in bytes, with one
  /// second's burst) allows, and at least one Kinesis record.
  /// Shared-throughput limits do not apply.
  mutating func pushRecords(
    shard s: Int, from position: Int, arrivedBy: Int64, allowance: inout Double, allowanceAt: inout Int64,
    now: Int64
  ) -> Range<Int> {
    let rate = Double(KinesisLimits.shardReadBytesPerSecond)
    allowance = min(rate, allowance + rate * Double(now - allowanceAt) / 1e9)
    allowanceAt = now
    guard allowance > 0 else { return position ..< position }
    let budget = Int(allowance)
    let (range, bytes) = takeRecords(
      shard: s, from: position, limit: KinesisLimits.maxGetRecordsRecords, maxBytes: budget, arrivedBy: arrivedBy)
    var taken = range
    var charged = bytes
    if taken.isEmpty && position < shards[s].log.end {
      // One record always goes out; its bytes are owed.
      let (one, oneBytes) = takeRecords(shard: s, from: position, limit: 1, maxBytes: .max)
      taken = one
      charged = oneBytes
    }
    allowance -= Double(charged)
    noteRead(shard: s, taken, now: now)
    return taken
  }
}
