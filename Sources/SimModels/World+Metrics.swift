import SimCore

extension World {
  /// Processing time finished or under way for consumer `c`, up to now.
  func busyNanos(_ c: Int) -> Int64 {
    var total = consumers[c].busyNanos
    let first = consumers[c].firstWorker
    for w in first..<(first + consumers[c].config.count) where workers[w].isProcessing {
      total += now - workers[w].processingStartedAt
    }
    return total
  }

  mutating func snapshot() -> CounterSnapshot {
    for q in queues.indices { metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: now) }
    return CounterSnapshot(
      time: now, queues: queues.map(\.counters), producers: producers.map(\.counters),
      consumers: consumers.map(\.counters), busy: consumers.indices.map { busyNanos($0) },
      visibleArea: metrics.visibleArea)
  }

  mutating func takeWarmupSnapshot() {
    warmupSnapshot = snapshot()
    metrics.endWarmup()
    snapshotTopicsAtWarmup()
    for q in queues.indices {
      peakVisible[q] = queues[q].visibleCount
      peakAge[q] = ageOfOldestMessage(q)
    }
  }

  /// Writes one period's rows and starts the next period.
  mutating func closePeriod() {
    let current = snapshot()
    let start = periodSnapshot.time
    let length = Double(now - start)
    guard length > 0 else { return }
    let afterWarmup = now > warmupNanos
    for q in queues.indices {
      let name = queueResources[q]
      let d = current.queues[q].subtracting(periodSnapshot.queues[q])
      let age = ageOfOldestMessage(q)
      if afterWarmup {
        peakVisible[q] = max(peakVisible[q], queues[q].visibleCount)
        peakAge[q] = max(peakAge[q], age)
      }
      func row(_ metric: String, _ value: Double) {
        periodRows.append(MetricRow(time: start, resource: name, metric: metric, value: value))
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
      let (queueTime, endToEnd) = metrics.closePeriod(q, warmupOver: warmupSnapshot != nil)
      if !queueTime.isEmpty {
        row("QueueTime.mean", queueTime.mean / 1e9)
        row("QueueTime.p99", Double(queueTime.quantile(0.99)) / 1e9)
      }
      if !endToEnd.isEmpty {
        row("EndToEndLatency.mean", endToEnd.mean / 1e9)
        row("EndToEndLatency.p99", Double(endToEnd.quantile(0.99)) / 1e9)
      }
    }
    appendTopicPeriodRows(start: start, length: now - start)
    for p in producers.indices {
      let d = current.producers[p].subtracting(periodSnapshot.producers[p])
      for (metric, value) in d.rows {
        periodRows.append(MetricRow(time: start, resource: producerResources[p], metric: metric, value: value))
      }
    }
    for c in consumers.indices {
      let d = current.consumers[c].subtracting(periodSnapshot.consumers[c])
      let name = consumerResources[c]
      func row(_ metric: String, _ value: Double) {
        periodRows.append(MetricRow(time: start, resource: name, metric: metric, value: value))
      }
      row("MessagesProcessed", Double(d.processed))
      row("ProcessingFailures", Double(d.processingFailures))
      row("ReceiveMessageCalls", Double(d.receiveCalls))
      row("EmptyReceives", Double(d.emptyReceives))
      row("DeleteMessageCalls", Double(d.deleteCalls + d.deleteBatchCalls))
      row("ChangeMessageVisibilityCalls", Double(d.changeVisibilityCalls + d.changeVisibilityBatchCalls))
      let count = consumers[c].config.count
      let busy = Double(current.busy[c] - periodSnapshot.busy[c])
      row("Utilization", count > 0 ? busy / (length * Double(count)) : 0)
      let first = consumers[c].firstWorker
      row("WorkersUp", Double((first..<(first + count)).filter { !workers[$0].isDown }.count))
      row("Crashes", Double(d.crashes))
    }
    periodSnapshot = current
  }

  /// Closes the last period, audits conservation and builds the result.
  mutating func finish() -> RunResult {
    if now > periodSnapshot.time { closePeriod() }
    let end = snapshot()
    let warm = warmupSnapshot ?? end
    let span = Double(now - warm.time)
    var summary: [SummaryRow] = []
    let audit = auditMessages()
    for q in queues.indices {
      let name = queueResources[q]
      let d = end.queues[q].subtracting(warm.queues[q])
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
      row("ApproximateNumberOfMessagesVisible.mean", span > 0 ? (end.visibleArea[q] - warm.visibleArea[q]) / span : 0)
      row("ApproximateAgeOfOldestMessage.max", Double(max(peakAge[q], ageOfOldestMessage(q))) / 1e9)
      row("MessagesLost", Double(audit[q]))
      row("CountIdentityError", Double(countIdentityError(q)))
    }
    appendTopicSummaryRows(to: &summary)
    for p in producers.indices {
      let d = end.producers[p].subtracting(warm.producers[p])
      for (metric, value) in d.rows {
        summary.append(SummaryRow(resource: producerResources[p], metric: metric, value: value))
      }
    }
    for c in consumers.indices {
      let d = end.consumers[c].subtracting(warm.consumers[c])
      let name = consumerResources[c]
      func row(_ metric: String, _ value: Double) {
        summary.append(SummaryRow(resource: name, metric: metric, value: value))
      }
      let processed = Double(d.processed)
      row("MessagesProcessed", processed)
      row("ProcessingFailures", Double(d.processingFailures))
      let count = consumers[c].config.count
      let busy = Double(end.busy[c] - warm.busy[c])
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
    return RunResult(
      name: config.name, metrics: periodRows, summary: summary, events: events,
      processedEvents: sim.processedEvents, peakMessageSlots: store.capacity)
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
  func auditMessages() -> [Int] {
    var visible = Array(repeating: 0, count: queues.count)
    var inFlight = visible
    var delayed = visible
    for slot in store.liveSlots() {
      let message = store[slot]
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
