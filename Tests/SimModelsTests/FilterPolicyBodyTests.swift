import SimModels
import Testing

/// Body-scoped (payload) tables: nested keys, arrays, types.
enum BodyTables {
  static let nesting =
    filterCases(
      "one level of nesting", #"{"store": {"name": ["example_corp"]}}"#, form: .body,
      match: [
        #"{"store": {"name": "example_corp"}}"#,
        #"{"store": {"name": "example_corp", "city": "x"}, "other": 1}"#,
        #"{"store": [{"name": "other"}, {"name": "example_corp"}]}"#,
        #"{"store.name": "example_corp"}"#,
        #"{"store": {"name": ["x", "example_corp"]}}"#,
      ],
      noMatch: [
        #"{"store": {"name": "other"}}"#, #"{"store": "example_corp"}"#,
        #"{"name": "example_corp"}"#, #"{"store": {"name": {"first": "example_corp"}}}"#,
        #"{"store": {"Name": "example_corp"}}"#, #"{"store": []}"#, #"{}"#,
      ])
    + filterCases(
      "three levels of nesting", #"{"a": {"b": {"c": [{"numeric": [">", 1]}]}}}"#, form: .body,
      match: [#"{"a": {"b": {"c": 2}}}"#, #"{"a": [{"b": [{"c": [0, 5]}]}]}"#, #"{"a": {"b.c": 3}}"#],
      noMatch: [#"{"a": {"b": {"c": 1}}}"#, #"{"a": {"b": {"c": "2"}}}"#, #"{"a": {"b": 2}}"#])
    + filterCases(
      "nested keys are ANDed with top-level keys",
      #"{"detail": {"state": ["ALARM"], "severity": [{"numeric": [">=", 3]}]}, "source": [{"prefix": "aws."}]}"#,
      form: .body,
      match: [
        #"{"source": "aws.cloudwatch", "detail": {"state": "ALARM", "severity": 3}}"#,
        #"{"source": "aws.", "detail": {"state": ["OK", "ALARM"], "severity": [1, 5]}}"#,
      ],
      noMatch: [
        #"{"source": "aws.cloudwatch", "detail": {"state": "OK", "severity": 3}}"#,
        #"{"source": "custom", "detail": {"state": "ALARM", "severity": 3}}"#,
        #"{"source": "aws.cloudwatch", "detail": {"state": "ALARM"}}"#,
      ])
    + filterCases(
      "exists works on leaves only", #"{"detail": [{"exists": true}]}"#, form: .body,
      match: [#"{"detail": "x"}"#, #"{"detail": 0}"#, #"{"detail": false}"#, #"{"detail": ["a"]}"#],
      noMatch: [
        #"{"detail": {"a": 1}}"#, #"{"detail": {}}"#, #"{"detail": []}"#, #"{"other": 1}"#,
        #"{"detail": null}"#, #"{"detail": ""}"#, #"{"detail": [null, ""]}"#,
      ])
    + filterCases(
      "exists false in a body", #"{"detail": {"id": [{"exists": false}]}}"#, form: .body,
      match: [#"{}"#, #"{"detail": {}}"#, #"{"detail": {"other": 1}}"#, #"{"detail": {"id": []}}"#],
      noMatch: [#"{"detail": {"id": 1}}"#, #"{"detail": [{"x": 1}, {"id": "a"}]}"#, #"{"detail.id": 0}"#])

  static let dottedKeys =
    filterCases(
      "a dotted key and a nested key name the same path; both must match",
      #"{"a.b": ["1"], "a": {"b": [{"numeric": [">", 0]}]}}"#, form: .body,
      match: [#"{"a": {"b": ["1", 2]}}"#, #"{"a.b": "1", "a": {"b": 5}}"#],
      noMatch: [#"{"a": {"b": "1"}}"#, #"{"a": {"b": 2}}"#])

  static let arraysAndTypes =
    filterCases(
      "a value in an array", #"{"tags": ["b"]}"#, form: .body,
      match: [#"{"tags": ["a", "b"]}"#, #"{"tags": "b"}"#, #"{"tags": [["a"], ["b"]]}"#, #"{"tags": [[["b"]]]}"#],
      noMatch: [#"{"tags": ["a"]}"#, #"{"tags": []}"#, #"{"tags": ["B"]}"#, #"{"tags": {"b": 1}}"#])
    + filterCases(
      "numbers in arrays", #"{"n": [2]}"#, form: .body,
      match: [#"{"n": [1, 2]}"#, #"{"n": 2.0}"#, #"{"n": 2e0}"#, #"{"n": 20e-1}"#],
      noMatch: [#"{"n": [1, 3]}"#, #"{"n": "2"}"#, #"{"n": ["2"]}"#])
    + filterCases(
      "numeric on JSON numbers only", #"{"price": [{"numeric": [">=", 100, "<", 200]}]}"#, form: .body,
      match: [#"{"price": 100}"#, #"{"price": 199.999}"#, #"{"price": [50, 150]}"#, #"{"price": 1.5e2}"#],
      noMatch: [#"{"price": "150"}"#, #"{"price": 200}"#, #"{"price": [50, 250]}"#, #"{"price": true}"#])
    + filterCases(
      "booleans and null", #"{"flag": [true], "missing": [null]}"#, form: .body,
      match: [#"{"flag": true, "missing": null}"#, #"{"flag": [false, true], "missing": [1, null]}"#],
      noMatch: [
        #"{"flag": "true", "missing": null}"#, #"{"flag": true, "missing": "null"}"#,
        #"{"flag": true}"#, #"{"flag": 1, "missing": null}"#,
      ])
    + filterCases(
      "false literal", #"{"encrypted": [false]}"#, form: .body,
      match: [#"{"encrypted": false}"#],
      noMatch: [#"{"encrypted": true}"#, #"{"encrypted": "false"}"#, #"{"encrypted": 0}"#, #"{"encrypted": null}"#])
    + filterCases(
      "anything-but in a body", #"{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}"#,
      form: .body,
      match: [
        #"{"customer_interests": "baseball"}"#, #"{"customer_interests": ["rugby", "baseball"]}"#,
        #"{"customer_interests": null}"#, #"{"customer_interests": 3}"#,
      ],
      noMatch: [
        #"{"customer_interests": ["rugby"]}"#, #"{"customer_interests": "tennis"}"#,
        #"{"customer_interests": []}"#, #"{}"#,
      ])
    + filterCases(
      "prefix, suffix and ignore-case in a body",
      #"{"file": {"name": [{"suffix": ".png"}], "bucket": [{"prefix": "media-"}], "kind": [{"equals-ignore-case": "IMAGE"}]}}"#,
      form: .body,
      match: [#"{"file": {"name": "a.png", "bucket": "media-eu", "kind": "image"}}"#],
      noMatch: [
        #"{"file": {"name": "a.PNG", "bucket": "media-eu", "kind": "image"}}"#,
        #"{"file": {"name": "a.png", "bucket": "Media-eu", "kind": "image"}}"#,
        #"{"file": {"name": "a.png", "bucket": "media-eu", "kind": "images"}}"#,
      ])
    + filterCases(
      "cidr in a body", #"{"request": {"ip": [{"cidr": "192.168.0.0/16"}]}}"#, form: .body,
      match: [#"{"request": {"ip": "192.168.10.20"}}"#, #"{"request": [{"ip": "1.1.1.1"}, {"ip": "192.168.0.1"}]}"#],
      noMatch: [#"{"request": {"ip": "192.169.0.1"}}"#, #"{"request": {"ip": 192}}"#])
    + filterCases(
      "arrays of objects contribute every element (no per-element consistency)",
      #"{"items": {"kind": ["music"], "price": [{"numeric": ["<", 10]}]}}"#, form: .body,
      match: [
        #"{"items": [{"kind": "music", "price": 5}]}"#,
        #"{"items": [{"kind": "book", "price": 5}, {"kind": "music", "price": 12}]}"#,
      ],
      noMatch: [#"{"items": [{"kind": "book", "price": 5}, {"kind": "film", "price": 12}]}"#])

  static let notAnObject =
    filterCases(
      "a body that is not a JSON object matches nothing", #"{"a": [{"exists": false}]}"#, form: .body,
      match: [#"{"b": 1}"#, #"  {"b": 1}  "#],
      noMatch: [
        "not json", "", "[1, 2]", #""a string""#, "42", "null", #"{"b": 1,}"#, #"{"b": 1} x"#,
        "{'b': 1}", #"{"b": NaN}"#, #"{"b": 01}"#, "// comment\n{}",
      ])
    + filterCases(
      "unicode keys and values", #"{"größe": ["groß"], "城市": {"名前": ["東京"]}}"#, form: .body,
      match: [#"{"größe": "groß", "城市": {"名前": "東京"}}"#, #"{"gr\u00f6\u00dfe": "gro\u00df", "城市": {"名前": ["東京"]}}"#],
      noMatch: [#"{"größe": "GROSS", "城市": {"名前": "東京"}}"#])
    + filterCases(
      "$or in a body, nested", #"{"detail": {"$or": [{"state": ["ALARM"]}, {"severity": [{"numeric": [">", 5]}]}]}}"#,
      form: .body,
      match: [#"{"detail": {"state": "ALARM"}}"#, #"{"detail": {"severity": 9}}"#],
      noMatch: [#"{"detail": {"state": "OK", "severity": 1}}"#, #"{"state": "ALARM"}"#])
    + filterCases(
      "$or that is an ordinary key in a body", #"{"$or": [{"prefix": "abc"}, {"suffix": "xyz"}]}"#,
      form: .body,
      match: [#"{"$or": "abc-xyz"}"#],
      noMatch: [#"{"$or": "zzz"}"#, #"{"prefix": "abc"}"#])

  static let all: [FilterCase] = nesting + dottedKeys + arraysAndTypes + notAnObject
}

@Suite("Filter policy: body-scoped operators")
struct FilterPolicyBodyTests {
  @Test("body table", arguments: BodyTables.all)
  func bodyCase(_ testCase: FilterCase) throws {
    try testCase.check()
  }

  @Test("bodies flatten to dotted paths with every array element")
  func flattening() {
    let message = FilterMessage.fromBody(
      #"{"a": [{"b": 1}, {"b": 2, "c": [true, null]}], "a.b": "x", "e": [], "f": {}}"#)
    #expect(message.hasJSONObjectBody)
    #expect(message.bodyPaths == ["a.b", "a.c"])
    #expect(message.bodyValues(at: "a.b") == [.number(1), .number(2), .string("x")])
    #expect(message.bodyValues(at: "a.c") == [.bool(true), .null])
    #expect(message.bodyValues(at: "e").isEmpty)
  }

  @Test("an attribute message has no body for body-scoped policies")
  func attributeMessageInBodyScope() throws {
    let policy = try validPolicy(#"{"a": [{"exists": false}]}"#, scope: .messageBody)
    let outcome = policy.evaluate(FilterMessage(attributes: [("a", .string("x"))]))
    #expect(outcome == .noMatch(firstFailedKey: "a", reason: .invalidMessageBody))
    let withBody = FilterMessage(attributes: [("a", .string("x"))]).withBody(Array(#"{"b": 1}"#.utf8))
    #expect(policy.matches(withBody))
  }
}
