import Foundation
import SimCore
import Testing

@testable import SimModels

/// A topic `t` whose subscriptions are `subscriptions`, published to by
/// producer `p` (`arrivals`, 1 KiB messages), and the Firehose streams
/// `firehoses` (zero buffering unless set, so records go at once).
private func topicFirehoseWorld(
  duration: Double, arrivals: ArrivalProcess, period: Double = 60, queues: [QueueConfig] = [],
  subscriptions: [SubscriptionConfig], firehoses: [FirehoseConfig]
) -> WorldConfig {
  var config = topicWorld(duration: duration, arrivals: arrivals, period: period, queues: queues) {
    $0.subscriptions = subscriptions
  }
  config.firehoses = firehoses
  return config
}

/// A Direct PUT Firehose stream `name` with zero buffering.
private func unbuffered(_ name: String, configure: (inout FirehoseConfig) -> Void = { _ in }) -> FirehoseConfig {
  var firehose = FirehoseConfig(name: name)
  firehose.bufferInterval = .zero
  configure(&firehose)
  return firehose
}

/// A subscription delivering to Firehose stream `name`.
private func firehoseSubscription(_ name: String, raw: Bool = false, deadLetterQueue: String? = nil)
  -> SubscriptionConfig
{
  var subscription = SubscriptionConfig(target: .firehose(name))
  subscription.rawMessageDelivery = raw
  subscription.deadLetterQueue = deadLetterQueue
  return subscription
}

@Suite("SNS fan-out to Firehose: one PutRecord per notification, the envelope, throttling retried")
struct TopicFirehoseTests {
  @Test("customer-managed schedule: 2 at 10 s, 10 exponential 10 → 600 s, 38 at 600 s; 50 attempts")
  func customerManagedSchedule() {
    let schedule = DeliverySchedule.customerManaged
    #expect(schedule.maximumAttempts == 50)
    let delays = (1...49).map { schedule.delay(afterFailedAttempts: $0)!.seconds }
    #expect(delays[0] == 10)  // attempt 2: the second pre-backoff one
    // Backoff attempts 3–12: retry j of 10 waits 10 · 60^(j/9) s.
    for j in 0..<10 { #expect(abs(delays[1 + j] - 10 * pow(60, Double(j) / 9)) < 1e-6, "\(j)") }
    #expect(delays[11...].allSatisfy { $0 == 600 })  // attempts 13–50
    #expect(schedule.delay(afterFailedAttempts: 50) == nil)
    // About 6.8 hours from the first attempt to the last.
    let total = delays.reduce(0, +)
    #expect(total > 24_000 && total < 25_000, "\(total) s")
  }

  @Test("each notification is one record: the envelope's 1,000 bytes unless raw delivery is on")
  func envelopeAndRaw() {
    let config = topicFirehoseWorld(
      duration: 200, arrivals: arrivalsEverySecond(count: 100),
      subscriptions: [firehoseSubscription("archive"), firehoseSubscription("lake", raw: true)],
      firehoses: [unbuffered("archive"), unbuffered("lake")])
    let kept = runKeepingWorld(config)
    let result = kept.result
    #expect(result.value("firehose/archive", "IncomingRecords") == 100)
    #expect(result.value("firehose/archive", "IncomingBytes") == 100 * 2_024)
    #expect(result.value("firehose/archive", "IncomingPutRequests") == 100)
    #expect(result.value("firehose/lake", "IncomingBytes") == 100 * 1_024)
    #expect(result.value("firehose/lake", "DeliveryToS3.Records") == 100)
    #expect(result.value("topic/t", "NumberOfNotificationsDelivered") == 200)
    // Zero buffering: publish to S3 is the 200 ms delivery alone.
    #expect(abs(result.value("firehose/lake", "EndToEndLatency.max") - 0.2) < 1e-6)
    #expect(result.value("firehose/archive", "RecordsUnaccounted") == 0)
    #expect(result.value("firehose/lake", "RecordsUnaccounted") == 0)
    expectConserved(kept.world, result)
  }

  @Test("a throttled notification is retried 10 s later (± SNS's 10 % jitter) and delivered")
  func throttledThenDelivered() {
    // 10 messages 1 ms apart; the stream takes 5 records a second.
    let config = topicFirehoseWorld(
      duration: 60, arrivals: burst(rate: 1_000, seconds: 0.0105),
      subscriptions: [firehoseSubscription("f", raw: true)],
      firehoses: [unbuffered("f") { $0.recordsPerSecondLimit = 5 }])
    let kept = runKeepingWorld(config)
    let result = kept.result
    #expect(result.value("topic/t", "NotificationsMatched") == 10)
    #expect(result.value("firehose/f", "ThrottledRecords") == 5)
    #expect(result.value("firehose/f", "IncomingRecords") == 10)
    // Each attempt is one PutRecord: 10 accepted, 5 throttled.
    #expect(result.value("firehose/f", "IncomingPutRequests") == 15)
    #expect(result.value("topic/t", "NumberOfNotificationsDelivered") == 10)
    #expect(result.value("topic/t", "NumberOfNotificationsFailed") == 0)
    // The retried five reach S3 9–11 s after they were published.
    let latest = result.value("firehose/f", "EndToEndLatency.max")
    #expect(latest > 9.2 && latest < 11.3, "\(latest) s")
    expectConserved(kept.world, result)
  }

  @Test("a notification throttled 50 times goes to the subscription's dead-letter queue after ≈ 6.8 h")
  func exhaustedToDeadLetterQueue() {
    // One notification at 1.5 s; a Direct PUT producer takes the stream's
    // one request a second at every whole second, before any attempt of
    // SNS's (their jitter puts them inside a second).
    var config = topicFirehoseWorld(
      duration: 8 * 3_600, arrivals: .constant(schedule: [RateStep(start: .seconds(0.5), rate: 1), RateStep(start: .seconds(1.6), rate: 0)]),
      period: 3_600, queues: [queue("dlq")],
      subscriptions: [firehoseSubscription("f", raw: true, deadLetterQueue: "dlq")],
      firehoses: [unbuffered("f") { $0.putRequestsPerSecondLimit = 1 }])
    var hog = ProducerConfig(name: "hog", target: .firehose("f"), arrivals: .constant(rate: 1))
    hog.retry.maxAttempts = 1
    config.producers.append(hog)
    let kept = runKeepingWorld(config)
    let result = kept.result
    #expect(result.value("topic/t", "NotificationsMatched") == 1)
    // Every one of the 50 attempts throttled (the hog never is).
    #expect(result.value("firehose/f", "ThrottledRecords") == 50)
    #expect(result.value("producer/hog", "RecordsUnaccounted") == 0)
    #expect(result.value("topic/t", "NumberOfNotificationsDelivered") == 0)
    #expect(result.value("topic/t", "NumberOfNotificationsFailed") == 1)
    #expect(result.value("topic/t", "NumberOfNotificationsRedrivenToDlq") == 1)
    #expect(result.value("queue/dlq", "NumberOfMessagesSent") == 1)
    // Given up in the seventh hour (≈ 24,430 s ± jitter after 1.5 s).
    let hour = result.firstPeriod("topic/t", "NumberOfNotificationsRedrivenToDlq", equal: 1)
    #expect(hour.map { Double($0) / 3_600e9 } == 6, "\(String(describing: hour))")
    expectConserved(kept.world, result)
  }
}
