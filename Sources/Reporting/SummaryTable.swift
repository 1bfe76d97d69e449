import SimModels

/// The short table `run` prints: one line per queue, producer and consumer
/// with the figures people look at first, then the expectations.
public enum SummaryTable {
  /// Renders the table for `result`.
  public static func render(_ result: RunResult, outcomes: [ExpectationOutcome], header: String) -> String {
    var values: [String: MetricValues] = [:]
    var order: [String] = []
    for row in result.summary {
      if values[row.resource] == nil { order.append(row.resource) }
      values[row.resource, default: MetricValues()].byName[row.metric] = row.value
    }
    var out = header + "\n"
    let queues = order.filter { $0.hasPrefix("queue/") }
    if !queues.isEmpty {
      out += "\n" + table(
        [
          "queue", "sent", "deleted", "left", "queue time p50/p99", "end-to-end p50/p99", "oldest max", "duplicates",
          "order violations", "throttled", "to DLQ", "expired", "lost",
        ],
        queues.map { r in
          let v = values[r]!
          let left = sum(
            v[SQSMetric.approximateNumberOfMessagesVisible], v[SQSMetric.approximateNumberOfMessagesNotVisible],
            v[SQSMetric.approximateNumberOfMessagesDelayed])
          return [
            r, count(v[SQSMetric.numberOfMessagesSent]), count(v[SQSMetric.messagesDeleted]), count(left),
            durationPair(v[SQSMetric.queueTimeP50], v[SQSMetric.queueTimeP99]),
            durationPair(v[SQSMetric.endToEndLatencyP50], v[SQSMetric.endToEndLatencyP99]),
            duration(v[SQSMetric.approximateAgeOfOldestMessageMax]), count(v[SQSMetric.duplicateDeliveries]),
            count(v[SQSMetric.orderingViolations]), count(v[SQSMetric.throttledRequests]), count(v[SQSMetric.messagesMovedToDLQ]),
            count(v[SQSMetric.messagesExpired]), count(lost(v)),
          ]
        })
    }
    let topics = order.filter { $0.hasPrefix("topic/") }
    if !topics.isEmpty {
      out += "\n" + table(
        ["topic", "published", "delivered", "filtered out", "failed", "to DLQ", "discarded", "throttled", "lost"],
        topics.map { r in
          let v = values[r]!
          return [
            r, count(v[SNSMetric.numberOfMessagesPublished]), count(v[SNSMetric.numberOfNotificationsDelivered]),
            count(v[SNSMetric.numberOfNotificationsFilteredOut]), count(v[SNSMetric.numberOfNotificationsFailed]),
            count(v[SNSMetric.numberOfNotificationsRedrivenToDlq]), count(v[SNSMetric.notificationsDiscarded]),
            count(v[SNSMetric.throttledRequests]), count(topicLost(v)),
          ]
        })
    }
    let endpoints = order.filter { $0.hasPrefix("endpoint/") }
    if !endpoints.isEmpty {
      out += "\n" + table(
        ["endpoint", "delivered", "attempts", "failed attempts", "to DLQ", "discarded", "latency p50/p99"],
        endpoints.map { r in
          let v = values[r]!
          return [
            r, count(v[SNSEndpointMetric.notificationsDelivered]), count(v[SNSEndpointMetric.deliveryAttempts]), count(v[SNSEndpointMetric.failedAttempts]),
            count(v[SNSEndpointMetric.notificationsRedrivenToDlq]), count(v[SNSEndpointMetric.notificationsDiscarded]),
            durationPair(v[SNSEndpointMetric.deliveryLatencyP50], v[SNSEndpointMetric.deliveryLatencyP99]),
          ]
        })
    }
    out += streamTables(order: order, values: values)
    let producers = order.filter { $0.hasPrefix("producer/") && values[$0]![ProducerMetric.recordsPut] == nil }
    if !producers.isEmpty {
      out += "\n" + table(
        ["producer", "created", "sent", "calls", "errors", "throttled", "rejected", "failed", "reorders"],
        producers.map { r in
          let v = values[r]!
          let calls = sum(v[ProducerMetric.sendMessageCalls], v[ProducerMetric.sendMessageBatchCalls])
          return [
            r, count(v[ProducerMetric.messagesCreated]), count(v[ProducerMetric.numberOfMessagesSent]), count(calls),
            count(v[ProducerMetric.sendErrors]), count(v[ProducerMetric.throttledRequests]), count(v[ProducerMetric.messagesRejected]),
            count(v[ProducerMetric.messagesFailed]), count(v[ProducerMetric.producerReorders]),
          ]
        })
    }
    let firehoseProducers = firehoseProducers(order: order, values: values)
    out += streamClientTables(order: order.filter { !firehoseProducers.contains($0) }, values: values)
    out += firehoseTables(order: order, values: values)
    let consumers = order.filter { $0.hasPrefix("consumer/") && values[$0]![StreamConsumerMetric.recordsProcessed] == nil }
    if !consumers.isEmpty {
      out += "\n" + table(
        [
          "consumer", "processed", "failures", "utilization", "API calls/msg", "empty receives", "duplicates",
          "throttled", "crashes",
        ],
        consumers.map { r in
          let v = values[r]!
          return [
            r, count(v[ConsumerMetric.messagesProcessed]), count(v[ConsumerMetric.processingFailures]),
            percent(v[ConsumerMetric.utilization]), decimal(v[ConsumerMetric.apiCallsPerMessage]), count(v[ConsumerMetric.emptyReceives]),
            count(v[ConsumerMetric.duplicateDeliveries]), count(v[ConsumerMetric.throttledRequests]), count(v[ConsumerMetric.crashes]),
          ]
        })
    }
    if !outcomes.isEmpty {
      let failed = outcomes.filter { !$0.isMet }.count
      out += "\nexpectations: \(outcomes.count - failed) of \(outcomes.count) met\n"
      for outcome in outcomes { out += "  " + outcome.line + "\n" }
    }
    return out
  }

