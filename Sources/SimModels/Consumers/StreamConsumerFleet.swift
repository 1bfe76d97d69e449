import SimCore

/// What a stream application counts, cumulatively.
struct StreamAppCounters: CounterSet, Equatable {
  /// Records processed, duplicates included.
  var processed = 0
  /// Records processed again after a lease changed hands (from the last
  /// checkpoint).
  var duplicates = 0
  /// Records processed again after a checkpoint reset, and resets.
  var replayed = 0
  var resets = 0
  var orderingViolations = 0
  var lostToRetention = 0
  var getRecordsCalls = 0
  var emptyGetRecords = 0
  var readThrottled = 0
  var crashes = 0
  /// Lambda: invocations, failed ones, records given up.
  var invocations = 0
  var errors = 0
  var sentToOnFailure = 0
  var discarded = 0
  /// Leases taken from a live worker, and taken after their owner failed.
  var leasesStolen = 0
  var leasesFailedOver = 0
  /// Records before the start position (`LATEST`), never to be read.
  var skipped = 0

  static let isPlainIntegers = true
  static var fields: [WritableKeyPath<StreamAppCounters, Int>] {
    [
      \.processed, \.duplicates, \.replayed, \.resets, \.orderingViolations, \.lostToRetention, \.getRecordsCalls, \.emptyGetRecords,
      \.readThrottled, \.crashes, \.invocations, \.errors, \.sentToOnFailure, \.discarded, \.leasesStolen, \.leasesFailedOver, \.skipped,
    ]
  }
}

/// One application (a KCL consumer application, `consumer/NAME` reading a
/// stream): its worker pool, its leases and what it counts.
struct StreamApp: Sendable {
  let config: ConsumerConfig
  let stream: Int
  /// The Firehose stream this reader feeds (a Firehose stream whose source
  /// is a Kinesis data stream, docs/model.md §11.6), or `nil` for an
  /// application of the scenario's.
  var firehose: Int?
  /// Its leases are `firstLease ..< firstLease + leaseCount`, in shard
  /// order; its workers are `pool.workers`.
  let firstLease: Int
  let leaseCount: Int
  var pool: WorkerPool
  /// Per key (every stream producer's keys): one past the highest key
  /// sequence processed, for ordering checks (a fixed array: no copy-on-write check per message).
  let highestProcessed: FixedArray<UInt32>
  var counters = StreamAppCounters()
  /// Resets done so far (of `config.stream.resets`).
  var resetsDone = 0
  /// Lag behind the newest record, this period and since warm-up (ns).
  var periodMaxBehind: Int64 = 0
  var runMaxBehind: Int64 = 0
  /// End-to-end latency of first processings (creation to processed):
  /// this period, since warm-up.
  var periodLatency = StreamingHistogram()
  var summaryLatency = StreamingHistogram()

  var leases: Range<Int> { firstLease ..< firstLease + leaseCount }
  /// Whether one poller reads each shard (a Lambda mapping, a Firehose
  /// reader) rather than KCL workers taking leases.
  var pollsEachShard: Bool { config.stream.lambda != nil || firehose != nil }

  /// The lease taker's period: twice the failover time (KCL).
  var takerInterval: Int64 { 2 * config.stream.failoverTime.nanoseconds }
}

/// One shard's lease in one application: who holds it, where the
/// application is in the shard, and the batch in hand.
struct StreamLease: Sendable {
  let app: Int32
  /// The shard (flat index in `KinesisModel.shards`).
  let shard: Int32
  /// The worker holding it (flat index), or −1.
  var owner: Int32 = -1
  /// Unused (its shard is a reshard's child to come), active, or finished
  /// (its shard closed and read to its end: `SHARD_END`).
  var state = State.unused
  /// The leases of its shard's parents: its processor starts only once
  /// they are finished, so each key is read in order across a reshard.
  var parents: [Int32] = []

