import SimCore

/// Consumer rows of `metrics.csv` and `summary.csv`.
extension SQSConsumerFleet: ServiceModel {
  /// Fleet `c`'s processing time (finished or under way) and member time,
  /// up to now.
  ///
  /// - Complexity: O(`maxCount`).
  func poolTime(_ c: Int, now: Int64) -> PoolTime {
    var busy = fleets[c].pool.busyNanos
    for w in fleets[c].pool.workers where workers[w].isProcessing {
      busy += now - workers[w].processingStartedAt
    }
    return PoolTime(busyNanos: busy, memberNanos: fleets[c].pool.memberNanos(at: now))
  }

  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel) {
    let now = run.now
    for c in fleets.indices {
      baselines.warmup[c] = fleets[c].counters
      warmupTime[c] = poolTime(c, now: now)
    }
  }

  /// Registers every fleet in the run's metrics table.
  mutating func registerMetrics(in table: inout MetricsTable) {
    metricIDs = resources.map { table.register($0, namespace: ConsumerMetric.self) }
  }

  /// Publishes each fleet's datapoints for the period [start, now).
  mutating func closePeriod(_ run: Milestone, peer _: Void, into table: inout MetricsTable, kernel: inout Kernel) {
    let start = run.periodStart
    let now = run.now
    for c in fleets.indices {
      let d = fleets[c].counters.subtracting(baselines.period[c])
      baselines.period[c] = fleets[c].counters
      let time = poolTime(c, now: now)
      let utilization = time.utilization(since: periodTime[c])
      periodTime[c] = time
      let id = metricIDs[c]
      func row(_ metric: ConsumerMetric, _ value: Double) { table.publish(metric, of: id, at: start, value) }
      row(.messagesProcessed, Double(d.processed))
      row(.processingFailures, Double(d.processingFailures))
      row(.receiveMessageCalls, Double(d.receiveCalls))
      row(.emptyReceives, Double(d.emptyReceives))
      row(.deleteMessageCalls, Double(d.deleteCalls + d.deleteBatchCalls))
      row(.changeMessageVisibilityCalls, Double(d.changeVisibilityCalls + d.changeVisibilityBatchCalls))
      // Busy time over ∫ members dt: count × length while the size is fixed.
      row(.utilization, utilization)
      var up = 0  // counted, not filtered: a filtered array grows four times a period
      for w in fleets[c].pool.workers where !workers[w].isDown { up += 1 }
      row(.workersUp, Double(up))
      row(.crashes, Double(d.crashes))
    }
  }

  /// Appends each fleet's whole-run rows after warm-up.
  func appendSummary(_ run: Milestone, peer _: Void, to summary: inout [SummaryRow], kernel: inout Kernel) {
    let now = run.now
    for c in fleets.indices {
      let d = fleets[c].counters.subtracting(baselines.warmup[c])
      let name = resources[c]
      func row(_ metric: ConsumerMetric, _ value: Double) { summary.append(name, metric, value) }
      let processed = Double(d.processed)
      row(.messagesProcessed, processed)
      row(.processingFailures, Double(d.processingFailures))
      row(.utilization, poolTime(c, now: now).utilization(since: warmupTime[c]))
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
