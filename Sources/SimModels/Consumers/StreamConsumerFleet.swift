import SimCore

/// What a stream application counts, cumulatively.
struct StreamAppCounters: CounterSet, Equatable {
  var processed = 0
  var duplicates = 0
  var orderingViolations = 0
  var lostToRetention = 0
  var getRecordsCalls = 0
  var emptyGetRecords = 0
  var readThrottled = 0
  /// Records before the start position (`LATEST`), never to be read.
  var skipped = 0

  static let isPlainIntegers = true
  static var fields: [WritableKeyPath<StreamAppCounters, Int>] {
    [
      \.processed, \.duplicates, \.orderingViolations, \.lostToRetention, \.getRecordsCalls, \.emptyGetRecords,
      \.readThrottled, \.skipped,
    ]
  }
}

/// One application (a KCL consumer application, `consumer/NAME` reading a
/// stream): its workers, their leases and what it counts.
struct StreamApp: Sendable {
  let config: ConsumerConfig
  let stream: Int
  /// Its leases are `firstLease ..< firstLease + shards`, in shard order;
  /// its workers `firstWorker ..< firstWorker + config.count`.
  let firstLease: Int
  let firstWorker: Int
  /// Per key (every stream producer's keys): one past the highest key
  /// sequence processed, for ordering checks.
  var highestProcessed: [UInt32]
  var counters = StreamAppCounters()
  /// Lag behind the newest record, this period and since warm-up (ns).
  var periodMaxBehind: Int64 = 0
  var runMaxBehind: Int64 = 0
  /// End-to-end latency (creation to processed): this period, since warm-up.
  var periodLatency = StreamingHistogram()
  var summaryLatency = StreamingHistogram()
}

/// One shard's lease in one application: who holds it, where the
/// application is in the shard, and the batch in hand.
struct StreamLease: Sendable {
  let app: Int32
  /// The shard (flat index in `KinesisModel.shards`).
  let shard: Int32
  /// The worker holding it (flat index).
  let worker: Int32
  /// The next sequence number to fetch, and the last checkpoint (every
  /// record below it is processed or lost).
  var position = 0
  var checkpoint = 0
  /// When the last GetRecords call was made.
  var fetchedAt: Int64 = 0
  /// The processor's own random stream (processing times).
  var rng: SeededGenerator
}

/// Every application reading a stream with shared throughput, as the
/// Kinesis Client Library does (docs/model.md §8.10): each shard's lease is
/// held by one worker, leases spread evenly (worker `i mod count` holds
/// shard `i`'s), and each lease's record processor loops: GetRecords,
/// process the batch record by record, checkpoint, and call again
/// `idleTimeBetweenReads` after the previous call (or when processing
/// ends, if later). Workers without a lease stay idle.
public struct StreamConsumerFleet: Sendable {
  /// The fleet's events.
  public enum Action: Sendable {
    /// A lease's processor calls GetRecords.
    case getRecords(lease: Int32)
    /// The GetRecords response arrives: the batch is processed.
    case response(lease: Int32)
    /// The batch in hand is processed: checkpoint, and call again.
    case processed(lease: Int32)
  }

  var apps: [StreamApp]
  let leases: FixedArray<StreamLease>
  /// The batch in hand of each lease: its first sequence number and its
  /// size (0: none; the last call was empty or throttled).
  let batchStart: FixedArray<Int>
  let batchCount: FixedArray<Int>
  /// When the batch in hand started processing.
  let processingStart: FixedArray<Int64>
  /// Per worker: leases busy processing, since when, and busy time (ns).
  let busyLeases: FixedArray<Int32>
  let busySince: FixedArray<Int64>
  let busyTime: FixedArray<Int64>
  /// `consumer/NAME` of each application.
  let resources: [String]
  var baselines: CounterBaselines<StreamAppCounters>
  var busyAtWarmup: [Int64]
  var metricIDs: [Int32] = []

