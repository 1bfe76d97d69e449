import SimCore

/// Every SQS consumer fleet of the run: worker pools that receive, process
/// and delete messages, with long polls, heartbeats, crashes and outages
/// (docs/model.md §6), and whose size can change during the run
/// (`startWorker`, `stopWorker`, `resize`; §6.5).
///
/// The fleet owns its workers, the messages they hold, and the long polls
/// waiting on each queue. It reaches SQS through narrow calls (`receive`,
/// `delete`, `changeVisibility`, `admitFIFORequest`); whoever puts messages
/// into a queue lets that queue's waiting polls in with `serveWaiters`
/// (or `enqueue`, which does both).
public struct SQSConsumerFleet: Sendable {
  /// The fleets' events.
  public enum Action: Sendable {
    /// The first live timer of a fleet's long-poll lane is due.
    case pollLane(consumer: Int32)
    /// A step of a worker's loop, valid while `tag` matches.
    case worker(Int32, tag: UInt32, step: WorkerStep)
    /// A fleet's planned outage starts or ends.
    case outage(consumer: Int32, starts: Bool)
    /// A fleet runs `to` workers from now (`resize`); stopped workers
    /// finish what they hold when `finish`, else abandon it. What tests
    /// and auto scaling schedule.
    case resize(consumer: Int32, to: Int32, finish: Bool)
  }

  let fleets: LineArray<ConsumerState>
  let workers: LineArray<WorkerState>
  /// Messages held by workers: worker `w` owns
  /// `held[w * batchStride ..< (w + 1) * batchStride]`.
  let held: FixedArray<HeldMessage>
  /// The highest order sequence processed (plus one; 0: none yet) per key
  /// of each fleet's queue: fleet `c`'s at `fleets[c].orderBase ..<` (one
  /// array for all fleets, like `SQSModel.processedOrder`).
  let processedOrder: FixedArray<UInt32>
  /// Long polls waiting on each queue, first come first served.
  let waiters: LineArray<WaiterList>
  /// `consumer/NAME` of each fleet.
  let resources: [String]
  var baselines: CounterBaselines<ConsumerCounters>
  /// Each fleet's number in the run's metrics table.
  var metricIDs: [Int32] = []
  /// `poolTime(c)` at the start of the period and at the end of warm-up.
  var periodTime: [PoolTime]
  var warmupTime: [PoolTime]

  init(config: WorldConfig, sqs: inout SQSModel, root: SeededGenerator) {
    var queueIndex: [String: Int] = [:]
    for (i, q) in config.queues.enumerated() { queueIndex[q.name] = i }
    var fleets: [ConsumerState] = []
    var workers: [WorkerState] = []
    var waiters = Array(repeating: WaiterList(), count: config.queues.count)
    let consumers = config.queueConsumers
    var orderSlots = 0
    for (c, consumer) in consumers.enumerated() {
      guard case .queue(let name) = consumer.source, let q = queueIndex[name] else {
        preconditionFailure("consumer '\(consumer.name)' reads no queue: validation must catch this")
      }
      let queueConfig = config.queues[q]
      fleets.append(
        ConsumerState(
          config: consumer, queue: QueueID(q), firstWorker: workers.count,
          waitTime: consumer.waitTime ?? queueConfig.receiveWaitTime,
          orderBase: orderSlots))
      orderSlots += sqs.queues[q].keys.count
      precondition(consumer.maxCount >= consumer.count, "consumer '\(consumer.name)' has maxCount < count")
      waiters[q].bound += 2 * consumer.maxCount
      for w in 0..<consumer.maxCount {
        var worker = WorkerState(
          consumer: ConsumerID(c), queue: QueueID(q), rng: root.stream(named: "consumer/\(consumer.name)/worker/\(w)"))
        worker.isDown = w >= consumer.count
        workers.append(worker)
      }
    }
    self.held = FixedArray(repeating: HeldMessage(), count: workers.count * batchStride)
    processedOrder = FixedArray(repeating: 0, count: orderSlots)
    self.fleets = LineArray(fleets)
    self.workers = LineArray(workers)
    self.waiters = LineArray(waiters)
    resources = consumers.map { "consumer/\($0.name)" }
    baselines = CounterBaselines(count: consumers.count)
    periodTime = Array(repeating: PoolTime(), count: consumers.count)
    warmupTime = periodTime
  }

