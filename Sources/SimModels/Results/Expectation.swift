/// A scenario's self-check: one summary figure and the bounds it must meet.
///
/// `run` exits 1 when any expectation fails; the report is still written.
/// Scenario files declare expectations (`expect`); they are checked
/// against a run's summary (`checkExpectations(_:against:)`); the report
/// writer words them (`boundsDescription`, `ExpectationOutcome.line`, in
/// Reporting).
public struct Expectation: Sendable, Equatable {
  /// Resource as in `summary.csv`, e.g. `queue/orders`.
  public var resource: String
  /// Metric as in `summary.csv`, e.g. `EndToEndLatency.p99`.
  public var metric: String
  /// The value must equal this (within `tolerance`), if set.
  public var equals: Double?
  /// The value must be at least this, if set.
  public var min: Double?
  /// The value must be at most this, if set.
  public var max: Double?
  /// Absolute tolerance for `equals` (default 1e-9).
  public var tolerance: Double = 1e-9

  /// Creates an expectation.
  public init(resource: String, metric: String, equals: Double? = nil, min: Double? = nil, max: Double? = nil) {
    self.resource = resource
    self.metric = metric
    self.equals = equals
    self.min = min
    self.max = max
  }

  /// Whether `value` meets every bound.
  public func isMet(by value: Double) -> Bool {
    if let equals, Swift.abs(value - equals) > tolerance { return false }
    if let min, value < min { return false }
    if let max, value > max { return false }
    return true
  }
}
