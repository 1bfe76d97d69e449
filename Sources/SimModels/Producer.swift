import SimCore

/// Cumulative counters of one producer.
public struct ProducerCounters: CounterSet, Equatable {
  /// Messages created by the arrival process.
  public var created = 0
  /// Messages the queue accepted.
  public var accepted = 0
  /// `SendMessage` calls (attempts, retries included).
  public var sendMessageCalls = 0
  /// `SendMessageBatch` calls (attempts, retries included).
  public var sendMessageBatchCalls = 0
  /// Failed call attempts (server errors).
  public var sendErrors = 0
  /// Calls retried after a failure.
  public var retries = 0
  /// Messages rejected by the queue as too large (not retried).
  public var rejected = 0
  /// Messages given up after the last retry failed.
  public var failed = 0
  /// Call attempts refused by a throughput quota (then retried).
  public var throttled = 0
  /// Sends whose response was lost after the service accepted them (the
  /// client then sends them again).
  public var lostResponses = 0
  /// Messages accepted after a later-created message of the same key: the
  /// producer's overlapping sends reordered them before the service saw
  /// them (resends of an accepted message are duplicates, not counted).
  public var reorders = 0

  public init() {}

  /// The counters as `metrics.csv` / `summary.csv` rows, in a fixed order.
  public var rows: [(String, Double)] {
    [
      ("MessagesCreated", Double(created)), ("NumberOfMessagesSent", Double(accepted)),
      ("SendMessageCalls", Double(sendMessageCalls)), ("SendMessageBatchCalls", Double(sendMessageBatchCalls)),
      ("SendErrors", Double(sendErrors)), ("Retries", Double(retries)), ("MessagesRejected", Double(rejected)),
      ("MessagesFailed", Double(failed)), ("ThrottledRequests", Double(throttled)),
      ("LostResponses", Double(lostResponses)), ("ProducerReorders", Double(reorders)),
    ]
  }

  public static var fields: [WritableKeyPath<ProducerCounters, Int>] {
    [
      \.created,
      \.accepted,
      \.sendMessageCalls,
      \.sendMessageBatchCalls,
      \.sendErrors,
      \.retries,
      \.rejected,
      \.failed,
      \.throttled,
      \.lostResponses,
      \.reorders,
    ]
  }
}

/// The running state of one producer.
///
/// Calls in progress live in a small slab (`callMessages` holds ten
/// message references per call), so sending never allocates per message.
/// Where a producer's calls go.
enum ProducerTarget: Sendable, Equatable {
  case queue(Int)
  case topic(Int)
}

/// A key's acceptance order at the service.
struct KeyAcceptance: Sendable {
  /// The next acceptance sequence.
  var next: UInt32 = 0
  /// The highest creation sequence accepted so far, plus one.
  var highestAccepted: UInt32 = 0
}

struct ProducerState: Sendable {
  let config: ProducerConfig
  let target: ProducerTarget
  /// Global index of this producer's first key (keys are numbered across
  /// producers, so ordering is checked per producer and key).
  let keyBase: Int32
  /// Next creation sequence per key.
  var keySequences: [UInt32]
  /// Acceptance order per key.
  var acceptance: [KeyAcceptance]
  /// One call in flight per key (`SendDiscipline.perKey`).
  let isPerKey: Bool
  /// `perKey`: messages of each key in calls in flight.
  var keyInFlight: [Int32] = []
  /// `perKey`: messages of each key waiting for its call in flight, in
  /// creation order.
  var waitingByKey: [RingBuffer<MessageRef>] = []
  /// Picks each message's key.
  var keyPicker: KeyPicker
  /// Largest message the target accepts.
  let maxMessageSize: Int
  var rng: SeededGenerator
  /// Separate streams so that adding keys or attributes leaves the arrival
  /// times unchanged.
  var keyRng: SeededGenerator
  var attributeRng: SeededGenerator
  var clock: ArrivalClock
  /// The open batch (batching producers only).
  var batch: [MessageRef] = []
  var batchBytes = 0
  var batchEpoch: UInt32 = 0
  /// Ten message slots per call, and each message's key index.
  var callMessages: [MessageRef] = []
  var callKeys: [Int32] = []
  var callCounts: [Int8] = []
  var callAttempts: [UInt8] = []
  var callFailed: [Bool] = []
  var callLostResponse: [Bool] = []
  var freeCalls: [Int32] = []
  var counters = ProducerCounters()
  /// Whether API calls take no time (skips sampling).
  let hasZeroLatency: Bool
  /// Whether sends go out as SendMessageBatch calls.
  let isBatching: Bool

