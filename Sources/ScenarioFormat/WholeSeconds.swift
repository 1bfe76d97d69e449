import SimCore
import SimModels

/// An AWS parameter that takes a whole number of seconds within a range:
/// SQS's `WaitTimeSeconds`, `VisibilityTimeout`, `DelaySeconds`,
/// `MessageRetentionPeriod` and their queue-attribute forms are integers
/// on the wire, so `"250ms"` or `"1.5s"` is no value AWS accepts (and a
/// 1 ns long poll would make a run spin).
///
/// Scenario files still write these as durations in any unit: `"1m"` and
/// `"2000ms"` are whole seconds.
struct WholeSeconds: Sendable {
  /// The range, with the note a value outside it gets (the texts
  /// predate this type and are kept: `VisibilityTimeout is 0 s to 43,200 s`).
  let bounds: Bounds<SimDuration>
  /// The note a fraction of a second gets: `VisibilityTimeout is 0 to
  /// 43,200 whole seconds`.
  let note: String

  /// `ReceiveMessage`'s `WaitTimeSeconds` (a consumer's `waitTime`).
  static let waitTimeSeconds = WholeSeconds(parameter: "WaitTimeSeconds", .zero, SQSLimits.maxWaitTime)
  /// The queue attribute `ReceiveMessageWaitTimeSeconds`.
  static let receiveMessageWaitTimeSeconds = WholeSeconds(
    parameter: "ReceiveMessageWaitTimeSeconds", .zero, SQSLimits.maxWaitTime)
  /// `VisibilityTimeout`, of a queue or of one `ReceiveMessage`.
  static let visibilityTimeout = WholeSeconds(parameter: "VisibilityTimeout", .zero, SQSLimits.maxVisibilityTimeout)
  /// `ChangeMessageVisibility`'s `VisibilityTimeout` (a heartbeat's).
  static let changeMessageVisibility = WholeSeconds(
    .zero, SQSLimits.maxVisibilityTimeout, range: { "ChangeMessageVisibility accepts \($0) s to \($1) s" },
    note: { "ChangeMessageVisibility takes a VisibilityTimeout of \($0) to \($1) whole seconds" })
  /// `DelaySeconds`, of a queue or of one message.
  static let delaySeconds = WholeSeconds(parameter: "DelaySeconds", .zero, SQSLimits.maxDelay)
  /// The queue attribute `MessageRetentionPeriod`.
  static let messageRetentionPeriod = WholeSeconds(
    parameter: "MessageRetentionPeriod", SQSLimits.minMessageRetention, SQSLimits.maxMessageRetention)

  /// A range whose notes read `PARAMETER is 0 s to 20 s` and `PARAMETER is
  /// 0 to 20 whole seconds`.
  private init(parameter: String, _ lower: SimDuration, _ upper: SimDuration) {
    self.init(
      lower, upper, range: { "\(parameter) is \($0) s to \($1) s" },
      note: { "\(parameter) is \($0) to \($1) whole seconds" })
  }

  /// A range whose notes `range` and `note` word from its bounds, each
  /// given as a count of seconds (`43,200`).
  private init(
    _ lower: SimDuration, _ upper: SimDuration, range: (String, String) -> String, note: (String, String) -> String
  ) {
    let (low, high) = (formatCount(Int(lower.seconds)), formatCount(Int(upper.seconds)))
    bounds = .closed(lower, upper, note: range(low, high))
    self.note = note(low, high)
  }

  /// The bounds in nanoseconds, for distributions of durations.
  var nanosecondBounds: Bounds<Double> {
    Bounds(
      lower: bounds.lower.map { Double($0.nanoseconds) }, upper: bounds.upper.map { Double($0.nanoseconds) },
      note: bounds.note)
  }

  /// Whether `nanoseconds` is a whole number of seconds.
  static func isWhole(nanoseconds: Double) -> Bool {
    nanoseconds.truncatingRemainder(dividingBy: 1e9) == 0
  }

  /// `'250ms' is not a whole number of seconds (NOTE)`, for a value
  /// written `shown` (already sanitized).
  func fractionMessage(shown: String) -> String {
    "'\(shown)' is not a whole number of seconds (\(note))"
  }
}

extension Field {
  /// A duration string that is a whole number of seconds within
  /// `parameter`'s range. A fraction is reported before the range: the
  /// note names both.
  func duration(_ parameter: WholeSeconds) -> SimDuration? {
    duration(parameter.bounds, wholeSeconds: parameter)
  }
}
