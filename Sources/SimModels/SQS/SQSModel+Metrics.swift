import SimCore

/// Queue rows of `metrics.csv` and `summary.csv`, and the conservation
/// audit (docs/model.md §7).
extension SQSModel {
  /// Brings every queue's time integral of the visible count up to now.
  mutating func settleVisibleArea(kernel: borrowing Kernel) {
    for q in queues.indices { metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: kernel.now) }
  }

  /// Warm-up ended: the summary counts from here.
  mutating func endWarmup(kernel: inout Kernel) {
    settleVisibleArea(kernel: kernel)
    warmupVisibleArea = metrics.visibleArea
    for q in queues.indices { baselines.warmup[q] = queues[q].counters }
    metrics.endWarmup()
    for q in queues.indices {
      peakVisible[q] = queues[q].visibleCount
      peakAge[q] = ageOfOldestMessage(q, kernel: &kernel)
    }
  }

  /// Appends each queue's rows for the period that started at `start`.
  mutating func closePeriod(start: Int64, isWarm: Bool, into rows: inout [MetricRow], kernel: inout Kernel) {
    settleVisibleArea(kernel: kernel)
    let afterWarmup = kernel.now > kernel.warmupNanos
    for q in queues.indices {
      let name = resources[q]
      let d = queues[q].counters.subtracting(baselines.period[q])
      baselines.period[q] = queues[q].counters
      let age = ageOfOldestMessage(q, kernel: &kernel)
      if afterWarmup {
        peakVisible[q] = max(peakVisible[q], queues[q].visibleCount)
        peakAge[q] = max(peakAge[q], age)
      }
      func row(_ metric: String, _ value: Double) {
        rows.append(MetricRow(time: start, resource: name, metric: metric, value: value))
      }
      row("NumberOfMessagesSent", Double(d.sent))
      if d.sent > 0 { row("SentMessageSize", Double(d.sentBytes) / Double(d.sent)) }
      row("NumberOfMessagesReceived", Double(d.received))
      row("NumberOfMessagesDeleted", Double(d.deleted))
      row("NumberOfEmptyReceives", Double(d.emptyReceives))
      row("ApproximateNumberOfMessagesVisible", Double(queues[q].visibleCount))
      row("ApproximateNumberOfMessagesNotVisible", Double(queues[q].inFlightCount))
      row("ApproximateNumberOfMessagesDelayed", Double(queues[q].delayedCount))
      row("ApproximateAgeOfOldestMessage", Double(age) / 1e9)
      row("MessagesExpired", Double(d.expired))
      row("MessagesMovedToDLQ", Double(d.movedToDeadLetter))
      if queues[q].counters.movedIn > 0 { row("MessagesMovedIn", Double(d.movedIn)) }
      row("DuplicateDeliveries", Double(d.duplicateDeliveries))
      row("OrderingViolations", Double(d.orderingViolations))
      if d.overLimitErrors > 0 { row("OverLimitErrors", Double(d.overLimitErrors)) }
      if let fifo = queues[q].fifo {
        row("ApproximateNumberOfGroupsWithInflightMessages", Double(fifo.groupsWithInflight))
        row("NumberOfDeduplicatedSentMessages", Double(d.deduplicated))
        row("ThrottledRequests", Double(d.throttled))
        row("DeleteMessageErrors", Double(d.deleteErrors))
      }
      let (queueTime, endToEnd) = metrics.closePeriod(q, warmupOver: isWarm)
      if !queueTime.isEmpty {
        row("QueueTime.mean", queueTime.mean / 1e9)
        row("QueueTime.p99", Double(queueTime.quantile(0.99)) / 1e9)
      }
      if !endToEnd.isEmpty {
        row("EndToEndLatency.mean", endToEnd.mean / 1e9)
        row("EndToEndLatency.p99", Double(endToEnd.quantile(0.99)) / 1e9)
      }
    }
  }

  /// Appends each queue's whole-run rows after warm-up; `span` is the time
  /// since warm-up ended, in nanoseconds.
  mutating func appendSummary(span: Double, to summary: inout [SummaryRow], kernel: inout Kernel) {
    settleVisibleArea(kernel: kernel)
    let audit = auditMessages(kernel: kernel)
    for q in queues.indices {
      let name = resources[q]
      let d = queues[q].counters.subtracting(baselines.warmup[q])
      func row(_ metric: String, _ value: Double) {
        summary.append(SummaryRow(resource: name, metric: metric, value: value))
      }
      row("NumberOfMessagesSent", Double(d.sent))
      row("NumberOfMessagesReceived", Double(d.received))
      row("NumberOfMessagesDeleted", Double(d.deleted))
      row("MessagesDeleted", Double(d.deletedUnique))
      row("NumberOfEmptyReceives", Double(d.emptyReceives))
      for (label, histogram) in [("QueueTime", metrics.queueTimeSummary[q]), ("EndToEndLatency", metrics.endToEndSummary[q])] {
        row("\(label).count", Double(histogram.count))
        guard !histogram.isEmpty else { continue }
        row("\(label).mean", histogram.mean / 1e9)
        row("\(label).p50", Double(histogram.quantile(0.50)) / 1e9)
        row("\(label).p90", Double(histogram.quantile(0.90)) / 1e9)
        row("\(label).p99", Double(histogram.quantile(0.99)) / 1e9)
        row("\(label).max", Double(histogram.max) / 1e9)
      }
      row("DuplicateDeliveries", Double(d.duplicateDeliveries))
      row("OrderingViolations", Double(d.orderingViolations))
      row("MessagesExpired", Double(d.expired))
      row("MessagesMovedToDLQ", Double(d.movedToDeadLetter))
      row("MessagesMovedIn", Double(d.movedIn))
      row("OverLimitErrors", Double(d.overLimitErrors))
      row("ChangeMessageVisibilityRejected", Double(d.changeVisibilityRejected))
      if queues[q].isFIFO {
        row("NumberOfDeduplicatedSentMessages", Double(d.deduplicated))
        row("ThrottledRequests", Double(d.throttled))
        row("DeleteMessageErrors", Double(d.deleteErrors))
        row("MessagesPerSecond.sent", span > 0 ? Double(d.sent) / (span / 1e9) : 0)
      }
      row("ApproximateNumberOfMessagesVisible", Double(queues[q].visibleCount))
      row("ApproximateNumberOfMessagesNotVisible", Double(queues[q].inFlightCount))
      row("ApproximateNumberOfMessagesDelayed", Double(queues[q].delayedCount))
      row("ApproximateNumberOfMessagesVisible.max", Double(max(peakVisible[q], queues[q].visibleCount)))
      row(
        "ApproximateNumberOfMessagesVisible.mean",
        span > 0 ? (metrics.visibleArea[q] - warmupVisibleArea[q]) / span : 0)
      row("ApproximateAgeOfOldestMessage.max", Double(max(peakAge[q], ageOfOldestMessage(q, kernel: &kernel))) / 1e9)
      row("MessagesLost", Double(audit[q]))
      row("CountIdentityError", Double(countIdentityError(q)))
    }
  }

  /// The count identity of queue `q` over the whole run, from its counters
  /// and gauges: sent + moved in = deleted + expired + moved to a DLQ +
  /// visible + in flight + delayed, "deleted" counting each message once
  /// (`MessagesDeleted`). Returns how far it is off (0 when it holds).
  func countIdentityError(_ q: Int) -> Int {
    let c = queues[q].counters
    let entered = c.sent + c.movedIn
    let left = c.deletedUnique + c.expired + c.movedToDeadLetter
    return abs(entered - left - queues[q].storedCount)
  }

  /// Conservation check per queue over the whole run: every message that
  /// entered a queue (sent or moved in) is deleted, expired, moved out, or
  /// still there, and the live counts agree with a full scan of the store.
  /// Returns the number of messages unaccounted for per queue (0 when
  /// nothing was lost).
  func auditMessages(kernel: borrowing Kernel) -> [Int] {
    var visible = Array(repeating: 0, count: queues.count)
    var inFlight = visible
    var delayed = visible
    for slot in kernel.store.liveSlots() {
      let message = kernel.store[slot]
      guard message.queue >= 0 else { continue }
      switch message.state {
      case .visible: visible[Int(message.queue)] += 1
      case .inFlight: inFlight[Int(message.queue)] += 1
      case .delayed: delayed[Int(message.queue)] += 1
      case .free, .sending: break
      }
    }
    return queues.indices.map { q in
      let c = queues[q].counters
      let entered = c.sent + c.movedIn
      let left = c.deletedUnique + c.expired + c.movedToDeadLetter
      let present = visible[q] + inFlight[q] + delayed[q]
      let drift = abs(visible[q] - queues[q].visibleCount) + abs(inFlight[q] - queues[q].inFlightCount)
        + abs(delayed[q] - queues[q].delayedCount)
      return abs(entered - left - present) + drift
    }
  }
}
