import SimCore

/// What can happen next in a run: events are data, not closures.
///
/// Every payload is a few integers, so an event is a small value and the
/// event heap never allocates per event. Events that may have been
/// overtaken carry a generation (`cycle`, `life`, `epoch`, a message
/// serial) and are ignored when stale.
public enum Action: Sendable {
  /// A producer creates its next message.
  case arrival(producer: Int32)
  /// A producer's batch window ends (stale if `epoch` moved on).
  case batchWindow(producer: Int32, epoch: UInt32)
  /// A producer's send call returns.
  case sendComplete(producer: Int32, call: Int32)
  /// A producer retries a failed send call after its backoff.
  case sendRetry(producer: Int32, call: Int32)
  /// A delayed message becomes visible.
  case delayEnded(MessageRef)
  /// A received message's visibility timeout ends (a timeout other than
  /// the consumer's usual one: heartbeats, duplicates).
  case visibilityTimeout(MessageRef, epoch: UInt32)
  /// A queue's earliest message retention may have ended.
  case retention(queue: Int32)
  /// The first live timer of a consumer's visibility-timeout lane is due.
  case visibilityLane(consumer: Int32)
  /// The first live timer of a consumer's long-poll lane is due.
  case pollLane(consumer: Int32)
  /// A step of a worker's loop, valid while `tag` matches.
  case worker(Int32, tag: UInt32, step: WorkerStep)
  /// A step of an SNS delivery (to an endpoint, or a retry), owned by
  /// topic `topic`; `delivery` indexes the topic's delivery slab.
  case topicDelivery(topic: Int32, delivery: Int32)
  /// A consumer fleet's planned outage starts or ends.
  case outage(consumer: Int32, starts: Bool)
}

/// How far a run is, for progress displays and interrupts.
public struct RunProgress: Sendable, Equatable {
  /// Simulated time reached, in nanoseconds.
  public var now: Int64
  /// The end of the run, in nanoseconds.
  public var end: Int64
  /// Events processed so far.
  public var events: UInt64
}

/// The steps of a worker's receive–process–delete loop.
public enum WorkerStep: UInt8, Sendable {
  case poll, receiveResponse, processingDone, deleteDone, heartbeat, crash, restart, retryDelete
}

/// The simulated system: queues, producers, consumers, their state and the
/// clock, driven by `run()`.
///
/// Zero-latency API calls are applied inline; everything that takes time is
/// a scheduled `Action`. Each worker goes through at least one scheduled
/// event per message, so inline chains never recurse without bound.
public struct World: Sendable {
  public let config: WorldConfig
  var sim = Simulation<Action>()
  var store = MessageStore()
  // Entity state is sized once, then mutated in place (`FixedArray`: no
  // copy-on-write checks on the hot path). A World is never copied.
  let queues: FixedArray<SQSQueue>
  let producers: FixedArray<ProducerState>
  let topics: FixedArray<TopicState>
  let topicResources: [String]
  let consumers: FixedArray<ConsumerState>
  let workers: FixedArray<WorkerState>
  /// Messages held by workers: worker `w` owns `held[w*10 ..< w*10+10]`.
  let held: FixedArray<HeldMessage>
  /// Scratch for short-poll sampling.
  let sampledServers: FixedArray<Bool>
  var metrics: MetricsCollector
  var events: [EventRow] = []
  var periodRows: [MetricRow] = []
  var periodSnapshot = CounterSnapshot()
  var warmupSnapshot: CounterSnapshot?
  var peakVisible: [Int] = []
  var peakAge: [Int64] = []
  let queueResources: [String]
  let producerResources: [String]
  let consumerResources: [String]
  let warmupNanos: Int64
  let endNanos: Int64

