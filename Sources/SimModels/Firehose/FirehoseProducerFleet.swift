import SimCore

/// What a producer writing to a Firehose stream counts, cumulatively.
struct FirehoseProducerCounters: CounterSet, Equatable {
  var created = 0
  var put = 0
  var putRecordCalls = 0
  var putRecordBatchCalls = 0
  var callErrors = 0
  var retries = 0
  var rejected = 0
  var throttled = 0
  var dropped = 0

  static let isPlainIntegers = true
  static var fields: [WritableKeyPath<FirehoseProducerCounters, Int>] {
    [
      \.created, \.put, \.putRecordCalls, \.putRecordBatchCalls, \.callErrors, \.retries, \.rejected, \.throttled,
      \.dropped,
    ]
  }
}

/// The running state of one producer writing to a Firehose stream.
struct FirehoseProducerState: Sendable {
  let config: ProducerConfig
  /// The Firehose stream written to.
  let firehose: Int32
  /// Arrivals and record sizes.
  var rng: SeededGenerator
  /// Calls: latency, errors and backoff (their own stream, so that when
  /// calls go out does not move the arrivals).
  var callRng: SeededGenerator
  var clock: ArrivalClock
  let backoff: FullJitterBackoff
  let hasZeroLatency: Bool
  /// PutRecordBatch (batch size above 1) rather than PutRecord.
  let isBatching: Bool
  /// The open batch and its bytes.
  var batch: [FirehoseRecord] = []
  var batchBytes = 0
  var batchEpoch: UInt32 = 0
  /// Calls in flight or backing off: their records (only those still to
  /// be accepted), attempts, and whether the attempt failed as a whole.
  var calls = CallSlab<FirehoseRecord>()
  var counters = FirehoseProducerCounters()

  /// Records in calls or in the open batch (a free call's list is empty).
  var recordsInFlight: Int { batch.count + calls.recordsInFlight }
}

/// Every producer writing to a Firehose stream (Direct PUT): arrivals,
/// record sizes, PutRecord or PutRecordBatch calls with their latency and
/// errors, and the retry of throttled records only (docs/model.md §11.1).
public struct FirehoseProducerFleet: Sendable {
  /// The fleet's events.
  public enum Action: Sendable {
    /// A producer creates its next record.
    case arrival(producer: Int32)
    /// A producer's batch window ends (stale if `epoch` moved on).
    case batchWindow(producer: Int32, epoch: UInt32)
    /// A producer's put call returns.
    case putComplete(producer: Int32, call: Int32)
    /// A producer retries a call's records after its backoff.
    case putRetry(producer: Int32, call: Int32)
  }

  let producers: FixedArray<FirehoseProducerState>
  /// `producer/NAME` of each.
  let resources: [String]
  var baselines: CounterBaselines<FirehoseProducerCounters>
  var metricIDs: [Int32] = []

  init(config: WorldConfig, firehose: FirehoseModel, root: SeededGenerator) {
    var producers: [FirehoseProducerState] = []
    for p in config.producers {
      guard case .firehose(let name) = p.target else { continue }
      guard let f = firehose.firehoseIndex(named: name) else {
        preconditionFailure("unknown firehose '\(name)': validation must catch this")
      }
      let batchSize = p.batch?.size ?? 1
      var state = FirehoseProducerState(
        config: p, firehose: Int32(f), rng: root.stream(named: "producer/\(p.name)"),
        callRng: root.stream(named: "producer/\(p.name)/calls"), clock: ArrivalClock(p.arrivals),
        backoff: FullJitterBackoff(base: p.retry.baseDelay, cap: p.retry.maxBackoff, maxExponent: 40),
        hasZeroLatency: p.apiLatency.isAlwaysZero, isBatching: batchSize > 1)
      state.batch.reserveCapacity(batchSize)
      producers.append(state)
    }
    self.producers = FixedArray(producers)
    resources = producers.map { "producer/\($0.config.name)" }
    baselines = CounterBaselines(count: producers.count)
  }

  /// Schedules every producer's first arrival.
  mutating func start(_ run: Milestone, peer _: Void, kernel: inout Kernel) {
    for p in producers.indices { scheduleNextArrival(p, kernel: &kernel) }
  }

