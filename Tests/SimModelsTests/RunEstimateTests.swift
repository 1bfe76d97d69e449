import Testing
import SimCore
@testable import SimModels

@Suite("Run estimates")
struct RunEstimateTests {
  @Test("a small run is estimated small; the estimate covers what the run really uses")
  func smallRun() {
    let config = simpleWorld(
      duration: 600, arrivals: .poisson(rate: 100), consumer: { $0.processingTime = .constant(1e6) })
    let estimate = RunEstimate(config)
    #expect(abs(estimate.messages - 60_000) < 1)
    let result = run(config)
    #expect(Double(result.processedEvents) <= estimate.events)
    #expect(estimate.peakBytes < 100 * 1_048_576)
  }

  @Test("10 million msg/s for 30 days is far beyond a machine: about 10^14 events")
  func hugeRate() {
    let config = simpleWorld(duration: 30 * 86_400, arrivals: .poisson(rate: 1e7), consumer: nil)
    let estimate = RunEstimate(config)
    #expect(estimate.events > 1e14)
    #expect(estimate.peakBytes > 1e15)  // nobody reads the queue: every message stays
  }

  @Test("30 days of 1 s metrics periods: over 100 million rows, many GB")
  func finePeriods() {
    let config = simpleWorld(
      duration: 30 * 86_400, arrivals: .poisson(rate: 1), period: 1, consumer: { $0.processingTime = .constant(1e6) })
    let estimate = RunEstimate(config)
    #expect(estimate.metricRows > 1e8)
    #expect(estimate.peakBytes > 16e9)
  }

  @Test("a topic's fan-out multiplies the messages; a slow consumer's backlog stays")
  func fanOutAndBacklog() {
    var config = topicWorld(
      duration: 100, arrivals: .constant(rate: 10), queues: [queue("a"), queue("b")],
      topic: { $0.subscriptions = [sqsSubscription("a"), sqsSubscription("b")] })
    config.consumers = []
    let estimate = RunEstimate(config)
    #expect(abs(estimate.messages - 2_000) < 1)
    #expect(estimate.peakBytes >= RunEstimate.baseBytes + 2_000 * RunEstimate.bytesPerStoredMessage)
  }
}

@Suite("Observed runs")
struct ObservedRunTests {
  @Test("the observer sees progress grow, and stopping returns no result")
  func observeAndStop() {
    let config = simpleWorld(duration: 600, arrivals: .poisson(rate: 200), consumer: { $0.processingTime = .constant(1e6) })
    var seen: [RunProgress] = []
    var world = World(config: config)
    let result = world.run(every: 10_000) { progress in
      seen.append(progress)
      return true
    }
    #expect(result != nil)
    #expect(seen.count > 10)
    #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.now <= $1.now && $0.events < $1.events })
    #expect(seen.last?.now == seen.last?.end)
    var stopped = World(config: config)
    var calls = 0
    let none = stopped.run(every: 10_000) { _ in
      calls += 1
      return calls < 3
    }
    #expect(none == nil)
    #expect(calls == 3)
    // An observed run gives the same result as a plain one.
    var plain = World(config: config)
    var observed = World(config: config)
    #expect(plain.run().summary == observed.run(every: 1_000) { _ in true }!.summary)
  }
}
