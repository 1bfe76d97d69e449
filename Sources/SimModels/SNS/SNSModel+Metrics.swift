import SimCore

/// Topic and endpoint rows of `metrics.csv` and `summary.csv`, and the
/// topic conservation audit.
///
/// Rows of `topic/NAME` (counters are sums over the period or, in the
/// summary, over the time after warm-up):
/// `NumberOfMessagesPublished`, `PublishSize` (average bytes, only when
/// messages were published), `NumberOfNotificationsDelivered`,
/// `NumberOfNotificationsFailed`, `NumberOfNotificationsFilteredOut` and
/// each of its reason variants once it has counted something,
/// `NumberOfNotificationsRedrivenToDlq`,
/// `NumberOfNotificationsFailedToRedriveToDlq` (once non-zero),
/// `NotificationsDiscarded`, `ThrottledRequests`, `MessagesDeduplicated`
/// (FIFO topics), `MessagesMatchingNoSubscription`. The summary adds
/// `ThrottledMessages`, `NotificationsMatched`, `NotificationsInRetry` (at
/// the end), and two whole-run checks that must be 0: `MessagesLost`
/// (notifications owed − delivered − discarded − redriven − still being
/// retried) and `FilterAccountingErrors` (every accepted, non-duplicate
/// message is matched or filtered out by every subscription, exactly once).
///
/// Rows of `endpoint/NAME` (Lambda and HTTP/S subscriptions):
/// `NotificationsDelivered`, `DeliveryAttempts`, `FailedAttempts`,
/// `NotificationsRedrivenToDlq`, `NotificationsDiscarded`, and
/// `DeliveryLatency.mean|p99` (publish → successful delivery, retries
/// included; only when there were deliveries); the summary adds
/// `NotificationsInRetry` and `DeliveryLatency.count|p50|p90|max`.
extension SNSModel {
  /// Appends each topic's (and endpoint's) rows for the period that
  /// started at `start` and lasted `length` ns.
  mutating func closePeriod(start: Int64, into periodRows: inout [MetricRow]) {
    for t in topics.indices {
      let d = topics[t].counters.subtracting(topics[t].periodBase)
      let resource = resources[t]
      for (metric, value) in topicRows(d, topic: t) {
        periodRows.append(MetricRow(time: start, resource: resource, metric: metric, value: value))
      }
      topics[t].periodBase = topics[t].counters
      for s in topics[t].subscriptions.indices {
        guard let endpoint = topics[t].subscriptions[s].endpointResource else { continue }
        let e = topics[t].subscriptions[s].counters.subtracting(topics[t].subscriptions[s].periodBase)
        var rows = endpointRows(e)
        let latency = topics[t].subscriptions[s].latencyPeriod
        if !latency.isEmpty {
          rows.append(("DeliveryLatency.mean", latency.mean / 1e9))
          rows.append(("DeliveryLatency.p99", Double(latency.quantile(0.99)) / 1e9))
        }
        for (metric, value) in rows {
          periodRows.append(MetricRow(time: start, resource: endpoint, metric: metric, value: value))
        }
        topics[t].subscriptions[s].periodBase = topics[t].subscriptions[s].counters
        topics[t].subscriptions[s].latencyPeriod.reset()
      }
    }
  }

  /// Appends each topic's (and endpoint's) whole-run rows after warm-up.
  func appendSummary(to summary: inout [SummaryRow]) {
    let audit = auditTopics()
    for t in topics.indices {
      let resource = resources[t]
      let c = topics[t].counters
      let d = c.subtracting(topics[t].warmupBase)
      var rows = topicRows(d, topic: t)
      rows.append(("ThrottledMessages", Double(d.throttledMessages)))
      rows.append(("NotificationsMatched", Double(d.matched)))
      rows.append(("NotificationsInRetry", Double(topics[t].pendingDeliveries)))
      rows.append(("MessagesLost", Double(audit[t].lost)))
      rows.append(("FilterAccountingErrors", Double(audit[t].filterErrors)))
      for (metric, value) in rows { summary.append(SummaryRow(resource: resource, metric: metric, value: value)) }
      for s in topics[t].subscriptions.indices {
        guard let endpoint = topics[t].subscriptions[s].endpointResource else { continue }
        let e = topics[t].subscriptions[s].counters.subtracting(topics[t].subscriptions[s].warmupBase)
        var rows = endpointRows(e)
        rows.append(("NotificationsInRetry", Double(topics[t].subscriptions[s].pending)))
        let latency = topics[t].subscriptions[s].latencySummary
        rows.append(("DeliveryLatency.count", Double(latency.count)))
        if !latency.isEmpty {
          rows.append(("DeliveryLatency.mean", latency.mean / 1e9))
          rows.append(("DeliveryLatency.p50", Double(latency.quantile(0.50)) / 1e9))
          rows.append(("DeliveryLatency.p90", Double(latency.quantile(0.90)) / 1e9))
          rows.append(("DeliveryLatency.p99", Double(latency.quantile(0.99)) / 1e9))
          rows.append(("DeliveryLatency.max", Double(latency.max) / 1e9))
        }
        for (metric, value) in rows { summary.append(SummaryRow(resource: endpoint, metric: metric, value: value)) }
      }
    }
  }

