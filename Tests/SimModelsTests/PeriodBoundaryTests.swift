import Testing
import SimCore
@testable import SimModels

/// Metrics periods are half-open, [t, t + P), as CloudWatch's: an event at
/// exactly a period's start belongs to that period; the run covers
/// [0, duration) and the summary [warmup, duration).
@Suite("Period boundaries")
struct PeriodBoundaryTests {
  @Test("a send at exactly a period's start is counted in that period")
  func eventAtPeriodStart() {
    // Sends at 1 s, 2 s, …, 5 s; 1 s periods.
    let result = run(
      simpleWorld(duration: 8, arrivals: arrivalsEverySecond(count: 5), period: 1, consumer: nil))
    #expect(result.periodValue("queue/q", "NumberOfMessagesSent", at: 0) == 0)
    for t in 1...5 {
      #expect(result.periodValue("queue/q", "NumberOfMessagesSent", at: Double(t)) == 1, "period \(t)")
    }
    #expect(result.periodValue("queue/q", "NumberOfMessagesSent", at: 6) == 0)
  }

  @Test("a send at exactly the end of the warm-up counts; one at exactly the end of the run does not")
  func warmupAndEnd() {
    // Sends at 1 s … 10 s; warm-up 5 s, duration 10 s: the summary covers
    // [5 s, 10 s), so the sends at 5, 6, 7, 8, 9 s.
    var config = simpleWorld(duration: 10, arrivals: arrivalsEverySecond(count: 10), period: 5, consumer: nil)
    config.warmup = .seconds(5)
    let result = run(config)
    #expect(result.value("queue/q", "NumberOfMessagesSent") == 5)
    #expect(result.periodValue("queue/q", "NumberOfMessagesSent", at: 0) == 4)
    #expect(result.periodValue("queue/q", "NumberOfMessagesSent", at: 5) == 5)
  }
}

@Suite("Period boundaries: retention")
struct RetentionBoundaryTests {
  @Test("an expiry due exactly at a period's start is counted in that period, and one due at the end of the run not at all")
  func expiryAtBoundary() {
    // Sent at 1 s with a 60 s retention: expires at exactly 61 s.
    let periods = run(
      simpleWorld(
        duration: 100, arrivals: arrivalsEverySecond(count: 1), period: 61,
        queue: { $0.messageRetention = .seconds(60) }, consumer: nil))
    #expect(periods.periodValue("queue/q", "MessagesExpired", at: 0) == 0)
    #expect(periods.periodValue("queue/q", "MessagesExpired", at: 61) == 1)
    let ending = run(
      simpleWorld(
        duration: 61, arrivals: arrivalsEverySecond(count: 1),
        queue: { $0.messageRetention = .seconds(60) }, consumer: nil))
    #expect(ending.value("queue/q", "MessagesExpired") == 0)
    #expect(ending.value("queue/q", "ApproximateNumberOfMessagesVisible") == 1)
    #expect(ending.value("queue/q", "CountIdentityError") == 0)
  }
}
