import SimCore

/// KPL-style aggregation (docs/model.md §8.7): user records for one shard
/// packed into Kinesis records, the records collected into PutRecords
/// calls.
extension StreamProducerFleet {
  /// The bytes of a Kinesis record holding user records of `bytes` bytes
  /// together, `count` of them: a record of its own when alone, otherwise
  /// the aggregate's framing on top.
  static func aggregateSize(count: Int, bytes: Int) -> Int {
    count == 1 ? bytes : KinesisLimits.kplAggregateOverhead + bytes + count * KinesisLimits.kplPerRecordOverhead
  }

  /// An aggregating producer's next collection, drawn at once when its
  /// first user record arrives (as `drawBatch` draws a batch): user records
  /// until `maxBufferedTime` has passed since the first, or until one more
  /// would make the call hold more than `collectionMaxCount` Kinesis
  /// records or 10 MiB. Each shard's user records, in arrival order, fill
  /// Kinesis records of up to `maxSize` bytes; a user record that does not
  /// fit starts the next one.
  mutating func drawAggregatedCollection(_ p: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    guard let policy = producers[p].config.aggregation else { return }
    var time = kernel.now
    var deadline = time + policy.maxBufferedTime.nanoseconds
    var call = allocateCall(p)
    // The open Kinesis record of each shard: (count, user bytes).
    var open: [Int32: (count: Int, bytes: Int)] = [:]
    var closedRecords = 0
    var closedBytes = 0
    func callSize(_ open: [Int32: (count: Int, bytes: Int)]) -> (records: Int, bytes: Int) {
      var bytes = closedBytes
      for (_, a) in open { bytes += Self.aggregateSize(count: a.count, bytes: a.bytes) }
      return (closedRecords + open.count, bytes)
    }
    while true {
      let next = producers[p].clock.next(using: &producers[p].rng).map(\.nanoseconds)
      if let record = createRecord(p, at: time, kinesis: kinesis, kernel: &kernel) {
        let size = Int(record.size)
        var grown = open
        var closing = 0
        var closingBytes = 0
        if let a = grown[record.shard], Self.aggregateSize(count: a.count + 1, bytes: a.bytes + size) > policy.maxSize {
          closing = 1
          closingBytes = Self.aggregateSize(count: a.count, bytes: a.bytes)
          grown[record.shard] = (1, size)
        } else {
          let a = grown[record.shard] ?? (0, 0)
          grown[record.shard] = (a.count + 1, a.bytes + size)
        }
        closedRecords += closing
        closedBytes += closingBytes
        let total = callSize(grown)
        if total.records > policy.collectionMaxCount || total.bytes > KinesisLimits.maxPutRecordsBytes {
          // This record goes in the next call.
          closedRecords -= closing
          closedBytes -= closingBytes
          closeCollection(p, call: call, policy: policy, at: time, kernel: &kernel)
          call = allocateCall(p)
          // The next collection's first record waits at most its own
          // maxBufferedTime.
          deadline = time + policy.maxBufferedTime.nanoseconds
          open = [record.shard: (1, size)]
          closedRecords = 0
          closedBytes = 0
        } else {
          open = grown
        }
        producers[p].calls.records[call].append(record)
      }
      guard let next, next < kernel.endNanos, next < deadline else {
        if producers[p].calls.records[call].isEmpty {
          producers[p].calls.release(call)
        } else {
          closeCollection(p, call: call, policy: policy, at: deadline, kernel: &kernel)
        }
        if let next, next < kernel.endNanos { kernel.schedule(.streamProducer(.arrival(producer: Int32(p))), at: next) }
        return
      }
      time = next
    }
  }

  /// Packs call `call`'s user records into Kinesis records (each shard's
  /// in arrival order, shards in order of their first record) and
  /// schedules the call for `time`.
  mutating func closeCollection(_ p: Int, call: Int, policy: AggregationPolicy, at time: Int64, kernel: inout Kernel) {
    let records = producers[p].calls.records[call]
    var firstSeen: [Int32: Int] = [:]
    for (i, r) in records.enumerated() where firstSeen[r.shard] == nil { firstSeen[r.shard] = i }
    let order = records.indices.sorted { (firstSeen[records[$0].shard]!, $0) < (firstSeen[records[$1].shard]!, $1) }
    var packed: [StreamRecord] = []
    packed.reserveCapacity(records.count)
    var head = 0
    var count = 0
    var bytes = 0
    func closeRecord() {
      guard count > 0 else { return }
      packed[head].userRecords = Int32(count)
      packed[head].size = Int32(Self.aggregateSize(count: count, bytes: bytes))
    }
    for i in order {
      var r = records[i]
      let size = Int(r.size)
      let sameShard = count > 0 && packed[head].shard == r.shard
      if sameShard && Self.aggregateSize(count: count + 1, bytes: bytes + size) <= policy.maxSize {
        count += 1
        bytes += size
        r.userRecords = 0
        r.size = 0
        packed.append(r)
      } else {
        closeRecord()
        head = packed.count
        count = 1
        bytes = size
        packed.append(r)
      }
    }
    closeRecord()
    producers[p].calls.records[call] = packed
    kernel.schedule(.streamProducer(.batchClosed(producer: Int32(p), call: Int32(call))), at: time)
  }
}
