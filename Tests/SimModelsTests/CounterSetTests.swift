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
  }
}
