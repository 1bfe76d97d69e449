import Foundation
import Testing
@testable import SimCore

/// Sample mean and the empirical quantile of `samples` draws.
func moments(_ d: Distribution, seed: UInt64 = 1, samples: Int = 200_000) -> (mean: Double, sorted: [Double]) {
  var rng = SeededGenerator(seed: seed)
  var values = (0..<samples).map { _ in d.sample(using: &rng) }
  values.sort()
  return (values.reduce(0, +) / Double(samples), values)
}

func quantile(_ sorted: [Double], _ q: Double) -> Double { sorted[Int(q * Double(sorted.count - 1))] }

@Suite("Distributions")
struct DistributionTests {
  @Test("constant is constant and uses no draws")
  func constant() {
    var rng = SeededGenerator(seed: 1)
    var copy = rng
    let value = Distribution.constant(5).sample(using: &rng)
    let next = rng.next()
    let expected = copy.next()
    #expect(value == 5)
    #expect(next == expected)
  }

  @Test("exponential: mean and median ln 2 · mean")
  func exponential() {
    let (mean, sorted) = moments(.exponential(mean: 2))
    #expect(abs(mean - 2) < 0.02)
    #expect(abs(quantile(sorted, 0.5) - 2 * log(2)) < 0.02)
  }

  @Test("uniform: bounds and mean")
  func uniform() {
    let (mean, sorted) = moments(.uniform(low: 3, high: 5))
    #expect(abs(mean - 4) < 0.01)
    #expect(sorted.first! >= 3 && sorted.last! <= 5)
  }

  @Test("normal truncated at zero: mean, stddev, never negative")
  func normal() {
    let (mean, sorted) = moments(.normal(mean: 10, stddev: 2))
    #expect(abs(mean - 10) < 0.02)
    #expect(abs(quantile(sorted, 0.8413) - 12) < 0.05)
    let (truncatedMean, truncated) = moments(.normal(mean: 0, stddev: 1))
    #expect(truncated.first! >= 0)
    // Half-normal mean: sqrt(2/pi).
    #expect(abs(truncatedMean - (2 / Double.pi).squareRoot()) < 0.01)
  }

  @Test("lognormal by median and p99 hits both")
  func lognormal() {
    let d = Distribution.lognormal(median: 80, p99: 400)
    let (mean, sorted) = moments(d)
    #expect(abs(quantile(sorted, 0.5) - 80) / 80 < 0.01)
    #expect(abs(quantile(sorted, 0.99) - 400) / 400 < 0.03)
    #expect(abs(mean - d.mean) / d.mean < 0.01)
  }

  @Test("empirical interpolates between sorted samples")
  func empirical() {
    let (mean, sorted) = moments(.empirical(sortedSamples: [1, 2, 3, 10]))
    #expect(sorted.first! >= 1 && sorted.last! <= 10)
    // The interpolated inverse CDF has mean = trapezoid average: (1.5 + 2.5 + 6.5) / 3.
    #expect(abs(mean - 3.5) < 0.02)
  }

  @Test("inverse normal CDF matches known quantiles")
  func inverseNormal() {
    #expect(abs(inverseStandardNormalCDF(0.5)) < 1e-12)
    #expect(abs(inverseStandardNormalCDF(0.975) - 1.959963984540054) < 1e-9)
    #expect(abs(inverseStandardNormalCDF(0.99) - Distribution.z99) < 1e-9)
    #expect(abs(inverseStandardNormalCDF(1e-10) + 6.361340902404056) < 1e-6)
  }

  @Test("durations round to nanoseconds and never go negative")
  func durations() {
    var rng = SeededGenerator(seed: 1)
    let rounded = Distribution.constant(1.6).sampleDuration(using: &rng).nanoseconds
    #expect(rounded == 2)
    for _ in 0..<1000 {
      let sample = Distribution.normal(mean: 1, stddev: 5).sampleDuration(using: &rng).nanoseconds
      #expect(sample >= 0)
    }
  }
}

@Suite("Arrival processes")
struct ArrivalProcessTests {
  func times(_ process: ArrivalProcess, until end: Double, seed: UInt64 = 1) -> [Double] {
    var clock = ArrivalClock(process)
    var rng = SeededGenerator(seed: seed)
    var result: [Double] = []
    while let t = clock.next(using: &rng), t.seconds < end { result.append(t.seconds) }
    return result
  }

  @Test("constant: evenly spaced, first at 1/rate")
  func constant() {
    #expect(times(.constant(rate: 4), until: 1.01) == [0.25, 0.5, 0.75, 1.0])
  }

