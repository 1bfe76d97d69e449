import SimCore

/// The SQS model: every queue of the run, standard and FIFO, with their
/// visibility timeouts, retention, redrive, quotas, counters and metrics
/// (docs/model.md §2, §3).
///
/// It owns its queues and their visibility-timeout lanes, nothing else.
/// Other services reach it through a few narrow calls: producers `accept`
/// messages and ask `admitFIFOSend` (SNS goes through
/// `SQSConsumerFleet.enqueue`); consumer fleets `receive`, `delete`,
/// `changeVisibility` and ask `admitFIFORequest`. What a queue change means
/// for waiting long polls is the consumer fleet's business: the model
/// answers which queue may now serve them (a returned queue index, or
/// `queuesToServe`), and the caller lets the fleet serve them.
public struct SQSModel: Sendable {
  /// The model's events.
  public enum Action: Sendable {
    /// A delayed message becomes visible.
    case delayEnded(MessageRef)
    /// A received message's visibility timeout ends (a timeout other than
    /// its lane's usual one: heartbeats, duplicates).
    case visibilityTimeout(MessageRef, epoch: UInt32)
    /// A queue's earliest message retention may have ended.
    case retention(queue: Int32)
    /// The first live timer of a visibility-timeout lane is due.
    case visibilityLane(Int32)
  }

  /// Entity state is sized once, then mutated in place (`LineArray`: no
  /// copy-on-write checks on the hot path, each queue and lane on lines of
  /// its own).
  let queues: LineArray<SQSQueue>
  /// `queue/NAME` of each queue.
  let resources: [String]
  /// Visibility-timeout lanes: lane `c` holds the timeouts of consumer
  /// fleet `c`'s receives, which all have the fleet's visibility timeout.
  let lanes: LineArray<VisibilityLane>
  /// The highest order sequence processed (plus one; 0: none yet) per key
  /// of each queue: queue `q`'s keys at `queues[q].orderBase ..<` (one
  /// array for all queues, so with few keys per queue the whole of it
  /// stays in cache instead of costing a line per message).
  var processedOrder = FixedArray<UInt32>(repeating: 0, count: 0)
  /// Scratch for short-poll sampling.
  let sampledServers: FixedArray<Bool>
  /// What the last `receive` handed over: `received[0 ..< count]`.
  let received: FixedArray<HeldMessage>
  /// How many of them were duplicate deliveries.
  var receivedDuplicates = 0
  /// Queues that gained deliverable messages inside a call that could not
  /// let their waiting polls in at once (a dead-letter move during a
  /// receive); the caller drains it with `takeQueueToServe()`.
  var queuesToServe: [Int32] = []
  /// Messages that expired while a worker held them (their receipts are no
  /// longer valid); the consumer fleet drains it.
  var expiredWhileHeld: [(ref: MessageRef, queue: QueueID)] = []
  /// Latency histograms and the visible-count integral.
  var metrics: MetricsCollector
  /// Each queue's number in the run's metrics table.
  var metricIDs: [Int32] = []
  /// Counters at the start of the period and at the end of warm-up.
  var baselines: CounterBaselines<QueueCounters>
  /// `metrics.visibleArea` when warm-up ended.
  var warmupVisibleArea: [Double]
  /// Peaks after warm-up, for the summary.
  var peakVisible: [Int]
  var peakAge: [Int64]

  init(config: WorldConfig, root: SeededGenerator) {
    var queues: [SQSQueue] = []
    var queueIndex: [String: Int] = [:]
    for (i, q) in config.queues.enumerated() {
      queues.append(SQSQueue(config: q, region: config.region, rng: root.stream(named: "queue/\(q.name)")))
      queueIndex[q.name] = i
    }
    for i in queues.indices {
      if let redrive = queues[i].config.redrive {
        queues[i].deadLetter = queueIndex[redrive.deadLetterQueue].map(QueueID.init)
      }
    }
    // The queues a short poll reads: their messages' servers matter.
    var shortPolled = Set<Int>()
    for consumer in config.queueConsumers {
      if case .queue(let name) = consumer.source, let q = queueIndex[name],
        (consumer.waitTime ?? config.queues[q].receiveWaitTime).nanoseconds == 0
      {
        shortPolled.insert(q)
      }
    }
    for i in queues.indices {
      var chain = Set<Int>()
      var next: Int? = i
      while let q = next, chain.insert(q).inserted { next = queues[q].deadLetter?.i }
      queues[i].drawsServer = queues[i].duplicateProbability > 0 || !chain.isDisjoint(with: shortPolled)
    }
    self.queues = LineArray(queues)
    lanes = LineArray(
      config.queueConsumers.map { consumer in
        guard case .queue(let name) = consumer.source, let q = queueIndex[name] else {
          preconditionFailure("consumer '\(consumer.name)' reads no queue: validation must catch this")
        }
        return VisibilityLane(visibility: consumer.visibilityTimeout ?? config.queues[q].visibilityTimeout)
      })
    resources = config.queues.map { "queue/\($0.name)" }
    sampledServers = FixedArray(repeating: false, count: 1000)
    received = FixedArray(repeating: HeldMessage(), count: batchStride)
    metrics = MetricsCollector(period: config.metricsPeriod.nanoseconds, queues: config.queues.count)
    baselines = CounterBaselines(count: config.queues.count)
    warmupVisibleArea = Array(repeating: 0, count: config.queues.count)
    peakVisible = Array(repeating: 0, count: config.queues.count)
    peakAge = Array(repeating: 0, count: config.queues.count)
  }

