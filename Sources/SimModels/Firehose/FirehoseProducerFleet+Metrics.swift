import SimCore

/// Rows of producers writing to Firehose streams in `metrics.csv` and
/// `summary.csv` (docs/model.md §11.5).
extension FirehoseProducerFleet {
  mutating func registerMetrics(in table: inout MetricsTable) {
    metricIDs = resources.map { table.register($0, namespace: ProducerMetric.self) }
  }

  mutating func endWarmup() {
    for p in producers.indices { baselines.warmup[p] = producers[p].counters }
  }

  mutating func closePeriod(start: Int64, into table: inout MetricsTable) {
    for p in producers.indices {
      let d = producers[p].counters.subtracting(baselines.period[p])
      baselines.period[p] = producers[p].counters
      for (metric, value) in Self.rows(d) { table.publish(metric, of: metricIDs[p], at: start, value) }
    }
  }

  /// Whole-run rows after warm-up, and the conservation check over the
  /// whole run: every record created is accepted, dropped, rejected or
  /// still in a call or the open batch.
  func appendSummary(to summary: inout [SummaryRow]) {
    for p in producers.indices {
      let d = producers[p].counters.subtracting(baselines.warmup[p])
      for (metric, value) in Self.rows(d) { summary.append(resources[p], metric, value) }
      let c = producers[p].counters
      let unaccounted = c.created - c.put - c.dropped - c.rejected - producers[p].recordsInFlight
      summary.append(resources[p], ProducerMetric.recordsUnaccounted, Double(unaccounted))
    }
  }

  /// The counter rows, in `MetricCatalogue.firehoseProducerMetrics` order.
  static func rows(_ d: FirehoseProducerCounters) -> [(ProducerMetric, Double)] {
    [
      (.messagesCreated, Double(d.created)), (.recordsPut, Double(d.put)),
      (.putRecordCalls, Double(d.putRecordCalls)), (.putRecordBatchCalls, Double(d.putRecordBatchCalls)),
      (.sendErrors, Double(d.callErrors)), (.retries, Double(d.retries)), (.messagesRejected, Double(d.rejected)),
      (.recordsThrottled, Double(d.throttled)), (.recordsDropped, Double(d.dropped)),
    ]
  }
}