  init(
    config: ProducerConfig, target: ProducerTarget, targetIsFIFO: Bool, keyBase: Int32, maxMessageSize: Int,
    root: SeededGenerator
  ) {
    self.config = config
    self.target = target
    self.keyBase = keyBase
    self.maxMessageSize = maxMessageSize
    let keyCount = config.keys?.names.count ?? 1
    keySequences = Array(repeating: 0, count: keyCount)
    acceptance = Array(repeating: KeyAcceptance(), count: keyCount)
    isPerKey =
      (config.sendDiscipline ?? .default(keyed: config.keys != nil, targetIsFIFO: targetIsFIFO)) == .perKey
    if isPerKey {
      keyInFlight = Array(repeating: 0, count: keyCount)
      waitingByKey = Array(repeating: RingBuffer(filler: .none), count: keyCount)
    }
    keyPicker = KeyPicker(count: keyCount, choice: config.keys?.choice ?? .uniform)
    rng = root.stream(named: "producer/\(config.name)")
    keyRng = root.stream(named: "producer/\(config.name)/keys")
    attributeRng = root.stream(named: "producer/\(config.name)/attributes")
    clock = ArrivalClock(config.arrivals)
    hasZeroLatency = config.apiLatency.isAlwaysZero
    isBatching = (config.batch?.size ?? 1) > 1
    batch.reserveCapacity(10)
  }

  /// Number of keys.
  var keyCount: Int { keySequences.count }

  /// The next arrival time of this producer's process.
  mutating func nextArrival() -> SimTime? { clock.next(using: &rng) }

  /// Draws the next message's key index.
  mutating func pickKey() -> Int { keyPicker.pick(using: &keyRng) }

  /// Takes a free call record.
  mutating func allocateCall() -> Int {
    if let call = freeCalls.popLast() { return Int(call) }
    callMessages.append(contentsOf: repeatElement(MessageRef.none, count: 10))
    callKeys.append(contentsOf: repeatElement(0, count: 10))
    callCounts.append(0)
    callAttempts.append(0)
    callFailed.append(false)
    callLostResponse.append(false)
    return callCounts.count - 1
  }
}

extension World {
  mutating func scheduleNextArrival(_ p: Int32) {
    if let time = producers[Int(p)].nextArrival(),
      time.nanoseconds < endNanos
    {
      sim.schedule(.arrival(producer: p), at: time)
    }
  }

  mutating func handleArrival(_ p: Int) {
    scheduleNextArrival(Int32(p))
    let size = max(1, producers[p].config.messageSize.sampleCount(using: &producers[p].rng))
    producers[p].counters.created += 1
    let limit = producers[p].maxMessageSize
    if size > limit {
      // AWS rejects the call (a client error): counted, never retried.
      producers[p].counters.rejected += 1
      if producers[p].counters.rejected == 1 {
        logEvent(
          "producer/\(producers[p].config.name)", "MessageRejected",
          "message of \(size) B exceeds the \(limit) B maximum of \(producers[p].config.target)")
      }
      return
    }
    let ref = store.allocate(createdAt: now, size: Int32(clamping: size))
    if producers[p].config.poisonRate > 0 {
      store[ref.slot].isPoison = producers[p].rng.nextBool(probability: producers[p].config.poisonRate)
    }
    let key = producers[p].keyCount == 1 ? 0 : producers[p].pickKey()
    store[ref.slot].orderKey = producers[p].keyBase + Int32(key)
    store[ref.slot].orderSequence = producers[p].keySequences[key]
    producers[p].keySequences[key] &+= 1
    if producers[p].isPerKey && (producers[p].keyInFlight[key] > 0 || !producers[p].waitingByKey[key].isEmpty) {
      producers[p].waitingByKey[key].append(ref)
      return
    }
    send(ref, key: key, producer: p)
  }