  /// Called once when warm-up ends (also at time 0 without warm-up), to
  /// snapshot topic counters for the summary.
  mutating func endWarmup() {
    for t in topics.indices {
      topics[t].warmupBase = topics[t].counters
      topics[t].isWarm = true
      for s in topics[t].subscriptions.indices {
        topics[t].subscriptions[s].warmupBase = topics[t].subscriptions[s].counters
      }
    }
  }

  /// The counter rows shared by `metrics.csv` and `summary.csv`.
  func topicRows(_ d: TopicCounters, topic t: Int) -> [(String, Double)] {
    let c = topics[t].counters
    var rows: [(String, Double)] = [("NumberOfMessagesPublished", Double(d.published))]
    if d.published > 0 { rows.append(("PublishSize", Double(d.publishedBytes) / Double(d.published))) }
    rows.append(("NumberOfNotificationsDelivered", Double(d.delivered)))
    rows.append(("NumberOfNotificationsFailed", Double(d.failed)))
    rows.append(("NumberOfNotificationsFilteredOut", Double(d.filteredOut)))
    for reason in FilterOutReason.allCases where c.filteredOutByReason[reason.counterIndex] > 0 {
      rows.append((reason.metricName, Double(d.filteredOutByReason[reason.counterIndex])))
    }
    rows.append(("NumberOfNotificationsRedrivenToDlq", Double(d.redrivenToDeadLetter)))
    if c.failedToRedrive > 0 { rows.append(("NumberOfNotificationsFailedToRedriveToDlq", Double(d.failedToRedrive))) }
    rows.append(("NotificationsDiscarded", Double(d.discarded)))
    rows.append(("ThrottledRequests", Double(d.throttled)))
    if topics[t].config.isFIFO { rows.append(("MessagesDeduplicated", Double(d.deduplicated))) }
    rows.append(("MessagesMatchingNoSubscription", Double(d.unmatchedMessages)))
    return rows
  }

  /// The counter rows of an `endpoint/NAME` resource.
  func endpointRows(_ e: SubscriptionCounters) -> [(String, Double)] {
    [
      ("NotificationsDelivered", Double(e.delivered)), ("DeliveryAttempts", Double(e.attempts)),
      ("FailedAttempts", Double(e.failedAttempts)), ("NotificationsRedrivenToDlq", Double(e.redrivenToDeadLetter)),
      ("NotificationsDiscarded", Double(e.discarded)),
    ]
  }

  /// Whole-run audit per topic:
  /// - `lost`: notifications owed (matched pairs) minus those delivered,
  ///   discarded, redriven to a dead-letter queue or still being attempted,
  ///   plus any disagreement between the pending counters and a scan of the
  ///   delivery slab; 0 when nothing was lost.
  /// - `filterErrors`: |(accepted − deduplicated) × subscriptions −
  ///   (matched + filtered out)|, per topic and per subscription.
  func auditTopics() -> [(lost: Int, filterErrors: Int)] {
    topics.indices.map { t in
      let c = topics[t].counters
      let live = topics[t].deliveries.reduce(0) { $0 + ($1.subscription >= 0 ? 1 : 0) }
      let subscriptionPending = topics[t].subscriptions.reduce(0) { $0 + $1.pending }
      let lost =
        abs(c.matched - c.delivered - c.discarded - c.redrivenToDeadLetter - topics[t].pendingDeliveries)
        + abs(live - topics[t].pendingDeliveries) + abs(subscriptionPending - topics[t].pendingDeliveries)
      let evaluated = c.published - c.deduplicated
      var filterErrors = abs(evaluated * topics[t].subscriptions.count - c.matched - c.filteredOut)
      for s in topics[t].subscriptions.indices {
        let sc = topics[t].subscriptions[s].counters
        filterErrors += abs(evaluated - sc.matched - sc.filteredOut)
      }
      filterErrors += abs(c.filteredOut - c.filteredOutByReason.reduce(0, +))
      return (lost, filterErrors)
    }
  }
}
