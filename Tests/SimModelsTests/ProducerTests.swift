import Testing
import SimCore
@testable import SimModels

@Suite("Producers")
struct ProducerTests {
  @Test("batches fill to their size; a partial batch leaves when its window ends")
  func batching() {
    // 25 messages at 1…25 s, batch size 10 with a 100 s window: two full
    // batches (at 10 s and 20 s) and the last five when the window ends.
    let result = run(
      simpleWorld(
        duration: 200, arrivals: arrivalsEverySecond(count: 25),
        producer: { $0.batch = BatchPolicy(size: 10, window: .seconds(100)) }))
    #expect(result.value("producer/p", "SendMessageBatchCalls") == 3)
    #expect(result.value("producer/p", "SendMessageCalls") == 0)
    #expect(result.value("queue/q", "NumberOfMessagesSent") == 25)
    // The first message waited 9 s for its batch, the 21st 100 s.
    #expect(result.value("queue/q", "EndToEndLatency.max") == 100)
  }

  @Test("retries with backoff: P(give up) = errorRate^maxAttempts")
  func retries() {
    let result = run(
      simpleWorld(
        duration: 2_000, arrivals: .poisson(rate: 50), seed: 2,
        producer: {
          $0.errorRate = 0.5
          $0.apiLatency = .constant(1e6)
        }))
    let created = result.value("producer/p", "MessagesCreated")
    let failed = result.value("producer/p", "MessagesFailed")
    let accepted = result.value("producer/p", "NumberOfMessagesSent")
    #expect(abs(failed / created - 0.125) < 0.01, "failed fraction \(failed / created)")
    #expect(created == accepted + failed || created - (accepted + failed) < 5)  // calls in flight at the end
    #expect(result.value("queue/q", "MessagesLost") == 0)
  }

  @Test("messages over maxMessageSize are rejected and counted, never sent")
  func rejected() {
    let result = run(
      simpleWorld(
        duration: 20, arrivals: arrivalsEverySecond(count: 10),
        producer: { $0.messageSize = .constant(2_000_000) }))
    #expect(result.value("producer/p", "MessagesRejected") == 10)
    #expect(result.value("queue/q", "NumberOfMessagesSent") == 0)
    #expect(result.events.contains { $0.event == "MessageRejected" })
  }

  @Test("a piecewise schedule changes the rate; a rate of 0 pauses")
  func schedule() {
    let result = run(
      simpleWorld(
        duration: 300, arrivals: .constant(schedule: [
          RateStep(start: .zero, rate: 10), RateStep(start: .seconds(100), rate: 0),
          RateStep(start: .seconds(200), rate: 2),
        ]), period: 100))
    // Arrivals at 0.1 k s for k = 1…1000: the 1000th lands exactly on the
    // step boundary (Λ(100 s) = 1000), so it counts in the next period.
    #expect(result.periodValue("producer/p", "MessagesCreated", at: 0) == 999)
    #expect(result.periodValue("producer/p", "MessagesCreated", at: 100) == 1)
    // Then nothing until 200 s, and 2/s: 200.5 s … 299.5 s.
    #expect(result.periodValue("producer/p", "MessagesCreated", at: 200) == 199)
  }
}
