import Foundation
import SimCore
import SimModels

// MARK: - Time per event against the number of queues (issue 8's goal)

extension BenchCommand {
  /// The numbers of queues `queues` compares, the first the reference.
  static let queueCounts = [100, 300, 1_000]

  /// `queues`: the same work, 1,000 msg/s for `seconds` simulated, spread
  /// over 100, 300 and 1,000 queues (each queue its own producer and two
  /// long-polling workers, exponential 50 ms processing, zero API latency,
  /// one metrics period for the whole run). Times the event loop only:
  /// from the first progress call (after 65,536 events, when rings and
  /// histograms have grown) to the last, so neither building the world
  /// nor the summary at the end counts, both of which grow with the
  /// number of queues, not of events. The sizes alternate for `rounds`
  /// rounds; it prints each size's best time per event and the median of
  /// the rounds' ratios to the first size (this VM's speed drifts by
  /// ±30 % over seconds, so the ratio of neighbouring runs is steadier
  /// than a ratio of bests). The goal is ratios near 1.
  static func queues(seconds: Int, rounds: Int) -> String {
    func count(_ n: Int) -> String { n >= 1_000 ? "\(n / 1_000),\(String(format: "%03d", n % 1_000))" : "\(n)" }
    let sizes = queueCounts
    var best = [Double](repeating: .infinity, count: sizes.count)
    var ratios = [[Double]](repeating: [], count: sizes.count)
    for _ in 0..<rounds {
      var perEvent = [Double](repeating: 0, count: sizes.count)
      for (i, n) in sizes.enumerated() {
        var world = World(config: queuesConfig(queues: n, seconds: seconds))
        var first: (time: UInt64, events: UInt64)?
        var last = (time: UInt64(0), events: UInt64(0))
        _ = world.run(every: 1 << 16) { progress in
          let mark = (time: DispatchTime.now().uptimeNanoseconds, events: progress.events)
          if first == nil { first = mark } else { last = mark }
          return true
        }
        guard let first, last.events > first.events else { return "queues    too few events to time\n" }
        perEvent[i] = Double(last.time - first.time) / Double(last.events - first.events)
        best[i] = min(best[i], perEvent[i])
      }
      for i in sizes.indices { ratios[i].append(perEvent[i] / perEvent[0]) }
    }
    let times = sizes.indices.map { "\(count(sizes[$0])) queues \(String(format: "%.0f", best[$0]))" }
    let growth = sizes.indices.dropFirst().map { i in
      let sorted = ratios[i].sorted()
      return "\(count(sizes[i])) \(round2(sorted[sorted.count / 2]))x (\(round2(sorted.first!))-\(round2(sorted.last!)))"
    }
    return """
      queues    1,000 msg/s for \(count(seconds)) s, \(rounds) round\(rounds == 1 ? "" : "s"): ns/event \(times.joined(separator: ", ")); \
      per event against \(sizes[0]) queues (median of the rounds, range): \(growth.joined(separator: ", ")) \
      (goal: near 1), peak \(Int(peakMemoryMiB())) MiB

      """
  }

  /// The `queues` set-up for `queues` queues.
  static func queuesConfig(queues count: Int, seconds: Int) -> WorldConfig {
    var queues: [QueueConfig] = []
    var producers: [ProducerConfig] = []
    var consumers: [ConsumerConfig] = []
    for i in 0..<count {
      var queue = QueueConfig(name: "q\(i)")
      queue.receiveWaitTime = .seconds(20)
      queues.append(queue)
      producers.append(
        ProducerConfig(name: "p\(i)", target: .queue("q\(i)"), arrivals: .poisson(rate: 1_000 / Double(count))))
      var consumer = ConsumerConfig(name: "c\(i)", source: .queue("q\(i)"))
      consumer.count = 2
      consumer.processingTime = .exponential(mean: 5e7)
      consumers.append(consumer)
    }
    return WorldConfig(
      name: "bench-queues", duration: .seconds(Double(seconds)), seed: 1, metricsPeriod: .seconds(Double(seconds)),
      queues: queues, producers: producers, consumers: consumers)
  }
}
