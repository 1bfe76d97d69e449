import SimModels

/// The short table `run` prints: one line per queue, producer and consumer
/// with the figures people look at first, then the expectations.
public enum SummaryTable {
  /// Renders the table for `result`.
  public static func render(_ result: RunResult, outcomes: [ExpectationOutcome], header: String) -> String {
    var values: [String: [String: Double]] = [:]
    var order: [String] = []
    for row in result.summary {
      if values[row.resource] == nil { order.append(row.resource) }
      values[row.resource, default: [:]][row.metric] = row.value
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
            v["ApproximateNumberOfMessagesVisible"], v["ApproximateNumberOfMessagesNotVisible"],
            v["ApproximateNumberOfMessagesDelayed"])
          return [
            r, count(v["NumberOfMessagesSent"]), count(v["MessagesDeleted"]), count(left),
            durationPair(v["QueueTime.p50"], v["QueueTime.p99"]),
            durationPair(v["EndToEndLatency.p50"], v["EndToEndLatency.p99"]),
            duration(v["ApproximateAgeOfOldestMessage.max"]), count(v["DuplicateDeliveries"]),
            count(v["OrderingViolations"]), count(v["ThrottledRequests"]), count(v["MessagesMovedToDLQ"]),
            count(v["MessagesExpired"]), count(lost(v)),
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
            r, count(v["NumberOfMessagesPublished"]), count(v["NumberOfNotificationsDelivered"]),
            count(v["NumberOfNotificationsFilteredOut"]), count(v["NumberOfNotificationsFailed"]),
            count(v["NumberOfNotificationsRedrivenToDlq"]), count(v["NotificationsDiscarded"]),
            count(v["ThrottledRequests"]), count(lost(v)),
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
            r, count(v["NotificationsDelivered"]), count(v["DeliveryAttempts"]), count(v["FailedAttempts"]),
            count(v["NotificationsRedrivenToDlq"]), count(v["NotificationsDiscarded"]),
            durationPair(v["DeliveryLatency.p50"], v["DeliveryLatency.p99"]),
          ]
        })
    }
    let producers = order.filter { $0.hasPrefix("producer/") }
    if !producers.isEmpty {
      out += "\n" + table(
        ["producer", "created", "sent", "calls", "errors", "throttled", "rejected", "failed", "reorders"],
        producers.map { r in
          let v = values[r]!
          let calls = sum(v["SendMessageCalls"], v["SendMessageBatchCalls"])
          return [
            r, count(v["MessagesCreated"]), count(v["NumberOfMessagesSent"]), count(calls),
            count(v["SendErrors"]), count(v["ThrottledRequests"]), count(v["MessagesRejected"]),
            count(v["MessagesFailed"]), count(v["ProducerReorders"]),
          ]
        })
    }
    let consumers = order.filter { $0.hasPrefix("consumer/") }
    if !consumers.isEmpty {
      out += "\n" + table(
        [
          "consumer", "processed", "failures", "utilization", "API calls/msg", "empty receives", "duplicates",
          "throttled", "crashes",
        ],
        consumers.map { r in
          let v = values[r]!
          return [
            r, count(v["MessagesProcessed"]), count(v["ProcessingFailures"]),
            percent(v["Utilization"]), decimal(v["ApiCallsPerMessage"]), count(v["EmptyReceives"]),
            count(v["DuplicateDeliveries"]), count(v["ThrottledRequests"]), count(v["Crashes"]),
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

  /// What conservation could not account for: `MessagesLost`, plus a
  /// queue's `CountIdentityError` (both 0 in a sound run).
  static func lost(_ v: [String: Double]) -> Double? {
    sum(v["MessagesLost"], v["CountIdentityError"])
  }

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
