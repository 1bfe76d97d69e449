import SimCore

/// The SNS model: publish quotas, FIFO deduplication, filtering, fan-out to
/// SQS queues, and push deliveries (Lambda, HTTP/S) with their retry
/// policies and subscription dead-letter queues (docs/model.md §4).
///
/// **Publish.** A Publish / PublishBatch call is admitted by
/// `admitPublish(_:messages:kernel:)` when it completes, before anything is
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
extension SNSModel {
  /// Decides whether a Publish / PublishBatch call carrying `messages`
  /// fits topic `t`'s quotas now, and if so takes its share of them. A
  /// refused call takes nothing and counts in `ThrottledRequests` (and its
  /// messages in `ThrottledMessages`); the caller retries it. An admitted
  /// call goes on to `publish(_:to:attributes:sqs:consumers:kernel:)`.
  mutating func admitPublish(_ topic: TopicID, messages: ArraySlice<MessageRef>, kernel: inout Kernel) -> Bool {
    let t = topic.i
    let count = messages.count
    // Check every quota first, then take from all of them: a refused call
    // takes nothing.
    var refusal: String?
    if topics[t].messageBucket.timeUntilAvailable(Double(count), at: kernel.now) != 0 {
      refusal = "\(Int(topics[t].messageRate)) messages/s per topic"
    }
    var bytes = 0
    if refusal == nil && topics[t].byteBucket != nil {
      for ref in messages { bytes += Int(kernel.store[ref.slot].size) }
      if topics[t].byteBucket!.timeUntilAvailable(Double(bytes), at: kernel.now) != 0 {
        refusal = "\(Int(topics[t].config.bytesPerSecondQuota)) bytes/s per topic"
      }
    }
    let isFIFO = topics[t].config.isFIFO
    if refusal == nil && isFIFO && !groupQuotas(t, messages: messages, take: false, kernel: &kernel) {
      refusal = "\(Int(topics[t].config.groupQuota)) messages/s per message group"
    }
    if let refusal {
      topics[t].counters.throttled &+= 1
      topics[t].counters.throttledMessages &+= count
      // One event per burst: the first throttle after a minute without any.
      if topics[t].lastThrottleAt == Int64.min || kernel.now - topics[t].lastThrottleAt > 60_000_000_000 {
        kernel.log(resources[t], "PublishThrottled", "publish requests over the quota of \(refusal)")
      }
      topics[t].lastThrottleAt = kernel.now
      return false
    }
    topics[t].messageBucket.tryTake(Double(count), at: kernel.now)
    if topics[t].byteBucket != nil { topics[t].byteBucket!.tryTake(Double(bytes), at: kernel.now) }
    if isFIFO { _ = groupQuotas(t, messages: messages, take: true, kernel: &kernel) }
    return true
  }

  /// FIFO per-group quota for the call's entries: whether every group has
  /// room for its entries (`take` false), or takes them (`take` true). A
  /// call has at most 10 entries, so grouping by a double loop is cheapest.
  private mutating func groupQuotas(
    _ t: Int, messages: ArraySlice<MessageRef>, take: Bool, kernel: inout Kernel
  ) -> Bool {
    let base = messages.startIndex
    let count = messages.count
    let rate = topics[t].config.groupQuota
    for i in 0..<count {
      let key = kernel.store[messages[base + i].slot].orderKey
      var isFirst = true
      var entries = 0
      for j in 0..<count where kernel.store[messages[base + j].slot].orderKey == key {
        if j < i { isFirst = false }
        entries += 1
      }
      guard isFirst else { continue }
      if topics[t].groupBuckets[key] == nil { topics[t].groupBuckets[key] = TopicState.bucket(rate) }
      if take {
        topics[t].groupBuckets[key]!.tryTake(Double(entries), at: kernel.now)
      } else if topics[t].groupBuckets[key]!.timeUntilAvailable(Double(entries), at: kernel.now) != 0 {
        return false
      }
    }
    return true
  }

  /// Publish / PublishBatch admitted by `admitPublish`: topic `t` accepts
  /// `messages` and fans each out to its subscriptions, then releases its
  /// slot (subscribers get copies). The producer numbered them in its
  /// keys' acceptance order first (`acceptedSequence`).
  mutating func publish(
    _ messages: ArraySlice<MessageRef>, to topic: TopicID, attributes: inout AttributeSource, sqs: inout SQSModel,
    consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    for ref in messages {
      publishAccepted(ref, topic: topic.i, attributes: &attributes, sqs: &sqs, consumers: &consumers, kernel: &kernel)
      kernel.store.release(ref.slot)
    }
  }

  /// One accepted message: count it, deduplicate (FIFO), filter, fan out.
  /// The caller still owns (and releases) `ref`.
  mutating func publishAccepted(
    _ ref: MessageRef, topic t: Int, attributes source: inout AttributeSource, sqs: inout SQSModel,
    consumers: inout SQSConsumerFleet, kernel: inout Kernel
  ) {
    let message = kernel.store[ref.slot]
    topics[t].counters.published &+= 1
    topics[t].counters.publishedBytes &+= Int(message.size)
    if topics[t].config.isFIFO {
      let id = UInt64(UInt32(bitPattern: message.orderKey)) << 32 | UInt64(message.orderSequence)
      if topics[t].deduplication.isDuplicate(id, at: kernel.now) {
        topics[t].counters.deduplicated &+= 1
        return
      }
    }
    var attributes: FilterMessage?
    if topics[t].needsAttributes { attributes = source.sample() }
    var matchedAny = false
    for s in topics[t].subscriptions.indices {
      if let policy = topics[t].subscriptions[s].policy,
        case .noMatch(_, let reason) = policy.evaluate(attributes!)
      {
        topics[t].counters.filteredOut &+= 1
        topics[t].counters.filteredOutByReason[reason.counterIndex] += 1
        topics[t].subscriptions[s].counters.filteredOut &+= 1
        continue
      }
      matchedAny = true
      topics[t].counters.matched &+= 1
      topics[t].subscriptions[s].counters.matched &+= 1
      switch topics[t].subscriptions[s].kind {
      case .queue(let q):
        deliverToQueue(message, topic: t, subscription: s, queue: q, sqs: &sqs, consumers: &consumers, kernel: &kernel)
      case .push:
        startPushDelivery(message, topic: t, subscription: s, kernel: &kernel)
      case .firehose:
        startFirehoseDelivery(message, topic: t, subscription: s, kernel: &kernel)
      }
    }
    if !matchedAny { topics[t].counters.unmatchedMessages &+= 1 }
  }
}
