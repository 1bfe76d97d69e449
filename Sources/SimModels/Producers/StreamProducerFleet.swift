import SimCore

/// What a producer writing to a stream counts, cumulatively.
struct StreamProducerCounters: CounterSet, Equatable {
  var created = 0
  /// User records written, and the Kinesis records they went in.
  var put = 0
  var kinesisRecordsPut = 0
  var putRecordCalls = 0
  var putRecordsCalls = 0
  var callErrors = 0
  var retries = 0
  var rejected = 0
  var throttled = 0
  var dropped = 0
  var reorders = 0

  static let isPlainIntegers = true
  static var fields: [WritableKeyPath<StreamProducerCounters, Int>] {
    [
      \.created, \.put, \.kinesisRecordsPut, \.putRecordCalls, \.putRecordsCalls, \.callErrors, \.retries, \.rejected, \.throttled,
      \.dropped, \.reorders,
    ]
  }
}

/// The running state of one producer writing to a stream.
struct StreamProducerState: Sendable {
  let config: ProducerConfig
  /// Its keys are `keyBase ..< keyBase + keyCount` in the numbering of
  /// every stream producer's keys.
  let keyBase: Int32
  /// Each key's UTF-8 length in bytes (its shard is the stream's to say:
  /// `KinesisModel.keyShard`, which reshards update).
  let keyBytes: [Int32]
  var keySequences: [UInt32]
  /// Per key: one past the highest key sequence the stream accepted.
  var highestPut: [UInt32]
  var keyPicker: KeyPicker
  /// Arrivals and record sizes.
  var rng: SeededGenerator
  var keyRng: SeededGenerator
  /// Calls: latency, errors and backoff (their own stream, so that when
  /// calls go out does not move the arrivals).
  var callRng: SeededGenerator
  var clock: ArrivalClock
  let backoff: FullJitterBackoff
  let hasZeroLatency: Bool
  /// PutRecords (batch size above 1) rather than PutRecord.
  let isBatching: Bool
  /// One PutRecord call in flight per key (`SendDiscipline.perKey`): the
  /// calls in flight of each key (0 or 1), the records waiting for them,
  /// and each call's key.
  let isPerKey: Bool
  var keyInFlight: [Int32] = []
  var waitingByKey: [RingBuffer<StreamRecord>] = []
  var callKey: [Int32] = []
  /// The open batch and its bytes.
  var batch: [StreamRecord] = []
  var batchBytes = 0
  var batchEpoch: UInt32 = 0
  /// Calls in flight: their records (only the ones still to be written),
  /// attempts and whether the attempt failed as a whole.
  var calls = CallSlab<StreamRecord>()
  var counters = StreamProducerCounters()

  /// Records in calls in flight or in the open batch.
  var recordsInFlight: Int {
    // A free call's record list is empty.
    batch.count + calls.recordsInFlight + waitingByKey.reduce(0) { $0 + $1.count }
  }
}

/// Every producer writing to a Kinesis stream: arrivals, partition keys,
/// PutRecord or PutRecords calls with their latency and errors, and the
/// retry of throttled records only (docs/model.md §8.7).
public struct StreamProducerFleet: Sendable {
  /// The fleet's events.
  public enum Action: Sendable {
    /// A producer creates its next record.
    case arrival(producer: Int32)
    /// A producer's batch window ends (stale if `epoch` moved on).
    case batchWindow(producer: Int32, epoch: UInt32)
    /// A producer's put call returns.
    case putComplete(producer: Int32, call: Int32)
    /// A producer retries a call's unwritten records after its backoff.
    case putRetry(producer: Int32, call: Int32)
    /// A batching producer's batch drawn ahead closes: its call goes out.
    case batchClosed(producer: Int32, call: Int32)
  }

  let producers: FixedArray<StreamProducerState>
  /// Whether batching producers draw each batch at once (`drawBatch`)
  /// rather than one event per arrival; tests turn it off to compare.
  var drawsAhead = true
  /// `producer/NAME` of each.
  let resources: [String]
  /// Every stream producer's keys together.
  let totalKeys: Int
  var baselines: CounterBaselines<StreamProducerCounters>
  var metricIDs: [Int32] = []