  enum State: UInt8, Sendable { case unused, active, finished }
  /// Bumped whenever the lease's processor stops: events of an earlier
  /// processor are stale.
  var epoch: UInt32 = 0
  /// When the owner stopped renewing the lease (it crashed), or nil.
  var renewalStoppedAt: Int64?
  /// The next sequence number to fetch; the checkpoint (where a new owner
  /// starts); one past the highest sequence number ever processed.
  var position = 0
  var checkpoint = 0
  var highWater = 0
  /// Records below this were processed before the last checkpoint reset:
  /// processing them again is a replay, not a duplicate.
  var replayUntil = 0
  /// Records processed since the checkpoint, and when it was taken.
  var sinceCheckpoint = 0
  var checkpointedAt: Int64 = 0
  /// When the last GetRecords call was made.
  var fetchedAt: Int64 = 0
  /// The batch in hand: its first sequence number and size (0: none).
  var batchStart = 0
  var batchCount = 0
  /// Whether the batch in hand is being processed (its response came),
  /// and since when.
  var processing = false
  var processingStart: Int64 = 0
  /// The processor's own random stream (latency, processing times).
  var rng: SeededGenerator
  /// Lambda: the batch in hand split by key into `parallelizationFactor`
  /// groups, each a queue of sub-batches (bisected on errors) processed in
  /// order; each group's attempts at its head; records not yet done.
  var lambdaGroups: [[[Int]]] = []
  var lambdaAttempts: [Int] = []
  var lambdaLeft = 0
  /// Enhanced fan-out: the subscription's own read allowance (bytes,
  /// 2 MiB/s with one second's burst), and whether it waits for new
  /// records to be pushed.
  var pushAllowance = Double(KinesisLimits.shardReadBytesPerSecond)
  var pushAllowanceAt: Int64 = 0
  var awaitsPush = false
  /// The next event carries the records that arrived by this time: each
  /// is pushed one push delay after it arrived, at the earliest.
  var pushCutoff: Int64 = 0

  init(app: Int32, shard: Int32, rng: SeededGenerator) {
    self.app = app
    self.shard = shard
    self.rng = rng
  }
}

/// A worker of a stream application.
struct StreamWorker: Sendable {
  let app: Int32
  /// Crashed and not restarted yet (a member that holds no live lease).
  var isDown = false
  /// Leases held.
  var leases: Int32 = 0
  /// Leases busy processing, since when, and busy time so far (ns).
  var busyLeases: Int32 = 0
  var busySince: Int64 = 0
  var busyTime: Int64 = 0
  /// Bumped at each crash: the lease taker's and restart's events of an
  /// earlier life are stale.
  var life: UInt32 = 0
  var rng: SeededGenerator
}

/// Every application reading a stream with shared throughput, as the
/// Kinesis Client Library does (docs/model.md §8.10).
///
/// Each shard's lease is held by at most one worker. At the start, shard
/// `i`'s goes to worker `i mod count`; afterwards each worker's lease taker
/// runs every `2 × failoverTime`: it takes leases whose owner stopped
/// renewing them `failoverTime` ago, up to its share ⌈leases / live
/// workers⌉, or else takes one lease from the most loaded worker if that
/// one holds more than the share. Each held lease's record processor
/// loops: GetRecords, process the batch record by record, checkpoint (per
/// `checkpointRecords` / `checkpointInterval`, else after every batch),
/// and call again `idleTimeBetweenReads` after the previous call (or when
/// processing ends, if later). A lease that changes hands restarts from
/// its checkpoint: what was processed after it is processed again
/// (`DuplicateRecords`). Workers without a lease stay idle.
public struct StreamConsumerFleet: Sendable {
  /// The fleet's events.
  public enum Action: Sendable {
    /// A lease's processor calls GetRecords (stale unless `epoch` is the
    /// lease's).
    case getRecords(lease: Int32, epoch: UInt32)
    /// The GetRecords response arrives: the batch is processed.
    case response(lease: Int32, epoch: UInt32)
    /// The batch in hand is processed: checkpoint, and call again.
    case processed(lease: Int32, epoch: UInt32)
    /// A worker's lease taker runs (stale unless `life` is the worker's).
    case takeLeases(worker: Int32, life: UInt32)
    /// A worker crashes, or restarts after a crash.
    case crash(worker: Int32, life: UInt32)
    case restart(worker: Int32)
    /// An application's next scheduled checkpoint reset.
    case reset(app: Int32)
    /// A Lambda invocation of one group of a lease's batch returns.
    case invocationDone(lease: Int32, epoch: UInt32, group: UInt8)
  }