  /// The queues each of `start`'s messages can move on to (redrive chains).
  func withRedrive(_ start: [Int]) -> Set<Int> {
    var reached = Set<Int>()
    var next = start
    while let q = next.popLast() {
      guard reached.insert(q).inserted else { continue }
      if let dlq = queues[q].deadLetter { next.append(dlq.i) }
    }
    return reached
  }

  /// Handles one of the model's own events (except `visibilityLane`,
  /// which the world fires timer by timer, see `expireNextDue(lane:kernel:)`).
  /// Returns the queue whose waiting polls may now be served, if any.
  mutating func handle(_ action: Action, kernel: inout Kernel) -> QueueID? {
    switch action {
    case .delayEnded(let ref):
      return endDelay(ref, kernel: &kernel).map(QueueID.init)
    case .visibilityTimeout(let ref, let epoch):
      return expireVisibility(ref, epoch: epoch, kernel: &kernel).map(QueueID.init)
    case .retention(let q):
      return fireRetention(Int(q), kernel: &kernel).map(QueueID.init)
    case .visibilityLane:
      preconditionFailure("visibility lanes fire through expireNextDue(lane:kernel:)")
    }
  }

  /// Sizes each queue's ordering state once every producer has added the
  /// keys that can reach it (`keys`): one slot per key of each queue, the
  /// queues' ranges side by side in `processedOrder`.
  mutating func prepareOrderChecks() {
    var base = 0
    for q in queues.indices {
      queues[q].orderBase = base
      base += queues[q].keys.count
    }
    processedOrder = FixedArray(repeating: 0, count: base)
  }

  /// A long poll on `q` ended with nothing: an empty receive.
  @inline(__always)
  mutating func noteEmptyReceive(_ queue: QueueID) {
    queues[queue.i].counters.emptyReceives &+= 1
  }

  /// A consumer processed, for the first time, the message with acceptance
  /// number `sequence` of key `key` (an index into `queues[q].keys`): an
  /// ordering violation of the queue if a later-accepted message of the
  /// key was processed before it.
  @inline(__always)
  mutating func noteProcessed(key: Int, sequence: UInt32, in queue: QueueID) {
    let q = queue.i
    let next = sequence &+ 1  // stored as sequence + 1 so 0 means "none yet"
    let slot = queues[q].orderBase + key
    if next < processedOrder[slot] {
      queues[q].counters.orderingViolations &+= 1
    } else {
      processedOrder[slot] = next
    }
  }

  /// Pops the next queue that gained deliverable messages during a call
  /// that could not serve its waiting polls at once.
  @inline(__always)
  mutating func takeQueueToServe() -> QueueID? {
    queuesToServe.popLast().map { QueueID(index: $0) }
  }
}

/// Visibility timeouts that all have one length, fired in deadline order
/// by one armed event (`TimerLane`).
struct VisibilityLane: Sendable {
  // What every receive reads (the timeout, the bound, the lane's deadlines
  // and ring counts) in the lane's first cache line.
  /// The timeout every timer of the lane has.
  let visibility: SimDuration
  /// When `timers` is next compacted.
  var compactionBound = 4_096
  var timers = TimerLane<VisibilityTimer>(filler: VisibilityTimer(ref: .none, epoch: 0))
}

/// A visibility timeout waiting in a lane.
struct VisibilityTimer: Sendable {
  var ref: MessageRef
  var epoch: UInt32
}