  init(config: WorldConfig, kinesis: inout KinesisModel, root: SeededGenerator) {
    var producers: [StreamProducerState] = []
    var keyBase: Int32 = 0
    for p in config.producers {
      guard case .stream(let name) = p.target else { continue }
      guard let stream = kinesis.streamIndex(named: name) else {
        preconditionFailure("unknown stream '\(name)': validation must catch this")
      }
      let names = p.keys?.names ?? [p.name]
      let registered = kinesis.registerKeys(names, explicitHashKeys: p.explicitHashKeys, stream: stream)
      precondition(registered == keyBase, "stream keys are numbered producer by producer")
      let batchSize = p.aggregation != nil ? 2 : p.batch?.size ?? 1
      var state = StreamProducerState(
        config: p, keyBase: keyBase, keyBytes: names.map { Int32($0.utf8.count) },
        keySequences: Array(repeating: 0, count: names.count), highestPut: Array(repeating: 0, count: names.count),
        keyPicker: KeyPicker(count: names.count, choice: p.keys?.choice ?? .uniform),
        rng: root.stream(named: "producer/\(p.name)"), keyRng: root.stream(named: "producer/\(p.name)/keys"),
        callRng: root.stream(named: "producer/\(p.name)/calls"),
        clock: ArrivalClock(p.arrivals),
        backoff: FullJitterBackoff(base: p.retry.baseDelay, cap: p.retry.maxBackoff, maxExponent: 40),
        hasZeroLatency: p.apiLatency.isAlwaysZero, isBatching: batchSize > 1,
        isPerKey: p.sendDiscipline == .perKey && batchSize == 1)
      if state.isPerKey {
        let filler = StreamRecord(createdAt: 0, key: 0, keySequence: 0, size: 0, shard: 0)
        state.keyInFlight = Array(repeating: 0, count: names.count)
        state.waitingByKey = Array(repeating: RingBuffer(filler: filler), count: names.count)
      }
      state.batch.reserveCapacity(batchSize)
      producers.append(state)
      keyBase += Int32(names.count)
    }
    self.producers = FixedArray(producers)
    resources = producers.map { "producer/\($0.config.name)" }
    totalKeys = Int(keyBase)
    baselines = CounterBaselines(count: producers.count)
  }

  /// Schedules every producer's first arrival.
  mutating func start(_ run: Milestone, peer _: Void, kernel: inout Kernel) {
    for p in producers.indices { scheduleNextArrival(p, kernel: &kernel) }
  }

  mutating func handle(_ action: Action, kinesis: inout KinesisModel, kernel: inout Kernel) {
    switch action {
    case .arrival(let p):
      handleArrival(Int(p), kinesis: &kinesis, kernel: &kernel)
    case .batchWindow(let p, let epoch):
      if producers[Int(p)].batchEpoch == epoch { flushBatch(Int(p), kinesis: &kinesis, kernel: &kernel) }
    case .putComplete(let p, let call):
      completePut(Int(p), call: Int(call), kinesis: &kinesis, kernel: &kernel)
    case .putRetry(let p, let call), .batchClosed(let p, let call):
      issuePut(Int(p), call: Int(call), kinesis: &kinesis, kernel: &kernel)
    }
  }

  mutating func scheduleNextArrival(_ p: Int, kernel: inout Kernel) {
    if let time = producers[p].clock.next(using: &producers[p].rng), time.nanoseconds < kernel.endNanos {
      kernel.schedule(.streamProducer(.arrival(producer: Int32(p))), at: time.nanoseconds)
    }
  }