  var apps: [StreamApp]
  let leases: FixedArray<StreamLease>
  let workers: FixedArray<StreamWorker>
  /// Per shard (flat index): the enhanced fan-out leases (KCL, Lambda) reading it.
  let pushLeases: [[Int32]]
  /// `consumer/NAME` of each application.
  let resources: [String]
  var baselines: CounterBaselines<StreamAppCounters>
  var busyAtWarmup: [Int64]
  var memberNanosAtWarmup: [Int128]
  var metricIDs: [Int32] = []

  init(config: WorldConfig, kinesis: KinesisModel, totalKeys: Int, root: SeededGenerator) {
    var apps: [StreamApp] = []
    var leases: [StreamLease] = []
    var workers: [StreamWorker] = []
    // The scenario's applications, then one reader per Firehose stream
    // whose source is a stream: it polls each shard once a second, from
    // LATEST, and hands every record to the Firehose stream.
    var readers = config.consumers.map { ($0, Int?.none) }
    for (f, firehose) in config.firehoses.enumerated() {
      guard let stream = firehose.sourceStream else { continue }
      var reader = ConsumerConfig(name: "firehose/\(firehose.name)", source: .stream(stream))
      reader.stream.idleTimeBetweenReads = KinesisLimits.firehosePollInterval
      readers.append((reader, f))
    }
    for (c, feeds) in readers {
      guard case .stream(let name) = c.source else { continue }
      guard let stream = kinesis.streamIndex(named: name) else {
        preconditionFailure("unknown stream '\(name)': validation must catch this")
      }
      let a = Int32(apps.count)
      let shards = kinesis.streams[stream].shards
      // A Lambda event source mapping polls each shard itself: one poller
      // (a worker that never crashes) per shard.
      let workerCount = c.stream.lambda != nil || feeds != nil ? shards.count : c.maxCount
      apps.append(
        StreamApp(
          config: c, stream: stream, firehose: feeds, firstLease: leases.count, leaseCount: shards.count,
          pool: WorkerPool(first: workers.count, capacity: workerCount, running: workerCount),
          highestProcessed: FixedArray(repeating: 0, count: totalKeys)))
      for (i, shard) in shards.enumerated() {
        var lease = StreamLease(app: a, shard: Int32(shard), rng: root.stream(named: "consumer/\(c.name)/shard/\(i)"))
        if kinesis.shards[shard].status == .open { lease.state = .active }
        leases.append(lease)
      }
      for w in 0..<workerCount {
        workers.append(StreamWorker(app: a, rng: root.stream(named: "consumer/\(c.name)/worker/\(w)")))
      }
    }
    var pushLeases = Array(repeating: [Int32](), count: kinesis.shards.count)
    for (l, lease) in leases.enumerated() where apps[Int(lease.app)].config.stream.enhancedFanOut {
      pushLeases[Int(lease.shard)].append(Int32(l))
    }
    self.pushLeases = pushLeases
    self.apps = apps
    self.leases = FixedArray(leases)
    self.workers = FixedArray(workers)
    busyAtWarmup = Array(repeating: 0, count: workers.count)
    memberNanosAtWarmup = Array(repeating: 0, count: apps.count)
    resources = apps.map { "consumer/\($0.config.name)" }
    baselines = CounterBaselines(count: apps.count)
  }

  /// Sets each lease's start position and first owner (shard `i` to
  /// running worker `i mod count`), starts its processor at a random
  /// offset within one idle interval (workers do not start in step), and
  /// starts every worker's lease taker and crash clock.
  mutating func start(_ run: Milestone, peer kinesis: KinesisModel, kernel: inout Kernel) {
    for a in apps.indices {
      let app = apps[a]
      for (i, l) in app.leases.filter({ leases[$0].state == .active }).enumerated() {
        let log = kinesis.shards[Int(leases[l].shard)].log
        let start = app.config.stream.initialPosition == .latest ? log.end : log.trimmed
        leases[l].position = start
        leases[l].checkpoint = start
        leases[l].highWater = start
        apps[a].counters.skipped &+= start
        guard app.config.count > 0 else { continue }
        let idle = app.config.stream.idleTimeBetweenReads.nanoseconds
        let offset = idle > 0 ? Int64(leases[l].rng.nextUnitInterval() * Double(idle)) : 0
        // A Lambda mapping's pollers are one per shard.
        let pollers = app.pollsEachShard ? app.pool.capacity : app.config.count
        assign(l, to: app.pool.first + i % pollers, at: kernel.now + offset, kernel: &kernel)
      }
      // A Lambda mapping has no lease takers and no crashes.
      if !app.pollsEachShard {
        for w in app.pool.workers where app.pool[w] == .running { startWorker(w, kernel: &kernel) }
      }
      scheduleReset(a, kernel: &kernel)
    }
  }

