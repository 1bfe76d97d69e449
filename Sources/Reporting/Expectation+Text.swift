import SimModels

extension Expectation {
  /// The bounds in words, e.g. `= 0` or `>= 10, <= 20`.
  public var boundsDescription: String {
    var parts: [String] = []
    if let equals { parts.append("= \(formatNumber(equals))") }
    if let min { parts.append(">= \(formatNumber(min))") }
    if let max { parts.append("<= \(formatNumber(max))") }
    return parts.joined(separator: ", ")
  }
}

extension ExpectationOutcome {
  /// One line for people: `ok   queue/orders MessagesLost = 0 (was 0)`.
  public var line: String {
    let mark = isMet ? "ok  " : "FAIL"
    let actual = value.map { "was \(formatNumber($0))" } ?? "not reported by this run"
    return "\(mark) \(expectation.resource) \(expectation.metric) \(expectation.boundsDescription) (\(actual))"
  }
}
