import Testing
@testable import SimModels

/// Every stored property of a counter set must be listed in its `fields`
/// or `arrayFields`, or `subtracting` (period and post-warm-up figures)
/// would silently report it as zero.
func checkCountersAreListed<C: CounterSet>(_ type: C.Type) {
  var probe = C()
  var value = 1
  for field in C.fields {
    probe[keyPath: field] = value
    value += 1
  }
  for field in C.arrayFields { probe[keyPath: field] = probe[keyPath: field].map { _ in 7 } }
  let stored = Mirror(reflecting: C()).children.count
  #expect(C.fields.count + C.arrayFields.count == stored, "\(C.self): \(stored) stored counters, \(C.fields.count + C.arrayFields.count) listed")
  // Each listed key path is a different counter, and subtraction is exact.
  let difference = probe.subtracting(C())
  for (i, field) in C.fields.enumerated() { #expect(difference[keyPath: field] == i + 1, "\(C.self) field \(i)") }
  let zero = probe.subtracting(probe)
  for field in C.fields { #expect(zero[keyPath: field] == 0) }
  for field in C.arrayFields { #expect(zero[keyPath: field].allSatisfy { $0 == 0 }) }
  if C.isPlainIntegers {
    // The word-by-word path is only sound for a type of Ints and nothing else.
    #expect(C.arrayFields.isEmpty)
    #expect(_isPOD(C.self))
    #expect(MemoryLayout<C>.size == C.fields.count * MemoryLayout<Int>.stride, "\(C.self) has non-counter bytes")
    // Word by word and key path by key path agree on arbitrary values.
    var later = C()
    var earlier = C()
    for (i, field) in C.fields.enumerated() {
      later[keyPath: field] = 1_000 * (i + 3) + i * i
      earlier[keyPath: field] = 17 * i - 5
    }
    let fast = later.subtracting(earlier)
    for field in C.fields { #expect(fast[keyPath: field] == later[keyPath: field] - earlier[keyPath: field]) }
  }
}

@Suite("Counter sets")
struct CounterSetTests {
  @Test("every counter is listed, distinct, and subtracted exactly")
  func allListed() {
    checkCountersAreListed(QueueCounters.self)
    checkCountersAreListed(ProducerCounters.self)
    checkCountersAreListed(ConsumerCounters.self)
    checkCountersAreListed(TopicCounters.self)
    checkCountersAreListed(SubscriptionCounters.self)
    checkCountersAreListed(FirehoseCounters.self)
    checkCountersAreListed(FirehoseProducerCounters.self)
    #expect(FirehoseCounters.isPlainIntegers && FirehoseProducerCounters.isPlainIntegers)
    #expect(QueueCounters.isPlainIntegers && ProducerCounters.isPlainIntegers && ConsumerCounters.isPlainIntegers)
    #expect(SubscriptionCounters.isPlainIntegers && !TopicCounters.isPlainIntegers)
  }
}
