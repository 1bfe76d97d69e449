import SimCore

extension World {
  /// Publish / PublishBatch accepted: fan the call's messages out to the
  /// topic's subscriptions. (Placeholder: the SNS model replaces it.)
  mutating func publish(producer p: Int, call: Int, to t: Int) {
    let count = Int(producers[p].callCounts[call])
    for i in 0..<count { store.release(producers[p].callMessages[call * 10 + i].slot) }
  }

  /// A scheduled step of an SNS delivery. (Placeholder.)
  mutating func handleTopicDelivery(_ t: Int, delivery: Int) {}
}
