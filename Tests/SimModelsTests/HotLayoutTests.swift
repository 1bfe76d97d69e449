import Testing
import SimCore
@testable import SimModels

/// With hundreds of queues, each producer, queue and consumer fleet is
/// touched about once a second, so every cache line of its state that a
/// message reads is a cache miss. Each is a `LineArray` element (its
/// first byte starts a line) and the fields every message reads come
/// first; these checks fail when a new field lands among them and pushes
/// one out of the lines it is meant to share.
@Suite("Hot state layout")
struct HotLayoutTests {
  /// The end of `field` (its offset plus `length` bytes of it read).
  static func end<T>(_ field: PartialKeyPath<T>, reading length: Int) -> Int {
    MemoryLayout<T>.offset(of: field)! + length
  }

  @Test("a queue's per-message fields, rings and first counters sit in its first four cache lines")
  func queue() {
    let hotBytes = 4 * 64
    for (name, field, length) in [
      ("duplicateProbability", \SQSQueue.duplicateProbability, 8),
      ("visible", \SQSQueue.visible, 24), ("arrivals", \SQSQueue.arrivals, 24),
      ("orderBase", \SQSQueue.orderBase, 8), ("keys", \SQSQueue.keys, MemoryLayout<KeySpace>.size),
      ("deadLetter", \SQSQueue.deadLetter, MemoryLayout<QueueID?>.size),
    ] as [(String, PartialKeyPath<SQSQueue>, Int)] {
      #expect(Self.end(field, reading: length) <= hotBytes, "\(name)")
    }
    let counters = MemoryLayout<SQSQueue>.offset(of: \SQSQueue.counters)!
    let lastHot = MemoryLayout<QueueCounters>.offset(of: \QueueCounters.orderingViolations)!
    #expect(counters + lastHot + 8 <= hotBytes)
  }

  @Test("a consumer fleet's per-message fields, pool, lane and first counters take four cache lines")
  func consumer() {
    // Line 0: what every receive and message reads.
    for (name, field, length) in [
      ("queue", \ConsumerState.queue, 4), ("batchSize", \ConsumerState.batchSize, 4),
      ("hasHeartbeat", \ConsumerState.hasHeartbeat, 1), ("waitTime", \ConsumerState.waitTime, 8),
      ("failureRate", \ConsumerState.failureRate, 8),
      ("processingTime", \ConsumerState.processingTime, MemoryLayout<Distribution>.size),
      ("orderBase", \ConsumerState.orderBase, 4),
    ] as [(String, PartialKeyPath<ConsumerState>, Int)] {
      #expect(Self.end(field, reading: length) <= 64, "\(name)")
    }
    // Lines 1 and 2: the pool (its busy time is its last word) and the
    // long-poll lane, each a line of its own.
    #expect(MemoryLayout<ConsumerState>.offset(of: \ConsumerState.pool)! == 64)
    #expect(Self.end(\ConsumerState.pool, reading: MemoryLayout<WorkerPool>.size) <= 2 * 64)
    #expect(MemoryLayout<ConsumerState>.offset(of: \ConsumerState.pollTimers)! == 2 * 64)
    #expect(Self.end(\ConsumerState.pollTimers, reading: MemoryLayout<TimerLane<Waiter>>.size) <= 3 * 64)
    // Line 3: the counters every message moves.
    let counters = MemoryLayout<ConsumerState>.offset(of: \ConsumerState.counters)!
    let lastHot = MemoryLayout<ConsumerCounters>.offset(of: \ConsumerCounters.emptyReceives)!
    #expect(counters >= 3 * 64 && counters + lastHot + 8 <= 4 * 64)
  }

  @Test("a producer's direct sends read two cache lines, its calls four")
  func producer() {
    // Line 0: the generator and the clock's Poisson fast-path state (its
    // first 24 bytes: last arrival, step rate, step end).
    #expect(Self.end(\ProducerState.clock, reading: 24) <= 64)
    // Line 2 (line 1 is the clock's other state): flags, limits and the
    // counters every message moves.
    for (name, field, length) in [
      ("target", \ProducerState.target, MemoryLayout<ProducerTarget>.size),
      ("keyCount", \ProducerState.keyCount, 4), ("keyBase", \ProducerState.keyBase, 4),
      ("constantSize", \ProducerState.constantSize, 4), ("sendsDirectly", \ProducerState.sendsDirectly, 1),
      ("hasMessageDelay", \ProducerState.hasMessageDelay, 1),
      ("poisonRate", \ProducerState.poisonRate, 8),
    ] as [(String, PartialKeyPath<ProducerState>, Int)] {
      #expect(MemoryLayout<ProducerState>.offset(of: field)! >= 2 * 64, "\(name)")
      #expect(Self.end(field, reading: length) <= 3 * 64, "\(name)")
    }
    let counters = MemoryLayout<ProducerState>.offset(of: \ProducerState.counters)!
    let lastHot = MemoryLayout<ProducerCounters>.offset(of: \ProducerCounters.sendMessageCalls)!
    #expect(counters + lastHot + 8 <= 3 * 64)
    // A call's figures and its slab follow, within six lines.
    for (name, field) in [
      ("messageSize", \ProducerState.messageSize), ("apiLatency", \ProducerState.apiLatency),
      ("messageDelay", \ProducerState.messageDelay), ("calls", \ProducerState.calls),
      ("callMessages", \ProducerState.callMessages), ("freeCalls", \ProducerState.freeCalls),
    ] as [(String, PartialKeyPath<ProducerState>)] {
      #expect(Self.end(field, reading: 8) <= 6 * 64, "\(name)")
    }
  }
}