  mutating func handle(
    _ action: Action, kinesis: inout KinesisModel, firehose: inout FirehoseModel, kernel: inout Kernel
  ) {
    switch action {
    case .getRecords(let l, let epoch):
      guard leases[Int(l)].epoch == epoch else { return }
      if apps[Int(leases[Int(l)].app)].config.stream.lambda != nil {
        poll(Int(l), kinesis: &kinesis, kernel: &kernel)
      } else if apps[Int(leases[Int(l)].app)].config.stream.enhancedFanOut {
        push(Int(l), kinesis: &kinesis, kernel: &kernel)
      } else {
        getRecords(Int(l), kinesis: &kinesis, firehose: &firehose, kernel: &kernel)
      }
    case .response(let l, let epoch):
      if leases[Int(l)].epoch == epoch { respond(Int(l), kernel: &kernel) }
    case .processed(let l, let epoch):
      if leases[Int(l)].epoch == epoch { finishBatch(Int(l), kinesis: kinesis, kernel: &kernel) }
    case .takeLeases(let w, let life):
      if workers[Int(w)].life == life && !workers[Int(w)].isDown { takeLeases(Int(w), kernel: &kernel) }
    case .crash(let w, let life):
      if workers[Int(w)].life == life && !workers[Int(w)].isDown { crash(Int(w), kernel: &kernel) }
    case .restart(let w):
      restart(Int(w), kernel: &kernel)
    case .reset(let a):
      resetCheckpoints(Int(a), kinesis: kinesis, kernel: &kernel)
    case .invocationDone(let l, let epoch, let group):
      if leases[Int(l)].epoch == epoch { finishInvocation(Int(l), group: Int(group), kinesis: kinesis, kernel: &kernel) }
    }
  }

  // MARK: - The record processor

  /// Lease `l`'s processor calls GetRecords from its position.
  mutating func getRecords(_ l: Int, kinesis: inout KinesisModel, firehose: inout FirehoseModel, kernel: inout Kernel) {
    guard isReadable(l, kinesis: kinesis, kernel: &kernel) else { return }
    let a = Int(leases[l].app)
    let s = Int(leases[l].shard)
    let now = kernel.now
    prepareRead(l, kinesis: &kinesis, now: now)
    apps[a].counters.getRecordsCalls &+= 1
    let position = leases[l].position
    leases[l].batchStart = position
    if let range = kinesis.getRecords(shard: s, from: position, limit: apps[a].config.stream.maxRecords, now: now) {
      if range.isEmpty { apps[a].counters.emptyGetRecords &+= 1 }
      takeBatch(l, range, kinesis: kinesis, now: now)
      if let f = apps[a].firehose {
        feed(l, firehose: f, kinesis: kinesis, into: &firehose, kernel: &kernel)
        return
      }
    } else {
      apps[a].counters.readThrottled &+= 1
    }
    let latency = apps[a].config.apiLatency
    let delay = latency.isAlwaysZero ? .zero : latency.sampleDuration(using: &leases[l].rng)
    if delay.nanoseconds == 0 {
      respond(l, kernel: &kernel)
    } else {
      kernel.schedule(.streamConsumer(.response(lease: Int32(l), epoch: leases[l].epoch)), after: delay)
    }
  }

  /// A Firehose reader hands lease `l`'s batch to Firehose stream `f`,
  /// checkpoints and calls again a poll interval later.
  mutating func feed(_ l: Int, firehose f: Int, kinesis: KinesisModel, into firehose: inout FirehoseModel, kernel: inout Kernel) {
    let log = kinesis.shards[Int(leases[l].shard)].log
    let start = leases[l].batchStart
    let end = start + leases[l].batchCount
    var records: [FirehoseRecord] = []
    records.reserveCapacity(end - start)
    for sequence in start..<end {
      let i = log.index(sequence)
      records.append(FirehoseRecord(createdAt: log.created[i], size: log.size[i]))
    }
    firehose.ingest(records, into: f, kernel: &kernel)
    apps[Int(leases[l].app)].counters.processed &+= end - start
    leases[l].highWater = max(leases[l].highWater, end)
    leases[l].checkpoint = end
    leases[l].batchCount = 0
    scheduleNextCall(l, kernel: &kernel)
  }

