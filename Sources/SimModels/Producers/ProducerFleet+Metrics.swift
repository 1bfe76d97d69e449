import SimCore

/// Producer rows of `metrics.csv` and `summary.csv`.
extension ProducerFleet: ServiceModel {
  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel) {
    for p in producers.indices { baselines.warmup[p] = producers[p].counters }
  }

  /// Registers every producer in the run's metrics table.
  mutating func registerMetrics(in table: inout MetricsTable) {
    metricIDs = resources.map { table.register($0, namespace: ProducerMetric.self) }
  }

  /// Publishes each producer's datapoints for the period that started at `start`.
  mutating func closePeriod(_ run: Milestone, peer _: Void, into table: inout MetricsTable, kernel: inout Kernel) {
    let start = run.periodStart
    for p in producers.indices {
      let d = producers[p].counters.subtracting(baselines.period[p])
      baselines.period[p] = producers[p].counters
      for (metric, value) in d.rows { table.publish(metric, of: metricIDs[p], at: start, value) }
    }
  }

  /// Appends each producer's whole-run rows after warm-up.
  func appendSummary(_ run: Milestone, peer _: Void, to summary: inout [SummaryRow], kernel: inout Kernel) {
    for p in producers.indices {
      let d = producers[p].counters.subtracting(baselines.warmup[p])
      for (metric, value) in d.rows { summary.append(resources[p], metric, value) }
    }
  }
}
