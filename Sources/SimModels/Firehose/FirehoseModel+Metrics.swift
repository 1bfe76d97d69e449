import SimCore

/// Firehose stream rows of `metrics.csv` and `summary.csv` (docs/model.md
/// §11.5).
extension FirehoseModel: ServiceModel {
  mutating func registerMetrics(in table: inout MetricsTable) {
    metricIDs = firehoses.map { table.register($0.resource, namespace: FirehoseMetric.self) }
  }

  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel) {
    let now = run.now
    isWarm = true
    for f in firehoses.indices {
      baselines.warmup[f] = firehoses[f].counters
      firehoses[f].runMaxAge = 0
      noteAge(f, now: now)
    }
  }

  /// The counter rows of `d` shared by `metrics.csv` and `summary.csv`, in
  /// summary order up to the backup.
  static func counterRows(_ d: FirehoseCounters, freshness: Int64) -> [(FirehoseMetric, Double)] {
    var rows: [(FirehoseMetric, Double)] = [
      (.incomingRecords, Double(d.incomingRecords)), (.incomingBytes, Double(d.incomingBytes)),
      (.incomingPutRequests, Double(d.incomingPutRequests)), (.throttledRecords, Double(d.throttledRecords)),
      (.bufferFlushesSize, Double(d.flushesBySize)), (.bufferFlushesInterval, Double(d.flushesByInterval)),
      (.deliveryAttempts, Double(d.deliveryAttempts)), (.deliveryToS3Records, Double(d.deliveredRecords)),
      (.deliveryToS3Bytes, Double(d.deliveredBytes)),
    ]
    if d.deliveryAttempts > 0 {
      rows.append((.deliveryToS3Success, Double(d.deliverySuccesses) / Double(d.deliveryAttempts)))
    }
    rows += [
      (.deliveryToS3DataFreshness, Double(freshness) / 1e9),
      (.recordsProcessingFailed, Double(d.processingFailedRecords)), (.recordsToBackup, Double(d.backupRecords)),
    ]
    return rows
  }

  /// Publishes the period that started at `start`.
  mutating func closePeriod(_ run: Milestone, peer _: Void, into table: inout MetricsTable, kernel: inout Kernel) {
    let start = run.periodStart
    let now = run.now
    for f in firehoses.indices {
      noteAge(f, now: now)
      let d = firehoses[f].counters.subtracting(baselines.period[f])
      baselines.period[f] = firehoses[f].counters
      let id = metricIDs[f]
      for (metric, value) in Self.counterRows(d, freshness: firehoses[f].periodMaxAge) {
        table.publish(metric, of: id, at: start, value)
      }
      table.publish(FirehoseMetric.recordsBuffered, of: id, at: start, Double(firehoses[f].buffer.count))
      table.publish(FirehoseMetric.recordsInDelivery, of: id, at: start, Double(firehoses[f].inDelivery))
      if let latency = PeriodLatency(firehoses[f].periodLatency) {
        table.publish(FirehoseMetric.endToEndLatencyMean, of: id, at: start, latency.mean / 1e9)
        table.publish(FirehoseMetric.endToEndLatencyP99, of: id, at: start, Double(latency.p99) / 1e9)
      }
      firehoses[f].periodLatency.reset()
      firehoses[f].periodMaxAge = 0
    }
  }

  /// Whole-run rows after warm-up, the gauges at the end, and the
  /// conservation check over the whole run: every record accepted is
  /// delivered, processing-failed, backed up, buffered or in a batch on its
  /// way (each counted from where it is, not from the counters).
  mutating func appendSummary(_ run: Milestone, peer _: Void, to summary: inout [SummaryRow], kernel: inout Kernel) {
    let now = run.now
    for f in firehoses.indices {
      noteAge(f, now: now)
      let state = firehoses[f]
      let d = state.counters.subtracting(baselines.warmup[f])
      for (metric, value) in Self.counterRows(d, freshness: state.runMaxAge) {
        summary.append(state.resource, metric, value)
      }
      summary.appendLatency(state.resource, state.summaryLatency, FirehoseMetric.endToEndLatency)
      let inBatches = state.recordsInBatches
      summary.append(state.resource, FirehoseMetric.recordsBuffered, Double(state.buffer.count))
      summary.append(state.resource, FirehoseMetric.recordsInDelivery, Double(inBatches))
      let c = state.counters
      let unaccounted =
        c.incomingRecords - c.deliveredRecords - c.processingFailedRecords - c.backupRecords - state.buffer.count
        - inBatches
      summary.append(state.resource, FirehoseMetric.recordsUnaccounted, Double(unaccounted))
    }
  }
}
