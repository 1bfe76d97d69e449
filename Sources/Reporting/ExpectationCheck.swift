import SimModels

/// The outcome of checking one expectation against a run's summary.
public struct ExpectationOutcome: Sendable, Equatable {
  /// The expectation checked.
  public var expectation: Expectation
  /// The summary value, or `nil` when the run reported no such figure.
  public var value: Double?

  /// Whether the expectation holds (a missing figure fails).
  public var isMet: Bool { value.map { expectation.isMet(by: $0) } ?? false }

  /// One line for people: `✓ queue/orders MessagesLost = 0 (was 0)`.
  public var line: String {
    let mark = isMet ? "ok  " : "FAIL"
    let actual = value.map { "was \(formatNumber($0))" } ?? "not reported by this run"
    return "\(mark) \(expectation.resource) \(expectation.metric) \(expectation.boundsDescription) (\(actual))"
  }
}

/// Checks every expectation against `result`'s summary.
public func checkExpectations(_ expectations: [Expectation], against result: RunResult) -> [ExpectationOutcome] {
  var index: [String: Double] = [:]
  for row in result.summary { index[row.resource + "\u{0}" + row.metric] = row.value }
  return expectations.map {
    ExpectationOutcome(expectation: $0, value: index[$0.resource + "\u{0}" + $0.metric])
  }
}
