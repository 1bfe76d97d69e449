import SimCore

/// Consumer rows of `metrics.csv` and `summary.csv`.
extension SQSConsumerFleet {
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

  mutating func endWarmup(now: Int64) {
    for c in fleets.indices {
      baselines.warmup[c] = fleets[c].counters
      warmupTime[c] = poolTime(c, now: now)
    }
  }

  /// Appends each fleet's rows for the period [start, now).
  mutating func closePeriod(start: Int64, now: Int64, into rows: inout [MetricRow]) {
    for c in fleets.indices {
      let d = fleets[c].counters.subtracting(baselines.period[c])
      baselines.period[c] = fleets[c].counters
      let time = poolTime(c, now: now)
      let utilization = time.utilization(since: periodTime[c])
      periodTime[c] = time
      let name = resources[c]
      func row(_ metric: String, _ value: Double) {
        rows.append(MetricRow(time: start, resource: name, metric: metric, value: value))
      }
      row("MessagesProcessed", Double(d.processed))
      row("ProcessingFailures", Double(d.processingFailures))
      row("ReceiveMessageCalls", Double(d.receiveCalls))
      row("EmptyReceives", Double(d.emptyReceives))
      row("DeleteMessageCalls", Double(d.deleteCalls + d.deleteBatchCalls))
      row("ChangeMessageVisibilityCalls", Double(d.changeVisibilityCalls + d.changeVisibilityBatchCalls))
      // Busy time over ∫ members dt: count × length while the size is fixed.
      row("Utilization", utilization)
      row("WorkersUp", Double(fleets[c].pool.workers.filter { !workers[$0].isDown }.count))
      row("Crashes", Double(d.crashes))
    }
  }

  /// Appends each fleet's whole-run rows after warm-up.
  func appendSummary(now: Int64, to summary: inout [SummaryRow]) {
    for c in fleets.indices {
      let d = fleets[c].counters.subtracting(baselines.warmup[c])
      let name = resources[c]
      func row(_ metric: String, _ value: Double) {
        summary.append(SummaryRow(resource: name, metric: metric, value: value))
      }
      let processed = Double(d.processed)
      row("MessagesProcessed", processed)
      row("ProcessingFailures", Double(d.processingFailures))
      row("Utilization", poolTime(c, now: now).utilization(since: warmupTime[c]))
      row("ReceiveMessageCalls", Double(d.receiveCalls))
      row("EmptyReceives", Double(d.emptyReceives))
      row("DeleteMessageCalls", Double(d.deleteCalls))
      row("DeleteMessageBatchCalls", Double(d.deleteBatchCalls))
      row("ChangeMessageVisibilityCalls", Double(d.changeVisibilityCalls))
      row("ChangeMessageVisibilityBatchCalls", Double(d.changeVisibilityBatchCalls))
      row("ApiCalls", Double(d.apiCalls))
      row("ApiCallsPerMessage", processed > 0 ? Double(d.apiCalls) / processed : 0)
      row("ReceiveCallsPerMessage", processed > 0 ? Double(d.receiveCalls) / processed : 0)
      row("DuplicateDeliveries", Double(d.duplicateDeliveries))
      row("OrderingViolations", Double(d.orderingViolations))
      row("OverLimitErrors", Double(d.overLimitErrors))
      row("Crashes", Double(d.crashes))
      row("ThrottledRequests", Double(d.throttled))
    }
  }
}
