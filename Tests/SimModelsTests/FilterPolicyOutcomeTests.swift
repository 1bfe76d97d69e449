import Foundation
import SimCore
import SimModels
import Testing

/// The first failed key and the CloudWatch reason of a non-match.
struct OutcomeCase: Sendable, CustomTestStringConvertible {
  let policy: String
  let message: String
  let form: FilterCase.MessageForm
  let expected: FilterOutcome

  var testDescription: String { "\(policy) ⟵ \(message) = \(expected)" }
}

enum OutcomeTable {
  static func noMatch(_ key: String, _ reason: FilterOutReason) -> FilterOutcome {
    .noMatch(firstFailedKey: key, reason: reason)
  }

  static let all: [OutcomeCase] = [
    // Keys are tested in sorted order; the first failure is reported.
    .init(
      policy: #"{"zeta": ["1"], "alpha": ["1"], "mid": ["1"]}"#, message: #"{"zeta": "2", "alpha": "2"}"#,
      form: .compact, expected: noMatch("alpha", .messageAttributes)),
    .init(
      policy: #"{"zeta": ["1"], "alpha": ["1"], "mid": ["1"]}"#, message: #"{"zeta": "2", "alpha": "1"}"#,
      form: .compact, expected: noMatch("mid", .messageAttributes)),
    .init(
      policy: #"{"zeta": ["1"], "alpha": ["1"], "mid": ["1"]}"#, message: #"{"zeta": "2", "alpha": "1", "mid": "1"}"#,
      form: .compact, expected: noMatch("zeta", .messageAttributes)),
    .init(
      policy: #"{"B": ["1"], "a": ["1"]}"#, message: #"{"x": "1"}"#,
      form: .compact, expected: noMatch("B", .messageAttributes)),
    .init(
      policy: #"{"event": ["order_placed"]}"#, message: #"{"event": "order_placed"}"#,
      form: .compact, expected: .match),
    // No attributes at all.
    .init(
      policy: #"{"store": [{"exists": false}], "event": ["x"]}"#, message: "{}",
      form: .compact, expected: noMatch("event", .noMessageAttributes)),
    .init(
      policy: #"{"event": ["x"]}"#, message: #"{"blob": {"Binary": ""}}"#,
      form: .compact, expected: noMatch("event", .messageAttributes)),
    // With $or: the alternative that got furthest, ties to the first.
    .init(
      policy: #"{"source": ["s"], "$or": [{"metricName": ["m"]}, {"namespace": ["n"]}]}"#,
      message: #"{"source": "s"}"#, form: .compact, expected: noMatch("metricName", .messageAttributes)),
    .init(
      policy: #"{"source": ["s"], "$or": [{"metricName": ["m"]}, {"namespace": ["n"]}]}"#,
      message: #"{"metricName": "m", "namespace": "n"}"#, form: .compact,
      expected: noMatch("source", .messageAttributes)),
    .init(
      policy: #"{"source": ["s"], "$or": [{"metricName": ["m"]}, {"namespace": ["n"]}]}"#,
      message: #"{"namespace": "n", "source": "x"}"#, form: .compact,
      expected: noMatch("source", .messageAttributes)),
    .init(
      policy: #"{"$or": [{"a": ["1"], "b": ["1"]}, {"c": ["1"], "d": ["1"], "e": ["1"]}]}"#,
      message: #"{"c": "1", "d": "1"}"#, form: .compact, expected: noMatch("e", .messageAttributes)),
    // Bodies.
    .init(
      policy: #"{"detail": {"state": ["ALARM"]}, "source": ["aws"]}"#, message: #"{"source": "aws"}"#,
      form: .body, expected: noMatch("detail.state", .messageBody)),
    .init(
      policy: #"{"detail": {"state": ["ALARM"]}, "source": ["aws"]}"#, message: "not json",
      form: .body, expected: noMatch("detail.state", .invalidMessageBody)),
    .init(
      policy: #"{"detail": {"state": ["ALARM"]}, "source": ["aws"]}"#, message: "[]",
      form: .body, expected: noMatch("detail.state", .invalidMessageBody)),
    .init(
      policy: #"{"x": [{"exists": false}]}"#, message: #"{"x": 1}"#,
      form: .body, expected: noMatch("x", .messageBody)),
    .init(
      policy: #"{"x": [{"exists": false}]}"#, message: "{}", form: .body, expected: .match),
  ]
}

@Suite("Filter policy: outcomes")
struct FilterPolicyOutcomeTests {
  @Test("first failed key and reason", arguments: OutcomeTable.all)
  func outcome(_ testCase: OutcomeCase) throws {
    let scope: FilterPolicyScope = testCase.form == .body ? .messageBody : .messageAttributes
    let policy = try validPolicy(testCase.policy, scope: scope)
    let helper = FilterCase(
      policy: testCase.policy, message: testCase.message, form: testCase.form, expectedMatch: false,
      note: "")
    #expect(policy.evaluate(try helper.filterMessage()) == testCase.expected)
  }

  @Test("reasons name the CloudWatch metrics")
  func metricNames() {
    #expect(FilterOutReason.messageAttributes.metricName == "NumberOfNotificationsFilteredOut-MessageAttributes")
    #expect(FilterOutReason.messageBody.metricName == "NumberOfNotificationsFilteredOut-MessageBody")
    #expect(FilterOutReason.noMessageAttributes.metricName == "NumberOfNotificationsFilteredOut-NoMessageAttributes")
    #expect(FilterOutReason.invalidAttributes.metricName == "NumberOfNotificationsFilteredOut-InvalidAttributes")
    #expect(FilterOutReason.invalidMessageBody.metricName == "NumberOfNotificationsFilteredOut-InvalidMessageBody")
  }

  @Test("evaluation is deterministic across policies built from the same text")
  func deterministic() throws {
    let text = #"{"e": ["1"], "d": ["1"], "c": ["1"], "b": ["1"], "a": ["1"]}"#
    let message = FilterMessage(attributes: [("c", .string("1")), ("a", .string("1"))])
    for _ in 0..<10 {
      #expect(try validPolicy(text).evaluate(message) == .noMatch(firstFailedKey: "b", reason: .messageAttributes))
    }
  }

  @Test("the benchmark policy behaves and is fast enough to measure")
  func benchmark() {
    let rate = FilterPolicy.benchmarkEvaluations(count: 20_000)
    #expect(rate > 0)
  }
}
