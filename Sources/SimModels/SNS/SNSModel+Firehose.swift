import SimCore

/// Fan-out to Firehose streams (docs/model.md §4.10): a subscription whose
/// endpoint is a Direct PUT Firehose stream. Each notification is one
/// PutRecord against the stream's Direct PUT quota, made as an event of its
/// own at the instant of the publish; a throttled one is retried on SNS's
/// customer-managed schedule (AWS applies it to Firehose throttling), then
/// redriven to the subscription's dead-letter queue or discarded.
extension SNSModel {
  /// Starts the delivery of `message` to subscription `s`'s Firehose
  /// stream: its first attempt now, as an event.
  mutating func startFirehoseDelivery(_ message: Message, topic t: Int, subscription s: Int, kernel: inout Kernel) {
    let d = beginDelivery(message, topic: t, subscription: s, now: kernel.now)
    kernel.schedule(.sns(.delivery(topic: Int32(t), delivery: Int32(d))), after: .zero)
  }

  /// An attempt of delivery `d` to Firehose stream `f`: the record (the
  /// message, with the envelope unless raw delivery is on) is accepted
  /// into the stream's buffer, or throttled and retried, or given up.
  mutating func handleFirehoseDelivery(
    _ t: Int, delivery d: Int, firehose f: Int, into firehose: inout FirehoseModel, sqs: inout SQSModel,
    consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    let s = Int(topics[t].deliveries[d].subscription)
    let p = topics[t].deliveries[d]
    let size = Int(p.size) + topics[t].subscriptions[s].addedBytes
    guard size <= FirehoseLimits.maxRecordSize else {
      // Client-side error (Firehose refuses the record): no retry.
      topics[t].counters.failed &+= 1
      topics[t].subscriptions[s].counters.clientErrors &+= 1
      giveUp(topic: t, delivery: d, subscription: s, sqs: &sqs, consumers: &consumers, kernel: &kernel)
      return
    }
    topics[t].deliveries[d].attempts += 1
    topics[t].counters.attempts &+= 1
    topics[t].subscriptions[s].counters.attempts &+= 1
    let record = FirehoseRecord(createdAt: p.createdAt, size: Int32(size))
    if firehose.putRecord(record, into: f, kernel: &kernel) {
      topics[t].counters.delivered &+= 1
      topics[t].subscriptions[s].counters.delivered &+= 1
      finishDelivery(topic: t, delivery: d, subscription: s)
      return
    }
    topics[t].subscriptions[s].counters.failedAttempts &+= 1
    let attempts = Int(topics[t].deliveries[d].attempts)
    if let nominal = DeliverySchedule.customerManaged.delay(afterFailedAttempts: attempts) {
      kernel.schedule(.sns(.delivery(topic: Int32(t), delivery: Int32(d))), after: jittered(nominal, topic: t))
      return
    }
    topics[t].counters.failed &+= 1
    giveUp(topic: t, delivery: d, subscription: s, sqs: &sqs, consumers: &consumers, kernel: &kernel)
  }

  /// Delivery `d` is given up: into the dead-letter queue or discarded,
  /// and its slot freed.
  mutating func giveUp(
    topic t: Int, delivery d: Int, subscription s: Int, sqs: inout SQSModel, consumers: inout SQSConsumerFleet,
    kernel: inout Kernel
  ) {
    let p = topics[t].deliveries[d]
    redriveOrDiscard(
      size: p.size, createdAt: p.createdAt, orderKey: p.orderKey, orderSequence: p.orderSequence,
      acceptedSequence: p.acceptedSequence, isPoison: p.isPoison, topic: t, subscription: s, sqs: &sqs,
      consumers: &consumers, kernel: &kernel)
    finishDelivery(topic: t, delivery: d, subscription: s)
  }
}
