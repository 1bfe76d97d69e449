import SimCore

/// Consumer rows of `metrics.csv` and `summary.csv`.
extension SQSConsumerFleet {
  /// Processing time finished or under way for fleet `c`, up to now.
  func busyNanos(_ c: Int, now: Int64) -> Int64 {
    var total = fleets[c].busyNanos
    let first = fleets[c].firstWorker
    for w in first..<(first + fleets[c].config.count) where workers[w].isProcessing {
      total += now - workers[w].processingStartedAt
    }
    return total
  }

  mutating func endWarmup(now: Int64) {
    for c in fleets.indices {
      baselines.warmup[c] = fleets[c].counters
      warmupBusy[c] = busyNanos(c, now: now)
    }
  }

  /// Registers every fleet in the run's metrics table.
  mutating func registerMetrics(in table: inout MetricsTable) {
    metricIDs = resources.map { table.register($0, namespace: ConsumerMetric.self) }
  }

  /// Publishes each fleet's datapoints for the period [start, now).
  mutating func closePeriod(start: Int64, now: Int64, into table: inout MetricsTable) {
    let length = Double(now - start)
    for c in fleets.indices {
      let d = fleets[c].counters.subtracting(baselines.period[c])
      baselines.period[c] = fleets[c].counters
      let busyNow = busyNanos(c, now: now)
      let busy = Double(busyNow - periodBusy[c])
      periodBusy[c] = busyNow
      let id = metricIDs[c]
      func row(_ metric: ConsumerMetric, _ value: Double) { table.publish(metric, of: id, at: start, value) }
      row(.messagesProcessed, Double(d.processed))
      row(.processingFailures, Double(d.processingFailures))
      row(.receiveMessageCalls, Double(d.receiveCalls))
      row(.emptyReceives, Double(d.emptyReceives))
      row(.deleteMessageCalls, Double(d.deleteCalls + d.deleteBatchCalls))
      row(.changeMessageVisibilityCalls, Double(d.changeVisibilityCalls + d.changeVisibilityBatchCalls))
      let count = fleets[c].config.count
      row(.utilization, count > 0 ? busy / (length * Double(count)) : 0)
      let first = fleets[c].firstWorker
      row(.workersUp, Double((first..<(first + count)).filter { !workers[$0].isDown }.count))
      row(.crashes, Double(d.crashes))
    }
  }

  /// Appends each fleet's whole-run rows after warm-up; `span` is the time
  /// since warm-up ended, in nanoseconds.
  func appendSummary(span: Double, now: Int64, to summary: inout [SummaryRow]) {
    for c in fleets.indices {
      let d = fleets[c].counters.subtracting(baselines.warmup[c])
      let name = resources[c]
      func row(_ metric: ConsumerMetric, _ value: Double) { summary.append(name, metric, value) }
      let processed = Double(d.processed)
      row(.messagesProcessed, processed)
      row(.processingFailures, Double(d.processingFailures))
      let count = fleets[c].config.count
      let busy = Double(busyNanos(c, now: now) - warmupBusy[c])
      row(.utilization, count > 0 && span > 0 ? busy / (span * Double(count)) : 0)
      row(.receiveMessageCalls, Double(d.receiveCalls))
      row(.emptyReceives, Double(d.emptyReceives))
      row(.deleteMessageCalls, Double(d.deleteCalls))
      row(.deleteMessageBatchCalls, Double(d.deleteBatchCalls))
      row(.changeMessageVisibilityCalls, Double(d.changeVisibilityCalls))
      row(.changeMessageVisibilityBatchCalls, Double(d.changeVisibilityBatchCalls))
      row(.apiCalls, Double(d.apiCalls))
      row(.apiCallsPerMessage, processed > 0 ? Double(d.apiCalls) / processed : 0)
      row(.receiveCallsPerMessage, processed > 0 ? Double(d.receiveCalls) / processed : 0)
      row(.duplicateDeliveries, Double(d.duplicateDeliveries))
      row(.orderingViolations, Double(d.orderingViolations))
      row(.overLimitErrors, Double(d.overLimitErrors))
      row(.crashes, Double(d.crashes))
      row(.throttledRequests, Double(d.throttled))
    }
  }
}