  /// Before a read of lease `l` at `now`: its shard trimmed, what it lost
  /// counted, the call's time noted.
  mutating func prepareRead(_ l: Int, kinesis: inout KinesisModel, now: Int64) {
    kinesis.trim(Int(leases[l].shard), now: now)
    catchUpWithTrim(l, kinesis: kinesis)
    skipBeforeTimestamp(l, kinesis: kinesis)
    leases[l].fetchedAt = now
  }

  /// `AT_TIMESTAMP`: records of lease `l`'s shard that arrived before the
  /// application's timestamp are passed over (before the start position),
  /// as `GetShardIterator AT_TIMESTAMP` would place the iterator.
  mutating func skipBeforeTimestamp(_ l: Int, kinesis: KinesisModel) {
    let a = Int(leases[l].app)
    let settings = apps[a].config.stream
    guard settings.initialPosition == .atTimestamp, leases[l].batchCount == 0,
      leases[l].position == leases[l].highWater
    else { return }
    let log = kinesis.shards[Int(leases[l].shard)].log
    guard leases[l].position < log.end,
      log.arrival[log.index(leases[l].position)] < settings.initialTimestamp.nanoseconds
    else { return }
    let start = min(log.end, log.first(arrivedAtOrAfter: settings.initialTimestamp.nanoseconds))
    apps[a].counters.skipped &+= start - leases[l].position
    leases[l].position = start
    leases[l].checkpoint = start
    leases[l].highWater = start
  }

  /// Lease `l` took `range` of its shard at `now`: the batch in hand, its
  /// next position, and how far behind the newest record it still is.
  mutating func takeBatch(_ l: Int, _ range: Range<Int>, kinesis: KinesisModel, now: Int64) {
    leases[l].batchStart = range.lowerBound
    leases[l].batchCount = range.count
    leases[l].position = range.upperBound
    let log = kinesis.shards[Int(leases[l].shard)].log
    let behind = range.upperBound < log.end ? now - log.arrival[log.index(range.upperBound)] : 0
    let a = Int(leases[l].app)
    apps[a].periodMaxBehind = max(apps[a].periodMaxBehind, behind)
  }

  /// Records that retention trimmed before lease `l` fetched them are
  /// lost to the application (counted, never silent; records it processed
  /// before are not); it goes on from the oldest record left. A batch in
  /// hand is not lost: it was fetched.
  mutating func catchUpWithTrim(_ l: Int, kinesis: KinesisModel) {
    let trimmed = kinesis.shards[Int(leases[l].shard)].log.trimmed
    guard leases[l].position < trimmed else { return }
    let lost = trimmed - max(leases[l].position, leases[l].highWater)
    if lost > 0 { apps[Int(leases[l].app)].counters.lostToRetention &+= lost }
    leases[l].position = trimmed
    if leases[l].batchCount == 0 {
      leases[l].highWater = max(leases[l].highWater, trimmed)
      leases[l].checkpoint = max(leases[l].checkpoint, trimmed)
    }
  }

  /// The GetRecords response of lease `l` arrived: an empty or throttled
  /// one waits for the next call; records are processed.
  mutating func respond(_ l: Int, kernel: inout Kernel) {
    let count = leases[l].batchCount
    guard count > 0 else {
      scheduleNextCall(l, kernel: &kernel)
      return
    }
    let a = Int(leases[l].app)
    // Drawn from a copy: `finishBatch` draws the same times again, in
    // order, to place each record's completion.
    var rng = leases[l].rng
    let total = processingTime(ofRecords: count, app: a, using: &rng)
    leases[l].processingStart = kernel.now
    leases[l].processing = true
    let w = Int(leases[l].owner)
    if workers[w].busyLeases == 0 { workers[w].busySince = kernel.now }
    workers[w].busyLeases += 1
    kernel.schedule(.streamConsumer(.processed(lease: Int32(l), epoch: leases[l].epoch)), at: kernel.now + total)
  }

