import SimCore

/// One message group of a FIFO queue: its visible messages in send order,
/// and how many of its messages are in flight (while any is, the group
/// delivers nothing).
struct FIFOGroup: Sendable {
  /// Visible messages in sequence order; stale entries are skipped.
  var messages = RingBuffer<VisibleEntry>(filler: .filler)
  /// Messages of this group received and not yet deleted.
  var inFlight = 0
  /// Whether the group is listed in the queue's `available` list.
  var isListed = false
  /// High-throughput mode: SendMessage calls per second for this group.
  var sendBucket: TokenBucket

  init(ratePerSecond: Double) {
    sendBucket = TokenBucket(ratePerSecond: ratePerSecond, burst: ratePerSecond)
  }
}

/// The FIFO-only state of a queue.
///
/// Receives take whole runs of one group (in order) before moving to the
/// next available group; a group with a message in flight is skipped until
/// that message is deleted, expires back, or leaves for the DLQ.
struct FIFOState: Sendable {
  let settings: FIFOQueueSettings
  /// Group slot of each key that ever sent to this queue.
  var groupOf: [Int32: Int32] = [:]
  var groups: [FIFOGroup] = []
  /// Groups that have a visible message and nothing in flight, in the order
  /// they became available (stale entries are skipped).
  var available = RingBuffer<Int32>(filler: -1)
  /// Deduplication IDs accepted within the interval.
  var deduplication: DeduplicationWindow
  /// Per-action request quotas (normal mode: 300 TPS each; high
  /// throughput: 300 × partitions, up to the Region's cap).
  var sendBucket: TokenBucket
  var receiveBucket: TokenBucket
  var deleteBucket: TokenBucket
  /// High-throughput partitions (docs/model.md §3.6): re-evaluated every 60 s from the
  /// request rate of the previous minute.
  var partitions = 1
  var windowStart: Int64 = 0
  var requestsInWindow = 0
  /// Groups currently holding messages in flight (a gauge).
  var groupsWithInflight = 0

  /// High-throughput mode's cap per action, in the world's Region.
  let highThroughputCap: Double

  init(settings: FIFOQueueSettings, region: String) {
    self.settings = settings
    highThroughputCap = settings.highThroughputCap(in: region)
    deduplication = DeduplicationWindow(interval: settings.deduplicationInterval)
    let rate = settings.isHighThroughput ? settings.partitionTransactionsPerSecond : settings.transactionsPerSecond
    sendBucket = TokenBucket(ratePerSecond: rate, burst: rate)
    receiveBucket = sendBucket
    deleteBucket = sendBucket
  }

  /// The group slot of `key`, created on first use.
  mutating func group(for key: Int32) -> Int {
    if let slot = groupOf[key] { return Int(slot) }
    let slot = groups.count
    groups.append(FIFOGroup(ratePerSecond: settings.partitionTransactionsPerSecond))
    groupOf[key] = Int32(slot)
    return slot
  }

  /// Counts one request for the partition estimate and, every 60 s, sets
  /// the partition count from the last minute's rate (high throughput only).
  mutating func noteRequest(at now: Int64) {
    guard settings.isHighThroughput else { return }
    if now - windowStart >= 60_000_000_000 {
      let perSecond = Double(requestsInWindow) / 60
      let cap = max(1, Int(highThroughputCap / settings.partitionTransactionsPerSecond))
      partitions = min(cap, max(1, Int((perSecond / settings.partitionTransactionsPerSecond).rounded(.up))))
      let rate = Double(partitions) * settings.partitionTransactionsPerSecond
      sendBucket.setRate(rate, burst: rate, at: now)
      receiveBucket.setRate(rate, burst: rate, at: now)
      deleteBucket.setRate(rate, burst: rate, at: now)
      windowStart = now - (now - windowStart) % 60_000_000_000
      requestsInWindow = 0
    }
    requestsInWindow += 1
  }
}
