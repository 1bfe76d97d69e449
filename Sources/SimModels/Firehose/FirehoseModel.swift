import SimCore

/// A record written to a Firehose stream: when its producer created it and
/// its data size in bytes.
struct FirehoseRecord: Sendable {
  var createdAt: Int64
  var size: Int32
}

/// What a Firehose stream counts, cumulatively (docs/model.md §11.5).
struct FirehoseCounters: CounterSet, Equatable {
  /// Records, bytes and requests accepted (Direct PUT).
  var incomingRecords = 0
  var incomingBytes = 0
  var incomingPutRequests = 0
  /// Record attempts refused for the Direct PUT quota.
  var throttledRecords = 0
  /// Buffers flushed, by cause.
  var flushesBySize = 0
  var flushesByInterval = 0
  /// Delivery attempts, and those that succeeded.
  var deliveryAttempts = 0
  var deliverySuccesses = 0
  /// Records and bytes delivered.
  var deliveredRecords = 0
  var deliveredBytes = 0
  /// Records whose transform failed for good.
  var processingFailedRecords = 0
  /// Records given up after the retry duration.
  var backupRecords = 0

  static let isPlainIntegers = true
  static var fields: [WritableKeyPath<FirehoseCounters, Int>] {
    [
      \.incomingRecords, \.incomingBytes, \.incomingPutRequests, \.throttledRecords, \.flushesBySize,
      \.flushesByInterval, \.deliveryAttempts, \.deliverySuccesses, \.deliveredRecords, \.deliveredBytes,
      \.processingFailedRecords, \.backupRecords,
    ]
  }
}

/// Why a buffer was delivered (docs/model.md §11.2).
enum FlushCause: Sendable {
  /// It reached `bufferSize`.
  case size
  /// `bufferInterval` passed since its first record (or the interval is 0).
  case interval
}

/// One flushed buffer on its way to the destination: its records' creation
/// times (for end-to-end latency), its bytes, when its first record
/// arrived (for data freshness), and where it is in the transform and
/// delivery retries.
struct DeliveryBatch: Sendable {
  var created: [Int64]
  var bytes: Int
  var firstArrival: Int64
  /// When its first delivery attempt started (the retry duration counts
  /// from there).
  var firstAttempt: Int64 = 0
  /// Failed transform invocations so far.
  var transformFailures = 0
  /// Delivered, processing-failed or backed up: nothing of it is left.
  var isDone = false
}

/// One Firehose stream: its quota's current second, its buffer, its
/// buffers in delivery, its counters and latency histograms.
struct FirehoseState: Sendable {
  let config: FirehoseConfig
  /// `firehose/NAME`.
  let resource: String
  let quota: DirectPutQuota
  /// Direct PUT use of the current whole second (`second`).
  var second: Int64 = -1
  var secondRecords = 0
  var secondRequests = 0
  var secondBytes = 0
  /// The buffer: each record's creation time, in arrival order, their
  /// bytes, and when the first arrived.
  var buffer: [Int64] = []
  var bufferBytes = 0
  var bufferFirstArrival: Int64 = 0
  /// Moves on at each flush, so a stale interval event is ignored.
  var bufferEpoch: UInt32 = 0
  /// Flushed buffers in flush order; `batches[i]` has sequence number
  /// `firstSequence + i`, and `batches[head]` is the oldest not done.
  var batches: [DeliveryBatch] = []
  var firstSequence: UInt32 = 0
  var head = 0
  /// Records in batches not done.
  var inDelivery = 0
  /// Transform invocations (latency, failures) and delivery attempts
  /// (latency, failures), each on its own stream.
  var transformRng: SeededGenerator
  var destinationRng: SeededGenerator
  /// The largest age of the oldest undelivered record, this period and
  /// since warm-up (ns).
  var periodMaxAge: Int64 = 0
  var runMaxAge: Int64 = 0
  /// End-to-end latency of delivered records (creation to delivery).
  var periodLatency = StreamingHistogram()
  var summaryLatency = StreamingHistogram()
  var counters = FirehoseCounters()

  /// When the oldest record still in the stream (buffered or in delivery)
  /// arrived, if any.
  var oldestArrival: Int64? {
    if head < batches.count { return batches[head].firstArrival }
    return buffer.isEmpty ? nil : bufferFirstArrival
  }

  /// Records in batches not done, counted from the batches themselves.
  var recordsInBatches: Int {
    batches[head...].reduce(0) { $0 + ($1.isDone ? 0 : $1.created.count) }
  }
}

