import Foundation
import SimCore

/// When SNS makes the next attempt of a push delivery (Lambda, HTTP/S) that
/// failed with a retryable server-side error (docs/model.md §4.7).
///
/// A schedule answers one question: after `attempts` failed attempts, how
/// long until the next one, or is the policy exhausted? Delays are the
/// *nominal* ones; the caller adds SNS's jitter (±10 %, docs/model.md §4.7).
///
/// Three policies:
/// - **AWS-managed** (Lambda; SQS and Firehose would use it too, but SQS
///   and Firehose deliveries in msgsim never fail with a server error): 3 attempts with
///   no delay, 2 at 1 s, 10 with exponential backoff from 1 s to 20 s, then
///   100,000 at 20 s — **100,015 attempts** over about 23 days. AWS's table
///   sums these phases to its "total attempts" of 100,015, so the first
///   attempt is counted as the first of the three no-delay ones (attempts 2
///   and 3 follow at once).
/// - **HTTP/S delivery policy** (`DeliveryPolicy`): `numRetries` retries
///   after the first attempt (default 3 → 4 attempts), in four phases:
///   `numNoDelayRetries` at once, `numMinDelayRetries` at `minDelayTarget`,
///   the backoff phase (the rest), `numMaxDelayRetries` at `maxDelayTarget`.
///   Backoff retry *k* of *n* waits `f(k / (n − 1))` (docs/model.md §4.7): linear
///   `min + (max − min)·t`, exponential `min·(max/min)^t`, arithmetic
///   `min + (max − min)·t²`, geometric `min + (max − min)·t³`; a single
///   backoff retry waits `min`. The phases' sum is capped at `numRetries`
///   (a policy whose fixed phases add up to more keeps its first
///   `numRetries` retries). AWS caps the whole policy at 3,600 s; the caller
///   enforces that against the attempts' actual times.
public enum DeliverySchedule: Sendable, Equatable {
  /// The AWS-managed policy (Lambda endpoints).
  case awsManaged
  /// An HTTP/S delivery policy.
  case http(DeliveryPolicy)
  /// The customer-managed policy (Firehose throttling errors).
  case customerManaged

  /// AWS-managed phases: attempts with no delay (first attempt included).
  public static let managedImmediateAttempts = 3
  /// AWS-managed pre-backoff attempts, 1 s apart.
  public static let managedPreBackoffAttempts = 2
  /// AWS-managed backoff attempts (exponential 1 s → 20 s).
  public static let managedBackoffAttempts = 10
  /// AWS-managed post-backoff attempts, 20 s apart.
  public static let managedPostBackoffAttempts = 100_000
  /// Every attempt of the AWS-managed policy: 100,015.
  public static let managedTotalAttempts =
    managedImmediateAttempts + managedPreBackoffAttempts + managedBackoffAttempts + managedPostBackoffAttempts
  /// Customer-managed phases: pre-backoff attempts, 10 s apart (the
  /// first attempt included).
  public static let customerPreBackoffAttempts = 2
  /// Customer-managed backoff attempts (exponential 10 s → 600 s).
  public static let customerBackoffAttempts = 10
  /// Customer-managed post-backoff attempts, 600 s apart.
  public static let customerPostBackoffAttempts = 38
  /// Every attempt of the customer-managed policy: 50.
  public static let customerTotalAttempts =
    customerPreBackoffAttempts + customerBackoffAttempts + customerPostBackoffAttempts
  /// The HTTP/S hard cap on the total retry time (3,600 s).
  public static let httpMaximumRetryTime = SNSLimits.maxHTTPRetryTime

  /// The most attempts this schedule makes (the first one included).
  public var maximumAttempts: Int {
    switch self {
    case .awsManaged: return Self.managedTotalAttempts
    case .http(let policy): return 1 + max(0, policy.numRetries)
    case .customerManaged: return Self.customerTotalAttempts
    }
  }

  /// The nominal delay before the next attempt after `attempts` attempts
  /// (≥ 1) have failed, or `nil` when the policy is exhausted.
  public func delay(afterFailedAttempts attempts: Int) -> SimDuration? {
    guard attempts >= 1, attempts < maximumAttempts else { return nil }
    switch self {
    case .awsManaged:
      // The first attempt is the first of the no-delay phase, so attempt
      // `attempts + 1` is at index `attempts` of the phases.
      return Self.phased(
        index: attempts, noDelay: Self.managedImmediateAttempts, atMin: Self.managedPreBackoffAttempts,
        backoff: Self.managedBackoffAttempts, min: 1, max: 20, function: "exponential")
    case .customerManaged:
      return Self.phased(
        index: attempts, noDelay: 0, atMin: Self.customerPreBackoffAttempts, backoff: Self.customerBackoffAttempts,
        min: 10, max: 600, function: "exponential")
    case .http(let policy):
      // The phases count retries: retry `attempts - 1` is next.
      let noDelay = max(0, policy.numNoDelayRetries)
      let minDelay = max(0, policy.numMinDelayRetries)
      let maxDelay = max(0, policy.numMaxDelayRetries)
      return Self.phased(
        index: attempts - 1, noDelay: noDelay, atMin: minDelay,
        backoff: max(0, policy.numRetries - noDelay - minDelay - maxDelay), min: policy.minDelayTarget.seconds,
        max: policy.maxDelayTarget.seconds, function: policy.backoffFunction)
    }
  }

  /// The delay at position `index` (0-based) of SNS's four phases:
  /// `noDelay` with none, `atMin` at `min` seconds, `backoff` along the
  /// curve of `function` from `min` to `max`, then `max` for the rest.
  static func phased(
    index: Int, noDelay: Int, atMin: Int, backoff count: Int, min: Double, max: Double, function: String
  ) -> SimDuration {
    var i = index
    if i < noDelay { return .zero }
    i -= noDelay
    if i < atMin { return .seconds(min) }
    i -= atMin
    if i < count { return backoff(index: i, of: count, min: min, max: max, function: function) }
    return .seconds(max)
  }

  /// Backoff retry `index` of `count` between `min` and `max` seconds along
  /// the docs/model.md §4.7 curve of `function`.
  static func backoff(index: Int, of count: Int, min: Double, max: Double, function: String) -> SimDuration {
    let t = count > 1 ? Double(index) / Double(count - 1) : 0
    let seconds: Double
    switch function {
    case "exponential":
      seconds = min > 0 ? min * Foundation.pow(max / min, t) : max * t
    case "arithmetic":
      seconds = min + (max - min) * t * t
    case "geometric":
      seconds = min + (max - min) * t * t * t
    default:  // "linear"
      seconds = min + (max - min) * t
    }
    return .seconds(seconds)
  }
}
