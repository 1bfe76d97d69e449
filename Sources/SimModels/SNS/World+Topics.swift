import SimCore

/// The SNS model: publish quotas, FIFO deduplication, filtering, fan-out to
/// SQS queues, and push deliveries (Lambda, HTTP/S) with their retry
/// policies and subscription dead-letter queues (docs/model.md §4).
///
/// **Publish.** A Publish / PublishBatch call is admitted by
/// `admitPublish(_:producer:call:)` when it completes, before anything is
/// accepted: all of its messages must fit the topic's quotas at that
/// instant, or the whole call is throttled (AWS answers a request over the
/// quota with a `Throttled` error; there is no partial acceptance). Quotas
/// are token buckets holding one second's worth (the burst after an idle
/// second):
/// - standard topics: `publishQuota` messages/s (the account's regional
///   quota, 30,000 in us-east-1), modelled per topic;
/// - FIFO, `FifoThroughputScope` `Topic`: min(`publishQuota`, 3,000)
///   messages/s **and** `bytesPerSecondQuota` (20 MB) per topic, plus
///   `groupQuota` (300) messages/s per message group;
/// - FIFO, `MessageGroup` scope: `publishQuota` messages/s and 300/s per group.
/// A message's group is its `orderKey` (the producer's key). The account
/// quota is modelled per topic: topics do not share one bucket.
///
/// **Accepted messages** count in `NumberOfMessagesPublished` and
/// `PublishSize`. A FIFO topic then drops a message whose deduplication
/// identity (`orderKey << 32 | orderSequence`: a client's resend of the
/// same message; content-based and explicit IDs behave the same here) it
/// accepted in the last 5 minutes, counted from the first acceptance: the
/// publish succeeds but nothing is delivered (`MessagesDeduplicated`). In
/// `MessageGroup` scope deduplication is per group, which the identity
/// already implies.
///
/// **Filtering.** When some subscription has a filter policy, the message's
/// attributes (and body, from the producer's `bodyTemplate`) are drawn by
/// the producer's `AttributeSampler` from its `producer/NAME/attributes`
/// stream; each subscription's policy, compiled once, decides. A rejection
/// counts in `NumberOfNotificationsFilteredOut` and its reason variant; a
/// message no subscription takes counts in `MessagesMatchingNoSubscription`.
///
/// **SQS subscriptions** get a copy at once (AWS documents no fan-out
/// latency, and msgsim adds none): the producer's creation time, key,
/// sequence and poison flag, sized as published plus the envelope (docs/model.md §4.5,
/// `envelopeOverhead`, unless raw delivery). A copy larger than the
/// queue's `maxMessageSize` is a client-side error: not retried, sent to
/// the subscription's dead-letter queue, else discarded; it counts once in
/// `NumberOfNotificationsFailed`. SQS never fails a delivery otherwise
/// (queues have no throughput limit for standard sends in msgsim). The
/// copy enters through the queue's own `accept`, so a FIFO queue applies
/// its deduplication too (a success for SNS). Message attributes are not
/// added to sizes (the producer's `messageSize` is the whole message).
///
/// **Push subscriptions** (Lambda, HTTP/S) are attempted one at a time per
/// notification: each attempt takes the endpoint's `latency` and fails with
/// its `failureRate` (a retryable server-side error), both drawn from the
/// endpoint's own stream. A failed attempt is retried by the subscription's
/// `DeliverySchedule` (AWS-managed for Lambda, the delivery policy for
/// HTTP/S), the nominal delay jittered by ±10 % from the topic's stream
/// and counted from the failed attempt's response; HTTP/S also stops when
/// the next attempt would start more than 3,600 s after the first.
/// Exhausted: the subscription's dead-letter queue, else discarded.
/// Notifications are independent: an endpoint has no concurrency limit
/// (no Lambda throttling, no `maxReceivesPerSecond`), and one
/// notification's attempts follow each other.
///
/// **Dead-letter copies** carry the published payload (no envelope), the
/// creation time, key, sequence and poison flag; one larger than the
/// dead-letter queue's `maxMessageSize` fails to redrive
/// (`NumberOfNotificationsFailedToRedriveToDlq`) and is discarded.
extension World {
  /// Decides whether the Publish / PublishBatch call `call` of producer `p`
  /// fits topic `t`'s quotas now, and if so takes its share of them. A
  /// refused call takes nothing and counts in `ThrottledRequests` (and its
  /// messages in `ThrottledMessages`); the caller retries it.
  ///
  /// The hook for `completeSend`: call it where the call succeeded, before
  /// `publish(producer:call:to:)`.
  mutating func admitPublish(_ t: Int, producer p: Int, call: Int) -> Bool {
    let count = Int(producers[p].callCounts[call])
    let now = self.now
    // Check every quota first, then take from all of them: a refused call
    // takes nothing.
    var refusal: String?
    if topics[t].messageBucket.timeUntilAvailable(Double(count), at: now) != 0 {
      refusal = "\(Int(topics[t].messageRate)) messages/s per topic"
    }
    var bytes = 0
    if refusal == nil && topics[t].byteBucket != nil {
      for i in 0..<count { bytes += Int(store[producers[p].callMessages[call * 10 + i].slot].size) }
      if topics[t].byteBucket!.timeUntilAvailable(Double(bytes), at: now) != 0 {
        refusal = "\(Int(config.topics[t].bytesPerSecondQuota)) bytes/s per topic"
      }
    }
    let isFIFO = config.topics[t].isFIFO
    if refusal == nil && isFIFO && !groupQuotas(t, producer: p, call: call, take: false) {
      refusal = "\(Int(config.topics[t].groupQuota)) messages/s per message group"
    }
    if let refusal {
      topics[t].counters.throttled += 1
      topics[t].counters.throttledMessages += count
      // One event per burst: the first throttle after a minute without any.
      if topics[t].lastThrottleAt == Int64.min || now - topics[t].lastThrottleAt > 60_000_000_000 {
        logEvent(topicResources[t], "PublishThrottled", "publish requests over the quota of \(refusal)")
      }
      topics[t].lastThrottleAt = now
      return false
    }
    topics[t].messageBucket.tryTake(Double(count), at: now)
    if topics[t].byteBucket != nil { topics[t].byteBucket!.tryTake(Double(bytes), at: now) }
    if isFIFO { _ = groupQuotas(t, producer: p, call: call, take: true) }
    topics[t].admittedProducer = Int32(p)
    topics[t].admittedCall = Int32(call)
    topics[t].admittedAt = now
    return true
  }

