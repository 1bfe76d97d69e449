import Testing
@testable import SimCore

/// The producer's retry backoff (`Producer.completeSend` in
/// SimModels/Producer.swift) before ``FullJitterBackoff``, copied:
/// `attempt` counts the attempts made, so 1 before the first retry.
private func oldProducerBackoff(
  attempt: Int, baseDelay: SimDuration, maxBackoff: SimDuration, rng: inout SeededGenerator
) -> Int64 {
  let shift = min(attempt - 1, 40)
  let ceiling = min(maxBackoff.nanoseconds, baseDelay.nanoseconds << Int64(shift))
  return Int64(rng.nextUnitInterval() * Double(max(0, ceiling)))
}

/// The old producer formula's ceiling, for finding where it overflows.
private func oldProducerCeiling(attempt: Int, baseDelay: SimDuration, maxBackoff: SimDuration) -> Int64 {
  let shift = min(attempt - 1, 40)
  return max(0, min(maxBackoff.nanoseconds, baseDelay.nanoseconds << Int64(shift)))
}

/// Whether `base << shift` of the old producer formula wrapped around.
private func oldProducerOverflows(attempt: Int, baseDelay: SimDuration) -> Bool {
  let shift = min(attempt - 1, 40)
  return baseDelay.nanoseconds.multipliedReportingOverflow(by: Int64(1) << Int64(shift)).overflow
}

/// The consumer's throttle backoff (`throttleBackoff` in
/// SimModels/World+Consumers.swift) before ``FullJitterBackoff``, copied:
/// `streak` counts the throttles before this one.
private func oldConsumerBackoff(streak: Int, rng: inout SeededGenerator) -> SimDuration {
  let shift = min(streak, 8)
  let ceiling = min(20_000_000_000, Int64(100_000_000) << Int64(shift))
  return SimDuration(nanoseconds: Int64(rng.nextUnitInterval() * Double(ceiling)))
}

/// The consumer's parameters.
private let consumerBackoff = FullJitterBackoff(
  base: .milliseconds(100), cap: .seconds(20), maxExponent: 8)

@Suite("FullJitterBackoff")
struct FullJitterBackoffTests {
  @Test("the ceiling doubles from the base up to the cap")
  func ceilings() {
    let ms: [Int64] = (0...12).map { consumerBackoff.ceiling(retry: $0).nanoseconds / 1_000_000 }
    #expect(ms == [100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 20_000, 20_000, 20_000, 20_000, 20_000])
    #expect(consumerBackoff.ceiling(retry: Int.max) == .seconds(20))
  }

  @Test("the exponent stops at maxExponent when the cap is further away")
  func exponentCap() {
    let backoff = FullJitterBackoff(base: SimDuration(nanoseconds: 1), cap: SimDuration(nanoseconds: .max), maxExponent: 40)
    #expect(backoff.ceiling(retry: 39).nanoseconds == 1 << 39)
    #expect(backoff.ceiling(retry: 40).nanoseconds == 1 << 40)
    #expect(backoff.ceiling(retry: 41).nanoseconds == 1 << 40)
    #expect(backoff.ceiling(retry: 1_000).nanoseconds == 1 << 40)
    let noGrowth = FullJitterBackoff(base: .seconds(1), cap: .seconds(60), maxExponent: 0)
    #expect(noGrowth.ceiling(retry: 5) == .seconds(1))
    let huge = FullJitterBackoff(base: .seconds(1), cap: SimDuration(nanoseconds: .max), maxExponent: 1_000)
    #expect(huge.ceiling(retry: 29).nanoseconds == 1_000_000_000 << 29)
    #expect(huge.ceiling(retry: 34).nanoseconds == .max)  // 1 s · 2^34 > Int64.max ns
    #expect(huge.ceiling(retry: 200).nanoseconds == .max)
  }

