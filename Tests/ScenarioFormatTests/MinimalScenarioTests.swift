import Testing
import SimCore
import SimModels
import ScenarioFormat

@Suite("The shortest sensible scenario")
struct MinimalScenarioTests {
  static let minimal = """
    {
      queues: [{ name: "jobs" }],
      producers: [{ name: "web", target: "queue:jobs", arrivals: { process: "poisson", rate: 10 } }],
      consumers: [{ name: "workers", source: "queue:jobs", count: 2, processingTime: "50ms" }],
    }
    """

  @Test("a queue, a producer and a consumer with the defaults validate and run (short polling costs API latency)")
  func minimalRuns() throws {
    let scenario = try decodeScenario(Self.minimal)
    #expect(scenario.world.producers[0].apiLatency == defaultAPILatency)
    #expect(scenario.world.consumers[0].apiLatency == defaultAPILatency)
    var config = scenario.world
    config.duration = .seconds(120)
    var world = World(config: config)
    let result = world.run()
    let sent = result.summaryValue("queue/jobs", "NumberOfMessagesSent") ?? 0
    #expect(sent > 1_000)
    #expect(result.summaryValue("queue/jobs", "MessagesLost") == 0)
    // Short polling (the queue's default wait time 0): many empty receives,
    // each paced by one API round trip of a few milliseconds.
    let empty = result.summaryValue("consumer/workers", "EmptyReceives") ?? 0
    #expect(empty > 10_000 && empty < 100_000, "empty receives \(empty)")
  }

  @Test("an explicit zero latency is still refused for short polling that would spin")
  func zeroLatencyShortPollRefused() {
    let lines = errorLines(Self.minimal.replacingOccurrences(of: "processingTime: \"50ms\"", with: "processingTime: \"50ms\", apiLatency: \"0s\""))
    #expect(lines.contains { $0.contains("short polling with zero apiLatency") })
  }
}
