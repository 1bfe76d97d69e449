import SimCore

/// The write capacity of an on-demand stream (docs/model.md §8.13).
///
/// Capacity is twice the previous peak, at least 4 MiB/s and 4,000
/// records/s. The peak is the busiest whole second of successful writes
/// (bytes and records, each on its own), counted 15 minutes after the
/// minute it fell in ends: traffic that more than doubles within 15
/// minutes is throttled. A shard that took more than 500 KB/s over a whole
/// minute is split 15 minutes later, at the middle of its range; a single
/// key is never isolated, so one key stays bound to one shard's 1 MiB/s
/// and 1,000 records/s.
struct OnDemandState: Sendable {
  var capacityBytes: Double
  var capacityRecords: Double
  /// Minute peaks waiting to count: when, and how much.
  var pendingPeaks: [(readyAt: Int64, bytes: Double, records: Double)] = []
  var peakBytes: Double
  var peakRecords: Double
  /// The stream's writes in the current whole second and minute.
  var second: Int64 = -1
  var secondBytes = 0
  var secondRecords = 0
  var minute: Int64 = 0
  /// The busiest second of the current minute so far.
  var minuteMaxBytes = 0
  var minuteMaxRecords = 0

  init(previousPeakBytes: Double, previousPeakRecords: Double) {
    peakBytes = previousPeakBytes
    peakRecords = previousPeakRecords
    capacityBytes = max(KinesisLimits.onDemandInitialBytesPerSecond, 2 * previousPeakBytes)
    capacityRecords = max(KinesisLimits.onDemandInitialRecordsPerSecond, 2 * previousPeakRecords)
  }
}

extension KinesisModel {
  /// Whether on-demand stream `s` has room this second for one Kinesis
  /// record of `size` bytes; counts it if so. Rolls the second and the
  /// minute first: a minute that ends notes its peak (counted 15 minutes
  /// later) and asks for the splits of its busy shards.
  mutating func admitOnDemand(_ s: Int, size: Int, now: Int64) -> Bool {
    let second = now / 1_000_000_000
    if streams[s].onDemand!.second != second { rollOnDemandSecond(s, to: second, now: now) }
    let state = streams[s].onDemand!
    guard Double(state.secondRecords + 1) <= state.capacityRecords,
      Double(state.secondBytes + size) <= state.capacityBytes
    else { return false }
    streams[s].onDemand!.secondRecords += 1
    streams[s].onDemand!.secondBytes += size
    return true
  }

  mutating func rollOnDemandSecond(_ s: Int, to second: Int64, now: Int64) {
    var state = streams[s].onDemand!
    state.minuteMaxBytes = max(state.minuteMaxBytes, state.secondBytes)
    state.minuteMaxRecords = max(state.minuteMaxRecords, state.secondRecords)
    state.second = second
    state.secondBytes = 0
    state.secondRecords = 0
    let minute = second / 60
    if minute != state.minute {
      // The minute that ended (writes may skip minutes: idle ones add nothing).
      let end = (state.minute + 1) * 60_000_000_000
      let adaptation = KinesisLimits.onDemandAdaptation.nanoseconds
      state.pendingPeaks.append((end + adaptation, Double(state.minuteMaxBytes), Double(state.minuteMaxRecords)))
      for shard in streams[s].shards where shards[shard].status == .open {
        if Double(shards[shard].minuteBytes) / 60 > KinesisLimits.onDemandSplitBytesPerSecond && !shards[shard].splitPending {
          shards[shard].splitPending = true
          pendingSplits.append((Int32(s), Int32(shard - streams[s].firstShard), end + adaptation))
        }
        shards[shard].minuteBytes = 0
      }
      state.minute = minute
      state.minuteMaxBytes = 0
      state.minuteMaxRecords = 0
    }
    // Peaks old enough now count.
    while let first = state.pendingPeaks.first, first.readyAt <= now {
      state.pendingPeaks.removeFirst()
      state.peakBytes = max(state.peakBytes, first.bytes)
      state.peakRecords = max(state.peakRecords, first.records)
    }
    state.capacityBytes = max(KinesisLimits.onDemandInitialBytesPerSecond, 2 * state.peakBytes)
    state.capacityRecords = max(KinesisLimits.onDemandInitialRecordsPerSecond, 2 * state.peakRecords)
    streams[s].onDemand = state
  }

  /// Schedules the splits the last writes asked for.
  mutating func schedulePendingSplits(kernel: inout Kernel) {
    for (s, index, at) in pendingSplits where at < kernel.endNanos {
      kernel.schedule(.kinesis(.onDemandSplit(stream: s, shard: index)), at: max(at, kernel.now))
    }
    pendingSplits.removeAll(keepingCapacity: true)
  }

  /// On-demand stream `s` splits its shard `index` at the middle of its
  /// range, if it is still open and there is room for two more shards.
  mutating func splitBusyShard(_ s: Int, index: Int, kernel: inout Kernel) {
    let flat = streams[s].firstShard + index
    shards[flat].splitPending = false
    guard shards[flat].status == .open else { return }
    guard streams[s].shardSet.all.count + 2 <= streams[s].slotCount else {
      kernel.log(streams[s].resource, "SplitSkipped", "no room for more than \(streams[s].slotCount) shards (msgsim's bound)")
      return
    }
    apply(
      Reshard(at: SimTime(nanoseconds: kernel.now), change: .split(shard: index, newStartingHashKey: nil)), to: s,
      event: "OnDemandSplit", kernel: &kernel)
  }
}