/// The Amazon Data Firehose model: Direct PUT streams with their quota,
/// buffering by size and interval, an optional Lambda transform, and
/// delivery to an S3-like destination with retries and a backup
/// (docs/model.md §11).
///
/// Producers write through `put`; the model owns the buffers and what is
/// in delivery.
public struct FirehoseModel: Sendable {
  /// The model's events.
  public enum Action: Sendable {
    /// A stream's buffer interval ends (stale if `epoch` moved on).
    case bufferInterval(firehose: Int32, epoch: UInt32)
    /// A transform invocation of a batch returns.
    case transformDone(firehose: Int32, batch: UInt32)
    /// A delivery attempt of a batch returns.
    case deliveryDone(firehose: Int32, batch: UInt32)
    /// A failed batch's next delivery attempt starts.
    case deliveryRetry(firehose: Int32, batch: UInt32)
  }

  let firehoses: FixedArray<FirehoseState>
  var baselines: CounterBaselines<FirehoseCounters>
  var metricIDs: [Int32] = []
  /// Whether warm-up is over (latency samples and ages count in the
  /// summary).
  var isWarm = false

  init(config: WorldConfig, root: SeededGenerator) {
    firehoses = FixedArray(
      config.firehoses.map { f in
        FirehoseState(
          config: f, resource: "firehose/\(f.name)", quota: f.directPutQuota(in: config.region),
          transformRng: root.stream(named: "firehose/\(f.name)/transform"),
          destinationRng: root.stream(named: "firehose/\(f.name)/destination"))
      })
    baselines = CounterBaselines(count: config.firehoses.count)
  }

  /// The index of Firehose stream `name`.
  func firehoseIndex(named name: String) -> Int? { firehoses.indices.first { firehoses[$0].config.name == name } }

  mutating func handle(_ action: Action, kernel: inout Kernel) {
    switch action {
    case .bufferInterval(let f, let epoch):
      let f = Int(f)
      if firehoses[f].bufferEpoch == epoch && !firehoses[f].buffer.isEmpty {
        flush(f, cause: .interval, kernel: &kernel)
      }
    case .transformDone(let f, let batch):
      transformDone(Int(f), batch: batch, kernel: &kernel)
    case .deliveryDone(let f, let batch):
      deliveryDone(Int(f), batch: batch, kernel: &kernel)
    case .deliveryRetry(let f, let batch):
      attemptDelivery(Int(f), batch: batch, kernel: &kernel)
    }
  }

  // MARK: - Direct PUT (docs/model.md §11.1)

  /// One PutRecord or PutRecordBatch call reaching stream `f` now. A call
  /// beyond the second's requests is refused whole; otherwise each record
  /// is accepted if the second still has room for it (records and bytes)
  /// and goes into the buffer, or is throttled. Throttled records stay in
  /// `records`, in order, for the caller to retry. Returns how many were
  /// accepted.
  mutating func put(_ records: inout [FirehoseRecord], firehose f: Int, kernel: inout Kernel) -> Int {
    guard admitRequest(f, records: records.count, now: kernel.now) else { return 0 }
    var kept = 0
    var accepted = 0
    for i in records.indices {
      let record = records[i]
      if admit(record, into: f, kernel: &kernel) {
        accepted += 1
      } else {
        records[kept] = record
        kept += 1
      }
    }
    records.removeLast(records.count - kept)
    flushIfUnbuffered(f, kernel: &kernel)
    return accepted
  }

  /// One PutRecord of `record` reaching stream `f` now (an SNS
  /// subscription's delivery, docs/model.md §4.10), against the same
  /// quota: whether it was accepted.
  mutating func putRecord(_ record: FirehoseRecord, into f: Int, kernel: inout Kernel) -> Bool {
    guard admitRequest(f, records: 1, now: kernel.now) else { return false }
    let accepted = admit(record, into: f, kernel: &kernel)
    flushIfUnbuffered(f, kernel: &kernel)
    return accepted
  }

  /// Counts a call of `records` records against the requests of the
  /// current second of stream `f`'s quota: `false` (its records
  /// throttled) when the second has none left.
  mutating func admitRequest(_ f: Int, records: Int, now: Int64) -> Bool {
    let second = now / 1_000_000_000
    if firehoses[f].second != second {
      firehoses[f].second = second
      firehoses[f].secondRecords = 0
      firehoses[f].secondRequests = 0
      firehoses[f].secondBytes = 0
    }
    guard firehoses[f].secondRequests < firehoses[f].quota.requestsPerSecond else {
      firehoses[f].counters.throttledRecords &+= records
      return false
    }
    firehoses[f].secondRequests += 1
    firehoses[f].counters.incomingPutRequests &+= 1
    return true
  }