  init(config: WorldConfig, kinesis: KinesisModel, totalKeys: Int, root: SeededGenerator) {
    var apps: [StreamApp] = []
    var leases: [StreamLease] = []
    var workers = 0
    for c in config.consumers {
      guard case .stream(let name) = c.source else { continue }
      guard let stream = kinesis.streamIndex(named: name) else {
        preconditionFailure("unknown stream '\(name)': validation must catch this")
      }
      let app = StreamApp(
        config: c, stream: stream, firstLease: leases.count, firstWorker: workers,
        highestProcessed: Array(repeating: 0, count: totalKeys))
      for (i, shard) in kinesis.streams[stream].shards.enumerated() {
        leases.append(
          StreamLease(
            app: Int32(apps.count), shard: Int32(shard), worker: Int32(workers + i % c.count),
            rng: root.stream(named: "consumer/\(c.name)/shard/\(i)")))
      }
      apps.append(app)
      workers += c.count
    }
    self.apps = apps
    self.leases = FixedArray(leases)
    batchStart = FixedArray(repeating: 0, count: leases.count)
    batchCount = FixedArray(repeating: 0, count: leases.count)
    processingStart = FixedArray(repeating: 0, count: leases.count)
    busyLeases = FixedArray(repeating: 0, count: workers)
    busySince = FixedArray(repeating: 0, count: workers)
    busyTime = FixedArray(repeating: 0, count: workers)
    busyAtWarmup = Array(repeating: 0, count: workers)
    resources = apps.map { "consumer/\($0.config.name)" }
    baselines = CounterBaselines(count: apps.count)
  }