  /// Sends one created message: in a call of its own, or into the open batch.
  @inline(__always)
  mutating func send(_ ref: MessageRef, key: Int, producer p: Int) {
    guard producers[p].isBatching, let batchPolicy = producers[p].config.batch else {
      let call = producers[p].allocateCall()
      producers[p].callMessages[call * 10] = ref
      producers[p].callKeys[call * 10] = Int32(key)
      producers[p].callCounts[call] = 1
      producers[p].callAttempts[call] = 0
      if producers[p].isPerKey { producers[p].keyInFlight[key] += 1 }
      issueSend(p, call: call)
      return
    }
    // SendMessageBatch's total payload is limited like one message.
    let size = Int(store[ref.slot].size)
    if producers[p].batchBytes + size > producers[p].maxMessageSize { flushBatch(p) }
    producers[p].batch.append(ref)
    producers[p].batchBytes += size
    if producers[p].batch.count >= batchPolicy.size {
      flushBatch(p)
    } else if producers[p].batch.count == 1 {
      sim.schedule(
        .batchWindow(producer: Int32(p), epoch: producers[p].batchEpoch), after: batchPolicy.window)
    }
  }

  /// `perKey`: a call is answered for good (accepted or given up): its keys
  /// are free again, and their waiting messages go out, in order.
  @inline(__always)
  mutating func releaseKeys(ofCall call: Int, count: Int, producer p: Int) {
    if producers[p].isPerKey { releasePerKey(ofCall: call, count: count, producer: p) }
  }

  mutating func releasePerKey(ofCall call: Int, count: Int, producer p: Int) {
    for i in 0..<count {
      let key = Int(producers[p].callKeys[call * 10 + i])
      producers[p].keyInFlight[key] -= 1
      while producers[p].keyInFlight[key] == 0, let next = producers[p].waitingByKey[key].popFirst() {
        send(next, key: key, producer: p)
      }
    }
  }

  /// The service accepted `ref`: counts a reorder if a later-created
  /// message of its key was accepted before it, and numbers it in its key's
  /// acceptance order.
  @inline(__always)
  mutating func noteAccepted(_ ref: MessageRef, producer p: Int) {
    let message = store[ref.slot]
    let key = Int(message.orderKey - producers[p].keyBase)
    let sequence = message.orderSequence &+ 1
    var order = producers[p].acceptance[key]
    if !message.isResend {
      if sequence < order.highestAccepted {
        producers[p].counters.reorders += 1
      } else {
        order.highestAccepted = sequence
      }
    }
    store[ref.slot].acceptedSequence = order.next
    order.next &+= 1
    producers[p].acceptance[key] = order
  }

  /// The service accepted a call whose response was lost: copies of its
  /// messages enter the target now; the originals will be resent.
  mutating func deliverAcceptedCopies(_ p: Int, call: Int) {
    let count = Int(producers[p].callCounts[call])
    var originals: [MessageRef] = []  // rare path: one small array per lost response
    for i in 0..<count {
      let original = producers[p].callMessages[call * 10 + i]
      originals.append(original)
      let source = store[original.slot]
      let copy = store.allocate(createdAt: source.createdAt, size: source.size)
      store[copy.slot].orderKey = source.orderKey
      store[copy.slot].orderSequence = source.orderSequence
      store[copy.slot].isPoison = source.isPoison
      store[copy.slot].isResend = source.isResend
      store[original.slot].isResend = true
      producers[p].callMessages[call * 10 + i] = copy
    }
    switch producers[p].target {
    case .queue(let q):
      for i in 0..<count {
        noteAccepted(producers[p].callMessages[call * 10 + i], producer: p)
        accept(producers[p].callMessages[call * 10 + i], into: q, delay: nil)
      }
      serveWaiters(q)
    case .topic(let t):
      publish(producer: p, call: call, to: t)
    }
    // The call record carries the originals again, for the resend.
    for i in 0..<count { producers[p].callMessages[call * 10 + i] = originals[i] }
  }