  /// Builds the world for `config` (already validated).
  public init(config: WorldConfig) {
    self.config = config
    warmupNanos = config.warmup.nanoseconds
    endNanos = config.duration.nanoseconds
    queueResources = config.queues.map { "queue/\($0.name)" }
    producerResources = config.producers.map { "producer/\($0.name)" }
    consumerResources = config.consumers.map { "consumer/\($0.name)" }
    peakVisible = Array(repeating: 0, count: config.queues.count)
    peakAge = Array(repeating: 0, count: config.queues.count)
    let root = SeededGenerator(seed: config.seed)
    var queues: [SQSQueue] = []
    var producers: [ProducerState] = []
    var consumers: [ConsumerState] = []
    var workers: [WorkerState] = []
    var queueIndex: [String: Int] = [:]
    for (i, q) in config.queues.enumerated() {
      queues.append(SQSQueue(config: q, rng: root.stream(named: "queue/\(q.name)")))
      queueIndex[q.name] = i
    }
    for i in queues.indices {
      if let redrive = queues[i].config.redrive {
        queues[i].deadLetterIndex = queueIndex[redrive.deadLetterQueue]
      }
    }
    var topicIndex: [String: Int] = [:]
    for (i, t) in config.topics.enumerated() { topicIndex[t.name] = i }
    var keyBase: Int32 = 0
    // The queues each queue's messages can move on to (redrive chains).
    func withRedrive(_ start: [Int]) -> Set<Int> {
      var reached = Set<Int>()
      var next = start
      while let q = next.popLast() {
        guard reached.insert(q).inserted else { continue }
        if let dlq = queues[q].deadLetterIndex { next.append(dlq) }
      }
      return reached
    }
    for p in config.producers {
      let target: ProducerTarget
      let maxSize: Int
      let targetIsFIFO: Bool
      switch p.target {
      case .queue(let name):
        guard let q = queueIndex[name] else { preconditionFailure("unknown queue '\(name)': validation must catch this") }
        target = .queue(q)
        maxSize = config.queues[q].maxMessageSize
        targetIsFIFO = config.queues[q].isFIFO
      case .topic(let name):
        guard let t = topicIndex[name] else { preconditionFailure("unknown topic '\(name)': validation must catch this") }
        target = .topic(t)
        maxSize = config.topics[t].maxMessageSize
        targetIsFIFO = config.topics[t].isFIFO
      case .stream, .firehose:
        preconditionFailure("producer '\(p.name)': target kind not simulated: validation must catch this")
      }
      producers.append(
        ProducerState(
          config: p, target: target, targetIsFIFO: targetIsFIFO, keyBase: keyBase, maxMessageSize: maxSize,
          root: root))
      let keys = Int32(p.keys?.names.count ?? 1)
      var entry: [Int] = []
      switch target {
      case .queue(let q): entry = [q]
      case .topic(let t):
        for sub in config.topics[t].subscriptions {
          if case .queue(let name) = sub.target, let q = queueIndex[name] { entry.append(q) }
          if let name = sub.deadLetterQueue, let q = queueIndex[name] { entry.append(q) }
        }
      }
      for q in withRedrive(entry) { queues[q].keys.add(base: keyBase, count: keys) }
      keyBase += keys
    }
    for (c, consumer) in config.consumers.enumerated() {
      guard case .queue(let name) = consumer.source, let q = queueIndex[name] else {
        preconditionFailure("consumer '\(consumer.name)' reads no queue: validation must catch this")
      }
      let queueConfig = config.queues[q]
      consumers.append(
        ConsumerState(
          config: consumer, queue: q, firstWorker: workers.count,
          waitTime: consumer.waitTime ?? queueConfig.receiveWaitTime,
          visibilityTimeout: consumer.visibilityTimeout ?? queueConfig.visibilityTimeout,
          orderKeys: queues[q].keys.count))
      queues[q].waiterBound += 2 * consumer.count
      for w in 0..<consumer.count {
        workers.append(
          WorkerState(
            consumer: Int32(c), queue: Int32(q),
            rng: root.stream(named: "consumer/\(consumer.name)/worker/\(w)")))
      }
    }
    for q in queues.indices {
      queues[q].highestProcessed = Array(repeating: 0, count: queues[q].keys.count)
    }
    self.topics = FixedArray(
      config.topics.map { TopicState(config: $0, queueIndex: queueIndex, rng: root.stream(named: "topic/\($0.name)")) })
    topicResources = config.topics.map { "topic/\($0.name)" }
    self.held = FixedArray(repeating: HeldMessage(), count: workers.count * 10)
    self.sampledServers = FixedArray(repeating: false, count: 1000)
    self.queues = FixedArray(queues)
    self.producers = FixedArray(producers)
    self.consumers = FixedArray(consumers)
    self.workers = FixedArray(workers)
    metrics = MetricsCollector(period: config.metricsPeriod.nanoseconds, queues: config.queues.count)
  }

