/// The ordering keys that can reach one queue, numbered densely.
///
/// Keys are numbered across the scenario (producer *p*'s keys are
/// `keyBase(p) ..< keyBase(p) + count(p)`), but a queue only ever sees the
/// keys of the producers that can reach it: directly, through a topic's
/// subscriptions, or by redrive from another queue. Per-key state (ordering
/// checks) is kept for those alone, so 100 queues each fed by its own
/// 10,000-key producer keep 10,000 counters each, not 1,000,000.
struct KeySpace: Sendable, Equatable {
  /// One producer's key range and where it starts in the dense numbering.
  struct Range: Sendable, Equatable {
    var base: Int32
    var count: Int32
    var offset: Int32
  }

  /// The ranges, by `base`.
  private(set) var ranges: [Range] = []
  /// The number of keys.
  private(set) var count = 0
  /// The one range's base when there is exactly one (the usual case: one
  /// producer per queue), else -1: the look-up then reads no array.
  private var soleBase: Int32 = -1

  /// Adds producer keys `base ..< base + count` (once per producer).
  mutating func add(base: Int32, count keys: Int32) {
    guard !ranges.contains(where: { $0.base == base }) else { return }
    ranges.append(Range(base: base, count: keys, offset: 0))
    ranges.sort { $0.base < $1.base }
    var offset: Int32 = 0
    for i in ranges.indices {
      ranges[i].offset = offset
      offset += ranges[i].count
    }
    count = Int(offset)
    soleBase = ranges.count == 1 ? ranges[0].base : -1
  }

  /// The dense index of global key `key`.
  ///
  /// - Precondition: `key` is in one of the ranges (the producers that can
  ///   reach the queue were all added).
  @inline(__always)
  func index(of key: Int32) -> Int {
    if soleBase >= 0 { return Int(key - soleBase) }
    var low = 0
    var high = ranges.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if ranges[middle].base <= key { low = middle } else { high = middle - 1 }
    }
    precondition(key - ranges[low].base < ranges[low].count, "key \(key) cannot reach this queue")
    return Int(ranges[low].offset + key - ranges[low].base)
  }
}
