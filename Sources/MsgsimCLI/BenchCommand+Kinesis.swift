import Foundation
import SimCore
import SimModels

// MARK: - Kinesis (issue 9's benchmark)

extension BenchCommand {
  /// `kinesis`: 100 provisioned shards at 80 % of their write capacity
  /// (80,000 records/s of 1 KiB from 100,000 uniformly drawn keys, in
  /// PutRecords calls of up to 500) for `seconds` simulated, read by two
  /// KCL-style applications of 50 workers each (0.1 ms per record). Every
  /// record is stored and read individually. Prints the time, the records
  /// per second of wall time and the peak memory.
  static func kinesis(seconds: Int) -> String {
    var stream = StreamConfig(name: "s")
    stream.shards = 100
    var producer = ProducerConfig(name: "p", target: .stream("s"), arrivals: .poisson(rate: 80_000))
    producer.keys = KeyConfig(names: (0..<100_000).map { "key-\($0)" })
    producer.batch = BatchPolicy(size: 500, window: .milliseconds(100))
    let apps = ["a", "b"].map { name in
      var app = ConsumerConfig(name: name, source: .stream("s"))
      app.count = 50
      app.processingTime = .constant(1e5)
      return app
    }
    var config = WorldConfig(
      name: "bench-kinesis", duration: .seconds(Double(seconds)), producers: [producer], consumers: apps)
    config.streams = [stream]
    let start = DispatchTime.now().uptimeNanoseconds
    var world = World(config: config)
    let result = world.run()
    let elapsed = Self.seconds(since: start)
    let records = result.summary.first { $0.resource == "stream/s" && $0.metric == "IncomingRecords" }?.value ?? 0
    let processed = result.summary.filter { $0.metric == "RecordsProcessed" }.reduce(0) { $0 + $1.value }
    return """
      kinesis   100 shards, 80,000 records/s of 1 KiB, 100,000 keys, \(seconds) s simulated, 2 KCL applications: \
      \(formatMillions(records)) records put, \(formatMillions(processed)) processed, \(round2(elapsed)) s, \
      \(rate(records, elapsed)) records/s, \(world.processedEvents) events, peak \(Int(peakMemoryMiB())) MiB

      """
  }

  /// `trucks`: the truck fleet of `Scenarios/kinesis-truck-fleet.json5`
  /// (100 trucks, 50 positions/s, 5 shards, a KCL application of 10
  /// workers, PutRecord per truck in order) for `hours` simulated.
  static func trucks(hours: Int) -> String {
    var stream = StreamConfig(name: "gps")
    stream.shards = 5
    var producer = ProducerConfig(name: "trucks", target: .stream("gps"), arrivals: .poisson(rate: 50))
    producer.keys = KeyConfig(names: (0..<100).map { "truck-\($0)" })
    producer.messageSize = .constant(200)
    producer.sendDiscipline = .perKey
    producer.apiLatency = defaultAPILatency
    var tracker = ConsumerConfig(name: "tracker", source: .stream("gps"))
    tracker.count = 10
    tracker.processingTime = .exponential(mean: 20e6)
    tracker.apiLatency = defaultAPILatency
    var config = WorldConfig(
      name: "bench-trucks", duration: .seconds(Double(hours) * 3_600), producers: [producer], consumers: [tracker])
    config.streams = [stream]
    let start = DispatchTime.now().uptimeNanoseconds
    var world = World(config: config)
    let result = world.run()
    let elapsed = Self.seconds(since: start)
    let records = result.summary.first { $0.resource == "stream/gps" && $0.metric == "IncomingRecords" }?.value ?? 0
    return """
      trucks    truck fleet, 100 trucks into 5 shards, \(hours) h simulated: \(formatMillions(records)) records, \
      \(round2(elapsed)) s (target <= 10 s for 24 h), \(world.processedEvents) events, peak \(Int(peakMemoryMiB())) MiB

      """
  }
}

