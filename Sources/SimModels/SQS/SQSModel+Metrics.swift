import SimCore

/// Queue rows of `metrics.csv` and `summary.csv`, and the conservation
/// audit (docs/model.md §7).
extension SQSModel: ServiceModel {
  /// Brings every queue's time integral of the visible count up to now.
  mutating func settleVisibleArea(kernel: borrowing Kernel) {
    for q in queues.indices { metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: kernel.now) }
  }

  /// Warm-up ended: the summary counts from here.
  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel) {
    settleVisibleArea(kernel: kernel)
    warmupVisibleArea = Array(metrics.visibleArea)  // a copy: the collector's is a fixed array
    for q in queues.indices { baselines.warmup[q] = queues[q].counters }
    metrics.endWarmup()
    for q in queues.indices {
      peakVisible[q] = queues[q].visibleCount
      peakAge[q] = ageOfOldestMessage(q, kernel: &kernel)
    }
  }

  /// Registers every queue in the run's metrics table.
  mutating func registerMetrics(in table: inout MetricsTable) {
    metricIDs = resources.map { table.register($0, namespace: SQSMetric.self) }
  }

  /// Publishes each queue's datapoints for the period that started at `start`.
  mutating func closePeriod(_ run: Milestone, peer _: Void, into table: inout MetricsTable, kernel: inout Kernel) {
    let start = run.periodStart
    let isWarm = run.isWarm
    settleVisibleArea(kernel: kernel)
    let afterWarmup = kernel.now > kernel.warmupNanos
    for q in queues.indices {
      let id = metricIDs[q]
      let d = queues[q].counters.subtracting(baselines.period[q])
      baselines.period[q] = queues[q].counters
      let age = ageOfOldestMessage(q, kernel: &kernel)
      if afterWarmup {
        peakVisible[q] = max(peakVisible[q], queues[q].visibleCount)
        peakAge[q] = max(peakAge[q], age)
      }
      func row(_ metric: SQSMetric, _ value: Double) { table.publish(metric, of: id, at: start, value) }
      row(.numberOfMessagesSent, Double(d.sent))
      if d.sent > 0 { row(.sentMessageSize, Double(d.sentBytes) / Double(d.sent)) }
      row(.numberOfMessagesReceived, Double(d.received))
      row(.numberOfMessagesDeleted, Double(d.deleted))
      row(.numberOfEmptyReceives, Double(d.emptyReceives))
      row(.approximateNumberOfMessagesVisible, Double(queues[q].visibleCount))
      row(.approximateNumberOfMessagesNotVisible, Double(queues[q].inFlightCount))
      row(.approximateNumberOfMessagesDelayed, Double(queues[q].delayedCount))
      row(.approximateAgeOfOldestMessage, Double(age) / 1e9)
      row(.messagesExpired, Double(d.expired))
      row(.messagesMovedToDLQ, Double(d.movedToDeadLetter))
      if queues[q].counters.movedIn > 0 { row(.messagesMovedIn, Double(d.movedIn)) }
      row(.duplicateDeliveries, Double(d.duplicateDeliveries))
      row(.orderingViolations, Double(d.orderingViolations))
      if d.overLimitErrors > 0 { row(.overLimitErrors, Double(d.overLimitErrors)) }
      if let fifo = queues[q].fifo {
        row(.approximateNumberOfGroupsWithInflightMessages, Double(fifo.groupsWithInflight))
        row(.numberOfDeduplicatedSentMessages, Double(d.deduplicated))
        row(.throttledRequests, Double(d.throttled))
        row(.deleteMessageErrors, Double(d.deleteErrors))
      }
      let (queueTime, endToEnd) = metrics.closePeriod(q, warmupOver: isWarm)
      if let queueTime {
        row(.queueTimeMean, queueTime.mean / 1e9)
        row(.queueTimeP99, Double(queueTime.p99) / 1e9)
      }
      if let endToEnd {
        row(.endToEndLatencyMean, endToEnd.mean / 1e9)
        row(.endToEndLatencyP99, Double(endToEnd.p99) / 1e9)
      }
    }
  }

  /// Appends each queue's whole-run rows after warm-up; `span` is the time
  /// since warm-up ended, in nanoseconds.
  mutating func appendSummary(_ run: Milestone, peer _: Void, to summary: inout [SummaryRow], kernel: inout Kernel) {
    let span = run.span
    settleVisibleArea(kernel: kernel)
    let audit = auditMessages(kernel: kernel)
    for q in queues.indices {
      let name = resources[q]
      let d = queues[q].counters.subtracting(baselines.warmup[q])
      func row(_ metric: SQSMetric, _ value: Double) { summary.append(name, metric, value) }
      row(.numberOfMessagesSent, Double(d.sent))
      row(.numberOfMessagesReceived, Double(d.received))
      row(.numberOfMessagesDeleted, Double(d.deleted))
      row(.messagesDeleted, Double(d.deletedUnique))
      row(.numberOfEmptyReceives, Double(d.emptyReceives))
      summary.appendLatency(name, metrics.queueTimeSummary[q], SQSMetric.queueTime)
      summary.appendLatency(name, metrics.endToEndSummary[q], SQSMetric.endToEndLatency)
      row(.duplicateDeliveries, Double(d.duplicateDeliveries))
      row(.orderingViolations, Double(d.orderingViolations))
      row(.messagesExpired, Double(d.expired))
      row(.messagesMovedToDLQ, Double(d.movedToDeadLetter))
      row(.messagesMovedIn, Double(d.movedIn))
      row(.overLimitErrors, Double(d.overLimitErrors))
      row(.changeMessageVisibilityRejected, Double(d.changeVisibilityRejected))
      if queues[q].isFIFO {
        row(.numberOfDeduplicatedSentMessages, Double(d.deduplicated))
        row(.throttledRequests, Double(d.throttled))
        row(.deleteMessageErrors, Double(d.deleteErrors))
        row(.messagesPerSecondSent, span > 0 ? Double(d.sent) / (span / 1e9) : 0)
      }
      row(.approximateNumberOfMessagesVisible, Double(queues[q].visibleCount))
      row(.approximateNumberOfMessagesNotVisible, Double(queues[q].inFlightCount))
      row(.approximateNumberOfMessagesDelayed, Double(queues[q].delayedCount))
      row(.approximateNumberOfMessagesVisibleMax, Double(max(peakVisible[q], queues[q].visibleCount)))
      row(
        .approximateNumberOfMessagesVisibleMean,
        span > 0 ? (metrics.visibleArea[q] - warmupVisibleArea[q]) / span : 0)
      row(.approximateAgeOfOldestMessageMax, Double(max(peakAge[q], ageOfOldestMessage(q, kernel: &kernel))) / 1e9)
      row(.messagesLost, Double(audit[q]))
      row(.countIdentityError, Double(countIdentityError(q)))
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
