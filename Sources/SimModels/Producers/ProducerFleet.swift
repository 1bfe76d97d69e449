import SimCore

/// Every producer of the run: arrival processes, keys, batching, send
/// calls with their latency, errors, retries and lost responses, and the
/// order in which the service accepted each key's messages
/// (docs/model.md §5).
///
/// It sends through narrow calls of its targets: SQS's `accept` and
/// `admitFIFOSend`, then the consumer fleet's `serveWaiters` for the
/// queue; SNS's `admitPublish` and `publish`.
public struct ProducerFleet: Sendable {
  /// The fleet's events.
  public enum Action: Sendable {
    /// A producer creates its next message.
    case arrival(producer: Int32)
    /// A producer's batch window ends (stale if `epoch` moved on).
    case batchWindow(producer: Int32, epoch: UInt32)
    /// A producer's send call returns.
    case sendComplete(producer: Int32, call: Int32)
    /// A producer retries a failed send call after its backoff.
    case sendRetry(producer: Int32, call: Int32)
  }

  let producers: LineArray<ProducerState>
  /// Creation and acceptance order per key, indexed by the key's number
  /// across producers (`keyBase + key`, a message's `orderKey`): one array
  /// for all producers, so with a few keys each the whole of it stays in
  /// cache instead of costing a line per message.
  let keyOrders: FixedArray<KeyOrder>
  /// `producer/NAME` of each producer.
  let resources: [String]
  var baselines: CounterBaselines<ProducerCounters>
  /// Each producer's number in the run's metrics table.
  var metricIDs: [Int32] = []

  init(config: WorldConfig, sqs: inout SQSModel, root: SeededGenerator) {
    var queueIndex: [String: Int] = [:]
    for (i, q) in config.queues.enumerated() { queueIndex[q.name] = i }
    var topicIndex: [String: Int] = [:]
    for (i, t) in config.topics.enumerated() { topicIndex[t.name] = i }
    var producers: [ProducerState] = []
    var keyBase: Int32 = 0
    let queueProducers = config.queueProducers
    for p in queueProducers {
      let target: ProducerTarget
      let maxSize: Int
      let targetIsFIFO: Bool
      switch p.target {
      case .queue(let name):
        guard let q = queueIndex[name] else { preconditionFailure("unknown queue '\(name)': validation must catch this") }
        target = .queue(QueueID(q))
        maxSize = config.queues[q].maxMessageSize
        targetIsFIFO = config.queues[q].isFIFO
      case .topic(let name):
        guard let t = topicIndex[name] else { preconditionFailure("unknown topic '\(name)': validation must catch this") }
        target = .topic(TopicID(t))
        maxSize = config.topics[t].maxMessageSize
        targetIsFIFO = config.topics[t].isFIFO
      case .stream, .firehose:
        preconditionFailure("producer '\(p.name)': target kind not simulated: validation must catch this")
      }
      producers.append(
        ProducerState(
          config: p, target: target, targetIsFIFO: targetIsFIFO, keyBase: keyBase, maxMessageSize: maxSize,
          root: root))
      // The queues this producer's keys can reach, directly, through a
      // topic's subscriptions, or by redrive.
      let keys = Int32(p.keys?.names.count ?? 1)
      var entry: [Int] = []
      switch target {
      case .queue(let q): entry = [q.i]
      case .topic(let t):
        for sub in config.topics[t.i].subscriptions {
          if case .queue(let name) = sub.target, let q = queueIndex[name] { entry.append(q) }
          if let name = sub.deadLetterQueue, let q = queueIndex[name] { entry.append(q) }
        }
      }
      for q in sqs.withRedrive(entry) { sqs.queues[q].keys.add(base: keyBase, count: keys) }
      keyBase += keys
    }
    self.producers = LineArray(producers)
    keyOrders = FixedArray(repeating: KeyOrder(), count: Int(keyBase))
    resources = queueProducers.map { "producer/\($0.name)" }
    baselines = CounterBaselines(count: queueProducers.count)
  }

  /// Schedules every producer's first arrival.
  mutating func start(_ run: Milestone, peer _: Void, kernel: inout Kernel) {
    for p in producers.indices { scheduleNextArrival(Int32(p), kernel: &kernel) }
  }

