import SimCore

/// Deliveries to subscriptions: SQS copies, push attempts with their retry
/// schedules, and subscription dead-letter queues (docs/model.md §4.5–§4.8).
extension SNSModel {
  /// Sends a copy of `message` to SQS queue `q` (subscription `s`).
  mutating func deliverToQueue(
    _ message: Message, topic t: Int, subscription s: Int, queue q: QueueID, sqs: inout SQSModel,
    consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    let size = Int(message.size) + topics[t].subscriptions[s].addedBytes
    guard size <= sqs.queues[q.i].config.maxMessageSize else {
      // Client-side error (the queue refuses the message): no retry.
      topics[t].counters.failed &+= 1
      topics[t].subscriptions[s].counters.clientErrors &+= 1
      redriveOrDiscard(
        size: message.size, createdAt: message.createdAt, orderKey: message.orderKey,
        orderSequence: message.orderSequence, acceptedSequence: message.acceptedSequence,
        isPoison: message.isPoison, topic: t, subscription: s, sqs: &sqs, consumers: &consumers, kernel: &kernel)
      return
    }
    let copy = kernel.store.allocate(createdAt: message.createdAt, size: Int32(clamping: size))
    kernel.store[copy.slot].orderKey = message.orderKey
    kernel.store[copy.slot].orderSequence = message.orderSequence
    kernel.store[copy.slot].acceptedSequence = message.acceptedSequence
    kernel.store[copy.slot].isPoison = message.isPoison
    kernel.store[copy.slot].isResend = message.isResend
    consumers.enqueue(copy, into: q, sqs: &sqs, kernel: &kernel)
    topics[t].counters.delivered &+= 1
    topics[t].subscriptions[s].counters.delivered &+= 1
  }

  /// A notification SNS gives up on: into the subscription's dead-letter
  /// queue (an SQS queue; the published payload, no envelope), else
  /// discarded. A payload larger than the dead-letter queue's
  /// `maxMessageSize` fails to redrive and is discarded.
  mutating func redriveOrDiscard(
    size: Int32, createdAt: Int64, orderKey: Int32, orderSequence: UInt32, acceptedSequence: UInt32,
    isPoison: Bool, topic t: Int, subscription s: Int, sqs: inout SQSModel, consumers: inout SQSConsumerFleet,
    kernel: inout Kernel
  ) {
    if let dlq = topics[t].subscriptions[s].deadLetterQueue {
      if Int(size) <= sqs.queues[dlq.i].config.maxMessageSize {
        let copy = kernel.store.allocate(createdAt: createdAt, size: size)
        kernel.store[copy.slot].orderKey = orderKey
        kernel.store[copy.slot].orderSequence = orderSequence
        kernel.store[copy.slot].acceptedSequence = acceptedSequence
        kernel.store[copy.slot].isPoison = isPoison
        consumers.enqueue(copy, into: dlq, sqs: &sqs, kernel: &kernel)
        topics[t].counters.redrivenToDeadLetter &+= 1
        topics[t].subscriptions[s].counters.redrivenToDeadLetter &+= 1
        return
      }
      topics[t].counters.failedToRedrive &+= 1
    }
    topics[t].counters.discarded &+= 1
    topics[t].subscriptions[s].counters.discarded &+= 1
  }

  /// Starts the first attempt of a push delivery.
  mutating func startPushDelivery(_ message: Message, topic t: Int, subscription s: Int, kernel: inout Kernel) {
    let d = beginDelivery(message, topic: t, subscription: s, now: kernel.now)
    startAttempt(topic: t, delivery: d, after: .zero, kernel: &kernel)
  }

  /// Takes a slot of the topic's delivery slab for `message` to
  /// subscription `s`, with what a dead-letter queue would need.
  mutating func beginDelivery(_ message: Message, topic t: Int, subscription s: Int, now: Int64) -> Int {
    let d = topics[t].allocateDelivery()
    topics[t].deliveries[d] = PendingDelivery(
      subscription: Int32(s), attempts: 0, size: message.size, orderKey: message.orderKey,
      orderSequence: message.orderSequence, acceptedSequence: message.acceptedSequence,
      isPoison: message.isPoison, createdAt: message.createdAt,
      publishedAt: now)
    topics[t].subscriptions[s].pending += 1
    return d
  }

  /// Schedules the next attempt of delivery `d` to start after `wait`; its
  /// outcome is known one endpoint latency later, and the attempt counts
  /// then (one event per attempt).
  mutating func startAttempt(topic t: Int, delivery d: Int, after wait: SimDuration, kernel: inout Kernel) {
    let s = Int(topics[t].deliveries[d].subscription)
    let latency = topics[t].subscriptions[s].endpoint!.latency.sampleDuration(
      using: &topics[t].subscriptions[s].endpointRng)
    kernel.schedule(.sns(.delivery(topic: Int32(t), delivery: Int32(d))), after: wait + latency)
  }

  /// An attempt's response arrived: delivered, or retry, or give up.
  mutating func handleTopicDelivery(
    _ t: Int, delivery d: Int, sqs: inout SQSModel, consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    let s = Int(topics[t].deliveries[d].subscription)
    guard s >= 0, case .push(let schedule) = topics[t].subscriptions[s].kind else { return }
    topics[t].deliveries[d].attempts += 1
    topics[t].counters.attempts &+= 1
    topics[t].subscriptions[s].counters.attempts &+= 1
    let failureRate = topics[t].subscriptions[s].endpoint!.failureRate
    if !topics[t].subscriptions[s].endpointRng.nextBool(probability: failureRate) {
      topics[t].counters.delivered &+= 1
      topics[t].subscriptions[s].counters.delivered &+= 1
      let latency = kernel.now - topics[t].deliveries[d].publishedAt
      topics[t].subscriptions[s].latencyPeriod.record(latency)
      if topics[t].isWarm { topics[t].subscriptions[s].latencySummary.record(latency) }
      finishDelivery(topic: t, delivery: d, subscription: s)
      return
    }
    topics[t].subscriptions[s].counters.failedAttempts &+= 1
    let isHTTP: Bool
    if case .http = schedule { isHTTP = true } else { isHTTP = false }
    // HTTP/S: every failed attempt counts; Lambda: only giving up does.
    if isHTTP { topics[t].counters.failed &+= 1 }
    let attempts = Int(topics[t].deliveries[d].attempts)
    if let nominal = schedule.delay(afterFailedAttempts: attempts) {
      let wait = jittered(nominal, topic: t)
      let withinCap =
        !isHTTP
        || kernel.now + wait.nanoseconds - topics[t].deliveries[d].publishedAt
          <= DeliverySchedule.httpMaximumRetryTime.nanoseconds
      if withinCap {
        startAttempt(topic: t, delivery: d, after: wait, kernel: &kernel)
        return
      }
    }
    if !isHTTP { topics[t].counters.failed &+= 1 }
    giveUp(topic: t, delivery: d, subscription: s, sqs: &sqs, consumers: &consumers, kernel: &kernel)
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