  /// Takes `record` into stream `f`'s buffer if the current second still
  /// has room for it (records and bytes); else counts it throttled.
  mutating func admit(_ record: FirehoseRecord, into f: Int, kernel: inout Kernel) -> Bool {
    let quota = firehoses[f].quota
    let size = Int(record.size)
    guard firehoses[f].secondRecords < quota.recordsPerSecond && firehoses[f].secondBytes + size <= quota.bytesPerSecond
    else {
      firehoses[f].counters.throttledRecords &+= 1
      return false
    }
    firehoses[f].secondRecords += 1
    firehoses[f].secondBytes += size
    firehoses[f].counters.incomingRecords &+= 1
    firehoses[f].counters.incomingBytes &+= size
    accept(record, into: f, kernel: &kernel)
    return true
  }

  /// Zero buffering: what a call brought goes at once.
  mutating func flushIfUnbuffered(_ f: Int, kernel: inout Kernel) {
    if firehoses[f].config.bufferInterval == .zero && !firehoses[f].buffer.isEmpty {
      flush(f, cause: .interval, kernel: &kernel)
    }
  }

  // MARK: - A Kinesis data stream as source (docs/model.md §11.6)

  /// Records a reader of stream `f`'s source stream fetched, each with its
  /// creation time and bytes: accepted as they come (the Direct PUT quota
  /// does not apply to a stream source), into the buffer.
  mutating func ingest(_ records: [FirehoseRecord], into f: Int, kernel: inout Kernel) {
    for record in records {
      firehoses[f].counters.incomingRecords &+= 1
      firehoses[f].counters.incomingBytes &+= Int(record.size)
      accept(record, into: f, kernel: &kernel)
    }
    flushIfUnbuffered(f, kernel: &kernel)
  }

  // MARK: - Buffering (docs/model.md §11.2)

  /// Puts `record` into stream `f`'s buffer; the first record of a buffer
  /// starts its interval, and the record that makes it reach `bufferSize`
  /// flushes it, that record included.
  mutating func accept(_ record: FirehoseRecord, into f: Int, kernel: inout Kernel) {
    let config = firehoses[f].config
    if firehoses[f].buffer.isEmpty {
      firehoses[f].bufferFirstArrival = kernel.now
      if config.bufferInterval > .zero {
        kernel.schedule(
          .firehose(.bufferInterval(firehose: Int32(f), epoch: firehoses[f].bufferEpoch)),
          at: kernel.now + config.bufferInterval.nanoseconds)
      }
    }
    firehoses[f].buffer.append(record.createdAt)
    firehoses[f].bufferBytes += Int(record.size)
    if firehoses[f].bufferBytes >= config.bufferSize { flush(f, cause: .size, kernel: &kernel) }
  }

  /// Delivers stream `f`'s buffer: it becomes a batch, which goes to the
  /// transform (if any) or straight to the destination. Batches are
  /// delivered in parallel, each on its own.
  mutating func flush(_ f: Int, cause: FlushCause, kernel: inout Kernel) {
    firehoses[f].bufferEpoch &+= 1
    switch cause {
    case .size: firehoses[f].counters.flushesBySize &+= 1
    case .interval: firehoses[f].counters.flushesByInterval &+= 1
    }
    var created: [Int64] = []
    swap(&created, &firehoses[f].buffer)
    firehoses[f].buffer.reserveCapacity(created.count)
    firehoses[f].inDelivery += created.count
    firehoses[f].batches.append(
      DeliveryBatch(created: created, bytes: firehoses[f].bufferBytes, firstArrival: firehoses[f].bufferFirstArrival))
    firehoses[f].bufferBytes = 0
    let batch = firehoses[f].firstSequence &+ UInt32(firehoses[f].batches.count - 1)
    if firehoses[f].config.transform != nil {
      invokeTransform(f, batch: batch, kernel: &kernel)
    } else {
      startDelivery(f, batch: batch, kernel: &kernel)
    }
  }

  /// The storage index of batch `batch` of stream `f`.
  @inline(__always)
  func index(_ f: Int, _ batch: UInt32) -> Int { Int(batch &- firehoses[f].firstSequence) }

  // MARK: - Transform (docs/model.md §11.4)

  /// Invokes the Lambda transform on batch `batch`: its answer comes one
  /// `latency` later.
  mutating func invokeTransform(_ f: Int, batch: UInt32, kernel: inout Kernel) {
    guard let transform = firehoses[f].config.transform else { return }
    let latency = transform.latency.sampleDuration(using: &firehoses[f].transformRng)
    kernel.schedule(.firehose(.transformDone(firehose: Int32(f), batch: batch)), after: latency)
  }