  @Test("a zero or negative base or cap gives a zero ceiling")
  func degenerate() {
    let cases: [(Int64, Int64)] = [(0, 1_000), (-5, 1_000), (1_000, 0), (1_000, -1), (0, 0), (-1, -1)]
    for (base, cap) in cases {
      let backoff = FullJitterBackoff(
        base: SimDuration(nanoseconds: base), cap: SimDuration(nanoseconds: cap), maxExponent: 40)
      for k in [0, 1, 10, 63, 64, 100] { #expect(backoff.ceiling(retry: k) == .zero, "\(base) \(cap) \(k)") }
    }
  }

  @Test("delays take exactly one draw and stay below the ceiling", arguments: Array(1...20) as [UInt64])
  func oneDrawBelowCeiling(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    var twin = rng
    for k in 0..<200 {
      let delay = consumerBackoff.delay(retry: k % 12, using: &rng)
      let u = twin.nextUnitInterval()
      let ceiling = consumerBackoff.ceiling(retry: k % 12).nanoseconds
      #expect(delay.nanoseconds == Int64(u * Double(ceiling)), "seed \(seed), k \(k)")
      #expect(delay.nanoseconds >= 0 && delay.nanoseconds < ceiling, "seed \(seed), k \(k)")
    }
    #expect(rng.next() == twin.next(), "seed \(seed)")
    // A zero ceiling still takes its draw.
    let zero = FullJitterBackoff(base: .zero, cap: .seconds(1), maxExponent: 3)
    #expect(zero.delay(retry: 2, using: &rng) == .zero)
    _ = twin.nextUnitInterval()
    #expect(rng.next() == twin.next(), "seed \(seed)")
  }

  @Test("delays are uniform below the ceiling (mean half of it)")
  func uniform() {
    var rng = SeededGenerator(seed: 99)
    let n = 100_000
    var sum = 0.0
    var belowHalf = 0
    for _ in 0..<n {
      let delay = consumerBackoff.delay(retry: 3, using: &rng).seconds
      sum += delay
      if delay < 0.4 { belowHalf += 1 }
    }
    // Mean 0.4 s, standard error 0.8 / sqrt(12 n) ≈ 0.00073 s.
    #expect(abs(sum / Double(n) - 0.4) < 0.004)
    #expect(abs(Double(belowHalf) / Double(n) - 0.5) < 0.006)
  }

  @Test("delays equal the old consumer throttle backoff bit for bit", arguments: Array(1...100) as [UInt64])
  func matchesConsumer(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    var old = rng
    for streak in 0..<40 {
      for _ in 0..<5 {
        let delay = consumerBackoff.delay(retry: streak, using: &rng)
        #expect(delay == oldConsumerBackoff(streak: streak, rng: &old), "seed \(seed), streak \(streak)")
      }
    }
    #expect(rng.next() == old.next(), "seed \(seed)")
  }

  @Test(
    "delays equal the old producer retry backoff bit for bit wherever it did not overflow",
    arguments: Array(1...100) as [UInt64])
  func matchesProducer(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    var old = rng
    var draw = SeededGenerator(seed: seed ^ 0xBAC0FF)
    // Shipped and tested parameters, then random ones from 1 ns to years,
    // including zero, negative and equal base and cap.
    var parameters: [(Int64, Int64)] = [
      (100_000_000, 20_000_000_000), (50_000_000, 5_000_000_000),
      (1_000_000_000_000, 1_000_000_000_000), (0, 20_000_000_000), (100_000_000, 0),
    ]
    for _ in 0..<20 {
      let base = Int64(draw.next() >> (1 + UInt64(draw.nextInt(below: 63))))
      let cap = Int64(draw.next() >> (1 + UInt64(draw.nextInt(below: 63))))
      let sign: Int64 = draw.nextInt(below: 10) == 0 ? -1 : 1
      parameters.append((sign * base, draw.nextInt(below: 5) == 0 ? base : cap))
    }
    var compared = 0
    for (base, cap) in parameters {
      let baseDelay = SimDuration(nanoseconds: base)
      let maxBackoff = SimDuration(nanoseconds: cap)
      let backoff = FullJitterBackoff(base: baseDelay, cap: maxBackoff, maxExponent: 40)
      for attempt in 1...60 where !oldProducerOverflows(attempt: attempt, baseDelay: baseDelay) {
        let delay = backoff.delay(retry: attempt - 1, using: &rng)
        let expected = oldProducerBackoff(attempt: attempt, baseDelay: baseDelay, maxBackoff: maxBackoff, rng: &old)
        #expect(delay.nanoseconds == expected, "seed \(seed), base \(base), cap \(cap), attempt \(attempt)")
        compared += 1
      }
    }
    #expect(rng.next() == old.next(), "seed \(seed)")
    #expect(compared > 500, "seed \(seed)")
  }

  @Test("every reachable producer setting agrees with the old formula: at most 20 attempts, base up to 9 h")
  func producerReachableRange() {
    // Scenario files allow maxAttempts 1 ... 20; a retry follows attempts
    // 1 ... 19 only, so shifts go up to 18, and the old shift overflows only
    // from a base of 2^63 / 2^18 ns (about 9.8 h) on.
    for hours in [0.001, 0.1, 1, 9] {
      let baseDelay = SimDuration.seconds(hours * 3_600)
      for attempt in 1..<20 { #expect(!oldProducerOverflows(attempt: attempt, baseDelay: baseDelay)) }
    }
    #expect(oldProducerOverflows(attempt: 19, baseDelay: .seconds(10 * 3_600)))
  }

  @Test("where the old producer shift wrapped around, the ceiling is the cap")
  func overflowSaturates() {
    // 100 ms · 2^37 > Int64.max ns: the old shift wrapped from attempt 38 on.
    let baseDelay = SimDuration.milliseconds(100)
    let maxBackoff = SimDuration.seconds(20)
    let backoff = FullJitterBackoff(base: baseDelay, cap: maxBackoff, maxExponent: 40)
    #expect(!oldProducerOverflows(attempt: 37, baseDelay: baseDelay))
    var wrapped = 0
    for attempt in 38...41 {
      #expect(oldProducerOverflows(attempt: attempt, baseDelay: baseDelay))
      #expect(backoff.ceiling(retry: attempt - 1) == maxBackoff)
      if oldProducerCeiling(attempt: attempt, baseDelay: baseDelay, maxBackoff: maxBackoff) != maxBackoff.nanoseconds {
        wrapped += 1
      }
    }
    #expect(wrapped > 0)  // the old formula did give wrong ceilings there
  }
}
