import Foundation
import MsgsimCLI
import SimModels
import Testing

@Suite("msgsim filter-test output")
struct FilterTestOutputTests {
  func run(_ policy: String, _ message: String, _ scope: FilterPolicyScope = .messageAttributes)
    -> (status: Int32, stdout: String, stderr: String)
  {
    filterTestOutput(policy: Data(policy.utf8), message: Data(message.utf8), scope: scope)
  }

  @Test("a match prints 'match' and exits 0")
  func match() {
    let result = run(
      #"{"event": ["order_placed"]}"#, #"{"event": {"DataType": "String", "StringValue": "order_placed"}}"#)
    #expect(result.status == 0)
    #expect(result.stdout == "match\n")
    #expect(result.stderr.isEmpty)
  }

  @Test("a non-match names the first failed key and exits 1")
  func noMatch() {
    let result = run(
      #"{"event": ["order_placed"], "amount": [{"numeric": [">", 100]}]}"#,
      #"""
      {"event": {"DataType": "String", "StringValue": "order_cancelled"},
       "amount": {"DataType": "Number", "StringValue": "120.5"}}
      """#)
    #expect(result.status == 1)
    #expect(result.stdout == "no match: key 'event' (NumberOfNotificationsFilteredOut-MessageAttributes)\n")
    #expect(result.stderr.isEmpty)
  }

  @Test("a message without attributes is filtered out as NoMessageAttributes")
  func noAttributes() {
    let result = run(#"{"store": [{"exists": false}]}"#, "{}")
    #expect(result.status == 1)
    #expect(result.stdout.hasPrefix("no match: key 'store' (NumberOfNotificationsFilteredOut-NoMessageAttributes"))
  }

  @Test("body scope: match, no match, and a body that is not JSON")
  func body() {
    let policy = #"{"order": {"total": [{"numeric": [">=", 10]}]}}"#
    #expect(run(policy, #"{"order": {"total": 12}}"#, .messageBody).status == 0)
    let low = run(policy, #"{"order": {"total": 2}}"#, .messageBody)
    #expect(low.status == 1)
    #expect(low.stdout == "no match: key 'order.total' (NumberOfNotificationsFilteredOut-MessageBody)\n")
    let text = run(policy, "plain text", .messageBody)
    #expect(text.status == 1)
    #expect(text.stdout.hasPrefix("no match: key 'order.total' (NumberOfNotificationsFilteredOut-InvalidMessageBody: "))
    #expect(text.stderr.isEmpty)
    #expect(run(#"{"a": [{"exists": false}]}"#, "", .messageBody).status == 1)
  }

  @Test("an invalid policy is bad input, exit 2, saying why")
  func invalidPolicy() {
    for policy in [
      #"{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}"#,
      #"{"a": []}"#, "not json", #"{"a": [{"numeric": [">", 5, "<", 1]}]}"#, "",
      #"{"a": {"b": ["1"]}}"#,
    ] {
      let result = run(policy, #"{"a": {"DataType": "String", "StringValue": "1"}}"#)
      #expect(result.status == 2, "\(policy)")
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.hasPrefix("policy: invalid filter policy: "), "\(result.stderr)")
    }
    let keys = run(
      #"{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}"#, "{}")
    #expect(keys.stderr.contains("Filter policy can not have more than 5 keys"))
    let nested = run(#"{"a": {"b": ["1"]}}"#, "{}", .messageBody)
    #expect(nested.status == 1)
  }

  @Test("an unreadable or invalid attribute map is bad input, exit 2")
  func invalidMessage() {
    let policy = #"{"amount": [{"numeric": [">", 1]}]}"#
    for message in [
      "", "not json", "[]", #"{"amount": "5"}"#,
      #"{"amount": {"DataType": "Numbr", "StringValue": "5"}}"#,
    ] {
      let result = run(policy, message)
      #expect(result.status == 2, "\(message)")
      #expect(result.stderr.hasPrefix("message: invalid message attributes: "), "\(result.stderr)")
    }
    let nonNumeric = run(policy, #"{"amount": {"DataType": "Number", "StringValue": "lots"}}"#)
    #expect(nonNumeric.status == 2)
    #expect(nonNumeric.stderr.contains("InvalidAttributes"))
  }

  @Test("file names appear in errors when given")
  func names() {
    let result = filterTestOutput(
      policy: Data("[]".utf8), message: Data("{}".utf8), scope: .messageAttributes,
      policyName: "p.json", messageName: "m.json")
    #expect(result.stderr.hasPrefix("p.json: invalid filter policy: "))
  }
}
