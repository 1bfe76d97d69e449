import Testing
@testable import SimCore

/// `FIFOState.isDuplicate` (SimModels/SQS/FIFOQueue.swift) and
/// `TopicState.isDuplicate` (SimModels/SNS/Topic.swift) before
/// ``DeduplicationWindow``, copied with the interval as a parameter. The
/// two differ in one line, the test that forgets an id when its oldest
/// entry is popped: `forgetsIfExpired` picks the queue's.
private struct ReferenceDeduplication {
  struct DeduplicationEntry {
    var id: UInt64
    var expiresAt: Int64
  }

  let deduplicationInterval: Int64
  /// The SQS rule (the id's expiry has passed) rather than the SNS rule
  /// (the popped entry is the id's latest).
  let forgetsIfExpired: Bool
  var seen: [UInt64: Int64] = [:]
  var seenOrder = RingBuffer<DeduplicationEntry>(filler: DeduplicationEntry(id: 0, expiresAt: 0))

  mutating func isDuplicate(_ id: UInt64, at now: Int64) -> Bool {
    while let oldest = seenOrder.first, oldest.expiresAt <= now {
      seenOrder.popFirst()
      if forgetsIfExpired {
        if let expiry = seen[oldest.id], expiry <= now { seen[oldest.id] = nil }  // SQS
      } else {
        if seen[oldest.id] == oldest.expiresAt { seen[oldest.id] = nil }  // SNS
      }
    }
    if let expiry = seen[id], expiry > now { return true }
    let expiresAt = now + deduplicationInterval
    seen[id] = expiresAt
    seenOrder.append(DeduplicationEntry(id: id, expiresAt: expiresAt))
    return false
  }
}

@Suite("DeduplicationWindow")
struct DeduplicationWindowTests {
  /// Feeds `calls` (id, time, expected answer, expected count afterwards)
  /// to `window`.
  private func check(
    _ window: inout DeduplicationWindow, _ calls: [(UInt64, Int64, Bool, Int)],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for (index, (id, now, duplicate, count)) in calls.enumerated() {
      let answer = window.isDuplicate(id, at: now)
      #expect(answer == duplicate, "call \(index): id \(id) at \(now)", sourceLocation: sourceLocation)
      #expect(window.count == count, "call \(index): id \(id) at \(now)", sourceLocation: sourceLocation)
    }
  }

  @Test("an id is a duplicate from its acceptance until just before the interval ends")
  func boundaries() {
    var window = DeduplicationWindow(interval: SimDuration(nanoseconds: 100))
    #expect(window.interval == SimDuration(nanoseconds: 100))
    #expect(window.count == 0)
    check(
      &window,
      [
        (7, 1_000, false, 1),
        (7, 1_000, true, 1),
        (7, 1_099, true, 1),
        (8, 1_099, false, 2),
        (7, 1_100, false, 2),  // accepted again
        (7, 1_199, true, 1),  // 8 is forgotten here
        (9, 1_199, false, 2),
        (9, 5_000, false, 1),  // everything forgotten, 9 accepted again
      ])
  }

  @Test("a duplicate does not extend the interval")
  func duplicatesDoNotExtend() {
    var window = DeduplicationWindow(interval: .seconds(300))
    var accepted: [Int64] = []
    // The same id every 60 s for an hour: accepted at 0, 300, 600, … s.
    for minute in 0...60 {
      let now = Int64(minute) * 60_000_000_000
      if !window.isDuplicate(1, at: now) { accepted.append(now / 1_000_000_000) }
    }
    #expect(accepted == Array(stride(from: 0, through: 3_600, by: 300)))
  }

  @Test("a zero interval remembers nothing past the call")
  func zeroInterval() {
    var window = DeduplicationWindow(interval: .zero)
    check(&window, [(3, 10, false, 1), (3, 10, false, 1), (4, 10, false, 1), (3, 11, false, 1)])
  }

  @Test(
    "answers and count match the old SQS and SNS implementations on random sequences",
    arguments: Array(1...120) as [UInt64])
  func matchesOldImplementations(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    // Intervals from zero to long; ids from a handful (mostly duplicates)
    // to many (mostly new); time steps from none to beyond the interval.
    let interval = Int64([0, 1, 7, 100, 1_000, 300_000_000_000][Int(seed % 6)])
    let idRange = [1, 3, 20, 500][Int(seed / 6 % 4)]
    let maxStep = max(1, interval) * Int64([0, 1, 4][Int(seed / 24 % 3)]) / 8 + 1
    var window = DeduplicationWindow(interval: SimDuration(nanoseconds: interval))
    var queue = ReferenceDeduplication(deduplicationInterval: interval, forgetsIfExpired: true)
    var topic = ReferenceDeduplication(deduplicationInterval: interval, forgetsIfExpired: false)
    var now = Int64(rng.nextInt(below: 1_000))
    var duplicates = 0
    for step in 0..<3_000 {
      if rng.nextInt(below: 4) > 0 { now += Int64(rng.nextInt(below: Int(maxStep))) }
      if rng.nextInt(below: 50) == 0 { now += interval }  // an exact boundary
      let id = UInt64(rng.nextInt(below: idRange))
      let answer = window.isDuplicate(id, at: now)
      let fromQueue = queue.isDuplicate(id, at: now)
      let fromTopic = topic.isDuplicate(id, at: now)
      #expect(answer == fromQueue, "seed \(seed), step \(step)")
      #expect(answer == fromTopic, "seed \(seed), step \(step)")
      #expect(window.count == queue.seen.count, "seed \(seed), step \(step)")
      #expect(window.count == topic.seen.count, "seed \(seed), step \(step)")
      if answer != fromQueue || answer != fromTopic { return }
      if answer { duplicates += 1 }
    }
    // The sequences do exercise both answers (except with a zero interval).
    if interval > 0 && idRange < 500 { #expect(duplicates > 0, "seed \(seed)") }
  }

  @Test(
    "answers match a brute-force model of every acceptance",
    arguments: Array(1...30) as [UInt64])
  func matchesBruteForce(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let interval: Int64 = 50
    var window = DeduplicationWindow(interval: SimDuration(nanoseconds: interval))
    var acceptedAt: [UInt64: [Int64]] = [:]
    var now: Int64 = 0
    for step in 0..<2_000 {
      now += Int64(rng.nextInt(below: 8))
      let id = UInt64(rng.nextInt(below: 10))
      // A duplicate iff the latest acceptance of id is within the interval.
      let latest = acceptedAt[id]?.last
      let expected = latest.map { now < $0 + interval } ?? false
      #expect(window.isDuplicate(id, at: now) == expected, "seed \(seed), step \(step)")
      if !expected { acceptedAt[id, default: []].append(now) }
      let remembered = acceptedAt.values.filter { ($0.last ?? .min) + interval > now }.count
      #expect(window.count == remembered, "seed \(seed), step \(step)")
    }
  }
}
