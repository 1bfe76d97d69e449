import SimCore

/// Producer rows of `metrics.csv` and `summary.csv`.
extension ProducerFleet {
  mutating func endWarmup() {
    for p in producers.indices { baselines.warmup[p] = producers[p].counters }
  }

  /// Appends each producer's rows for the period that started at `start`.
  mutating func closePeriod(start: Int64, into rows: inout [MetricRow]) {
    for p in producers.indices {
      let d = producers[p].counters.subtracting(baselines.period[p])
      baselines.period[p] = producers[p].counters
      for (metric, value) in d.rows {
        rows.append(MetricRow(time: start, resource: resources[p], metric: metric, value: value))
      }
    }
  }

  /// Appends each producer's whole-run rows after warm-up.
  func appendSummary(to summary: inout [SummaryRow]) {
    for p in producers.indices {
      let d = producers[p].counters.subtracting(baselines.warmup[p])
      for (metric, value) in d.rows {
        summary.append(SummaryRow(resource: resources[p], metric: metric, value: value))
      }
    }
  }
}