  /// FIFO per-group quota for the call's entries: whether every group has
  /// room for its entries (`take` false), or takes them (`take` true). A
  /// call has at most 10 entries, so grouping by a double loop is cheapest.
  private mutating func groupQuotas(_ t: Int, producer p: Int, call: Int, take: Bool) -> Bool {
    let base = call * 10
    let count = Int(producers[p].callCounts[call])
    let rate = config.topics[t].groupQuota
    for i in 0..<count {
      let key = store[producers[p].callMessages[base + i].slot].orderKey
      var isFirst = true
      var entries = 0
      for j in 0..<count where store[producers[p].callMessages[base + j].slot].orderKey == key {
        if j < i { isFirst = false }
        entries += 1
      }
      guard isFirst else { continue }
      if topics[t].groupBuckets[key] == nil { topics[t].groupBuckets[key] = TopicState.bucket(rate) }
      if take {
        topics[t].groupBuckets[key]!.tryTake(Double(entries), at: now)
      } else if topics[t].groupBuckets[key]!.timeUntilAvailable(Double(entries), at: now) != 0 {
        return false
      }
    }
    return true
  }

  /// Publish / PublishBatch completed: the call's messages are accepted by
  /// topic `t` and fanned out to its subscriptions. The producer's message
  /// slots are released (subscribers get copies).
  ///
  /// A call not admitted by `admitPublish` just before (the producer does
  /// not call it yet) is admitted here; if it is throttled its messages are
  /// released and, until the producer retries throttled calls, counted as
  /// the producer's `MessagesFailed` (never silently lost).
  mutating func publish(producer p: Int, call: Int, to t: Int) {
    let count = Int(producers[p].callCounts[call])
    let preAdmitted =
      topics[t].admittedAt == now && topics[t].admittedProducer == Int32(p) && topics[t].admittedCall == Int32(call)
    topics[t].admittedAt = -1
    if !preAdmitted && !admitPublish(t, producer: p, call: call) {
      for i in 0..<count { store.release(producers[p].callMessages[call * 10 + i].slot) }
      // `completeSend` adds the call to `accepted` after this returns; a
      // lost-response copy is not counted there (the resend follows).
      if !producers[p].callLostResponse[call] {
        producers[p].counters.accepted -= count
        producers[p].counters.failed += count
      }
      return
    }
    topics[t].admittedAt = -1
    for i in 0..<count {
      let ref = producers[p].callMessages[call * 10 + i]
      noteAccepted(ref, producer: p)
      publishAccepted(ref, producer: p, topic: t)
      store.release(ref.slot)
    }
  }

