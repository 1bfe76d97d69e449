import Foundation
import SimModels
import Testing

/// A policy AWS rejects when it is set, with the rule it breaks.
struct InvalidPolicyCase: Sendable, CustomTestStringConvertible {
  let policy: String
  let scope: FilterPolicyScope
  let kind: FilterPolicyError.Kind
  /// Text the error's description must contain (its path and message).
  let mentions: String

  init(
    _ policy: String, _ kind: FilterPolicyError.Kind, _ mentions: String,
    scope: FilterPolicyScope = .messageAttributes
  ) {
    self.policy = policy
    self.kind = kind
    self.mentions = mentions
    self.scope = scope
  }

  var testDescription: String { "\(kind): \(policy)" }
}

enum InvalidPolicyTable {
  static let sixKeys = #"{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}"#
  static let tooComplex = "{\"a\": [" + (1...151).map { "\"v\($0)\"" }.joined(separator: ", ") + "]}"
  static let bigProduct = #"{"a": [1,2,3,4,5,6], "b": [1,2,3,4,5], "c": [1,2,3,4,5,6]}"#  // 180

  static let all: [InvalidPolicyCase] = [
    // Whole-policy shape and limits.
    .init("[]", .notAnObject, "must be a JSON object"),
    .init(#""store""#, .notAnObject, "not string"),
    .init("null", .notAnObject, "not null"),
    .init(sixKeys, .tooManyKeys, "Filter policy can not have more than 5 keys"),
    .init(
      #"{"a": {"b": ["1"], "c": ["1"], "d": ["1"]}, "e": {"f": ["1"], "g": ["1"], "h": ["1"]}}"#,
      .tooManyKeys, "more than 5 keys", scope: .messageBody),
    .init(
      #"{"a": ["1"], "b": ["1"], "c": ["1"], "$or": [{"d": ["1"], "e": ["1"], "f": ["1"]}, {"g": ["1"]}]}"#,
      .tooManyKeys, "found 6"),
    .init(tooComplex, .tooComplex, "Filter policy is too complex"),
    .init(bigProduct, .tooComplex, "180 combinations"),
    .init(
      #"{"a": {"b": {"c": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51]}}}"#,
      .tooComplex, "153 combinations", scope: .messageBody),
    .init(
      #"{"$or": [{"a": [1,2,3,4,5,6,7,8,9,10]}, {"b": [1,2,3,4,5,6,7,8,9,10]}], "c": [1,2,3,4,5,6,7,8]}"#,
      .tooComplex, "160 combinations"),
    // Values.
    .init(#"{"store": "example_corp"}"#, .notObjectOrArray, #"store: "store" must be an object or an array"#),
    .init(#"{"store": 5}"#, .notObjectOrArray, "must be an object or an array"),
    .init(#"{"store": null}"#, .notObjectOrArray, "must be an object or an array"),
    .init(#"{"store": []}"#, .emptyArray, "store: Empty arrays are not allowed"),
    .init(#"{"a": {"b": []}}"#, .emptyArray, "a.b: Empty arrays are not allowed", scope: .messageBody),
    .init(#"{"a": {}}"#, .emptyObject, "a: Empty objects are not allowed", scope: .messageBody),
    .init(#"{"$or": [{"a": ["1"]}, {}]}"#, .emptyObject, "$or[1]: Empty objects are not allowed"),
    .init(
      #"{"store": {"name": ["x"]}}"#, .nestedInAttributeScope,
      "store: Filter policy scope MessageAttributes does not support nested filter policy"),
    .init(#"{"$or": [{"a": {"b": ["1"]}}, {"c": ["1"]}]}"#, .nestedInAttributeScope, "$or[0].a"),
    .init(#"{"store": [["example_corp"]]}"#, .invalidMatchValue, "store[0]: Match value must be String"),
    // Match expressions.
    .init(#"{"a": [{}]}"#, .invalidMatchExpression, "a[0]: Match expression name not found"),
    .init(#"{"a": [{"prefix": "x", "suffix": "y"}]}"#, .invalidMatchExpression, "Only one key allowed"),
    .init(#"{"a": [{"wildcard": "x*"}]}"#, .unrecognizedMatchType, "Unrecognized match type wildcard"),
    .init(#"{"a": [{"exact": "x"}]}"#, .unrecognizedMatchType, "Unrecognized match type exact"),
    .init(#"{"a": [{"Prefix": "x"}]}"#, .unrecognizedMatchType, "Unrecognized match type Prefix"),
    .init(#"{"a": [{"prefix": 5}]}"#, .invalidOperand, "a[0].prefix: prefix match pattern must be a string"),
    .init(#"{"a": [{"prefix": {"equals-ignore-case": "x"}}]}"#, .invalidOperand, "prefix match pattern"),
    .init(#"{"a": [{"suffix": ["x"]}]}"#, .invalidOperand, "suffix match pattern must be a string"),
    .init(#"{"a": [{"equals-ignore-case": 1}]}"#, .invalidOperand, "equals-ignore-case match pattern"),
    .init(#"{"a": [{"exists": "true"}]}"#, .invalidOperand, "exists match pattern must be either true or false."),
    .init(#"{"a": [{"exists": 1}]}"#, .invalidOperand, "either true or false"),
    .init(#"{"a": [{"exists": null}]}"#, .invalidOperand, "either true or false"),
    // numeric.
    .init(#"{"a": [{"numeric": 5}]}"#, .invalidNumeric, "Value of numeric must be an array."),
    .init(#"{"a": [{"numeric": []}]}"#, .invalidNumeric, "Invalid member in numeric match: ]"),
    .init(#"{"a": [{"numeric": [5]}]}"#, .invalidNumeric, "a[0].numeric[0]: Invalid member in numeric match: 5"),
    .init(#"{"a": [{"numeric": ["==", 5]}]}"#, .invalidNumeric, "Unrecognized numeric range operator: =="),
    .init(#"{"a": [{"numeric": ["!=", 5]}]}"#, .invalidNumeric, "Unrecognized numeric range operator: !="),
    .init(#"{"a": [{"numeric": ["="]}]}"#, .invalidNumeric, "Value of equals must be numeric"),
    .init(#"{"a": [{"numeric": ["=", "5"]}]}"#, .invalidNumeric, "a[0].numeric[1]: Value of equals must be numeric"),
    .init(#"{"a": [{"numeric": [">", null]}]}"#, .invalidNumeric, "Value of > must be numeric"),
    .init(#"{"a": [{"numeric": ["=", 5, "<", 6]}]}"#, .invalidNumeric, "Too many elements in numeric expression"),
    .init(#"{"a": [{"numeric": ["<", 5, ">", 1]}]}"#, .invalidNumeric, "Too many elements"),
    .init(#"{"a": [{"numeric": ["<=", 5, 6]}]}"#, .invalidNumeric, "Too many elements"),
    .init(#"{"a": [{"numeric": [">", 0, 150]}]}"#, .invalidNumeric, "Bad value in numeric range: 150"),
    .init(#"{"a": [{"numeric": [">", 0, ">", 150]}]}"#, .invalidNumeric, "Bad numeric range operator: >"),
    .init(#"{"a": [{"numeric": [">", 0, "=", 150]}]}"#, .invalidNumeric, "Bad numeric range operator: ="),
    .init(#"{"a": [{"numeric": [">", 0, "<"]}]}"#, .invalidNumeric, "Value of < must be numeric"),
    .init(#"{"a": [{"numeric": [">", 0, "<=", "150"]}]}"#, .invalidNumeric, "a[0].numeric[3]: Value of <= must be numeric"),
    .init(#"{"a": [{"numeric": [">", 0, "<", 150, "<", 200]}]}"#, .invalidNumeric, "Too many terms"),
    .init(#"{"a": [{"numeric": [">", 150, "<", 0]}]}"#, .invalidNumeric, "Bottom must be less than top"),
    .init(#"{"a": [{"numeric": [">=", 5, "<=", 5]}]}"#, .invalidNumeric, "Bottom must be less than top"),
    .init(#"{"a": [{"numeric": ["=", 1000000001]}]}"#, .numberOutOfRange, "between -1000000000 and 1000000000"),
    .init(#"{"a": [{"numeric": ["<", -2e9]}]}"#, .numberOutOfRange, "a[0].numeric[1]"),
    .init(#"{"a": [{"numeric": [">", 0, "<", 1e10]}]}"#, .numberOutOfRange, "a[0].numeric[3]"),
    // anything-but.
    .init(#"{"a": [{"anything-but": true}]}"#, .invalidAnythingBut, "must be an array or single string/number value"),
    .init(#"{"a": [{"anything-but": null}]}"#, .invalidAnythingBut, "single string/number value"),
    .init(#"{"a": [{"anything-but": []}]}"#, .invalidAnythingBut, "must not be an empty array"),
    .init(#"{"a": [{"anything-but": ["x", 1]}]}"#, .invalidAnythingBut, "mixed type is not supported"),
    .init(#"{"a": [{"anything-but": ["x", null]}]}"#, .invalidAnythingBut, "a[0].anything-but[1]"),
    .init(#"{"a": [{"anything-but": [["x"]]}]}"#, .invalidAnythingBut, "start|null|boolean is not supported"),
    .init(#"{"a": [{"anything-but": [true]}]}"#, .invalidAnythingBut, "is not supported"),
    .init(#"{"a": [{"anything-but": {"suffix": "x"}}]}"#, .invalidAnythingBut, "Unsupported anything-but pattern: suffix"),
    .init(#"{"a": [{"anything-but": {"equals-ignore-case": "x"}}]}"#, .invalidAnythingBut, "Unsupported anything-but pattern"),
    .init(#"{"a": [{"anything-but": {"numeric": [">", 1]}}]}"#, .invalidAnythingBut, "Unsupported anything-but pattern: numeric"),
    .init(#"{"a": [{"anything-but": {"prefix": 5}}]}"#, .invalidAnythingBut, "prefix match pattern must be a string"),
    .init(#"{"a": [{"anything-but": {"prefix": ""}}]}"#, .invalidAnythingBut, "Null prefix/suffix not allowed"),
    .init(#"{"a": [{"anything-but": {}}]}"#, .invalidAnythingBut, "Anything-But expression name not found"),
    .init(#"{"a": [{"anything-but": {"prefix": "x", "suffix": "y"}}]}"#, .invalidAnythingBut, "Only one key"),
    .init(#"{"a": [{"anything-but": 2000000000}]}"#, .numberOutOfRange, "between"),
    .init(#"{"a": [{"anything-but": [1, -1000000001]}]}"#, .numberOutOfRange, "a[0].anything-but[1]"),
    // cidr.
    .init(#"{"ip": [{"cidr": 10}]}"#, .invalidOperand, "cidr match pattern must be a string"),
    .init(#"{"ip": [{"cidr": "10.0.0.0"}]}"#, .invalidCIDR, "Malformed CIDR, one '/' required"),
    .init(#"{"ip": [{"cidr": "10.0.0.0/8/8"}]}"#, .invalidCIDR, "one '/' required"),
    .init(#"{"ip": [{"cidr": "10.0.0.0/x"}]}"#, .invalidCIDR, "mask bits must be an integer"),
    .init(#"{"ip": [{"cidr": "10.0.0.0/"}]}"#, .invalidCIDR, "mask bits must be an integer"),
    .init(#"{"ip": [{"cidr": "10.0.0.0/-1"}]}"#, .invalidCIDR, "mask bits must not be negative"),
    .init(#"{"ip": [{"cidr": "10.0.0.0/32"}]}"#, .invalidCIDR, "IPv4 mask bits must be < 32"),
    .init(#"{"ip": [{"cidr": "10.0.0.0/33"}]}"#, .invalidCIDR, "IPv4 mask bits must be < 32"),
    .init(#"{"ip": [{"cidr": "2001:db8::/128"}]}"#, .invalidCIDR, "IPv6 mask bits must be < 128"),
    .init(#"{"ip": [{"cidr": "10.0.0.256/24"}]}"#, .invalidCIDR, "Nonstandard IP address: 10.0.0.256"),
    .init(#"{"ip": [{"cidr": "10.0.0/24"}]}"#, .invalidCIDR, "Nonstandard IP address"),
    .init(#"{"ip": [{"cidr": "localhost/24"}]}"#, .invalidCIDR, "Nonstandard IP address: localhost"),
    .init(#"{"ip": [{"cidr": "2001:db8:::/64"}]}"#, .invalidCIDR, "Nonstandard IP address"),
    .init(#"{"ip": [{"cidr": "fe80::1%eth0/64"}]}"#, .invalidCIDR, "Nonstandard IP address"),
    .init(#"{"ip": [{"cidr": " 10.0.0.0/24"}]}"#, .invalidCIDR, "Nonstandard IP address"),
    // $or that is not an $or: an ordinary key whose conditions are invalid.
    .init(#"{"$or": [{"a": ["1"]}]}"#, .unrecognizedMatchType, "$or[0]: Unrecognized match type a"),
    .init(#"{"$or": [{"numeric": 123}, {"prefix": "abc"}]}"#, .invalidNumeric, "Value of numeric must be an array."),
    .init(#"{"$or": {"a": ["1"]}}"#, .nestedInAttributeScope, "$or"),
    .init(#"{"$or": "a"}"#, .notObjectOrArray, "must be an object or an array"),
  ]
}

@Suite("Filter policy: validation")
struct FilterPolicyValidationTests {
  @Test("invalid policy", arguments: InvalidPolicyTable.all)
  func invalid(_ testCase: InvalidPolicyCase) {
    do {
      let policy = try FilterPolicy(jsonText: testCase.policy, scope: testCase.scope)
      Issue.record("accepted, \(policy.alternativeCount) alternatives")
    } catch {
      #expect(error.kind == testCase.kind, "\(error)")
      #expect(error.description.contains(testCase.mentions), "\(error)")
    }
  }

  static let validPolicies: [String] = [
    "{}",
    #"{"a": ["x"], "b": ["y"], "c": ["z"], "d": ["w"], "e": ["v"]}"#,
    "{\"a\": [" + (1...150).map { "\"v\($0)\"" }.joined(separator: ", ") + "]}",
    #"{"a": [1,2,3,4,5], "b": [1,2,3,4,5], "c": [1,2,3,4,5,6]}"#,
    #"{"a": [null, true, false, 1.5, -3, "s"]}"#,
    #"{"a": [{"numeric": ["=", 1000000000]}, {"numeric": ["=", -1000000000]}]}"#,
    #"{"a": [{"numeric": [">", 0.000001, "<", 0.000002]}]}"#,
    #"{"a": [12345678901234]}"#,
    #"{"a": [{"anything-but": ["x"]}], "b": [{"anything-but": [1, 2.5]}], "c": [{"anything-but": "y"}]}"#,
    #"{"ip": [{"cidr": "0.0.0.0/0"}, {"cidr": "10.1.2.3/31"}, {"cidr": "::/0"}, {"cidr": "::1/127"}]}"#,
    #"{"ip": [{"cidr": "2001:db8::10.0.0.0/120"}, {"cidr": "10.0.0.0/08"}]}"#,
    #"{"a": [{"prefix": ""}, {"suffix": ""}, {"equals-ignore-case": ""}]}"#,
    #"{"$or": [{"a": ["1"]}, {"b": ["2"]}, {"c": ["3"]}]}"#,
    #"{"$or": ["x", "y"]}"#,
    #"{"$or": [{"prefix": "abc"}, {"suffix": "xyz"}]}"#,
    #"{"prefix": ["a"], "numeric": ["b"], "exists": [{"exists": true}]}"#,
  ]

  @Test("valid policy", arguments: validPolicies)
  func valid(_ text: String) throws {
    _ = try FilterPolicy(jsonText: text, scope: .messageAttributes)
  }

  @Test("six keys split by $or are fine when no alternative has more than five")
  func keysPerAlternative() throws {
    let policy = try validPolicy(
      #"{"a": ["1"], "b": ["1"], "$or": [{"c": ["1"], "d": ["1"], "e": ["1"]}, {"f": ["1"], "g": ["1"]}]}"#)
    #expect(policy.alternativeCount == 2)
    #expect(policy.keyPaths(ofAlternative: 0) == ["a", "b", "c", "d", "e"])
    #expect(policy.keyPaths(ofAlternative: 1) == ["a", "b", "f", "g"])
  }

  @Test("nested body keys count as their leaves, objects around them do not")
  func nestedKeyCount() throws {
    _ = try validPolicy(
      #"{"a": {"b": {"c": ["1"], "d": ["1"]}}, "e": {"f": ["1"]}, "g": ["1"], "h": ["1"]}"#,
      scope: .messageBody)
  }

  @Test("policy text: JSON strictness, size and UTF-8")
  func policyText() {
    let cases: [(String, FilterPolicyError.Kind)] = [
      (#"{"a": ["x"],}"#, .invalidJSON),
      (#"{"a": ["x",]}"#, .invalidJSON),
      (#"{a: ["x"]}"#, .invalidJSON),
      ("// c\n{\"a\": [\"x\"]}", .invalidJSON),
      (#"{"a": ["x"], "a": ["y"]}"#, .invalidJSON),
      (#"{"a": ['x']}"#, .invalidJSON),
      (#"{"a": [NaN]}"#, .invalidJSON),
      (#"{"a": [1e400]}"#, .invalidJSON),
      ("", .invalidJSON),
      (#"{"a": ["x"]} {}"#, .invalidJSON),
    ]
    for (text, kind) in cases {
      #expect(throws: FilterPolicyError.self, "\(text)") {
        try FilterPolicy(jsonText: text, scope: .messageAttributes)
      }
      do {
        _ = try FilterPolicy(jsonText: text, scope: .messageAttributes)
      } catch {
        #expect(error.kind == kind, "\(text): \(error)")
      }
    }
    var invalidUTF8 = Array(#"{"a": ["x"]}"#.utf8)
    invalidUTF8[8] = 0xFF
    #expect(throws: FilterPolicyError(.invalidJSON, "Filter policy is not valid JSON: not valid UTF-8")) {
      try FilterPolicy(jsonBytes: invalidUTF8, scope: .messageAttributes)
    }
    let huge = "{\"a\": [\"" + String(repeating: "x", count: FilterPolicy.maximumSize) + "\"]}"
    do {
      _ = try FilterPolicy(jsonText: huge, scope: .messageAttributes)
      Issue.record("a policy over 256 KiB was accepted")
    } catch {
      #expect(error.kind == .tooLarge)
    }
  }

  @Test("errors read path: message")
  func errorDescription() {
    let error = FilterPolicyError(.invalidNumeric, "Value of < must be numeric", path: "price[0].numeric[3]")
    #expect(error.description == "price[0].numeric[3]: Value of < must be numeric")
    #expect(FilterPolicyError(.tooManyKeys, "Filter policy can not have more than 5 keys").description
      == "Filter policy can not have more than 5 keys")
  }

  @Test("the first error is the same on every run (sorted keys)")
  func deterministicFirstError() throws {
    let text = #"{"zeta": [{"prefix": 1}], "alpha": [{"suffix": 2}], "mid": []}"#
    var descriptions = Set<String>()
    for _ in 0..<20 {
      do {
        _ = try FilterPolicy(jsonText: text, scope: .messageAttributes)
      } catch {
        descriptions.insert(error.description)
      }
    }
    #expect(descriptions == ["alpha[0].suffix: suffix match pattern must be a string"])
  }
}