  /// The time to process `count` records: the batch's own time, then each
  /// record's.
  func processingTime(ofRecords count: Int, app a: Int, using rng: inout SeededGenerator) -> Int64 {
    let config = apps[a].config
    var total = config.stream.batchProcessingTime.sampleDuration(using: &rng).nanoseconds
    if case .constant(let each) = config.processingTime {
      return total + Int64(count) * clampedNanoseconds(each)
    }
    for _ in 0..<count { total += config.processingTime.sampleDuration(using: &rng).nanoseconds }
    return total
  }

  /// Lease `l`'s batch is processed: each record's end-to-end latency (to
  /// its own completion) and key order are recorded (first processings
  /// only; the rest are duplicates), the lease checkpoints if its policy
  /// says so, and the next call is scheduled.
  mutating func finishBatch(_ l: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    let a = Int(leases[l].app)
    let start = leases[l].batchStart
    let end = start + leases[l].batchCount
    let log = kinesis.shards[Int(leases[l].shard)].log
    let config = apps[a].config
    let warm = kernel.now >= kernel.warmupNanos
    // The same draws as `respond`'s, now for good: the batch's time, then
    // each record's, in order, from when processing started.
    var done =
      leases[l].processingStart + config.stream.batchProcessingTime.sampleDuration(using: &leases[l].rng).nanoseconds
    let constant: Int64?
    if case .constant(let each) = config.processingTime {
      constant = clampedNanoseconds(each)
    } else {
      constant = nil
    }
    let firstNew = max(start, leases[l].highWater)
    let replayEnd = min(end, max(start, leases[l].replayUntil))
    for sequence in start..<end {
      done += constant ?? config.processingTime.sampleDuration(using: &leases[l].rng).nanoseconds
      guard sequence >= firstNew else { continue }
      let i = log.index(sequence)
      let latency = max(0, done - log.created[i])
      apps[a].periodLatency.record(latency)
      if warm { apps[a].summaryLatency.record(latency) }
      let key = Int(log.key[i])
      let next = log.keySequence[i] &+ 1
      if next < apps[a].highestProcessed[key] {
        apps[a].counters.orderingViolations &+= 1
      } else {
        apps[a].highestProcessed[key] = next
      }
    }
    apps[a].counters.processed &+= end - start
    apps[a].counters.replayed &+= replayEnd - start
    apps[a].counters.duplicates &+= max(0, min(end, firstNew) - replayEnd)
    leases[l].highWater = max(leases[l].highWater, end)
    leases[l].batchCount = 0
    leases[l].processing = false
    leases[l].sinceCheckpoint += end - start
    if isCheckpointDue(l, app: config.stream, now: kernel.now) {
      leases[l].checkpoint = end
      leases[l].sinceCheckpoint = 0
      leases[l].checkpointedAt = kernel.now
    }
    let w = Int(leases[l].owner)
    workers[w].busyLeases -= 1
    if workers[w].busyLeases == 0 { workers[w].busyTime += kernel.now - workers[w].busySince }
    if config.stream.enhancedFanOut {
      continuePush(l, kinesis: kinesis, kernel: &kernel)
    } else {
      scheduleNextCall(l, kernel: &kernel)
    }
  }

  /// Whether lease `l` checkpoints after the batch just processed.
  func isCheckpointDue(_ l: Int, app settings: StreamReadSettings, now: Int64) -> Bool {
    if settings.checkpointRecords == nil && settings.checkpointInterval == nil { return true }
    if let records = settings.checkpointRecords, leases[l].sinceCheckpoint >= records { return true }
    if let interval = settings.checkpointInterval, now - leases[l].checkpointedAt >= interval.nanoseconds {
      return true
    }
    return false
  }

  /// The next GetRecords of lease `l`: `idleTimeBetweenReads` after the
  /// last one, or now if that has passed. An enhanced fan-out lease takes
  /// its next event now if one is due, else waits to be pushed.
  mutating func scheduleNextCall(_ l: Int, kernel: inout Kernel) {
    if apps[Int(leases[l].app)].config.stream.enhancedFanOut {
      // Started, or a lease newly taken: the first event finds out.
      leases[l].pushCutoff = kernel.now
      guard kernel.now < kernel.endNanos else { return }
      kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: kernel.now)
      return
    }
    let idle = apps[Int(leases[l].app)].config.stream.idleTimeBetweenReads.nanoseconds
    let at = max(kernel.now, leases[l].fetchedAt + idle)
    guard at < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: at)
  }
}
