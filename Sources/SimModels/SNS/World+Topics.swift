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

  /// Appends each topic's (and endpoint's) rows for the period that
  /// started at `start` and lasted `length` ns. (Placeholder.)
  mutating func appendTopicPeriodRows(start: Int64, length: Int64) {}

  /// Appends each topic's (and endpoint's) whole-run rows after warm-up.
  /// (Placeholder.)
  mutating func appendTopicSummaryRows(to summary: inout [SummaryRow]) {}

  /// Called once when warm-up ends (also at time 0 without warm-up), to
  /// snapshot topic counters for the summary. (Placeholder.)
  mutating func snapshotTopicsAtWarmup() {}
}