  /// A transform invocation returned: it failed with `failureRate`, and a
  /// failed one is invoked again at once up to `numberOfRetries` times,
  /// after which the batch's records are processing-failed (counted).
  /// A successful one sends the batch to the destination.
  mutating func transformDone(_ f: Int, batch: UInt32, kernel: inout Kernel) {
    guard let transform = firehoses[f].config.transform else { return }
    let i = index(f, batch)
    guard firehoses[f].transformRng.nextBool(probability: transform.failureRate) else {
      startDelivery(f, batch: batch, kernel: &kernel)
      return
    }
    firehoses[f].batches[i].transformFailures += 1
    if firehoses[f].batches[i].transformFailures <= transform.numberOfRetries {
      invokeTransform(f, batch: batch, kernel: &kernel)
      return
    }
    firehoses[f].counters.processingFailedRecords &+= firehoses[f].batches[i].created.count
    finish(f, index: i, now: kernel.now)
  }

  // MARK: - Delivery (docs/model.md §11.3)

  /// Batch `batch`'s first delivery attempt: the retry duration starts.
  mutating func startDelivery(_ f: Int, batch: UInt32, kernel: inout Kernel) {
    firehoses[f].batches[index(f, batch)].firstAttempt = kernel.now
    attemptDelivery(f, batch: batch, kernel: &kernel)
  }

  /// One delivery attempt of batch `batch`: it answers one destination
  /// `latency` later.
  mutating func attemptDelivery(_ f: Int, batch: UInt32, kernel: inout Kernel) {
    let latency = firehoses[f].config.destination.latency.sampleDuration(using: &firehoses[f].destinationRng)
    kernel.schedule(.firehose(.deliveryDone(firehose: Int32(f), batch: batch)), after: latency)
  }

  /// A delivery attempt returned. It failed with `failureRate`; a failed
  /// batch is tried again `deliveryRetryInterval` later if that attempt
  /// starts within `retryDuration` of the first, and otherwise its records
  /// go to the backup (counted). A delivered batch's records each give an
  /// end-to-end latency sample (creation to now).
  mutating func deliveryDone(_ f: Int, batch: UInt32, kernel: inout Kernel) {
    let i = index(f, batch)
    let now = kernel.now
    let destination = firehoses[f].config.destination
    firehoses[f].counters.deliveryAttempts &+= 1
    if firehoses[f].destinationRng.nextBool(probability: destination.failureRate) {
      let next = now + FirehoseLimits.deliveryRetryInterval.nanoseconds
      if next - firehoses[f].batches[i].firstAttempt <= destination.retryDuration.nanoseconds {
        kernel.schedule(.firehose(.deliveryRetry(firehose: Int32(f), batch: batch)), at: next)
      } else {
        firehoses[f].counters.backupRecords &+= firehoses[f].batches[i].created.count
        finish(f, index: i, now: now)
      }
      return
    }
    firehoses[f].counters.deliverySuccesses &+= 1
    firehoses[f].counters.deliveredRecords &+= firehoses[f].batches[i].created.count
    firehoses[f].counters.deliveredBytes &+= firehoses[f].batches[i].bytes
    let warm = isWarm
    for created in firehoses[f].batches[i].created {
      let latency = max(0, now - created)
      firehoses[f].periodLatency.record(latency)
      if warm { firehoses[f].summaryLatency.record(latency) }
    }
    finish(f, index: i, now: now)
  }

  /// Batch `i` of stream `f` leaves the stream (delivered, processing-failed
  /// or backed up): the age of the oldest record is noted first, then the
  /// batch is done and its storage given back.
  mutating func finish(_ f: Int, index i: Int, now: Int64) {
    noteAge(f, now: now)
    firehoses[f].inDelivery -= firehoses[f].batches[i].created.count
    firehoses[f].batches[i].isDone = true
    firehoses[f].batches[i].created = []
    while firehoses[f].head < firehoses[f].batches.count && firehoses[f].batches[firehoses[f].head].isDone {
      firehoses[f].head += 1
    }
    // Done batches at the front are dropped in bulk (amortized O(1)).
    let head = firehoses[f].head
    if head >= 64 && 2 * head >= firehoses[f].batches.count {
      firehoses[f].batches.removeFirst(head)
      firehoses[f].firstSequence &+= UInt32(head)
      firehoses[f].head = 0
    }
  }

  /// Folds the current age of stream `f`'s oldest record into the
  /// period's and (after warm-up) the run's largest. The age only grows
  /// between the moments the oldest record leaves, so noting it then and
  /// at period ends gives the exact maximum.
  mutating func noteAge(_ f: Int, now: Int64) {
    guard let oldest = firehoses[f].oldestArrival else { return }
    let age = now - oldest
    firehoses[f].periodMaxAge = max(firehoses[f].periodMaxAge, age)
    if isWarm { firehoses[f].runMaxAge = max(firehoses[f].runMaxAge, age) }
  }
}
