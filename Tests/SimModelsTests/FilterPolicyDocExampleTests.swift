import Foundation
import SimModels
import Testing

/// Every example policy of AWS's SNS filtering pages (sns-subscription-filter-policies,
/// example-filter-policies, string-value-matching, numeric-value-matching,
/// attribute-key-matching, and-or-logic, subscription-filter-policy-constraints),
/// with the messages the pages say match or don't, plus our own near misses.
/// Attributes are written in the notification form the pages use.
enum DocExampleTables {
  /// The example message of example-filter-policies / sns-subscription-filter-policies.
  static let exampleMessage = #"""
    {"customer_interests": {"Type": "String.Array", "Value": "[\"soccer\", \"rugby\", \"hockey\"]"},
     "store": {"Type": "String", "Value": "example_corp"},
     "event": {"Type": "String", "Value": "order_placed"},
     "price_usd": {"Type": "Number", "Value": "210.75"}}
    """#

  static let examplePolicies =
    filterCases(
      "example policy that accepts the example message",
      #"""
      {"store": ["example_corp"], "event": [{"anything-but": "order_cancelled"}],
       "customer_interests": ["rugby", "football", "baseball"], "price_usd": [{"numeric": [">=", 100]}]}
      """#,
      form: .wire,
      match: [
        exampleMessage,
        #"""
        {"customer_interests": {"Type": "String.Array", "Value": "[\"football\"]"},
         "store": {"Type": "String", "Value": "example_corp"},
         "event": {"Type": "String", "Value": "order_shipped"},
         "price_usd": {"Type": "Number", "Value": "100"}}
        """#,
      ],
      noMatch: [
        exampleMessage.replacingOccurrences(of: "210.75", with: "99.99"),
        exampleMessage.replacingOccurrences(of: "order_placed", with: "order_cancelled"),
        exampleMessage.replacingOccurrences(of: "example_corp", with: "other_corp"),
        exampleMessage.replacingOccurrences(of: #"\"rugby\", "#, with: ""),
      ])
    + filterCases(
      "example policy that rejects the example message",
      #"""
      {"store": ["example_corp"], "event": ["order_cancelled"], "encrypted": [false],
       "customer_interests": ["basketball", "baseball"]}
      """#,
      form: .wire,
      noMatch: [
        exampleMessage,
        exampleMessage.replacingOccurrences(of: "order_placed", with: "order_cancelled"),
      ])
    + filterCases(
      "the rejecting example policy as a body policy",
      #"""
      {"store": ["example_corp"], "event": ["order_cancelled"], "encrypted": [false],
       "customer_interests": ["basketball", "baseball"]}
      """#,
      form: .body,
      match: [
        #"{"store": "example_corp", "event": "order_cancelled", "encrypted": false, "customer_interests": ["baseball"]}"#
      ],
      noMatch: [
        #"{"store": "example_corp", "event": "order_cancelled", "customer_interests": ["baseball"]}"#
      ])

  static let stringMatching =
    filterCases(
      "string exact matching", #"{"customer_interests": ["rugby", "tennis"]}"#, form: .wire,
      match: [
        #"{"customer_interests": {"Type": "String", "Value": "rugby"}}"#,
        #"{"customer_interests": {"Type": "String", "Value": "tennis"}}"#,
        #"{"customer_interests": {"Type": "String.Array", "Value": "[\"rugby\", \"tennis\"]"}}"#,
      ],
      noMatch: [
        #"{"customer_interests": {"Type": "String", "Value": "baseball"}}"#,
        #"{"customer_interests": {"Type": "String.Array", "Value": "[\"baseball\"]"}}"#,
      ])
    + filterCases(
      "string exact matching (body)", #"{"customer_interests": ["rugby", "tennis"]}"#, form: .body,
      match: [#"{"customer_interests": "rugby"}"#, #"{"customer_interests": "tennis"}"#],
      noMatch: [#"{"customer_interests": "baseball"}"#])
    + filterCases(
      "string prefix matching", #"{"customer_interests": [{"prefix": "bas"}]}"#, form: .wire,
      match: [
        #"{"customer_interests": {"Type": "String", "Value": "baseball"}}"#,
        #"{"customer_interests": {"Type": "String", "Value": "basketball"}}"#,
      ],
      noMatch: [#"{"customer_interests": {"Type": "String", "Value": "rugby"}}"#])
    + filterCases(
      "string prefix matching (body)", #"{"customer_interests": [{"prefix": "bas"}]}"#, form: .body,
      match: [#"{"customer_interests": "baseball"}"#, #"{"customer_interests": "basketball"}"#],
      noMatch: [#"{"customer_interests": "rugby"}"#])
    + filterCases(
      "string anything-but matching", #"{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}"#,
      form: .wire,
      match: [
        #"{"customer_interests": {"Type": "String", "Value": "baseball"}}"#,
        #"{"customer_interests": {"Type": "String", "Value": "football"}}"#,
        #"{"customer_interests": {"Type": "String.Array", "Value": "[\"rugby\", \"baseball\"]"}}"#,
      ],
      noMatch: [
        #"{"customer_interests": {"Type": "String", "Value": "rugby"}}"#,
        #"{"customer_interests": {"Type": "String.Array", "Value": "[\"rugby\", \"tennis\"]"}}"#,
      ])
    + filterCases(
      "string anything-but matching (body)",
      #"{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}"#, form: .body,
      match: [
        #"{"customer_interests": "baseball"}"#, #"{"customer_interests": "football"}"#,
        #"{"customer_interests": ["rugby", "baseball"]}"#,
      ],
      noMatch: [#"{"customer_interests": ["rugby"]}"#])
    + filterCases(
      "anything-but with a prefix", #"{"event": [{"anything-but": {"prefix": "order-"}}]}"#,
      form: .wire,
      match: [
        #"{"event": {"Type": "String", "Value": "data-entry"}}"#,
        #"{"event": {"Type": "String", "Value": "order_number"}}"#,
      ],
      noMatch: [#"{"event": {"Type": "String", "Value": "order-cancelled"}}"#])
    + filterCases(
      "anything-but with a prefix (body)", #"{"event": [{"anything-but": {"prefix": "order-"}}]}"#,
      form: .body,
      match: [#"{"event": "data-entry"}"#, #"{"event": "order_number"}"#],
      noMatch: [#"{"event": "order-cancelled"}"#])
    + filterCases(
      "IP address matching", #"{"source_ip": [{"cidr": "10.0.0.0/24"}]}"#, form: .wire,
      match: [
        #"{"source_ip": {"Type": "String", "Value": "10.0.0.0"}}"#,
        #"{"source_ip": {"Type": "String", "Value": "10.0.0.255"}}"#,
      ],
      noMatch: [#"{"source_ip": {"Type": "String", "Value": "10.1.1.0"}}"#])
    + filterCases(
      "IP address matching (body)", #"{"source_ip": [{"cidr": "10.0.0.0/24"}]}"#, form: .body,
      match: [#"{"source_ip": "10.0.0.0"}"#, #"{"source_ip": "10.0.0.255"}"#],
      noMatch: [#"{"source_ip": "10.1.1.0"}"#])
    + filterCases(
      "equals-ignore-case matching", #"{"customer_interests": [{"equals-ignore-case": "tennis"}]}"#,
      form: .wire,
      match: [
        #"{"customer_interests": {"Type": "String", "Value": "TENNIS"}}"#,
        #"{"customer_interests": {"Type": "String", "Value": "Tennis"}}"#,
      ],
      noMatch: [#"{"customer_interests": {"Type": "String", "Value": "rugby"}}"#])
    + filterCases(
      "suffix matching", #"{"customer_interests": [{"suffix": "ball"}]}"#, form: .wire,
      match: [
        #"{"customer_interests": {"Type": "String", "Value": "baseball"}}"#,
        #"{"customer_interests": {"Type": "String", "Value": "basketball"}}"#,
      ],
      noMatch: [#"{"customer_interests": {"Type": "String", "Value": "rugby"}}"#])

  static let numericMatching =
    filterCases(
      "numeric exact matching", #"{"price_usd": [{"numeric": ["=", 301.5]}]}"#, form: .wire,
      match: [
        #"{"price_usd": {"Type": "Number", "Value": 301.5}}"#,
        #"{"price_usd": {"Type": "Number", "Value": 3.015e2}}"#,
        #"{"price_usd": {"Type": "Number", "Value": "3.015e2"}}"#,
      ],
      noMatch: [#"{"price_usd": {"Type": "Number", "Value": 301.6}}"#])
    + filterCases(
      "numeric exact matching (body)", #"{"price_usd": [{"numeric": ["=", 301.5]}]}"#, form: .body,
      match: [#"{"price_usd": 301.5}"#, #"{"price_usd": 3.015e2}"#],
      noMatch: [#"{"price_usd": 301}"#])
    + filterCases(
      "numeric anything-but matching", #"{"price": [{"anything-but": [100, 500]}]}"#, form: .wire,
      match: [
        #"{"price": {"Type": "Number", "Value": 101}}"#,
        #"{"price": {"Type": "Number", "Value": 100.1}}"#,
        #"{"price": {"Type": "Number.Array", "Value": "[100, 50]"}}"#,
      ],
      noMatch: [#"{"price": {"Type": "Number", "Value": 100}}"#])
    + filterCases(
      "numeric anything-but matching (body)", #"{"price": [{"anything-but": [100, 500]}]}"#,
      form: .body,
      match: [#"{"price": 101}"#, #"{"price": 100.1}"#, #"{"price": [100, 50]}"#],
      noMatch: [#"{"price": 100}"#])
    + filterCases(
      "numeric range: negative values", #"{"price_usd": [{"numeric": ["<", 0]}]}"#, form: .wire,
      match: [#"{"price_usd": {"Type": "Number", "Value": "-0.01"}}"#],
      noMatch: [#"{"price_usd": {"Type": "Number", "Value": "0"}}"#])
    + filterCases(
      "numeric range: positive up to 150", #"{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}"#,
      form: .wire,
      match: [
        #"{"price_usd": {"Type": "Number", "Value": "150"}}"#,
        #"{"price_usd": {"Type": "Number", "Value": "0.5"}}"#,
      ],
      noMatch: [
        #"{"price_usd": {"Type": "Number", "Value": "0"}}"#,
        #"{"price_usd": {"Type": "Number", "Value": "150.5"}}"#,
      ])

  static let keyMatching =
    filterCases(
      "key matching: exists true", #"{"store": [{"exists": true}]}"#, form: .wire,
      match: [
        #"""
        {"store": {"Type": "String", "Value": "fans"},
         "customer_interests": {"Type": "String.Array", "Value": "[\"baseball\", \"basketball\"]"}}
        """#
      ],
      noMatch: [#"{"customer_interests": {"Type": "String.Array", "Value": "[\"baseball\", \"basketball\"]"}}"#])
    + filterCases(
      "key matching: exists true (body)", #"{"store": [{"exists": true}]}"#, form: .body,
      match: [#"{"store": "fans", "customer_interests": ["baseball", "basketball"]}"#],
      noMatch: [#"{"customer_interests": ["baseball", "basketball"]}"#])
    + filterCases(
      "key matching: exists false", #"{"store": [{"exists": false}]}"#, form: .wire,
      match: [#"{"customer_interests": {"Type": "String.Array", "Value": "[\"baseball\", \"basketball\"]"}}"#],
      noMatch: [
        #"""
        {"store": {"Type": "String", "Value": "fans"},
         "customer_interests": {"Type": "String.Array", "Value": "[\"baseball\", \"basketball\"]"}}
        """#,
        "{}",
      ])
    + filterCases(
      "key matching: exists false (body)", #"{"store": [{"exists": false}]}"#, form: .body,
      match: [#"{"customer_interests": ["baseball", "basketball"]}"#],
      noMatch: [#"{"store": "fans", "customer_interests": ["baseball", "basketball"]}"#])

  static let andOrLogic =
    filterCases(
      "AND logic", #"{"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}"#,
      form: .wire,
      match: [
        #"{"customer_interests": {"Type": "String", "Value": "rugby"}, "price_usd": {"Type": "Number", "Value": "101"}}"#
      ],
      noMatch: [
        #"{"customer_interests": {"Type": "String", "Value": "rugby"}, "price_usd": {"Type": "Number", "Value": "100"}}"#,
        #"{"customer_interests": {"Type": "String", "Value": "soccer"}, "price_usd": {"Type": "Number", "Value": "101"}}"#,
      ])
    + filterCases(
      "OR logic", #"{"customer_interests": ["rugby", "football", "baseball"]}"#, form: .wire,
      match: [
        #"{"customer_interests": {"Type": "String", "Value": "rugby"}}"#,
        #"{"customer_interests": {"Type": "String", "Value": "football"}}"#,
        #"{"customer_interests": {"Type": "String", "Value": "baseball"}}"#,
      ],
      noMatch: [#"{"customer_interests": {"Type": "String", "Value": "soccer"}}"#])
    + filterCases(
      "OR operator", #"{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]}"#,
      form: .wire,
      match: [
        #"{"source": {"Type": "String", "Value": "aws.cloudwatch"}, "metricName": {"Type": "String", "Value": "CPUUtilization"}}"#,
        #"{"source": {"Type": "String", "Value": "aws.cloudwatch"}, "namespace": {"Type": "String", "Value": "AWS/EC2"}}"#,
      ],
      noMatch: [
        #"{"source": {"Type": "String", "Value": "aws.cloudwatch"}, "namespace": {"Type": "String", "Value": "AWS/ES"}}"#,
        #"{"metricName": {"Type": "String", "Value": "CPUUtilization"}}"#,
      ])
    + filterCases(
      "OR operator (body)", #"{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]}"#,
      form: .body,
      match: [
        #"{"source": "aws.cloudwatch", "metricName": "CPUUtilization"}"#,
        #"{"source": "aws.cloudwatch", "namespace": "AWS/EC2"}"#,
      ],
      noMatch: [#"{"source": "aws.cloudwatch"}"#, #"{"namespace": "AWS/EC2"}"#])
    + filterCases(
      "OR operator with a nested $or",
      #"""
      {"source": ["aws.cloudwatch"],
       "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
               {"metricType": ["MetricType"], "$or": [{"metricId": [1234, 4321]}, {"spaceId": [1000, 2000, 3000]}]}]}
      """#,
      form: .body,
      match: [
        #"{"source": "aws.cloudwatch", "metricName": "ReadLatency"}"#,
        #"{"source": "aws.cloudwatch", "metricType": "MetricType", "metricId": 4321}"#,
        #"{"source": "aws.cloudwatch", "metricType": "MetricType", "spaceId": 3000}"#,
      ],
      noMatch: [
        #"{"source": "aws.cloudwatch", "metricType": "MetricType"}"#,
        #"{"source": "aws.cloudwatch", "metricId": 1234}"#,
        #"{"source": "aws.cloudwatch", "metricType": "MetricType", "spaceId": 4000}"#,
        #"{"metricType": "MetricType", "metricId": 1234}"#,
      ])
    + filterCases(
      "OR operator inside a nested object",
      #"""
      {"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
       "detail": {"scope": ["Service"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}]}}
      """#,
      form: .body,
      match: [
        #"{"metricName": "CPUUtilization", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}"#,
        #"{"namespace": "AWS/ES", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}"#,
      ],
      noMatch: [
        #"{"metricName": "CPUUtilization", "detail": {"scope": "Service"}}"#,
        #"{"namespace": "AWS/ES", "detail": {"scope": "Other", "source": "aws.cloudwatch"}}"#,
        #"{"detail": {"scope": "Service", "source": "aws.cloudwatch"}}"#,
        #"{"metricName": "CPUUtilization", "source": "aws.cloudwatch", "scope": "Service"}"#,
      ])

  static let constraints =
    filterCases(
      "complexity example 3 x 1 x 2",
      #"{"key_a": ["value_one", "value_two", "value_three"], "key_b": ["value_one"], "key_c": ["value_one", "value_two"]}"#,
      form: .wire,
      match: [
        #"{"key_a": {"Type": "String", "Value": "value_three"}, "key_b": {"Type": "String", "Value": "value_one"}, "key_c": {"Type": "String", "Value": "value_two"}}"#
      ],
      noMatch: [
        #"{"key_a": {"Type": "String", "Value": "value_three"}, "key_b": {"Type": "String", "Value": "value_two"}, "key_c": {"Type": "String", "Value": "value_two"}}"#
      ])
    + filterCases(
      "nested complexity example",
      #"""
      {"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}},
       "key_d": {"key_e": ["value_one", "value_two", "value_three"]}}
      """#,
      form: .body,
      match: [#"{"key_a": {"key_b": {"key_c": "value_four"}}, "key_d": {"key_e": "value_one"}}"#],
      noMatch: [#"{"key_a": {"key_b": {"key_c": "value_five"}}, "key_d": {"key_e": "value_one"}}"#])

  static let all: [FilterCase] =
    examplePolicies + stringMatching + numericMatching + keyMatching + andOrLogic + constraints
}

@Suite("Filter policy: AWS documentation examples")
struct FilterPolicyDocExampleTests {
  @Test("documentation example", arguments: DocExampleTables.all)
  func docCase(_ testCase: FilterCase) throws {
    try testCase.check()
  }

  @Test("complexities of the documented policies")
  func documentedComplexities() throws {
    let simple = try validPolicy(
      #"{"key_a": ["value_one", "value_two", "value_three"], "key_b": ["value_one"], "key_c": ["value_one", "value_two"]}"#
    )
    #expect(simple.complexity == 6)
    let nested = try validPolicy(
      #"{"key_a": {"key_b": {"key_c": ["v1", "v2", "v3", "v4"]}}, "key_d": {"key_e": ["v1", "v2", "v3"]}}"#,
      scope: .messageBody)
    #expect(nested.complexity == 72)
    let or = try validPolicy(
      #"""
      {"source": ["aws.cloudwatch"],
       "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
               {"metricType": ["MetricType"], "$or": [{"metricId": [1234, 4321]}, {"spaceId": [1000, 2000, 3000]}]}]}
      """#)
    #expect(or.complexity == 7)
    #expect(or.alternativeCount == 3)
    let nestedOr = try validPolicy(
      #"""
      {"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
       "detail": {"scope": ["Service"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}]}}
      """#,
      scope: .messageBody)
    #expect(nestedOr.complexity == 32)
    #expect(nestedOr.alternativeCount == 4)
    #expect(nestedOr.keyPaths == ["detail.scope", "detail.source", "detail.type", "metricName", "namespace"])
  }

  @Test("AWS's 'not an $or' example is an ordinary key, and an invalid one")
  func reservedKeywordsInOr() {
    #expect(throws: FilterPolicyError.self) {
      try validPolicy(#"{"$or": [{"numeric": 123}, {"prefix": "abc"}]}"#)
    }
  }

  @Test("the key-counting examples of the constraints page")
  func keyCountingExamples() throws {
    // Six keys with values: state, severity, message and the three under finding.
    let finding = #"""
      {"state": ["SUCCESS"], "severity": [{"exists": true}], "message": [{"exists": true}],
       "finding": {"standard_control": [{"exists": true}], "region": [{"exists": true}], "account": [{"exists": true}]}}
      """#
    #expect(throws: FilterPolicyError.self) { try validPolicy(finding, scope: .messageBody) }
    // Only key_d and key_f count.
    let two = try validPolicy(
      #"{"key_a": {"key_b": {"key_c": {"key_d": ["value_one", "value_two", "value_three", "value_four"]}}, "key_e": {"key_f": ["value_one", "value_two", "value_three"]}}}"#,
      scope: .messageBody)
    #expect(two.keyPaths == ["key_a.key_b.key_c.key_d", "key_a.key_e.key_f"])
  }
}
