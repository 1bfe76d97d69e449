import Foundation
import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

/// The "validation must catch this" contract: every mutated scenario that
/// validates builds a `World` that runs without trapping (a trap fails the
/// whole test process). Runs are cut to a few simulated seconds.
@Suite("Every scenario that validates runs")
struct WorldFuzzTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The shipped scenarios and the decoding tests' full scenarios.
  static let sources: [(name: String, text: String, base: String)] = {
    let folder = root.appendingPathComponent("Scenarios")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    var sources = files.filter { $0.hasSuffix(".json5") }.sorted().compactMap { name -> (String, String, String)? in
      guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { return nil }
      return (name, text, folder.path)
    }
    sources.append(("full", ScenarioDecodingTests.fullScenario, "/nonexistent"))
    sources.append(("sns", MessagingDecodingTests.snsScenario, "/nonexistent"))
    return sources
  }()

  @Test("structural mutations that validate run", arguments: 0..<24)
  func mutatedScenariosRun(seed: Int) throws {
    var rng = SeededGenerator(seed: 7_000 + UInt64(seed))
    let fuzz = RobustnessTests()
    var ran = 0
    for source in Self.sources {
      guard case .success(let document) = JSON5Reading.parse(source.text) else {
        Issue.record("\(source.name) does not parse")
        continue
      }
      for _ in 0..<6 {
        var value = document.value
        for _ in 0...rng.nextInt(below: 4) / 3 { value = fuzz.mutate(value, rng: &rng) }
        let log = ProblemLog()
        guard var scenario = ScenarioLoader.read(value, log: log, file: "fuzz.json5", baseDirectory: source.base)
        else { continue }
        scenario.world.duration = min(scenario.world.duration, .seconds(5))
        scenario.world.warmup = min(scenario.world.warmup, scenario.world.duration)
        let end = SimTime(nanoseconds: scenario.world.duration.nanoseconds)
        let messages = scenario.world.producers.reduce(0.0) { $0 + $1.arrivals.expectedArrivals(until: end) }
        guard messages < 100_000 else { continue }  // bounded work; sizes are issue-7 material
        var world = World(config: scenario.world)
        let result = world.run()
        for row in result.summary where row.metric == "MessagesLost" || row.metric == "CountIdentityError" {
          #expect(row.value == 0, "seed \(seed), \(source.name): \(row.resource) \(row.metric) \(row.value)")
        }
        ran += 1
      }
    }
    #expect(ran > 0, "no mutation validated")
  }
}