  /// Runs the whole scenario and returns what it measured.
  ///
  /// Periods are half-open, [t, t + P), as CloudWatch's (docs/model.md
  /// §7.1): the events due before a boundary run, then the period closes,
  /// so an event at exactly a period's start is counted in that period. The
  /// warm-up ends the same way, and the run covers [0, duration).
  public mutating func run() -> RunResult {
    start()
    return runStarted()!
  }

  /// Runs the scenario, calling `observe` every `interval` events (and once
  /// at the end) with how far the run is; `observe` returns false to stop
  /// the run early (an interrupt), and `run` then returns `nil`.
  public mutating func run(every interval: UInt64 = 1 << 16, observe: (RunProgress) -> Bool) -> RunResult? {
    start()
    return runStarted(every: interval, observe: observe)
  }

  /// The rest of `run()` after `start()` (tests set state in between).
  mutating func runStarted(every interval: UInt64 = .max, observe: (RunProgress) -> Bool = { _ in true }) -> RunResult?
  {
    var nextCheck = interval
    let period = config.metricsPeriod.nanoseconds
    var nextClose = period
    var warmupPending = warmupNanos > 0 && warmupNanos < endNanos
    while true {
      var boundary = min(nextClose, endNanos)
      if warmupPending { boundary = min(boundary, warmupNanos) }
      let limit = SimTime(nanoseconds: boundary)
      while let action = sim.step(before: limit) {
        handle(action)
        if sim.processedEvents >= nextCheck {
          nextCheck = sim.processedEvents &+ interval
          guard observe(RunProgress(now: now, end: endNanos, events: sim.processedEvents)) else { return nil }
        }
      }
      sim.advance(to: limit)
      if boundary == endNanos { break }
      if boundary == nextClose {
        closePeriod()
        nextClose += period
      }
      if warmupPending && boundary == warmupNanos {
        takeWarmupSnapshot()
        warmupPending = false
      }
    }
    guard observe(RunProgress(now: endNanos, end: endNanos, events: sim.processedEvents)) else { return nil }
    return finish()
  }

  /// The current time in nanoseconds.
  var now: Int64 { sim.now.nanoseconds }

  /// How many events the run has processed so far.
  public var processedEvents: UInt64 { sim.processedEvents }

  /// Peak number of message slots used (live messages at the busiest time).
  public var peakMessageSlots: Int { store.capacity }

  mutating func start() {
    sim.reserveCapacity(1024)
    periodSnapshot = snapshot()
    for p in producers.indices { scheduleNextArrival(Int32(p)) }
    for c in consumers.indices {
      for outage in consumers[c].config.outages {
        sim.schedule(.outage(consumer: Int32(c), starts: true), at: outage.start)
        sim.schedule(.outage(consumer: Int32(c), starts: false), at: outage.start + outage.duration)
      }
    }
    for w in workers.indices {
      scheduleCrash(w)
      sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .poll), after: .zero)
    }
    if warmupNanos == 0 { takeWarmupSnapshot() }
  }

  mutating func handle(_ action: Action) {
    switch action {
    case .arrival(let p):
      handleArrival(Int(p))
    case .batchWindow(let p, let epoch):
      if producers[Int(p)].batchEpoch == epoch { flushBatch(Int(p)) }
    case .sendComplete(let p, let call):
      completeSend(Int(p), call: Int(call))
    case .sendRetry(let p, let call):
      issueSend(Int(p), call: Int(call))
    case .delayEnded(let ref):
      endDelay(ref)
    case .visibilityTimeout(let ref, let epoch):
      expireVisibility(ref, epoch: epoch)
    case .retention(let q):
      fireRetention(Int(q))
    case .visibilityLane(let c):
      fireVisibilityLane(Int(c))
    case .pollLane(let c):
      firePollLane(Int(c))
    case .worker(let w, let tag, let step):
      handleWorker(Int(w), tag: tag, step: step)
    case .topicDelivery(let t, let delivery):
      handleTopicDelivery(Int(t), delivery: Int(delivery))
    case .outage(let c, let starts):
      if starts { startOutage(Int(c)) } else { endOutage(Int(c)) }
    }
  }

  /// Records a discrete happening for `events.csv`.
  mutating func logEvent(_ resource: String, _ event: String, _ detail: String) {
    events.append(EventRow(time: now, resource: resource, event: event, detail: detail))
  }
}