  /// Producer `p` creates its next record and writes it (PutRecord), or
  /// its next batch (PutRecords, `drawBatch`).
  mutating func handleArrival(_ p: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    if producers[p].config.aggregation != nil {
      drawAggregatedCollection(p, kinesis: kinesis, kernel: &kernel)
      return
    }
    if producers[p].isBatching, drawsAhead {
      drawBatch(p, kinesis: kinesis, kernel: &kernel)
      return
    }
    scheduleNextArrival(p, kernel: &kernel)
    guard let record = createRecord(p, at: kernel.now, kinesis: kinesis, kernel: &kernel) else { return }
    guard producers[p].isBatching, let policy = producers[p].config.batch else {
      if producers[p].isPerKey {
        let key = Int(record.key - producers[p].keyBase)
        if producers[p].keyInFlight[key] > 0 {
          producers[p].waitingByKey[key].append(record)
          return
        }
        producers[p].keyInFlight[key] = 1
      }
      putRecord(p, record, kinesis: &kinesis, kernel: &kernel)
      return
    }
    if producers[p].batchBytes + Int(record.size) > KinesisLimits.maxPutRecordsBytes {
      flushBatch(p, kinesis: &kinesis, kernel: &kernel)
    }
    producers[p].batch.append(record)
    producers[p].batchBytes += Int(record.size)
    if producers[p].batch.count >= policy.size {
      flushBatch(p, kinesis: &kinesis, kernel: &kernel)
    } else if producers[p].batch.count == 1 {
      kernel.schedule(
        .streamProducer(.batchWindow(producer: Int32(p), epoch: producers[p].batchEpoch)), after: policy.window)
    }
  }

  /// Draws producer `p`'s record created at `time`: its size, key and key
  /// sequence; `nil` (counted) when it is too large to be written.
  @inline(__always)
  mutating func createRecord(_ p: Int, at time: Int64, kinesis: KinesisModel, kernel: inout Kernel) -> StreamRecord? {
    let data = max(1, producers[p].config.messageSize.sampleCount(using: &producers[p].rng))
    producers[p].counters.created &+= 1
    let key = producers[p].keyPicker.count == 1 ? 0 : producers[p].keyPicker.pick(using: &producers[p].keyRng)
    // The 1 MiB record limit counts the partition key with the data.
    if data + Int(producers[p].keyBytes[key]) > KinesisLimits.maxRecordSize {
      // AWS refuses the call (a client error): counted, never retried.
      producers[p].counters.rejected &+= 1
      if producers[p].counters.rejected == 1 {
        kernel.log(
          resources[p], "RecordRejected",
          "record of \(data) B and its partition key exceeds the \(KinesisLimits.maxRecordSize) B maximum of \(producers[p].config.target)")
      }
      return nil
    }
    let record = StreamRecord(
      createdAt: time, key: producers[p].keyBase + Int32(key), keySequence: producers[p].keySequences[key],
      size: Int32(data) + producers[p].keyBytes[key], shard: kinesis.keyShard[Int(producers[p].keyBase) + key])
    producers[p].keySequences[key] &+= 1
    return record
  }

  /// A batching producer's next batch, drawn at once when its first record
  /// arrives: the arrivals that follow until the batch is full (`size`
  /// records, or 10 MiB), or its window ends, with the same draws, in the
  /// same order, as one event per arrival would make. The batch's call is
  /// scheduled for when the batch closes, and the next arrival after it.
  /// Nothing else can see a batch before it closes, so this changes no
  /// outcome, only the number of events; the records' counters are counted
  /// when drawn, up to one window early (docs/model.md §8.7).
  mutating func drawBatch(_ p: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    guard let policy = producers[p].config.batch else { return }
    var time = kernel.now
    var call = allocateCall(p)
    var bytes = 0
    var deadline = time + policy.window.nanoseconds
    while true {
      let next = producers[p].clock.next(using: &producers[p].rng).map(\.nanoseconds)
      let record = createRecord(p, at: time, kinesis: kinesis, kernel: &kernel)
      if record == nil && producers[p].calls.records[call].isEmpty {
        // A refused first record opens no batch.
        producers[p].calls.release(call)
        if let next, next < kernel.endNanos { kernel.schedule(.streamProducer(.arrival(producer: Int32(p))), at: next) }
        return
      }
      if let record {
        if bytes + Int(record.size) > KinesisLimits.maxPutRecordsBytes {
          // This record opens the next batch, and a new window.
          kernel.schedule(.streamProducer(.batchClosed(producer: Int32(p), call: Int32(call))), at: time)
          call = allocateCall(p)
          bytes = 0
          deadline = time + policy.window.nanoseconds
        }
        producers[p].calls.records[call].append(record)
        bytes += Int(record.size)
        if producers[p].calls.records[call].count >= policy.size {
          kernel.schedule(.streamProducer(.batchClosed(producer: Int32(p), call: Int32(call))), at: time)
          if let next, next < kernel.endNanos { kernel.schedule(.streamProducer(.arrival(producer: Int32(p))), at: next) }
          return
        }
      }
      // An arrival at the window's end comes after the window closes, as
      // the window's event was scheduled first.
      guard let next, next < kernel.endNanos, next < deadline else {
        if producers[p].calls.records[call].isEmpty {
          producers[p].calls.release(call)
        } else {
          kernel.schedule(.streamProducer(.batchClosed(producer: Int32(p), call: Int32(call))), at: deadline)
        }
        if let next, next < kernel.endNanos { kernel.schedule(.streamProducer(.arrival(producer: Int32(p))), at: next) }
        return
      }
      time = next
    }
  }

