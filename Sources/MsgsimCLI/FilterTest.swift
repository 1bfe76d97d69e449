import Foundation
import SimModels

/// The result of `msgsim filter-test`: evaluates the SNS subscription filter
/// policy `policy` (JSON text) against one message.
///
/// - For scope `MessageAttributes`, `message` is the attribute map in SNS
///   wire form, `{"event": {"DataType": "String", "StringValue": "x"}}`
///   (see `FilterMessage.fromWireAttributes(_:)` for the accepted forms).
/// - For scope `MessageBody`, `message` is the message body. A body that is
///   not a JSON object is still a message: it matches no body-scoped policy.
///
/// Output and status:
/// - `match` on stdout, status 0;
/// - `no match: key 'event' (NumberOfNotificationsFilteredOut-MessageAttributes)`
///   on stdout, status 1: the first key that failed and the CloudWatch
///   metric variant AWS would count the message under (with an explanation
///   for a body that is not a JSON object or a message without attributes);
/// - status 2 with the reason on stderr when the policy is one AWS would
///   reject, or the attribute map is unreadable or invalid (a `Number`
///   attribute that is not a number, …).
///
/// - Parameters:
///   - policyName: how to name the policy in error messages (e.g. its path).
///   - messageName: how to name the message in error messages.
public func filterTestOutput(
  policy: Data, message: Data, scope: FilterPolicyScope,
  policyName: String = "policy", messageName: String = "message"
) -> (status: Int32, stdout: String, stderr: String) {
  let filterPolicy: FilterPolicy
  do throws(FilterPolicyError) {
    filterPolicy = try FilterPolicy(jsonData: policy, scope: scope)
  } catch {
    return (2, "", "\(policyName): invalid filter policy: \(error)\n")
  }
  let filterMessage: FilterMessage
  switch scope {
  case .messageBody:
    filterMessage = FilterMessage.fromBody(message)
  case .messageAttributes:
    do throws(FilterMessageError) {
      filterMessage = try FilterMessage.fromWireAttributes(jsonBytes: [UInt8](message))
    } catch {
      let note =
        error.isInvalidValue
        ? " (AWS filters such a message out as NumberOfNotificationsFilteredOut-InvalidAttributes)"
        : ""
      return (2, "", "\(messageName): invalid message attributes: \(error)\(note)\n")
    }
  }
  switch filterPolicy.evaluate(filterMessage) {
  case .match:
    return (0, "match\n", "")
  case .noMatch(let key, let reason):
    var detail = reason.metricName
    switch reason {
    case .invalidMessageBody:
      detail += ": \(filterMessage.invalidBodyReason ?? "the body is not a JSON object")"
    case .noMessageAttributes:
      detail += ": the message has no attributes"
    case .invalidAttributes:
      detail += ": \(filterMessage.invalidAttributesReason ?? "invalid attributes")"
    case .messageAttributes, .messageBody:
      break
    }
    return (1, "no match: key '\(key)' (\(detail))\n", "")
  }
}