  /// One accepted message: count it, deduplicate (FIFO), filter, fan out.
  /// The caller still owns (and releases) `ref`.
  mutating func publishAccepted(_ ref: MessageRef, producer p: Int, topic t: Int) {
    let message = store[ref.slot]
    topics[t].counters.published += 1
    topics[t].counters.publishedBytes += Int(message.size)
    if config.topics[t].isFIFO {
      let id = UInt64(UInt32(bitPattern: message.orderKey)) << 32 | UInt64(message.orderSequence)
      if topics[t].isDuplicate(id, at: now) {
        topics[t].counters.deduplicated += 1
        return
      }
    }
    var attributes: FilterMessage?
    if topics[t].needsAttributes { attributes = sampleAttributes(producer: p, topic: t) }
    var matchedAny = false
    for s in topics[t].subscriptions.indices {
      if let policy = topics[t].subscriptions[s].policy,
        case .noMatch(_, let reason) = policy.evaluate(attributes!)
      {
        topics[t].counters.filteredOut += 1
        topics[t].counters.filteredOutByReason[reason.counterIndex] += 1
        topics[t].subscriptions[s].counters.filteredOut += 1
        continue
      }
      matchedAny = true
      topics[t].counters.matched += 1
      topics[t].subscriptions[s].counters.matched += 1
      switch topics[t].subscriptions[s].kind {
      case .queue(let q):
        deliverToQueue(message, topic: t, subscription: s, queue: q)
      case .push:
        startPushDelivery(message, topic: t, subscription: s)
      }
    }
    if !matchedAny { topics[t].counters.unmatchedMessages += 1 }
  }

  /// Draws the message's attributes with producer `p`'s sampler (made on
  /// its first publish to this topic) from the producer's attribute stream.
  mutating func sampleAttributes(producer p: Int, topic t: Int) -> FilterMessage {
    if topics[t].samplers.count <= p {
      topics[t].samplers.append(contentsOf: repeatElement(nil, count: p + 1 - topics[t].samplers.count))
    }
    if topics[t].samplers[p] == nil {
      let producer = producers[p].config
      topics[t].samplers[p] = AttributeSampler(producer.attributes, bodyTemplate: producer.bodyTemplate)
    }
    return topics[t].samplers[p]!.sample(using: &producers[p].attributeRng)
  }

  /// Sends a copy of `message` to SQS queue `q` (subscription `s`).
  mutating func deliverToQueue(_ message: Message, topic t: Int, subscription s: Int, queue q: Int) {
    let size = Int(message.size) + topics[t].subscriptions[s].addedBytes
    guard size <= queues[q].config.maxMessageSize else {
      // Client-side error (the queue refuses the message): no retry.
      topics[t].counters.failed += 1
      topics[t].subscriptions[s].counters.clientErrors += 1
      redriveOrDiscard(
        size: message.size, createdAt: message.createdAt, orderKey: message.orderKey,
        orderSequence: message.orderSequence, acceptedSequence: message.acceptedSequence,
        isPoison: message.isPoison, topic: t, subscription: s)
      return
    }
    let copy = store.allocate(createdAt: message.createdAt, size: Int32(clamping: size))
    store[copy.slot].orderKey = message.orderKey
    store[copy.slot].orderSequence = message.orderSequence
    store[copy.slot].acceptedSequence = message.acceptedSequence
    store[copy.slot].isPoison = message.isPoison
    store[copy.slot].isResend = message.isResend
    accept(copy, into: q, delay: nil)
    serveWaiters(q)
    topics[t].counters.delivered += 1
    topics[t].subscriptions[s].counters.delivered += 1
  }

  /// A notification SNS gives up on: into the subscription's dead-letter
  /// queue (an SQS queue; the published payload, no envelope), else
  /// discarded. A payload larger than the dead-letter queue's
  /// `maxMessageSize` fails to redrive and is discarded.
  mutating func redriveOrDiscard(
    size: Int32, createdAt: Int64, orderKey: Int32, orderSequence: UInt32, acceptedSequence: UInt32,
    isPoison: Bool, topic t: Int, subscription s: Int
  ) {
    if let dlq = topics[t].subscriptions[s].deadLetterQueue {
      if Int(size) <= queues[dlq].config.maxMessageSize {
        let copy = store.allocate(createdAt: createdAt, size: size)
        store[copy.slot].orderKey = orderKey
        store[copy.slot].orderSequence = orderSequence
        store[copy.slot].acceptedSequence = acceptedSequence
        store[copy.slot].isPoison = isPoison
        accept(copy, into: dlq, delay: nil)
        serveWaiters(dlq)
        topics[t].counters.redrivenToDeadLetter += 1
        topics[t].subscriptions[s].counters.redrivenToDeadLetter += 1
        return
      }
      topics[t].counters.failedToRedrive += 1
    }
    topics[t].counters.discarded += 1
    topics[t].subscriptions[s].counters.discarded += 1
  }

