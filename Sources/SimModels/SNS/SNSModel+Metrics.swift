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
extension SNSModel: ServiceModel {
  /// Registers every topic and push endpoint in the run's metrics table.
  mutating func registerMetrics(in table: inout MetricsTable) {
    topicMetricIDs = resources.map { table.register($0, namespace: SNSMetric.self) }
    endpointMetricIDs = endpoints.map { e in
      table.register(topics[e.topic].subscriptions[e.subscription].endpointResource!, namespace: SNSEndpointMetric.self)
    }
  }

  /// Publishes each topic's (and endpoint's) datapoints for the period
  /// that started at `start`.
  mutating func closePeriod(_ run: Milestone, peer _: Void, into table: inout MetricsTable, kernel: inout Kernel) {
    let start = run.periodStart
    var e = 0
    for t in topics.indices {
      let d = topics[t].counters.subtracting(topicBaselines.period[t])
      topicBaselines.period[t] = topics[t].counters
      let id = topicMetricIDs[t]
      for (metric, value) in topicRows(d, topic: t) { table.publish(metric, of: id, at: start, value) }
      for s in topics[t].subscriptions.indices where topics[t].subscriptions[s].endpointResource != nil {
        let counters = topics[t].subscriptions[s].counters
        let id = endpointMetricIDs[e]
        for (metric, value) in endpointRows(counters.subtracting(endpointBaselines.period[e])) {
          table.publish(metric, of: id, at: start, value)
        }
        endpointBaselines.period[e] = counters
        e += 1
        let latency = topics[t].subscriptions[s].latencyPeriod
        if !latency.isEmpty {
          table.publish(SNSEndpointMetric.deliveryLatencyMean, of: id, at: start, latency.mean / 1e9)
          table.publish(SNSEndpointMetric.deliveryLatencyP99, of: id, at: start, Double(latency.quantile(0.99)) / 1e9)
        }
        topics[t].subscriptions[s].latencyPeriod.reset()
      }
    }
  }

  /// Appends each topic's (and endpoint's) whole-run rows after warm-up.
  func appendSummary(_ run: Milestone, peer _: Void, to summary: inout [SummaryRow], kernel: inout Kernel) {
    let audit = auditTopics()
    var e = 0
    for t in topics.indices {
      let resource = resources[t]
      let d = topics[t].counters.subtracting(topicBaselines.warmup[t])
      for (metric, value) in topicRows(d, topic: t) { summary.append(resource, metric, value) }
      summary.append(resource, SNSMetric.throttledMessages, Double(d.throttledMessages))
      summary.append(resource, SNSMetric.notificationsMatched, Double(d.matched))
      summary.append(resource, SNSMetric.notificationsInRetry, Double(topics[t].pendingDeliveries))
      summary.append(resource, SNSMetric.messagesLost, Double(audit[t].lost))
      summary.append(resource, SNSMetric.filterAccountingErrors, Double(audit[t].filterErrors))
      for s in topics[t].subscriptions.indices {
        guard let endpoint = topics[t].subscriptions[s].endpointResource else { continue }
        for (metric, value) in endpointRows(topics[t].subscriptions[s].counters.subtracting(endpointBaselines.warmup[e])) {
          summary.append(endpoint, metric, value)
        }
        e += 1
        summary.append(endpoint, SNSEndpointMetric.notificationsInRetry, Double(topics[t].subscriptions[s].pending))
        summary.appendLatency(endpoint, topics[t].subscriptions[s].latencySummary, SNSEndpointMetric.deliveryLatency)
      }
    }
  }

  /// Called once when warm-up ends (also at time 0 without warm-up), to
  /// take the counters' baselines for the summary.
  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel) {
    for t in topics.indices {
      topicBaselines.warmup[t] = topics[t].counters
      topics[t].isWarm = true
    }
    for (e, endpoint) in endpoints.enumerated() {
      endpointBaselines.warmup[e] = topics[endpoint.topic].subscriptions[endpoint.subscription].counters
    }
  }

  /// The counter rows shared by `metrics.csv` and `summary.csv`.
  func topicRows(_ d: TopicCounters, topic t: Int) -> [(SNSMetric, Double)] {
    let c = topics[t].counters
    var rows: [(SNSMetric, Double)] = [(.numberOfMessagesPublished, Double(d.published))]
    if d.published > 0 { rows.append((.publishSize, Double(d.publishedBytes) / Double(d.published))) }
    rows.append((.numberOfNotificationsDelivered, Double(d.delivered)))
    rows.append((.numberOfNotificationsFailed, Double(d.failed)))
    rows.append((.numberOfNotificationsFilteredOut, Double(d.filteredOut)))
    for reason in FilterOutReason.allCases where c.filteredOutByReason[reason.counterIndex] > 0 {
      rows.append((.filteredOut(reason), Double(d.filteredOutByReason[reason.counterIndex])))
    }
    rows.append((.numberOfNotificationsRedrivenToDlq, Double(d.redrivenToDeadLetter)))
    if c.failedToRedrive > 0 { rows.append((.numberOfNotificationsFailedToRedriveToDlq, Double(d.failedToRedrive))) }
    rows.append((.notificationsDiscarded, Double(d.discarded)))
    rows.append((.throttledRequests, Double(d.throttled)))
    if topics[t].config.isFIFO { rows.append((.messagesDeduplicated, Double(d.deduplicated))) }
    rows.append((.messagesMatchingNoSubscription, Double(d.unmatchedMessages)))
    return rows
  }

  /// The counter rows of an `endpoint/NAME` resource.
  func endpointRows(_ e: SubscriptionCounters) -> [(SNSEndpointMetric, Double)] {
    [
      (.notificationsDelivered, Double(e.delivered)), (.deliveryAttempts, Double(e.attempts)),
      (.failedAttempts, Double(e.failedAttempts)), (.notificationsRedrivenToDlq, Double(e.redrivenToDeadLetter)),
      (.notificationsDiscarded, Double(e.discarded)),
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
