import SimCore

/// The steps of a worker's receive–process–delete loop.
public enum WorkerStep: UInt8, Sendable {
  case poll, receiveResponse, processingDone, deleteDone, heartbeat, crash, restart, retryDelete
}

/// The simulated system: the kernel (clock, event heap, message store,
/// event log) and one model per service, driven by `run()`.
///
/// The world owns the models and only dispatches: each event goes to the
/// model that scheduled it, together with the models that model calls
/// (passed `inout`, never stored). Zero-latency API calls are applied
/// inline; everything that takes time is a scheduled `Action`. Each worker
/// goes through at least one scheduled event per message, so inline chains
/// never recurse without bound.
///
/// A world is not copyable: its storage (`FixedArray`, `MessageStore`) has
/// reference semantics, and the compiler now enforces what used to be a
/// comment.
public struct World: ~Copyable, Sendable {
  public let config: WorldConfig
  var kernel: Kernel
  var sqs: SQSModel
  var sns: SNSModel
  var producers: ProducerFleet
  var consumers: SQSConsumerFleet
  var kinesis: KinesisModel
  var streamProducers: StreamProducerFleet
  var streamConsumers: StreamConsumerFleet
  var firehose: FirehoseModel
  var firehoseProducers: FirehoseProducerFleet
  /// Every metric datapoint so far, period by period (`metrics.csv`, and
  /// what alarms read during the run).
  var metricsTable: MetricsTable
  /// When the current period started, and whether warm-up is over.
  var periodStart: Int64 = 0
  var warmupEndedAt: Int64?
  /// Whether stream records that no application will read again are
  /// dropped from memory before retention trims them (it changes no
  /// output; tests turn it off to show that).
  var forgetsReadRecords = true

  /// Builds the world for `config` (already validated).
  public init(config: WorldConfig) {
    self.config = config
    kernel = Kernel(warmupNanos: config.warmup.nanoseconds, endNanos: config.duration.nanoseconds)
    let root = SeededGenerator(seed: config.seed)
    var sqs = SQSModel(config: config, root: root)
    producers = ProducerFleet(config: config, sqs: &sqs, root: root)
    sqs.prepareOrderChecks()
    consumers = SQSConsumerFleet(config: config, sqs: &sqs, root: root)
    sns = SNSModel(config: config, root: root)
    var kinesis = KinesisModel(config: config)
    streamProducers = StreamProducerFleet(config: config, kinesis: &kinesis, root: root)
    streamConsumers = StreamConsumerFleet(
      config: config, kinesis: kinesis, totalKeys: streamProducers.totalKeys, root: root)
    firehose = FirehoseModel(config: config, root: root)
    firehoseProducers = FirehoseProducerFleet(config: config, firehose: firehose, root: root)
    if !streamConsumers.pushLeases.allSatisfy(\.isEmpty) { kinesis.trackWrites() }
    self.kinesis = kinesis
    self.sqs = sqs
    metricsTable = MetricsTable(period: config.metricsPeriod.nanoseconds)
    var register = RegisterMetrics()
    forEachModel(&register)
  }

  /// Applies `visitor` to every model once, in registration order: the
  /// order of `metrics.csv`'s resources and `summary.csv`'s rows, and of
  /// the first events they schedule. A new model adds one line here.
  mutating func forEachModel<V: ModelVisitor>(_ visitor: inout V) {
    visitor.visit(&sqs, peer: (), table: &metricsTable, kernel: &kernel)
    visitor.visit(&sns, peer: (), table: &metricsTable, kernel: &kernel)
    visitor.visit(&producers, peer: (), table: &metricsTable, kernel: &kernel)
    visitor.visit(&consumers, peer: (), table: &metricsTable, kernel: &kernel)
    visitor.visit(&kinesis, peer: (), table: &metricsTable, kernel: &kernel)
    visitor.visit(&streamProducers, peer: (), table: &metricsTable, kernel: &kernel)
    visitor.visit(&streamConsumers, peer: kinesis, table: &metricsTable, kernel: &kernel)
    visitor.visit(&firehose, peer: (), table: &metricsTable, kernel: &kernel)
    visitor.visit(&firehoseProducers, peer: (), table: &metricsTable, kernel: &kernel)
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
    let endNanos = kernel.endNanos
    let warmupNanos = kernel.warmupNanos
    var nextClose = period
    var warmupPending = warmupNanos > 0 && warmupNanos < endNanos
    while true {
      var boundary = min(nextClose, endNanos)
      if warmupPending { boundary = min(boundary, warmupNanos) }
      let limit = SimTime(nanoseconds: boundary)
      while let action = kernel.sim.step(before: limit) {
        handle(action)
        if kernel.sim.processedEvents >= nextCheck {
          nextCheck = kernel.sim.processedEvents &+ interval
          guard observe(RunProgress(now: now, end: endNanos, events: kernel.sim.processedEvents)) else { return nil }
        }
      }
      kernel.sim.advance(to: limit)
      if boundary == endNanos { break }
      if boundary == nextClose {
        closePeriod()
        nextClose += period
      }
      if warmupPending && boundary == warmupNanos {
        endWarmup()
        warmupPending = false
      }
    }
    guard observe(RunProgress(now: endNanos, end: endNanos, events: kernel.sim.processedEvents)) else { return nil }
    return finish()
  }