  mutating func handle(_ action: Action, firehose: inout FirehoseModel, kernel: inout Kernel) {
    switch action {
    case .arrival(let p):
      handleArrival(Int(p), firehose: &firehose, kernel: &kernel)
    case .batchWindow(let p, let epoch):
      if producers[Int(p)].batchEpoch == epoch { flushBatch(Int(p), firehose: &firehose, kernel: &kernel) }
    case .putComplete(let p, let call):
      completePut(Int(p), call: Int(call), firehose: &firehose, kernel: &kernel)
    case .putRetry(let p, let call):
      issuePut(Int(p), call: Int(call), firehose: &firehose, kernel: &kernel)
    }
  }

  mutating func scheduleNextArrival(_ p: Int, kernel: inout Kernel) {
    if let time = producers[p].clock.next(using: &producers[p].rng), time.nanoseconds < kernel.endNanos {
      kernel.schedule(.firehoseProducer(.arrival(producer: Int32(p))), at: time.nanoseconds)
    }
  }

  /// Producer `p` creates its next record and writes it (PutRecord), or
  /// adds it to its open batch (PutRecordBatch: sent at `size` records,
  /// before the record that would take it past 4 MiB, or `window` after
  /// its first record).
  mutating func handleArrival(_ p: Int, firehose: inout FirehoseModel, kernel: inout Kernel) {
    scheduleNextArrival(p, kernel: &kernel)
    let size = max(1, producers[p].config.messageSize.sampleCount(using: &producers[p].rng))
    producers[p].counters.created &+= 1
    guard size <= FirehoseLimits.maxRecordSize else {
      // AWS refuses the call (a client error): counted, never retried.
      producers[p].counters.rejected &+= 1
      if producers[p].counters.rejected == 1 {
        kernel.log(
          resources[p], "RecordRejected",
          "record of \(size) B exceeds the \(FirehoseLimits.maxRecordSize) B maximum of \(producers[p].config.target)")
      }
      return
    }
    let record = FirehoseRecord(createdAt: kernel.now, size: Int32(size))
    guard producers[p].isBatching, let policy = producers[p].config.batch else {
      let call = producers[p].calls.allocate()
      producers[p].calls.records[call].append(record)
      issuePut(p, call: call, firehose: &firehose, kernel: &kernel)
      return
    }
    if producers[p].batchBytes + size > FirehoseLimits.maxPutRecordBatchBytes {
      flushBatch(p, firehose: &firehose, kernel: &kernel)
    }
    producers[p].batch.append(record)
    producers[p].batchBytes += size
    if producers[p].batch.count >= policy.size {
      flushBatch(p, firehose: &firehose, kernel: &kernel)
    } else if producers[p].batch.count == 1 {
      kernel.schedule(
        .firehoseProducer(.batchWindow(producer: Int32(p), epoch: producers[p].batchEpoch)), after: policy.window)
    }
  }

  /// Sends the open batch as one PutRecordBatch call, if it holds anything.
  mutating func flushBatch(_ p: Int, firehose: inout FirehoseModel, kernel: inout Kernel) {
    guard let call = producers[p].closeBatch() else { return }
    issuePut(p, call: call, firehose: &firehose, kernel: &kernel)
  }

  /// Starts one attempt of call `call`.
  mutating func issuePut(_ p: Int, call: Int, firehose: inout FirehoseModel, kernel: inout Kernel) {
    if let latency = producers[p].beginPut(call) {
      kernel.schedule(.firehoseProducer(.putComplete(producer: Int32(p), call: Int32(call))), after: latency)
    } else {
      completePut(p, call: call, firehose: &firehose, kernel: &kernel)
    }
  }

  /// A put call returned: its records are accepted, or the throttled ones
  /// (all of them after a whole-call failure) are retried after a backoff,
  /// or, after the last attempt, dropped and counted.
  mutating func completePut(_ p: Int, call: Int, firehose: inout FirehoseModel, kernel: inout Kernel) {
    if !producers[p].attemptFailed(call) {
      let offered = producers[p].calls.records[call].count
      let accepted = firehose.put(&producers[p].calls.records[call], firehose: Int(producers[p].firehose), kernel: &kernel)
      producers[p].noteAccepted(accepted, of: offered)
    }
    if let backoff = producers[p].settlePut(call) {
      kernel.schedule(.firehoseProducer(.putRetry(producer: Int32(p), call: Int32(call))), after: backoff)
    }
  }
}
