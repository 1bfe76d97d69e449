import Foundation
import Testing
import SimCore
@testable import SimModels

@Suite("SNS topics: push deliveries, retry policies, subscription DLQs")
struct TopicDeliveryTests {
  @Test("AWS-managed schedule: 3 immediate, 2 at 1 s, 10 exponential 1 → 20 s, then 20 s; 100,015 attempts")
  func managedSchedule() throws {
    let schedule = DeliverySchedule.awsManaged
    #expect(schedule.maximumAttempts == 100_015)
    let delays = (1...16).map { schedule.delay(afterFailedAttempts: $0)!.seconds }
    #expect(delays[0] == 0 && delays[1] == 0)  // attempts 2, 3
    #expect(delays[2] == 1 && delays[3] == 1)  // attempts 4, 5
    #expect(abs(delays[4] - 1) < 1e-9)  // backoff: first = 1 s
    #expect(abs(delays[13] - 20) < 1e-6)  // backoff: last = 20 s
    for k in 5...13 { #expect(delays[k] > delays[k - 1]) }
    // Backoff retry j of 10 waits 20^(j/9) s (docs/model.md §4.7 exponential).
    for j in 0..<10 { #expect(abs(delays[4 + j] - pow(20, Double(j) / 9)) < 1e-6) }
    #expect(delays[14] == 20)  // attempt 16: post-backoff
    #expect(schedule.delay(afterFailedAttempts: 100_014)?.seconds == 20)
    #expect(schedule.delay(afterFailedAttempts: 100_015) == nil)
  }

  @Test("HTTP/S policies: the default (3 retries 20 s apart), phases, and the docs/model.md §4.7 curves")
  func httpSchedules() {
    let standard = DeliverySchedule.http(DeliveryPolicy())
    #expect(standard.maximumAttempts == 4)
    #expect((1...3).map { standard.delay(afterFailedAttempts: $0)?.seconds } == [20, 20, 20])
    #expect(standard.delay(afterFailedAttempts: 4) == nil)

    var policy = DeliveryPolicy()
    policy.numRetries = 9
    policy.numNoDelayRetries = 2
    policy.numMinDelayRetries = 1
    policy.numMaxDelayRetries = 1
    policy.minDelayTarget = .seconds(1)
    policy.maxDelayTarget = .seconds(16)
    policy.backoffFunction = "exponential"
    let phased = DeliverySchedule.http(policy)
    // 2 immediate, 1 at min, 5 backoff 1 → 16 (1, 2, 4, 8, 16), 1 at max.
    let delays = (1...9).map { phased.delay(afterFailedAttempts: $0)!.seconds }
    let expected: [Double] = [0, 0, 1, 1, 2, 4, 8, 16, 16]
    for (d, e) in zip(delays, expected) { #expect(abs(d - e) < 1e-6, "\(delays)") }
    #expect(phased.delay(afterFailedAttempts: 10) == nil)

    // The curves share their end points; the shapes order in between.
    for function in ["linear", "exponential", "arithmetic", "geometric"] {
      #expect(abs(DeliverySchedule.backoff(index: 0, of: 5, min: 2, max: 50, function: function).seconds - 2) < 1e-6)
      #expect(abs(DeliverySchedule.backoff(index: 4, of: 5, min: 2, max: 50, function: function).seconds - 50) < 1e-6)
    }
    let mid = ["linear", "arithmetic", "geometric"].map {
      DeliverySchedule.backoff(index: 2, of: 5, min: 2, max: 50, function: $0).seconds
    }
    #expect(mid == [26, 14, 8])
    #expect(abs(DeliverySchedule.backoff(index: 2, of: 5, min: 2, max: 50, function: "exponential").seconds - 10) < 1e-6)
  }

  @Test("Lambda that always fails exhausts the AWS-managed policy: exactly 100,015 attempts, then the DLQ")
  func lambdaExhausted() {
    // One message at 1 s; ≈ 23.2 days of retries (2 + 55.6 + 2,000,000 s).
    let config = topicWorld(
      duration: 25 * 86_400, arrivals: arrivalsEverySecond(count: 1), period: 86_400,
      queues: [queue("dlq")],
      topic: { $0.subscriptions = [lambdaSubscription(endpoint("fn", failureRate: 1, latency: 0), deadLetterQueue: "dlq")] })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    #expect(result.value("endpoint/fn", "DeliveryAttempts") == 100_015)
    #expect(result.value("endpoint/fn", "FailedAttempts") == 100_015)
    #expect(result.value("endpoint/fn", "NotificationsRedrivenToDlq") == 1)
    // Lambda: NumberOfNotificationsFailed +1 when SNS gives up, not per attempt.
    #expect(result.value("topic/t", "NumberOfNotificationsFailed") == 1)
    #expect(result.value("topic/t", "NumberOfNotificationsRedrivenToDlq") == 1)
    #expect(result.value("queue/dlq", "NumberOfMessagesSent") == 1)
    // Redriven on day 24 (index 23): ≈ 2,000,058 s ± jitter.
    let day = result.firstPeriod("topic/t", "NumberOfNotificationsRedrivenToDlq", equal: 1)
    #expect(day.map { Double($0) / 86_400e9 } == 23, "redriven in the period starting at \(String(describing: day)) ns")
    expectConserved(world, result)
  }

  @Test("Lambda failing half the time: every notification delivered, attempts geometric (mean 2)")
  func lambdaHalfFailing() {
    let config = topicWorld(
      duration: 400, arrivals: .poisson(rate: 10), seed: 5, queues: [queue("dlq")],
      topic: { $0.subscriptions = [lambdaSubscription(endpoint("fn", failureRate: 0.5), deadLetterQueue: "dlq")] },
      producer: { $0.arrivals = .poisson(schedule: [RateStep(start: .zero, rate: 10), RateStep(start: .seconds(200), rate: 0)]) })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    let matched = result.value("topic/t", "NotificationsMatched")
    let delivered = result.value("endpoint/fn", "NotificationsDelivered")
    let attempts = result.value("endpoint/fn", "DeliveryAttempts")
    let failedAttempts = result.value("endpoint/fn", "FailedAttempts")
    #expect(matched > 1_800 && matched < 2_200)
    #expect(
      delivered + result.value("topic/t", "NotificationsDiscarded") + result.value("topic/t", "NumberOfNotificationsRedrivenToDlq")
        + result.value("topic/t", "NotificationsInRetry") == matched)
    #expect(delivered == matched)  // 200 s later nothing is left in retry
    #expect(attempts == delivered + failedAttempts)
    // Geometric(1/2): mean 2 attempts, sd of the mean √2/√n ≈ 0.03.
    #expect(abs(attempts / delivered - 2) < 0.15, "attempts per delivery \(attempts / delivered)")
    // Failed attempts are not notifications failed for Lambda.
    #expect(result.value("topic/t", "NumberOfNotificationsFailed") == 0)
    // Latency: ≥ one 50 ms attempt; retries 2 and 3 are immediate.
    // (Half the deliveries succeed at the first attempt, so the median is
    // the first or second attempt: 50 or 100 ms.)
    #expect(result.value("endpoint/fn", "DeliveryLatency.p50") <= 0.1)
    #expect(result.value("endpoint/fn", "DeliveryLatency.p90") > 0.1)
    #expect(result.value("endpoint/fn", "DeliveryLatency.max") > 0.2)
    expectConserved(world, result)
  }

  @Test("HTTP default policy, always failing: 4 attempts 20 s apart, redriven to the DLQ at ≈ 60 s")
  func httpDefaultToDLQ() {
    let config = topicWorld(
      duration: 120, arrivals: arrivalsEverySecond(count: 1), period: 1, queues: [queue("dlq")],
      topic: { $0.subscriptions = [httpSubscription(endpoint("api", failureRate: 1, latency: 0), deadLetterQueue: "dlq")] })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    #expect(result.value("endpoint/api", "DeliveryAttempts") == 4)
    #expect(result.value("endpoint/api", "FailedAttempts") == 4)
    // HTTP/S: NumberOfNotificationsFailed +1 per failed attempt.
    #expect(result.value("topic/t", "NumberOfNotificationsFailed") == 4)
    #expect(result.value("topic/t", "NumberOfNotificationsRedrivenToDlq") == 1)
    #expect(result.value("queue/dlq", "NumberOfMessagesSent") == 1)
    // Attempts at 1 s and then after three jittered 20 s waits (54–66 s).
    let attemptTimes = result.metrics.filter { $0.resource == "endpoint/api" && $0.metric == "DeliveryAttempts" && $0.value > 0 }
      .map { Double($0.time) / 1e9 }
    #expect(attemptTimes.count == 4 && attemptTimes[0] == 1)
    for k in 1..<4 {
      let gap = attemptTimes[k] - attemptTimes[k - 1]
      #expect(gap >= 17 && gap <= 23, "attempts at \(attemptTimes)")
    }
    let redriven = result.firstPeriod("topic/t", "NumberOfNotificationsRedrivenToDlq", equal: 1).map { Double($0) / 1e9 }
    #expect(redriven == attemptTimes[3])
    #expect(redriven! >= 55 && redriven! <= 67)
    expectConserved(world, result)
  }

  @Test("HTTP retries stop at the 3,600 s total; without a DLQ the notification is discarded")
  func httpRetryCap() {
    var policy = DeliveryPolicy()
    policy.numRetries = 100
    policy.minDelayTarget = .seconds(60)
    policy.maxDelayTarget = .seconds(60)
    let config = topicWorld(
      duration: 8_000, arrivals: arrivalsEverySecond(count: 1), period: 600,
      topic: { $0.subscriptions = [httpSubscription(endpoint("api", failureRate: 1, latency: 0), policy: policy)] })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    let attempts = result.value("endpoint/api", "DeliveryAttempts")
    // 60 s apart within 3,600 s of the first: about 61 attempts, not 101.
    #expect(attempts >= 55 && attempts <= 67, "attempts \(attempts)")
    #expect(result.value("topic/t", "NotificationsDiscarded") == 1)
    #expect(result.value("endpoint/api", "NotificationsDiscarded") == 1)
    expectConserved(world, result)
  }

  @Test("an endpoint that recovers: delivered on a later attempt, counted once")
  func httpEventuallyDelivered() {
    let config = topicWorld(
      duration: 300, arrivals: .poisson(rate: 5), seed: 11,
      topic: { $0.subscriptions = [httpSubscription(endpoint("api", failureRate: 0.3))] },
      producer: { $0.arrivals = .poisson(schedule: [RateStep(start: .zero, rate: 5), RateStep(start: .seconds(100), rate: 0)]) })
    let kept = runKeepingWorld(config)
    let result = kept.result
    let world = kept.world
    let matched = result.value("topic/t", "NotificationsMatched")
    let delivered = result.value("topic/t", "NumberOfNotificationsDelivered")
    let discarded = result.value("topic/t", "NotificationsDiscarded")
    // P(4 failures) = 0.3^4 ≈ 0.8 %.
    #expect(delivered + discarded == matched)
    #expect(discarded / matched < 0.03)
    #expect(result.value("topic/t", "NumberOfNotificationsFailed") == result.value("endpoint/api", "FailedAttempts"))
    expectConserved(world, result)
  }
}