  /// Schedules the planned outages, the first crashes and the first poll of
  /// every running worker.
  mutating func start(_ run: Milestone, peer _: Void, kernel: inout Kernel) {
    for c in fleets.indices {
      for outage in fleets[c].config.outages {
        kernel.schedule(.consumer(.outage(consumer: Int32(c), starts: true)), at: outage.start.nanoseconds)
        kernel.schedule(
          .consumer(.outage(consumer: Int32(c), starts: false)), at: (outage.start + outage.duration).nanoseconds)
      }
    }
    for w in workers.indices where !workers[w].isDown {
      scheduleCrash(w, kernel: &kernel)
      kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .poll)), after: .zero)
    }
  }

  /// Handles one of the fleets' own events.
  mutating func handle(_ action: Action, sqs: inout SQSModel, kernel: inout Kernel) {
    switch action {
    case .pollLane(let c):
      firePollLane(Int(c), sqs: &sqs, kernel: &kernel)
    case .worker(let w, let tag, let step):
      handleWorker(Int(w), tag: tag, step: step, sqs: &sqs, kernel: &kernel)
    case .outage(let c, let starts):
      if starts { startOutage(Int(c), sqs: &sqs, kernel: &kernel) } else { endOutage(Int(c), sqs: &sqs, kernel: &kernel) }
    case .resize(let c, let n, let finish):
      resize(ConsumerID(index: c), to: Int(n), mode: finish ? .finish : .abandon, sqs: &sqs, kernel: &kernel)
    }
  }

  /// The one way another service puts a message into queue `q`: SQS
  /// accepts it, then the long polls waiting there are served.
  mutating func enqueue(_ ref: MessageRef, into q: QueueID, sqs: inout SQSModel, kernel: inout Kernel) {
    sqs.accept(ref, into: q, delay: nil, kernel: &kernel)
    serveWaiters(q, sqs: &sqs, kernel: &kernel)
  }

  /// After SQS handled one of its own events: receipts of messages that
  /// expired while held are marked invalid, and queue `q`'s waiting polls
  /// are served.
  mutating func afterQueueEvent(serving q: QueueID?, sqs: inout SQSModel, kernel: inout Kernel) {
    while let expired = sqs.expiredWhileHeld.popLast() { invalidateReceipts(of: expired.ref, in: expired.queue) }
    if let q { serveWaiters(q, sqs: &sqs, kernel: &kernel) }
  }

  /// ReceiveMessage by worker `w` on queue `q`: what SQS hands over goes
  /// into the worker's held slots. Returns what `SQSModel.receive` returns.
  /// A dead-letter queue that got messages during the receive serves its
  /// own waiting polls before this returns.
  mutating func receive(
    queue q: QueueID, worker w: Int, isShortPoll: Bool, isNewRequest: Bool = true, sqs: inout SQSModel,
    kernel: inout Kernel
  ) -> Int {
    let c = workers[w].consumer.i
    let taken = sqs.receive(
      queue: q, lane: ConsumerID(c), maxCount: Int(fleets[c].batchSize), isShortPoll: isShortPoll, isNewRequest: isNewRequest,
      kernel: &kernel)
    if taken > 0 {
      for i in 0..<taken { held[w * batchStride + i] = sqs.received[i] }
      fleets[c].counters.duplicateDeliveries &+= sqs.receivedDuplicates
    }
    while let dlq = sqs.takeQueueToServe() { serveWaiters(dlq, sqs: &sqs, kernel: &kernel) }
    return taken
  }

  /// Gives visible messages to long polls waiting on `q`, oldest waiter
  /// first; each returns at once with what is available (docs/model.md §2.4).
  mutating func serveWaiters(_ queue: QueueID, sqs: inout SQSModel, kernel: inout Kernel) {
    let q = queue.i
    while sqs.queues[q].visibleCount > 0, let waiter = waiters[q].entries.first {
      if sqs.queues[q].inFlightCount >= sqs.queues[q].inFlightLimit { return }
      waiters[q].entries.popFirst()
      let w = Int(waiter.worker)
      guard workers[w].isWaiting, workers[w].cycle == waiter.cycle else { continue }
      let taken = receive(queue: queue, worker: w, isShortPoll: false, isNewRequest: false, sqs: &sqs, kernel: &kernel)
      if taken <= 0 {
        waiters[q].entries.prepend(waiter)
        return
      }
      workers[w].isWaiting = false
      respond(w, taken: taken, sqs: &sqs, kernel: &kernel)
    }
  }

  /// A message of queue `q` expired while workers held receipts of it:
  /// marks those receipts, so their deletes are known to find nothing.
  /// Rare (retention shorter than processing), so a scan of the queue's
  /// workers (stopped ones hold nothing).
  mutating func invalidateReceipts(of ref: MessageRef, in q: QueueID) {
    for c in fleets.indices where fleets[c].queue == q {
      for w in fleets[c].pool.workers {
        for i in 0..<workers[w].heldCount where held[w * batchStride + i].ref == ref {
          held[w * batchStride + i].receiptExpired = true
        }
      }
    }
  }
}

/// The long polls waiting on one queue.
struct WaiterList: Sendable {
  /// Waiting workers, first come first served (entries of waits that
  /// ended are skipped, and dropped in bulk at `bound`).
  var entries = RingBuffer<Waiter>(filler: Waiter(worker: -1, cycle: 0))
  /// When `entries` is compacted: twice the workers that can read the
  /// queue (the fleets' `maxCount`).
  var bound = 16
}
