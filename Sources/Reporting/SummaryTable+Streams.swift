import SimModels

/// The `run` table's Kinesis lines: streams and their shards, producers
/// writing to streams and the applications reading them.
extension SummaryTable {
  /// Shards listed one per line, for streams of at most this many (the
  /// stream line has the totals).
  static let shardLinesLimit = 16

  static func streamTables(order: [String], values: [String: MetricValues]) -> String {
    let streams = order.filter { $0.hasPrefix("stream/") && $0.split(separator: "/").count == 2 }
    guard !streams.isEmpty else { return "" }
    var out = "\n" + table(
      ["stream", "shards", "records in", "bytes in", "write throttled", "read throttled", "iterator age max", "retained", "trimmed"],
      streams.map { r in
        let v = values[r]!
        return [
          r, count(v[StreamMetric.openShards]), count(v[StreamMetric.incomingRecords]), count(v[StreamMetric.incomingBytes]),
          count(v[StreamMetric.writeProvisionedThroughputExceeded]), count(v[StreamMetric.readProvisionedThroughputExceeded]),
          duration(v[StreamMetric.getRecordsIteratorAgeMilliseconds].map { $0 / 1_000 }), count(v[StreamMetric.recordsRetained]),
          count(v[StreamMetric.recordsTrimmed]),
        ]
      })
    let shards = streams.flatMap { stream -> [String] in
      let own = order.filter { $0.hasPrefix(stream + "/") }
      return own.count <= shardLinesLimit ? own : []
    }
    if !shards.isEmpty {
      out += "\n" + table(
        ["shard", "records in", "busiest second", "busiest second bytes", "write throttled", "read throttled", "iterator age max"],
        shards.map { r in
          let v = values[r]!
          return [
            r, count(v[StreamMetric.incomingRecords]), count(v[StreamMetric.incomingRecordsMaxPerSecond]),
            count(v[StreamMetric.incomingBytesMaxPerSecond]), count(v[StreamMetric.writeProvisionedThroughputExceeded]),
            count(v[StreamMetric.readProvisionedThroughputExceeded]),
            duration(v[StreamMetric.iteratorAgeMilliseconds].map { $0 / 1_000 }),
          ]
        })
    }
    return out
  }

  static func streamClientTables(order: [String], values: [String: MetricValues]) -> String {
    var out = ""
    let producers = order.filter { $0.hasPrefix("producer/") && values[$0]![ProducerMetric.recordsPut] != nil }
    if !producers.isEmpty {
      out += "\n" + table(
        ["stream producer", "created", "put", "calls", "throttled", "dropped", "rejected", "reorders", "unaccounted"],
        producers.map { r in
          let v = values[r]!
          return [
            r, count(v[ProducerMetric.messagesCreated]), count(v[ProducerMetric.recordsPut]),
            count(sum(v[ProducerMetric.putRecordCalls], v[ProducerMetric.putRecordsCalls])),
            count(v[ProducerMetric.recordsThrottled]), count(v[ProducerMetric.recordsDropped]),
            count(v[ProducerMetric.messagesRejected]), count(v[ProducerMetric.producerReorders]),
            count(v[ProducerMetric.recordsUnaccounted]),
          ]
        })
    }
    let apps = order.filter { $0.hasPrefix("consumer/") && values[$0]![StreamConsumerMetric.recordsProcessed] != nil }
    if !apps.isEmpty {
      out += "\n" + table(
        [
          "stream application", "processed", "duplicates", "replayed", "lost", "order violations", "end-to-end p50/p99",
          "behind max", "workers with leases", "utilization", "read throttled", "unaccounted",
        ],
        apps.map { r in
          let v = values[r]!
          let workers = count(v[StreamConsumerMetric.workersWithLeases]) + " of " + count(v[StreamConsumerMetric.workers])
          return [
            r, count(v[StreamConsumerMetric.recordsProcessed]), count(v[StreamConsumerMetric.duplicateRecords]),
            count(v[StreamConsumerMetric.recordsReplayed]),
            count(v[StreamConsumerMetric.recordsLostToRetention]), count(v[StreamConsumerMetric.orderingViolations]),
            durationPair(v[StreamConsumerMetric.endToEndLatencyP50], v[StreamConsumerMetric.endToEndLatencyP99]),
            duration(v[StreamConsumerMetric.millisBehindLatestMax].map { $0 / 1_000 }), workers,
            percent(v[StreamConsumerMetric.utilization]),
            count(v[StreamConsumerMetric.readProvisionedThroughputExceeded]),
            count(v[StreamConsumerMetric.recordsUnaccounted]),
          ]
        })
    }
    return out
  }
}