  static func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    func line(_ cells: [String]) -> String {
      var text = ""
      for (i, cell) in cells.enumerated() {
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        text += i == 0 ? cell + pad : "  " + pad + cell
      }
      return text + "\n"
    }
    return line(header) + rows.map(line).joined()
  }

  static func count(_ value: Double?) -> String {
    guard let value else { return "-" }
    let digits = String(Int64(value.rounded()))
    var grouped = ""
    for (i, ch) in digits.reversed().enumerated() {
      if i > 0 && i % 3 == 0 && ch != "-" { grouped.append(",") }
      grouped.append(ch)
    }
    return String(grouped.reversed())
  }

  /// The sum of the values present, or `nil` when none is.
  static func sum(_ values: Double?...) -> Double? {
    let present = values.compactMap { $0 }
    return present.isEmpty ? nil : present.reduce(0, +)
  }

  /// What a queue's conservation could not account for: `MessagesLost`
  /// plus `CountIdentityError` (both 0 in a sound run).
  static func lost(_ v: MetricValues) -> Double? {
    sum(v[SQSMetric.messagesLost], v[SQSMetric.countIdentityError])
  }

  /// Notifications a topic's conservation could not account for.
  static func topicLost(_ v: MetricValues) -> Double? { v[SNSMetric.messagesLost] }

  /// A duration in seconds in the unit a person reads it in: `0.4ms`,
  /// `12ms`, `1.25s`, `4m05s`, `12h51m`, `3d04h`.
  static func duration(_ seconds: Double?) -> String {
    guard let seconds else { return "-" }
    if seconds <= 0 { return "0s" }
    if seconds < 0.001 { return formatFixed(seconds * 1_000, decimals: 2) + "ms" }
    if seconds < 0.01 { return formatFixed(seconds * 1_000, decimals: 1) + "ms" }
    if seconds < 1 { return formatFixed(seconds * 1_000, decimals: 0) + "ms" }
    if seconds < 10 { return formatFixed(seconds, decimals: 2) + "s" }
    if seconds < 60 { return formatFixed(seconds, decimals: 1) + "s" }
    let whole = Int64(seconds.rounded())
    func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
    if whole < 3_600 { return "\(whole / 60)m\(two(whole % 60))s" }
    if whole < 86_400 { return "\(whole / 3_600)h\(two(whole % 3_600 / 60))m" }
    return "\(whole / 86_400)d\(two(whole % 86_400 / 3_600))h"
  }

  static func durationPair(_ a: Double?, _ b: Double?) -> String {
    guard a != nil || b != nil else { return "-" }
    return duration(a) + " / " + duration(b)
  }

  static func decimal(_ value: Double?) -> String {
    guard let value else { return "-" }
    return formatFixed(value, decimals: value >= 100 ? 0 : (value >= 1 ? 2 : 3))
  }

  static func percent(_ value: Double?) -> String {
    guard let value else { return "-" }
    return formatFixed(value * 100, decimals: 1) + " %"
  }
}

/// `value` with exactly `decimals` digits after the point.
public func formatFixed(_ value: Double, decimals: Int) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let scaled = (abs(value) * scale).rounded()
  guard scaled < 9e15 else { return formatNumber(value) }
  let whole = Int64(scaled) / Int64(scale)
  let fraction = Int64(scaled) % Int64(scale)
  var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
  if decimals > 0 {
    let digits = String(fraction)
    text += "." + String(repeating: "0", count: decimals - digits.count) + digits
  }
  return text
}

/// One resource's summary figures, read by typed metric name (a renamed
/// metric is a compile error here, not a silent `-`).
struct MetricValues {
  var byName: [String: Double] = [:]

  subscript<M: MetricName>(_ metric: M) -> Double? { byName[metric.rawValue] }
}