  /// Sets each lease's start position and schedules its first call at a
  /// random offset within one idle interval (workers do not start in step).
  mutating func start(kinesis: KinesisModel, kernel: inout Kernel) {
    for l in leases.indices {
      let app = apps[Int(leases[l].app)]
      let log = kinesis.shards[Int(leases[l].shard)].log
      let start = app.config.stream.initialPosition == .latest ? log.end : log.trimmed
      leases[l].position = start
      leases[l].checkpoint = start
      apps[Int(leases[l].app)].counters.skipped += start
      let idle = app.config.stream.idleTimeBetweenReads.nanoseconds
      let offset = idle > 0 ? Int64(leases[l].rng.nextUnitInterval() * Double(idle)) : 0
      kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l))), at: kernel.now + offset)
    }
  }

  mutating func handle(_ action: Action, kinesis: inout KinesisModel, kernel: inout Kernel) {
    switch action {
    case .getRecords(let l): getRecords(Int(l), kinesis: &kinesis, kernel: &kernel)
    case .response(let l): respond(Int(l), kinesis: kinesis, kernel: &kernel)
    case .processed(let l): finishBatch(Int(l), kinesis: kinesis, kernel: &kernel)
    }
  }

  /// Lease `l`'s processor calls GetRecords from its position.
  mutating func getRecords(_ l: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    let a = Int(leases[l].app)
    let s = Int(leases[l].shard)
    let now = kernel.now
    kinesis.trim(s, now: now)
    catchUpWithTrim(l, kinesis: kinesis)
    apps[a].counters.getRecordsCalls += 1
    leases[l].fetchedAt = now
    let position = leases[l].position
    batchStart[l] = position
    if let range = kinesis.getRecords(
      shard: s, from: position, limit: apps[a].config.stream.maxRecords, now: now)
    {
      batchCount[l] = range.count
      leases[l].position = range.upperBound
      if range.isEmpty { apps[a].counters.emptyGetRecords += 1 }
      let log = kinesis.shards[s].log
      let behind = range.upperBound < log.end ? now - log.arrival[log.index(range.upperBound)] : 0
      apps[a].periodMaxBehind = max(apps[a].periodMaxBehind, behind)
    } else {
      apps[a].counters.readThrottled += 1
    }
    let config = apps[a].config
    let latency = config.apiLatency.isAlwaysZero ? .zero : config.apiLatency.sampleDuration(using: &leases[l].rng)
    if latency.nanoseconds == 0 {
      respond(l, kinesis: kinesis, kernel: &kernel)
    } else {
      kernel.schedule(.streamConsumer(.response(lease: Int32(l))), after: latency)
    }
  }

  /// Records that retention trimmed before lease `l` fetched them are
  /// lost to the application (counted, never silent); it goes on from the
  /// oldest record left. A batch in hand is not lost: it was fetched.
  mutating func catchUpWithTrim(_ l: Int, kinesis: KinesisModel) {
    let trimmed = kinesis.shards[Int(leases[l].shard)].log.trimmed
    guard leases[l].position < trimmed else { return }
    apps[Int(leases[l].app)].counters.lostToRetention += trimmed - leases[l].position
    leases[l].position = trimmed
    if batchCount[l] == 0 { leases[l].checkpoint = trimmed }
  }

  /// The GetRecords response of lease `l` arrived: an empty or throttled
  /// one waits for the next call; records are processed.
  mutating func respond(_ l: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    let count = batchCount[l]
    guard count > 0 else {
      scheduleNextCall(l, kernel: &kernel)
      return
    }
    let a = Int(leases[l].app)
    // Drawn from a copy: `finishBatch` draws the same times again, in
    // order, to place each record's completion.
    var rng = leases[l].rng
    let total = processingTime(ofRecords: count, app: a, using: &rng)
    processingStart[l] = kernel.now
    let w = Int(leases[l].worker)
    if busyLeases[w] == 0 { busySince[w] = kernel.now }
    busyLeases[w] += 1
    kernel.schedule(.streamConsumer(.processed(lease: Int32(l))), at: kernel.now + total)
  }

  /// The time to process `count` records: the batch's own time, then each
  /// record's.
  func processingTime(ofRecords count: Int, app a: Int, using rng: inout SeededGenerator) -> Int64 {
    let config = apps[a].config
    var total = config.stream.batchProcessingTime.sampleDuration(using: &rng).nanoseconds
    for _ in 0..<count { total += config.processingTime.sampleDuration(using: &rng).nanoseconds }
    return total
  }

  /// Lease `l`'s batch is processed: each record's end-to-end latency (to
  /// its own completion) and key order are recorded, the lease
  /// checkpoints, and the next call is scheduled.
  mutating func finishBatch(_ l: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    let a = Int(leases[l].app)
    let start = batchStart[l]
    let end = start + batchCount[l]
    let log = kinesis.shards[Int(leases[l].shard)].log
    let config = apps[a].config
    let warm = kernel.now >= kernel.warmupNanos
    // The same draws as `respond`'s, now for good: the batch's time, then
    // each record's, in order, from when processing started.
    var done = processingStart[l] + config.stream.batchProcessingTime.sampleDuration(using: &leases[l].rng).nanoseconds
    for sequence in start..<end {
      done += config.processingTime.sampleDuration(using: &leases[l].rng).nanoseconds
      let i = log.index(sequence)
      let latency = max(0, done - log.created[i])
      apps[a].periodLatency.record(latency)
      if warm { apps[a].summaryLatency.record(latency) }
      let key = Int(log.key[i])
      let next = log.keySequence[i] &+ 1
      if next < apps[a].highestProcessed[key] {
        apps[a].counters.orderingViolations += 1
      } else {
        apps[a].highestProcessed[key] = next
      }
    }
    apps[a].counters.processed += end - start
    leases[l].checkpoint = end
    batchCount[l] = 0
    let w = Int(leases[l].worker)
    busyLeases[w] -= 1
    if busyLeases[w] == 0 { busyTime[w] += kernel.now - busySince[w] }
    scheduleNextCall(l, kernel: &kernel)
  }

  /// The next GetRecords of lease `l`: `idleTimeBetweenReads` after the
  /// last one, or now if that has passed.
  mutating func scheduleNextCall(_ l: Int, kernel: inout Kernel) {
    let idle = apps[Int(leases[l].app)].config.stream.idleTimeBetweenReads.nanoseconds
    let at = max(kernel.now, leases[l].fetchedAt + idle)
    guard at < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l))), at: at)
  }
}
