import SimCore

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
  static let waitTimeSeconds = WholeSeconds(
    0, 20, range: "WaitTimeSeconds is 0 s to 20 s", note: "WaitTimeSeconds is 0 to 20 whole seconds")
  /// The queue attribute `ReceiveMessageWaitTimeSeconds`.
  static let receiveMessageWaitTimeSeconds = WholeSeconds(
    0, 20, range: "ReceiveMessageWaitTimeSeconds is 0 s to 20 s",
    note: "ReceiveMessageWaitTimeSeconds is 0 to 20 whole seconds")
  /// `VisibilityTimeout`, of a queue or of one `ReceiveMessage`.
  static let visibilityTimeout = WholeSeconds(
    0, 43_200, range: "VisibilityTimeout is 0 s to 43,200 s", note: "VisibilityTimeout is 0 to 43,200 whole seconds")
  /// `ChangeMessageVisibility`'s `VisibilityTimeout` (a heartbeat's).
  static let changeMessageVisibility = WholeSeconds(
    0, 43_200, range: "ChangeMessageVisibility accepts 0 s to 43,200 s",
    note: "ChangeMessageVisibility takes a VisibilityTimeout of 0 to 43,200 whole seconds")
  /// `DelaySeconds`, of a queue or of one message.
  static let delaySeconds = WholeSeconds(
    0, 900, range: "DelaySeconds is 0 s to 900 s", note: "DelaySeconds is 0 to 900 whole seconds")
  /// The queue attribute `MessageRetentionPeriod`.
  static let messageRetentionPeriod = WholeSeconds(
    60, 1_209_600, range: "MessageRetentionPeriod is 60 s to 1,209,600 s",
    note: "MessageRetentionPeriod is 60 to 1,209,600 whole seconds")

  private init(_ lower: Double, _ upper: Double, range: String, note: String) {
    bounds = .closed(.seconds(lower), .seconds(upper), note: range)
    self.note = note
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