  /// Handles one of the fleet's own events.
  mutating func handle(
    _ action: Action, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet,
    kernel: inout Kernel
  ) {
    switch action {
    case .arrival(let p):
      handleArrival(Int(p), sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
    case .batchWindow(let p, let epoch):
      if producers[Int(p)].batchEpoch == epoch {
        flushBatch(Int(p), sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
      }
    case .sendComplete(let p, let call):
      completeSend(Int(p), call: Int(call), sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
    case .sendRetry(let p, let call):
      issueSend(Int(p), call: Int(call), sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
    }
  }

  /// Schedules producer `p`'s next arrival, if it falls inside the run.
  mutating func scheduleNextArrival(_ p: Int32, kernel: inout Kernel) {
    if let time = producers[Int(p)].nextArrival(), time.nanoseconds < kernel.endNanos {
      kernel.schedulePerMessage(.producer(.arrival(producer: p)), at: time.nanoseconds)
    }
  }

  /// Producer `p` creates its next message and sends it (or holds it back
  /// behind its key's call in flight, `perKey`).
  mutating func handleArrival(
    _ p: Int, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    scheduleNextArrival(Int32(p), kernel: &kernel)
    let constant = Int(producers[p].constantSize)
    let size = constant > 0 ? constant : max(1, producers[p].messageSize.sampleCount(using: &producers[p].rng))
    producers[p].counters.created &+= 1
    let limit = Int(producers[p].maxMessageSize)
    if size > limit {
      // AWS rejects the call (a client error): counted, never retried.
      producers[p].counters.rejected &+= 1
      if producers[p].counters.rejected == 1 {
        kernel.log(
          "producer/\(producers[p].config.name)", "MessageRejected",
          "message of \(size) B exceeds the \(limit) B maximum of \(producers[p].config.target)")
      }
      return
    }
    let ref = kernel.store.allocate(createdAt: kernel.now, size: Int32(clamping: size))
    // The slot's address holds for the message's life (pages never move).
    let stored = kernel.store.pointer(ref.slot)
    if producers[p].poisonRate > 0 {
      stored.pointee.isPoison = producers[p].rng.nextBool(probability: producers[p].poisonRate)
    }
    let key = producers[p].keyCount == 1 ? 0 : producers[p].pickKey()
    let orderKey = producers[p].keyBase + Int32(key)
    stored.pointee.orderKey = orderKey
    stored.pointee.orderSequence = keyOrders[Int(orderKey)].nextCreated
    keyOrders[Int(orderKey)].nextCreated &+= 1
    if producers[p].isPerKey && (producers[p].keyInFlight[key] > 0 || !producers[p].waitingByKey[key].isEmpty) {
      producers[p].waitingByKey[key].append(ref)
      return
    }
    send(ref, key: key, producer: p, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
  }

  /// Sends one created message: in a call of its own, or into the open batch.
  @inline(__always)
  mutating func send(
    _ ref: MessageRef, key: Int, producer p: Int, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    if producers[p].sendsDirectly, case .queue(let q) = producers[p].target {
      // What issueSend and completeSend would do for this call, which
      // draws nothing (no latency, no error, no lost response), without
      // its call record.
      producers[p].counters.sendMessageCalls &+= 1
      enter(ref, producer: p, into: q, sqs: &sqs, kernel: &kernel)
      consumers.serveWaiters(q, sqs: &sqs, kernel: &kernel)
      producers[p].counters.accepted &+= 1
      return
    }
    guard producers[p].isBatching, let batchPolicy = producers[p].config.batch else {
      let call = producers[p].allocateCall()
      producers[p].callMessages[call * batchStride] = ref
      producers[p].calls[call] = CallStatus(count: 1)
      if producers[p].isPerKey {
        producers[p].callKeys[call * batchStride] = Int32(key)
        producers[p].keyInFlight[key] += 1
      }
      issueSend(p, call: call, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
      return
    }
    // SendMessageBatch's total payload is limited like one message.
    let size = Int(kernel.store[ref.slot].size)
    if producers[p].batchBytes + size > Int(producers[p].maxMessageSize) { flushBatch(p, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel) }
    producers[p].batch.append(ref)
    producers[p].batchBytes += size
    if producers[p].batch.count >= batchPolicy.size {
      flushBatch(p, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
    } else if producers[p].batch.count == 1 {
      kernel.schedule(
        .producer(.batchWindow(producer: Int32(p), epoch: producers[p].batchEpoch)), after: batchPolicy.window)
    }
  }

  /// `perKey`: a call is answered for good (accepted or given up): its keys
  /// are free again, and their waiting messages go out, in order.
  @inline(__always)
  mutating func releaseKeys(
    ofCall call: Int, count: Int, producer p: Int, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    if producers[p].isPerKey { releasePerKey(ofCall: call, count: count, producer: p, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel) }
  }

  mutating func releasePerKey(
    ofCall call: Int, count: Int, producer p: Int, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    for i in 0..<count {
      let key = Int(producers[p].callKeys[call * batchStride + i])
      producers[p].keyInFlight[key] -= 1
      while producers[p].keyInFlight[key] == 0, let next = producers[p].waitingByKey[key].popFirst() {
        send(next, key: key, producer: p, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
      }
    }
  }

  /// The service accepted `ref`: counts a reorder if a later-created
  /// message of its key was accepted before it, and numbers it in its key's
  /// acceptance order.
  @inline(__always)
  mutating func noteAccepted(_ ref: MessageRef, producer p: Int, kernel: inout Kernel) {
    let stored = kernel.store.pointer(ref.slot)
    let message = stored.pointee
    let sequence = message.orderSequence &+ 1
    var order = keyOrders[Int(message.orderKey)]
    if !message.isResend {
      if sequence < order.highestAccepted {
        producers[p].counters.reorders &+= 1
      } else {
        order.highestAccepted = sequence
      }
    }
    stored.pointee.acceptedSequence = order.next
    order.next &+= 1
    keyOrders[Int(message.orderKey)] = order
  }

  /// The service accepted a call whose response was lost: copies of its
  /// messages enter the target now; the originals will be resent.
  mutating func deliverAcceptedCopies(
    _ p: Int, call: Int, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    let count = Int(producers[p].calls[call].count)
    var originals: [MessageRef] = []  // rare path: one small array per lost response
    for i in 0..<count {
      let original = producers[p].callMessages[call * batchStride + i]
      originals.append(original)
      let source = kernel.store[original.slot]
      let copy = kernel.store.allocate(createdAt: source.createdAt, size: source.size)
      kernel.store[copy.slot].orderKey = source.orderKey
      kernel.store[copy.slot].orderSequence = source.orderSequence
      kernel.store[copy.slot].isPoison = source.isPoison
      kernel.store[copy.slot].isResend = source.isResend
      kernel.store[original.slot].isResend = true
      producers[p].callMessages[call * batchStride + i] = copy
    }
    switch producers[p].target {
    case .queue(let q):
      for i in 0..<count {
        noteAccepted(producers[p].callMessages[call * batchStride + i], producer: p, kernel: &kernel)
        sqs.accept(producers[p].callMessages[call * batchStride + i], into: q, delay: nil, kernel: &kernel)
      }
      consumers.serveWaiters(q, sqs: &sqs, kernel: &kernel)
    case .topic(let t):
      publish(ProducerID(p), call: call, to: t, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
    }
    // The call record carries the originals again, for the resend.
    for i in 0..<count { producers[p].callMessages[call * batchStride + i] = originals[i] }
  }

  /// Sends the open batch, if any.
  mutating func flushBatch(
    _ p: Int, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    producers[p].batchEpoch &+= 1
    let count = producers[p].batch.count
    guard count > 0 else { return }
    let call = producers[p].allocateCall()
    for (i, ref) in producers[p].batch.enumerated() {
      producers[p].callMessages[call * batchStride + i] = ref
      if producers[p].isPerKey {
        let key = Int(kernel.store[ref.slot].orderKey - producers[p].keyBase)
        producers[p].callKeys[call * batchStride + i] = Int32(key)
        producers[p].keyInFlight[key] += 1
      }
    }
    producers[p].calls[call] = CallStatus(count: Int8(count))
    producers[p].batch.removeAll(keepingCapacity: true)
    producers[p].batchBytes = 0
    issueSend(p, call: call, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
  }

  /// Starts one attempt of a send call.
  mutating func issueSend(
    _ p: Int, call: Int, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    producers[p].calls[call].attempts += 1
    if producers[p].isBatching {
      producers[p].counters.sendMessageBatchCalls &+= 1
    } else {
      producers[p].counters.sendMessageCalls &+= 1
    }
    let failed = producers[p].rng.nextBool(probability: producers[p].errorRate)
    producers[p].calls[call].failed = failed
    producers[p].calls[call].lostResponse =
      !failed && producers[p].lostResponseRate > 0
      && producers[p].rng.nextBool(probability: producers[p].lostResponseRate)
    let latency =
      producers[p].hasZeroLatency
      ? .zero : producers[p].apiLatency.sampleDuration(using: &producers[p].rng)
    if latency.nanoseconds == 0 && !failed {
      completeSend(p, call: call, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
    } else {
      kernel.schedule(.producer(.sendComplete(producer: Int32(p), call: Int32(call))), after: latency)
    }
  }

  /// A send call returned: accept its messages, or retry, or give up.
  ///
  /// A call to a FIFO queue or a topic first passes its quota; a throttled
  /// call is retried like a failed one. A lost response means the service
  /// accepted the messages but the client saw an error: the accepted copies
  /// enter the queue, and the client resends the same messages (same
  /// deduplication identity, flagged as resends).
  mutating func completeSend(
    _ p: Int, call: Int, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    let count = Int(producers[p].calls[call].count)
    var failed = producers[p].calls[call].failed
    if !failed, case .queue(let q) = producers[p].target, sqs.queues[q.i].isFIFO,
      !sqs.admitFIFOSend(q, messages: producers[p].messages(ofCall: call), kernel: &kernel)
    {
      producers[p].counters.throttled &+= 1
      failed = true
    } else if !failed, case .topic(let t) = producers[p].target,
      !sns.admitPublish(t, messages: producers[p].messages(ofCall: call), kernel: &kernel)
    {
      producers[p].counters.throttled &+= 1
      failed = true
    } else if !failed && producers[p].calls[call].lostResponse {
      producers[p].counters.lostResponses &+= 1
      deliverAcceptedCopies(p, call: call, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
      failed = true
    }
    if failed {
      if producers[p].calls[call].failed { producers[p].counters.sendErrors &+= 1 }
      let attempt = Int(producers[p].calls[call].attempts)
      let retry = producers[p].config.retry
      if attempt < retry.maxAttempts {
        producers[p].counters.retries &+= 1
        let backoff = producers[p].backoff.delay(retry: attempt - 1, using: &producers[p].rng)
        kernel.schedule(.producer(.sendRetry(producer: Int32(p), call: Int32(call))), after: backoff)
        return
      }
      producers[p].counters.failed &+= count
      for i in 0..<count { kernel.store.release(producers[p].callMessages[call * batchStride + i].slot) }
    } else {
      switch producers[p].target {
      case .queue(let q):
        for i in 0..<count {
          enter(producers[p].callMessages[call * batchStride + i], producer: p, into: q, sqs: &sqs, kernel: &kernel)
        }
        consumers.serveWaiters(q, sqs: &sqs, kernel: &kernel)
      case .topic(let t):
        publish(ProducerID(p), call: call, to: t, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
      }
      producers[p].counters.accepted &+= count
    }
    producers[p].freeCalls.append(Int32(call))
    releaseKeys(ofCall: call, count: count, producer: p, sqs: &sqs, sns: &sns, consumers: &consumers, kernel: &kernel)
  }

  /// Queue `q` accepted `ref`: numbered in its key's acceptance order, it
  /// enters the queue after its message timer, if any.
  @inline(__always)
  mutating func enter(_ ref: MessageRef, producer p: Int, into q: QueueID, sqs: inout SQSModel, kernel: inout Kernel) {
    noteAccepted(ref, producer: p, kernel: &kernel)
    let delay =
      producers[p].hasMessageDelay
      ? producers[p].messageDelay.map { min($0.sampleDuration(using: &producers[p].rng), SQSLimits.maxDelay) } : nil
    sqs.accept(ref, into: q, delay: delay, kernel: &kernel)
  }

  /// Topic `t` admitted call `call`: its messages are numbered in their
  /// keys' acceptance order, then published (SNS releases their slots).
  mutating func publish(
    _ producer: ProducerID, call: Int, to t: TopicID, sqs: inout SQSModel, sns: inout SNSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    let p = producer.i
    let messages = producers[p].messages(ofCall: call)
    for ref in messages { noteAccepted(ref, producer: p, kernel: &kernel) }
    sns.publish(messages, to: t, attributes: &producers[p].attributes, sqs: &sqs, consumers: &consumers, kernel: &kernel)
  }
}
