/// The outcome of checking one expectation against a run's summary.
public struct ExpectationOutcome: Sendable, Equatable {
  /// The expectation checked.
  public var expectation: Expectation
  /// The summary value, or `nil` when the run reported no such figure.
  public var value: Double?

  /// Whether the expectation holds (a missing figure fails).
  public var isMet: Bool { value.map { expectation.isMet(by: $0) } ?? false }
}

/// Checks every expectation against `result`'s summary.
public func checkExpectations(_ expectations: [Expectation], against result: RunResult) -> [ExpectationOutcome] {
  var index: [String: Double] = [:]
  for row in result.summary { index[row.resource + "\u{0}" + row.metric] = row.value }
  return expectations.map {
    ExpectationOutcome(expectation: $0, value: index[$0.resource + "\u{0}" + $0.metric])
  }
}
