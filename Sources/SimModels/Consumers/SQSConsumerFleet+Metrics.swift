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

  /// Appends each fleet's rows for the period [start, now).
  mutating func closePeriod(start: Int64, now: Int64, into rows: inout [MetricRow]) {
    let length = Double(now - start)
    for c in fleets.indices {
      let d = fleets[c].counters.subtracting(baselines.period[c])
      baselines.period[c] = fleets[c].counters
      let busyNow = busyNanos(c, now: now)
      let busy = Double(busyNow - periodBusy[c])
      periodBusy[c] = busyNow
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
      let count = fleets[c].config.count
      row("Utilization", count > 0 ? busy / (length * Double(count)) : 0)
      let first = fleets[c].firstWorker
      row("WorkersUp", Double((first..<(first + count)).filter { !workers[$0].isDown }.count))
      row("Crashes", Double(d.crashes))
    }
  }

  /// Appends each fleet's whole-run rows after warm-up; `span` is the time
  /// since warm-up ended, in nanoseconds.
  func appendSummary(span: Double, now: Int64, to summary: inout [SummaryRow]) {
    for c in fleets.indices {
      let d = fleets[c].counters.subtracting(baselines.warmup[c])
      let name = resources[c]
      func row(_ metric: String, _ value: Double) {
        summary.append(SummaryRow(resource: name, metric: metric, value: value))
      }
      let processed = Double(d.processed)
      row("MessagesProcessed", processed)
      row("ProcessingFailures", Double(d.processingFailures))
      let count = fleets[c].config.count
      let busy = Double(busyNanos(c, now: now) - warmupBusy[c])
      row("Utilization", count > 0 && span > 0 ? busy / (span * Double(count)) : 0)
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