  /// Starts the first attempt of a push delivery.
  mutating func startPushDelivery(_ message: Message, topic t: Int, subscription s: Int) {
    let d = topics[t].allocateDelivery()
    topics[t].deliveries[d] = PendingDelivery(
      subscription: Int32(s), attempts: 0, size: message.size, orderKey: message.orderKey,
      orderSequence: message.orderSequence, acceptedSequence: message.acceptedSequence,
      isPoison: message.isPoison, createdAt: message.createdAt,
      publishedAt: now)
    topics[t].subscriptions[s].pending += 1
    startAttempt(topic: t, delivery: d, after: .zero)
  }

  /// Schedules the next attempt of delivery `d` to start after `wait`; its
  /// outcome is known one endpoint latency later, and the attempt counts
  /// then (one event per attempt).
  mutating func startAttempt(topic t: Int, delivery d: Int, after wait: SimDuration) {
    let s = Int(topics[t].deliveries[d].subscription)
    let latency = topics[t].subscriptions[s].endpoint!.latency.sampleDuration(
      using: &topics[t].subscriptions[s].endpointRng)
    sim.schedule(.topicDelivery(topic: Int32(t), delivery: Int32(d)), after: wait + latency)
  }

  /// An attempt's response arrived: delivered, or retry, or give up.
  mutating func handleTopicDelivery(_ t: Int, delivery d: Int) {
    let s = Int(topics[t].deliveries[d].subscription)
    guard s >= 0, case .push(let schedule) = topics[t].subscriptions[s].kind else { return }
    topics[t].deliveries[d].attempts += 1
    topics[t].counters.attempts += 1
    topics[t].subscriptions[s].counters.attempts += 1
    let failureRate = topics[t].subscriptions[s].endpoint!.failureRate
    if !topics[t].subscriptions[s].endpointRng.nextBool(probability: failureRate) {
      topics[t].counters.delivered += 1
      topics[t].subscriptions[s].counters.delivered += 1
      let latency = now - topics[t].deliveries[d].publishedAt
      topics[t].subscriptions[s].latencyPeriod.record(latency)
      if topics[t].isWarm { topics[t].subscriptions[s].latencySummary.record(latency) }
      finishDelivery(topic: t, delivery: d, subscription: s)
      return
    }
    topics[t].subscriptions[s].counters.failedAttempts += 1
    let isHTTP: Bool
    if case .http = schedule { isHTTP = true } else { isHTTP = false }
    // HTTP/S: every failed attempt counts; Lambda: only giving up does.
    if isHTTP { topics[t].counters.failed += 1 }
    let attempts = Int(topics[t].deliveries[d].attempts)
    if let nominal = schedule.delay(afterFailedAttempts: attempts) {
      let wait = jittered(nominal, topic: t)
      let withinCap =
        !isHTTP
        || now + wait.nanoseconds - topics[t].deliveries[d].publishedAt
          <= DeliverySchedule.httpMaximumRetryTime.nanoseconds
      if withinCap {
        startAttempt(topic: t, delivery: d, after: wait)
        return
      }
    }
    if !isHTTP { topics[t].counters.failed += 1 }
    let p = topics[t].deliveries[d]
    redriveOrDiscard(
      size: p.size, createdAt: p.createdAt, orderKey: p.orderKey, orderSequence: p.orderSequence,
      acceptedSequence: p.acceptedSequence,
      isPoison: p.isPoison, topic: t, subscription: s)
    finishDelivery(topic: t, delivery: d, subscription: s)
  }

  /// Frees delivery `d` of subscription `s`.
  mutating func finishDelivery(topic t: Int, delivery d: Int, subscription s: Int) {
    topics[t].subscriptions[s].pending -= 1
    topics[t].releaseDelivery(d)
  }

  /// `nominal` with SNS's ±10 % jitter (docs/model.md §4.7), drawn from the topic's stream;
  /// a zero delay stays zero.
  mutating func jittered(_ nominal: SimDuration, topic t: Int) -> SimDuration {
    guard nominal.nanoseconds > 0 else { return .zero }
    let u = topics[t].rng.nextUnitInterval() * 2 - 1
    return SimDuration(
      nanoseconds: max(0, clampedNanoseconds(Double(nominal.nanoseconds) * (1 + TopicState.retryJitter * u))))
  }
}

extension FilterOutReason {
  /// Index into `TopicCounters.filteredOutByReason` (`allCases` order).
  var counterIndex: Int {
    switch self {
    case .messageAttributes: return 0
    case .messageBody: return 1
    case .noMessageAttributes: return 2
    case .invalidAttributes: return 3
    case .invalidMessageBody: return 4
    }
  }
}