  /// The current time in nanoseconds.
  var now: Int64 { kernel.now }

  /// How many events the run has processed so far.
  public var processedEvents: UInt64 { kernel.sim.processedEvents }

  /// Peak number of message slots used (live messages at the busiest time).
  public var peakMessageSlots: Int { kernel.store.capacity }

  mutating func start() {
    kernel.sim.reserveCapacity(1024)
    var start = StartModels(run: Milestone(now: now))
    forEachModel(&start)
    if kernel.warmupNanos == 0 { endWarmup() }
  }

  /// Hands `action` to the model that owns it.
  @inline(__always)
  mutating func handle(_ action: Action) {
    switch action {
    case .producer(let a):
      producers.handle(a, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
    case .consumer(let a):
      consumers.handle(a, sqs: &sqs, kernel: &kernel)
    case .sqs(.visibilityLane(let lane)):
      // Serve the waiting polls after each expiry, as each message
      // becomes visible.
      while let q = sqs.expireNextDue(lane: ConsumerID(index: lane), kernel: &kernel) {
        consumers.serveWaiters(q, sqs: &sqs, kernel: &kernel)
      }
      sqs.rearmLane(ConsumerID(index: lane), kernel: &kernel)
    case .sqs(let a):
      let q = sqs.handle(a, kernel: &kernel)
      consumers.afterQueueEvent(serving: q, sqs: &sqs, kernel: &kernel)
    case .sns(let a):
      sns.handle(a, sqs: &sqs, consumers: &consumers, firehose: &firehose, kernel: &kernel)
    case .streamProducer(let a):
      streamProducers.handle(a, kinesis: &kinesis, kernel: &kernel)
      if kinesis.tracksWrites { streamConsumers.pushWrites(kinesis: &kinesis, kernel: &kernel) }
    case .streamConsumer(let a):
      streamConsumers.handle(a, kinesis: &kinesis, firehose: &firehose, kernel: &kernel)
    case .kinesis(let a):
      kinesis.handle(a, kernel: &kernel)
      streamConsumers.openLeases(kinesis: kinesis, kernel: &kernel)
    case .firehoseProducer(let a):
      firehoseProducers.handle(a, firehose: &firehose, kernel: &kernel)
    case .firehose(let a):
      firehose.handle(a, kernel: &kernel)
    }
  }

  // MARK: - Metrics

  /// Warm-up is over: every model takes its baselines for the summary.
  mutating func endWarmup() {
    warmupEndedAt = now
    var end = EndWarmup(run: Milestone(now: now, isWarm: true))
    forEachModel(&end)
  }

  /// Writes one period's rows and starts the next period.
  mutating func closePeriod() {
    let start = periodStart
    guard now > start else { return }
    #if MSGSIM_INVARIANTS
      checkInvariants()
    #endif
    var close = ClosePeriod(run: Milestone(now: now, periodStart: start, isWarm: warmupEndedAt != nil))
    forEachModel(&close)
    // Memory only: what every application has read leaves the shard logs.
    streamConsumers.compactLogs(kinesis: &kinesis, forgetting: forgetsReadRecords)
    periodStart = now
  }

  /// Closes the last period, audits conservation and builds the result.
  mutating func finish() -> RunResult {
    if now > periodStart { closePeriod() }
    #if MSGSIM_INVARIANTS
      checkInvariants()
    #endif
    // A warm-up as long as the run leaves an empty summary.
    if warmupEndedAt == nil { endWarmup() }
    let span = Double(now - warmupEndedAt!)
    var summary = AppendSummary(run: Milestone(now: now, isWarm: true, span: span))
    forEachModel(&summary)
    return RunResult(
      name: config.name, metrics: metricsTable.metricRows, summary: summary.rows, events: kernel.events,
      processedEvents: kernel.sim.processedEvents, peakMessageSlots: kernel.store.capacity)
  }
}