  /// One PutRecord call of `record`.
  mutating func putRecord(_ p: Int, _ record: StreamRecord, kinesis: inout KinesisModel, kernel: inout Kernel) {
    let call = allocateCall(p)
    producers[p].calls.records[call].append(record)
    if producers[p].isPerKey { producers[p].callKey[call] = record.key - producers[p].keyBase }
    issuePut(p, call: call, kinesis: &kinesis, kernel: &kernel)
  }

  /// `perKey`: call `call` is answered for good (written or given up): the
  /// next record of its key, if one waits, goes out.
  mutating func releaseKey(ofCall call: Int, producer p: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    guard producers[p].isPerKey else { return }
    let key = Int(producers[p].callKey[call])
    if let next = producers[p].waitingByKey[key].popFirst() {
      putRecord(p, next, kinesis: &kinesis, kernel: &kernel)
    } else {
      producers[p].keyInFlight[key] = 0
    }
  }

  /// Takes a free call record (its record list empty, capacity kept).
  mutating func allocateCall(_ p: Int) -> Int {
    let call = producers[p].calls.allocate()
    if producers[p].isPerKey && producers[p].callKey.count <= call { producers[p].callKey.append(0) }
    return call
  }

  /// Sends the open batch as one PutRecords call, if it holds anything.
  mutating func flushBatch(_ p: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    guard let call = producers[p].closeBatch() else { return }
    issuePut(p, call: call, kinesis: &kinesis, kernel: &kernel)
  }

  /// Starts one attempt of call `call`.
  mutating func issuePut(_ p: Int, call: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    if let latency = producers[p].beginPut(call) {
      kernel.schedule(.streamProducer(.putComplete(producer: Int32(p), call: Int32(call))), after: latency)
    } else {
      completePut(p, call: call, kinesis: &kinesis, kernel: &kernel)
    }
  }

  /// A put call returned: its records are written, or throttled ones are
  /// retried after a backoff (only those), or, after the last attempt,
  /// dropped and counted (docs/model.md §8.7).
  mutating func completePut(_ p: Int, call: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    if !producers[p].attemptFailed(call) {
      let offered = producers[p].calls.records[call].count
      let written = kinesis.put(&producers[p].calls.records[call], isBatch: producers[p].isBatching, now: kernel.now)
      if !kinesis.pendingSplits.isEmpty { kinesis.schedulePendingSplits(kernel: &kernel) }
      producers[p].noteAccepted(written, of: offered)
      if written > 0 {
        noteWritten(p, kinesis.written)
        producers[p].counters.kinesisRecordsPut &+= kinesis.written.reduce(0) { $0 + ($1.userRecords != 0 ? 1 : 0) }
      }
    }
    if let backoff = producers[p].settlePut(call) {
      kernel.schedule(.streamProducer(.putRetry(producer: Int32(p), call: Int32(call))), after: backoff)
      return
    }
    releaseKey(ofCall: call, producer: p, kinesis: &kinesis, kernel: &kernel)
  }

  /// Counts the records of producer `p` just `written` out of their key's
  /// creation order: a retried record written after a later one of its key
  /// (`ProducerReorders`; each application then sees an ordering
  /// violation).
  mutating func noteWritten(_ p: Int, _ written: [StreamRecord]) {
    let base = producers[p].keyBase
    for record in written {
      let key = Int(record.key - base)
      let next = record.keySequence &+ 1
      if next < producers[p].highestPut[key] {
        producers[p].counters.reorders &+= 1
      } else {
        producers[p].highestPut[key] = next
      }
    }
  }
}
