import SimCore

/// Stream and shard rows of `metrics.csv` and `summary.csv` (docs/model.md
/// §8.11): stream-level figures are the sums (or, for iterator age, the
/// maximum) of its shards'.
extension KinesisModel: ServiceModel {
  mutating func registerMetrics(in table: inout MetricsTable) {
    for s in streams.indices {
      streamMetricIDs.append(table.register(streams[s].resource, namespace: StreamMetric.self))
      for shard in streams[s].shards {
        shardMetricIDs.append(table.register(shardResources[shard], namespace: StreamMetric.self))
      }
    }
  }

  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel) {
    for s in shards.indices {
      baselines.warmup[s] = shards[s].counters
      noteWriteWindow(s)
      shards[s].runMaxRecords = shards[s].writeRecords
      shards[s].runMaxBytes = shards[s].writeBytes
      shards[s].runMaxIteratorAge = 0
    }
  }

  /// Trims every shard and publishes the period that started at `start`.
  mutating func closePeriod(_ run: Milestone, peer _: Void, into table: inout MetricsTable, kernel: inout Kernel) {
    let start = run.periodStart
    let isWarm = run.isWarm
    let now = run.now
    for s in shards.indices { trim(s, now: now) }
    for (i, stream) in streams.enumerated() {
      var sum = ShardCounters()
      var age: Int64 = 0
      var retained = 0
      for s in stream.shards where shards[s].status != .unused {
        let d = shards[s].counters.subtracting(baselines.period[s])
        baselines.period[s] = shards[s].counters
        noteWriteWindow(s)
        let id = shardMetricIDs[s]
        func row(_ metric: StreamMetric, _ value: Double) { table.publish(metric, of: id, at: start, value) }
        row(.incomingRecords, Double(d.incomingRecords))
        row(.incomingUserRecords, Double(d.incomingUserRecords))
        row(.incomingBytes, Double(d.incomingBytes))
        row(.incomingRecordsMaxPerSecond, Double(shards[s].periodMaxRecords))
        row(.incomingBytesMaxPerSecond, Double(shards[s].periodMaxBytes))
        row(.writeProvisionedThroughputExceeded, Double(d.writeThrottled))
        row(.readProvisionedThroughputExceeded, Double(d.readThrottled))
        row(.outgoingRecords, Double(d.outgoingRecords))
        row(.outgoingBytes, Double(d.outgoingBytes))
        row(.iteratorAgeMilliseconds, Double(shards[s].periodMaxIteratorAge) / 1e6)
        if isWarm {
          shards[s].runMaxRecords = max(shards[s].runMaxRecords, shards[s].periodMaxRecords)
          shards[s].runMaxBytes = max(shards[s].runMaxBytes, shards[s].periodMaxBytes)
          shards[s].runMaxIteratorAge = max(shards[s].runMaxIteratorAge, shards[s].periodMaxIteratorAge)
        }
        age = max(age, shards[s].periodMaxIteratorAge)
        retained += shards[s].log.retainedCount
        shards[s].periodMaxRecords = 0
        shards[s].periodMaxBytes = 0
        shards[s].periodMaxIteratorAge = 0
        // A second that ended with the period is not the next period's.
        let second = now / 1_000_000_000
        if shards[s].writeSecond != second && now % 1_000_000_000 == 0 {
          shards[s].writeSecond = second
          shards[s].writeRecords = 0
          shards[s].writeBytes = 0
        }
        sum = sum.adding(d)
      }
      let id = streamMetricIDs[i]
      func row(_ metric: StreamMetric, _ value: Double) { table.publish(metric, of: id, at: start, value) }
      row(.openShards, Double(stream.shardSet.open.count))
      row(.incomingRecords, Double(sum.incomingRecords))
      row(.incomingUserRecords, Double(sum.incomingUserRecords))
      row(.incomingBytes, Double(sum.incomingBytes))
      row(.putRecordsTotalRecords, Double(sum.putRecordsTotal))
      row(.putRecordsSuccessfulRecords, Double(sum.putRecordsSuccessful))
      row(.putRecordsRecords, Double(sum.putRecordsSuccessful))
      row(.putRecordsThrottledRecords, Double(sum.putRecordsThrottled))
      row(.putRecordsFailedRecords, 0)
      row(.writeProvisionedThroughputExceeded, Double(sum.writeThrottled))
      row(.readProvisionedThroughputExceeded, Double(sum.readThrottled))
      row(.getRecordsRecords, Double(sum.outgoingRecords))
      row(.getRecordsBytes, Double(sum.outgoingBytes))
      row(.getRecordsIteratorAgeMilliseconds, Double(age) / 1e6)
      row(.recordsRetained, Double(retained))
      row(.recordsTrimmed, Double(sum.trimmedRecords))
    }
  }

  func appendSummary(_ run: Milestone, peer _: Void, to summary: inout [SummaryRow], kernel: inout Kernel) {
    for stream in streams {
      var sum = ShardCounters()
      var age: Int64 = 0
      var retained = 0
      for s in stream.shards {
        sum = sum.adding(shards[s].counters.subtracting(baselines.warmup[s]))
        age = max(age, shards[s].runMaxIteratorAge)
        retained += shards[s].log.retainedCount
      }
      let name = stream.resource
      summary.append(name, StreamMetric.openShards, Double(stream.shardSet.open.count))
      summary.append(name, StreamMetric.incomingRecords, Double(sum.incomingRecords))
      summary.append(name, StreamMetric.incomingUserRecords, Double(sum.incomingUserRecords))
      summary.append(name, StreamMetric.incomingBytes, Double(sum.incomingBytes))
      summary.append(name, StreamMetric.putRecordsTotalRecords, Double(sum.putRecordsTotal))
      summary.append(name, StreamMetric.putRecordsSuccessfulRecords, Double(sum.putRecordsSuccessful))
      summary.append(name, StreamMetric.putRecordsRecords, Double(sum.putRecordsSuccessful))
      summary.append(name, StreamMetric.putRecordsThrottledRecords, Double(sum.putRecordsThrottled))
      summary.append(name, StreamMetric.putRecordsFailedRecords, 0)
      summary.append(name, StreamMetric.writeProvisionedThroughputExceeded, Double(sum.writeThrottled))
      summary.append(name, StreamMetric.readProvisionedThroughputExceeded, Double(sum.readThrottled))
      summary.append(name, StreamMetric.getRecordsRecords, Double(sum.outgoingRecords))
      summary.append(name, StreamMetric.getRecordsBytes, Double(sum.outgoingBytes))
      summary.append(name, StreamMetric.getRecordsIteratorAgeMilliseconds, Double(age) / 1e6)
      summary.append(name, StreamMetric.recordsRetained, Double(retained))
      summary.append(name, StreamMetric.recordsTrimmed, Double(sum.trimmedRecords))
      for s in stream.shards where shards[s].status != .unused {
        let d = shards[s].counters.subtracting(baselines.warmup[s])
        let shard = shardResources[s]
        summary.append(shard, StreamMetric.incomingRecords, Double(d.incomingRecords))
        summary.append(shard, StreamMetric.incomingUserRecords, Double(d.incomingUserRecords))
        summary.append(shard, StreamMetric.incomingBytes, Double(d.incomingBytes))
        summary.append(shard, StreamMetric.incomingRecordsMaxPerSecond, Double(shards[s].runMaxRecords))
        summary.append(shard, StreamMetric.incomingBytesMaxPerSecond, Double(shards[s].runMaxBytes))
        summary.append(shard, StreamMetric.writeProvisionedThroughputExceeded, Double(d.writeThrottled))
        summary.append(shard, StreamMetric.readProvisionedThroughputExceeded, Double(d.readThrottled))
        summary.append(shard, StreamMetric.outgoingRecords, Double(d.outgoingRecords))
        summary.append(shard, StreamMetric.outgoingBytes, Double(d.outgoingBytes))
        summary.append(shard, StreamMetric.iteratorAgeMilliseconds, Double(shards[s].runMaxIteratorAge) / 1e6)
      }
    }
  }
}

extension ShardCounters {
  /// Counter-by-counter sum.
  func adding(_ other: ShardCounters) -> ShardCounters {
    var sum = self
    for field in Self.fields { sum[keyPath: field] += other[keyPath: field] }
    return sum
  }
}