  @Test("Poisson: count and exponential gaps")
  func poisson() {
    let arrivals = times(.poisson(rate: 100), until: 1_000)
    #expect(abs(Double(arrivals.count) - 100_000) < 1_000)  // ±3.2 sigma
    let gaps = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
    let shortGaps = Double(gaps.filter { $0 < 0.01 }.count) / Double(gaps.count)
    #expect(abs(shortGaps - (1 - exp(-1))) < 0.01)
  }

  @Test("a schedule changes the rate exactly at its steps")
  func schedule() {
    let process = ArrivalProcess.poisson(schedule: [
      RateStep(start: .zero, rate: 10), RateStep(start: .seconds(100), rate: 0),
      RateStep(start: .seconds(200), rate: 50),
    ])
    let arrivals = times(process, until: 300)
    let first = arrivals.filter { $0 < 100 }.count
    let paused = arrivals.filter { $0 >= 100 && $0 < 200 }.count
    let last = arrivals.filter { $0 >= 200 }.count
    #expect(abs(first - 1_000) < 110)
    #expect(paused == 0)
    #expect(abs(last - 5_000) < 250)
    #expect(process.expectedArrivals(until: .seconds(300)) == 6_000)
  }

  @Test("a trace replays each row's count inside its interval", arguments: [true, false])
  func trace(random: Bool) {
    let rows = [
      TraceRow(start: .zero, count: 3, interval: .seconds(60)),
      TraceRow(start: .seconds(60), count: 0, interval: .seconds(60)),
      TraceRow(start: .seconds(120), count: 5, interval: .seconds(60)),
    ]
    let arrivals = times(.trace(rows: rows, randomSpread: random), until: 1_000)
    #expect(arrivals.count == 8)
    #expect(arrivals.filter { $0 < 60 }.count == 3)
    #expect(arrivals.filter { $0 >= 120 && $0 < 180 }.count == 5)
    #expect(arrivals == arrivals.sorted())
    if !random { #expect(Array(arrivals.prefix(3)) == [10, 30, 50]) }
  }
}

@Suite("Small containers")
struct ContainerTests {
  @Test("ring buffer keeps FIFO order across growth and wrap-around")
  func ringBuffer() {
    var ring = RingBuffer<Int>(filler: -1)
    var model: [Int] = []
    var rng = SeededGenerator(seed: 5)
    for i in 0..<10_000 {
      switch rng.nextInt(below: 5) {
      case 0: if let x = ring.popFirst() { #expect(x == model.removeFirst()) }
      case 1: ring.prepend(i); model.insert(i, at: 0)
      case 2: if let x = ring.popLast() { #expect(x == model.removeLast()) }
      default: ring.append(i); model.append(i)
      }
      #expect(ring.count == model.count)
      #expect(ring.first == model.first && ring.last == model.last)
    }
    #expect((0..<ring.count).map { ring[$0] } == model)
  }

  @Test("copies of an empty ring are independent rings (they share no cells until they have any)")
  func emptyRingCopies() {
    var rings = Array(repeating: RingBuffer<Int>(filler: -1), count: 3)
    for (i, n) in [5, 40, 1].enumerated() {
      for value in 0..<n { rings[i].append(100 * i + value) }
    }
    for (i, n) in [5, 40, 1].enumerated() {
      #expect(rings[i].count == n)
      #expect((0..<n).map { rings[i][$0] } == (0..<n).map { 100 * i + $0 })
    }
  }

  #if DEBUG
    @Test("debug builds trap when a copy that shares a ring's cells is mutated")
    func sharedRingTraps() async {
      await #expect(processExitsWith: .failure) {
        var ring = RingBuffer<Int>(filler: 0)
        ring.append(1)
        var copy = ring
        copy.append(2)
        _ = ring.count
      }
    }
  #endif

  @Test("a timer lane drops its cancelled latest timers and stays armed; the armed event then finds nothing due")
  func timerLaneDropsCancelledLatest() {
    var lane = TimerLane<Int>(filler: 0)
    let arms = lane.add(1, deadline: 10)
    #expect(arms)
    _ = lane.add(2, deadline: 20)
    _ = lane.add(3, deadline: 30)
    let dead: Set<Int> = [1, 3]
    lane.dropCancelledLatest { !dead.contains($0) }
    // 3 is dropped; 2 is live and stops the drop, so 1 stays in front.
    #expect(lane.count == 2 && lane.first?.payload == 1)
    #expect(lane.isConsistent)
    lane.dropCancelledLatest { $0 > 5 }
    #expect(lane.count == 0 && lane.isConsistent)
    // Still armed at 10: a timer added now does not arm it again, and the
    // event at 10 finds nothing due and arms the lane at the new deadline.
    let armsAgain = lane.add(4, deadline: 40)
    let due = lane.nextLiveDue(at: 10, isLive: { _ in true })
    let next = lane.finishFiring(isLive: { _ in true })
    #expect(!armsAgain && due == nil && next == 40)
  }

  @Test("a timer lane arms once, fires in order, stays armed while firing, and re-arms at the first live timer")
  func timerLane() {
    var lane = TimerLane<Int>(filler: 0)
    let armsFirst = lane.add(1, deadline: 10)
    let armsSecond = lane.add(2, deadline: 20)
    let armsThird = lane.add(3, deadline: 30)
    #expect(armsFirst && !armsSecond && !armsThird)
    var fired: [Int] = []
    let dead: Set<Int> = [2]
    while let timer = lane.popDue(at: 25) {
      if !dead.contains(timer) { fired.append(timer) }
      // A timer added while the lane fires does not arm it at 55.
      if timer == 1 {
        let arms = lane.add(4, deadline: 55)
        #expect(!arms)
      }
    }
    #expect(fired == [1])
    let next = lane.rearm()
    #expect(next == 30)
    let armsFifth = lane.add(5, deadline: 60)
    #expect(!armsFifth)
    while lane.popDue(at: 60) != nil {}
    let idle = lane.rearm()
    #expect(idle == nil)
    let armsSixth = lane.add(6, deadline: 70)
    #expect(armsSixth)
  }

  @Test("durations print compactly")
  func durationText() {
    #expect(SimDuration.seconds(30).description == "30s")
    #expect(SimDuration.milliseconds(250).description == "250ms")
    #expect(SimDuration.seconds(345_600).description == "4d")
    #expect(SimDuration.seconds(1.5).description == "1500ms")
  }
}

@Suite("Constant arrivals without drift")
struct ConstantArrivalTests {
  @Test("the k-th arrival is at k/rate, rounded once: 300,000 msg/s over 10 s is 2,999,999 arrivals before 10 s")
  func noDrift() {
    var clock = ArrivalClock(.constant(rate: 300_000))
    var rng = SeededGenerator(seed: 1)
    var count = 0
    var last = SimTime.zero
    while let t = clock.next(using: &rng), t < .seconds(10) {
      count += 1
      last = t
      if count == 1 { #expect(t.nanoseconds == 3_333) }
    }
    #expect(count == 2_999_999)
    #expect(last.nanoseconds == (Double(2_999_999) * 1e9 / 300_000).rounded().asInt64)
  }

  @Test("a rate change keeps the phase: Λ carries over between steps")
  func phaseAcrossSteps() {
    // 2/s for 1.25 s (arrivals at 0.5, 1.0; Λ = 2.5 at 1.25 s), then 4/s:
    // the 3rd arrival when Λ reaches 3, 0.125 s later.
    var clock = ArrivalClock(.constant(schedule: [
      RateStep(start: .zero, rate: 2), RateStep(start: .seconds(1.25), rate: 4),
    ]))
    var rng = SeededGenerator(seed: 1)
    let times = (0..<4).compactMap { _ in clock.next(using: &rng)?.nanoseconds }
    #expect(times == [500_000_000, 1_000_000_000, 1_375_000_000, 1_625_000_000])
  }
}

extension Double {
  fileprivate var asInt64: Int64 { Int64(self) }
}

@Suite("Arrival clock fast path")
struct ArrivalClockFastPathTests {
  @Test("a Poisson schedule's fast path gives exactly the times of the general inversion, across rate steps")
  func fastPathMatchesInversion() {
    let steps = [
      RateStep(start: .zero, rate: 5), RateStep(start: .seconds(100), rate: 0),
      RateStep(start: .seconds(150), rate: 50), RateStep(start: .seconds(151.5), rate: 0.5),
    ]
    var clock = ArrivalClock(.poisson(schedule: steps))
    var reference = ArrivalClock(.poisson(schedule: steps))
    var rng = SeededGenerator(seed: 7)
    var referenceRng = SeededGenerator(seed: 7)
    var count = 0
    while count < 5_000 {
      let time = clock.next(using: &rng)
      let expected = reference.nextByIntensity(steps, need: -log(referenceRng.nextOpenUnitInterval()))
      #expect(time == expected, "arrival \(count)")
      guard time == expected, time != nil else { break }
      count += 1
    }
    #expect(count == 5_000)
  }
}