  /// Sends the open batch, if any.
  mutating func flushBatch(_ p: Int) {
    producers[p].batchEpoch &+= 1
    let count = producers[p].batch.count
    guard count > 0 else { return }
    let call = producers[p].allocateCall()
    for (i, ref) in producers[p].batch.enumerated() {
      producers[p].callMessages[call * 10 + i] = ref
      let key = Int(store[ref.slot].orderKey - producers[p].keyBase)
      producers[p].callKeys[call * 10 + i] = Int32(key)
      if producers[p].isPerKey { producers[p].keyInFlight[key] += 1 }
    }
    producers[p].callCounts[call] = Int8(count)
    producers[p].callAttempts[call] = 0
    producers[p].batch.removeAll(keepingCapacity: true)
    producers[p].batchBytes = 0
    issueSend(p, call: call)
  }

  /// Starts one attempt of a send call.
  mutating func issueSend(_ p: Int, call: Int) {
    producers[p].callAttempts[call] += 1
    if producers[p].isBatching {
      producers[p].counters.sendMessageBatchCalls += 1
    } else {
      producers[p].counters.sendMessageCalls += 1
    }
    let failed = producers[p].rng.nextBool(probability: producers[p].config.errorRate)
    producers[p].callFailed[call] = failed
    producers[p].callLostResponse[call] =
      !failed && producers[p].config.lostResponseRate > 0
      && producers[p].rng.nextBool(probability: producers[p].config.lostResponseRate)
    let latency =
      producers[p].hasZeroLatency
      ? .zero : producers[p].config.apiLatency.sampleDuration(using: &producers[p].rng)
    if latency.nanoseconds == 0 && !failed {
      completeSend(p, call: call)
    } else {
      sim.schedule(.sendComplete(producer: Int32(p), call: Int32(call)), after: latency)
    }
  }

  /// A send call returned: accept its messages, or retry, or give up.
  ///
  /// A call to a FIFO queue or a topic first passes its quota; a throttled
  /// call is retried like a failed one. A lost response means the service
  /// accepted the messages but the client saw an error: the accepted copies
  /// enter the queue, and the client resends the same messages (same
  /// deduplication identity, flagged as resends).
  mutating func completeSend(_ p: Int, call: Int) {
    let count = Int(producers[p].callCounts[call])
    var failed = producers[p].callFailed[call]
    if !failed, case .queue(let q) = producers[p].target, queues[q].isFIFO,
      !admitFIFOSend(q, producer: p, call: call)
    {
      producers[p].counters.throttled += 1
      failed = true
    } else if !failed, case .topic(let t) = producers[p].target, !admitPublish(t, producer: p, call: call) {
      producers[p].counters.throttled += 1
      failed = true
    } else if !failed && producers[p].callLostResponse[call] {
      producers[p].counters.lostResponses += 1
      deliverAcceptedCopies(p, call: call)
      failed = true
    }
    if failed {
      if producers[p].callFailed[call] { producers[p].counters.sendErrors += 1 }
      let attempt = Int(producers[p].callAttempts[call])
      let retry = producers[p].config.retry
      if attempt < retry.maxAttempts {
        producers[p].counters.retries += 1
        // Exponential backoff with full jitter (AWS SDK standard mode).
        let shift = min(attempt - 1, 40)
        let ceiling = min(retry.maxBackoff.nanoseconds, retry.baseDelay.nanoseconds << Int64(shift))
        let backoff = Int64(producers[p].rng.nextUnitInterval() * Double(max(0, ceiling)))
        sim.schedule(
          .sendRetry(producer: Int32(p), call: Int32(call)), after: SimDuration(nanoseconds: backoff))
        return
      }
      producers[p].counters.failed += count
      for i in 0..<count { store.release(producers[p].callMessages[call * 10 + i].slot) }
    } else {
      switch producers[p].target {
      case .queue(let q):
        for i in 0..<count {
          let ref = producers[p].callMessages[call * 10 + i]
          noteAccepted(ref, producer: p)
          let delay = producers[p].config.messageDelay.map {
            min($0.sampleDuration(using: &producers[p].rng), SimDuration.seconds(900))
          }
          accept(ref, into: q, delay: delay)
        }
        serveWaiters(q)
      case .topic(let t):
        publish(producer: p, call: call, to: t)
      }
      producers[p].counters.accepted += count
    }
    producers[p].freeCalls.append(Int32(call))
    releaseKeys(ofCall: call, count: count, producer: p)
  }
}
