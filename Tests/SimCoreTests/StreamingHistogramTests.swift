import Foundation
import Testing

@testable import SimCore

/// The exact nearest-rank quantile of `sorted`: the `ceil(q·n)`-th smallest
/// value (at least the first), written independently of the histogram.
private func exactQuantile(_ sorted: [Int64], _ q: Double) -> Int64 {
  let rank = Int((q * Double(sorted.count)).rounded(.up))
  return sorted[min(max(rank, 1), sorted.count) - 1]
}

/// Whether `reported` is within the documented bound of `exact`:
/// `|reported − exact| ≤ exact / 256` (so equal when `exact < 256`).
private func withinBound(_ reported: Int64, _ exact: Int64) -> Bool {
  let error = reported >= exact
    ? UInt64(reported - exact) : UInt64(exact - reported)
  // For integers, error ≤ ⌊exact / 256⌋ ⟺ error · 256 ≤ exact (no overflow).
  return error <= UInt64(exact) >> 8
}

private let probes: [Double] = [
  0, 1e-6, 0.001, 0.01, 0.05, 0.1, 0.25, 0.3, 0.5, 0.6, 0.75, 0.9, 0.95,
  0.99, 0.995, 0.999, 0.9999, 0.99999, 1,
]

enum Shape: String, CaseIterable, CustomTestStringConvertible {
  case exponential, lognormal, uniform, wideLognormal
  var testDescription: String { rawValue }

  var distribution: Distribution {
    switch self {
    case .exponential: .exponential(mean: 5_000_000)  // 5 ms
    case .lognormal: .lognormal(median: 20_000_000, p99: 400_000_000)
    case .uniform: .uniform(low: 0, high: 2_000_000_000)
    // Spans many powers of two, including the exact range below 256.
    case .wideLognormal: .lognormal(median: 10_000, p99: 1e12)
    }
  }
}

@Suite struct StreamingHistogramTests {
  @Test func emptyHistogram() {
    let h = StreamingHistogram()
    #expect(h.isEmpty)
    #expect(h.count == 0)
    #expect(h.sum == 0)
    #expect(h.min == 0 && h.max == 0)
    #expect(h.mean == 0)
    #expect(h.quantile(0.5) == 0)
    #expect(h.quantiles([0, 0.5, 1]) == [0, 0, 0])
    #expect(h == StreamingHistogram(reservingUpTo: .max))
  }

  @Test func smallValuesAreExact() {
    var rng = SeededGenerator(seed: 7)
    var h = StreamingHistogram()
    var values: [Int64] = []
    for _ in 0 ..< 5_000 {
      let v = Int64(rng.nextInt(below: 256))
      values.append(v)
      h.record(v)
    }
    values.sort()
    #expect(h.count == 5_000)
    #expect(h.sum == UInt128(values.reduce(0, +)))
    #expect(h.min == values.first && h.max == values.last)
    #expect(abs(h.mean - Double(values.reduce(0, +)) / 5_000) < 1e-9)
    for i in 0 ... 1_000 {
      let q = Double(i) / 1_000
      #expect(h.quantile(q) == exactQuantile(values, q), "q = \(q)")
    }
  }

  @Test func everyBucketMidpointIsWithinTheBound() {
    // Every value below 2^17, then both sides of every power of two.
    var values = (Int64(0) ..< 1 << 17).map { $0 }
    for e in 1 ... 62 {
      let p = Int64(1) << e
      values += [p - 2, p - 1, p, p + 1, p + (p >> 1)]
    }
    var rng = SeededGenerator(seed: 99)
    for _ in 0 ..< 100_000 { values.append(Int64(bitPattern: rng.next() >> 1)) }
    values.append(.max)
    var previous = -1
    var failures: [Int64] = []  // one #expect per value would be slow
    for (position, v) in values.enumerated() {
      let b = StreamingHistogram.bucketIndex(of: v)
      guard b >= 0 && b < StreamingHistogram.bucketCapacity else {
        failures.append(v)
        continue
      }
      let lower = StreamingHistogram.bucketLowerBound(b)
      let width = StreamingHistogram.bucketWidth(b)
      var ok = lower <= v && v - lower < width
      ok = ok && withinBound(StreamingHistogram.bucketMidpoint(b), v)
      if v < 256 { ok = ok && b == Int(v) }
      if position < 1 << 17 {  // the ascending part: buckets are monotone
        ok = ok && b >= previous
        previous = b
      }
      if !ok { failures.append(v) }
    }
    #expect(failures.isEmpty, "first failures: \(failures.prefix(10))")
    #expect(StreamingHistogram.bucketIndex(of: .max) == StreamingHistogram.bucketCapacity - 1)
  }

  @Test(arguments: Shape.allCases, 0 ..< 12 as Range<UInt64>)
  func quantilesOfRandomDataAreWithinBound(shape: Shape, seed: UInt64) {
    var rng = SeededGenerator(seed: seed).stream(named: shape.rawValue)
    let n = 1_000 + rng.nextInt(below: 30_000)  // includes small, odd sizes
    var h = StreamingHistogram()
    var values: [Int64] = []
    values.reserveCapacity(n)
    for _ in 0 ..< n {
      let v = clampedNanoseconds(shape.distribution.sample(using: &rng))
      values.append(v)
      h.record(v)
    }
    values.sort()
    #expect(h.count == UInt64(n))
    #expect(h.sum == values.reduce(UInt128(0)) { $0 + UInt128($1) })
    #expect(h.min == values.first && h.max == values.last)
    let batch = h.quantiles(probes)
    for (q, fromBatch) in zip(probes, batch) {
      let exact = exactQuantile(values, q)
      let reported = h.quantile(q)
      #expect(reported == fromBatch)
      #expect(withinBound(reported, exact), "q \(q): \(reported) vs \(exact)")
      // The headline promise, stated directly.
      #expect(abs(Double(reported) - Double(exact)) <= 0.01 * Double(exact))
    }
    // Every rank, not just the probes, on a thinned grid.
    for rank in stride(from: 1, through: n, by: 97) {
      let q = Double(rank) / Double(n)
      #expect(withinBound(h.quantile(q), exactQuantile(values, q)))
    }
  }

  @Test(arguments: 0 ..< 8 as Range<UInt64>)
  func mergeEqualsRecordingEverythingInOne(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    var whole = StreamingHistogram()
    // Parts with different reserved capacities, to exercise growth.
    var parts = [
      StreamingHistogram(reservingUpTo: 0),
      StreamingHistogram(),
      StreamingHistogram(reservingUpTo: .max),
    ]
    let shapes = Shape.allCases
    for _ in 0 ..< 20_000 {
      let part = rng.nextInt(below: parts.count)
      let shape = shapes[rng.nextInt(below: shapes.count)]
      let v = clampedNanoseconds(shape.distribution.sample(using: &rng))
      parts[part].record(v)
      whole.record(v)
    }
    var merged = StreamingHistogram(reservingUpTo: 0)
    for part in parts { merged.merge(part) }
    merged.merge(StreamingHistogram())
    #expect(merged == whole)
    #expect(merged.count == whole.count && merged.sum == whole.sum)
    #expect(merged.min == whole.min && merged.max == whole.max)
    #expect(merged.quantiles(probes) == whole.quantiles(probes))

    // Merging into a histogram that already holds values, and into empty.
    var other = parts[2]
    other.merge(parts[0])
    other.merge(parts[1])
    #expect(other == whole)
  }

  /// `figures(of:quantile:)` must give exactly what a histogram of the
  /// same samples gives: the period close relies on it to leave outputs
  /// unchanged when it skips the histogram for a quiet queue.
  @Test(arguments: Shape.allCases, [1, 2, 3, 7, 63, 64, 150] as [Int])
  func figuresOfSamplesEqualTheHistogramsFigures(shape: Shape, n: Int) {
    var rng = SeededGenerator(seed: UInt64(n))
    let samples = (0 ..< n).map { _ in clampedNanoseconds(shape.distribution.sample(using: &rng)) }
    var histogram = StreamingHistogram()
    for v in samples { histogram.record(v) }
    for q in probes {
      var scratch = samples
      let figures = scratch.withUnsafeMutableBufferPointer { StreamingHistogram.figures(of: $0, quantile: q) }
      #expect(figures?.mean == histogram.mean, "q \(q)")
      #expect(figures?.quantile == histogram.quantile(q), "q \(q)")
    }
    var none: [Int64] = []
    #expect(none.withUnsafeMutableBufferPointer { StreamingHistogram.figures(of: $0, quantile: 0.5) } == nil)
  }

  @Test func resetForgetsValuesAndKeepsCapacity() {
    var h = StreamingHistogram(reservingUpTo: 0)
    for v: Int64 in [3, 300, 3_000_000, .max] { h.record(v) }
    let capacity = h.counts.count
    #expect(capacity == StreamingHistogram.bucketCapacity)
    h.reset()
    #expect(h.isEmpty)
    #expect(h == StreamingHistogram())
    #expect(h.counts.count == capacity)
    #expect(h.min == 0 && h.max == 0 && h.sum == 0 && h.mean == 0)
    h.record(42)
    var fresh = StreamingHistogram()
    fresh.record(42)
    #expect(h == fresh)
    #expect(h.quantile(0.5) == 42)
  }

  @Test func extremeValues() {
    var h = StreamingHistogram(reservingUpTo: 0)
    h.record(0)
    h.record(1)
    h.record(.max, count: 3)
    #expect(h.count == 5)
    #expect(h.sum == 1 + 3 * UInt128(Int64.max))
    #expect(h.min == 0 && h.max == .max)
    #expect(h.quantile(0) == 0)
    #expect(h.quantile(0.2) == 0)
    #expect(h.quantile(0.4) == 1)
    // The top bucket's midpoint, 2^63 − 2^54: within the bound of Int64.max.
    #expect(h.quantile(0.5) == Int64.max - (1 << 54) + 1)
    #expect(withinBound(h.quantile(0.5), .max))
    #expect(h.quantile(1) == .max)
    #expect(abs(h.mean - (1 + 3 * Double(Int64.max)) / 5) <= 1e-12 * h.mean)

    // A huge count of huge values does not overflow the sum.
    var big = StreamingHistogram()
    big.record(.max, count: .max)
    #expect(big.sum == UInt128(Int64.max) * UInt128(UInt64.max))
    #expect(big.quantile(0.5) == .max)

    // Only Int64.max and a value near 2^62: the midpoint error bound holds.
    var top = StreamingHistogram()
    let near = Int64(1) << 62 + 12_345
    top.record(near, count: 2)
    top.record(.max, count: 2)
    #expect(withinBound(top.quantile(0.5), near))
  }

  @Test func quantileDefinitionIsNearestRank() {
    var h = StreamingHistogram()
    for v: Int64 in [10, 20, 30, 40] { h.record(v) }
    // ceil(q·4)-th smallest.
    #expect(h.quantiles([0, 0.25, 0.26, 0.5, 0.51, 0.75, 0.76, 1]) == [10, 10, 20, 20, 30, 30, 40, 40])
    #expect(StreamingHistogram.nearestRank(0, count: 4) == 1)
    #expect(StreamingHistogram.nearestRank(1, count: 4) == 4)
    #expect(StreamingHistogram.nearestRank(0.5, count: 5) == 3)
  }

  @Test func recordsDurations() {
    var h = StreamingHistogram()
    h.record(SimDuration.milliseconds(12))
    #expect(h.max == 12_000_000)
    #expect(h.mean == 12_000_000)
  }
}

/// The lazily grown bucket range: what is stored, and that it never shows.
@Suite struct StreamingHistogramStorageTests {
  /// Every observable figure of `h`, for comparing two histograms whose
  /// stored ranges differ.
  private func figures(_ h: StreamingHistogram) -> [String] {
    ["\(h.count)", "\(h.sum)", "\(h.min)", "\(h.max)", "\(h.mean)", "\(h.quantiles(probes))"]
      + probes.map { "\(h.quantile($0))" }
  }

  @Test func anEmptyHistogramStoresNothing() {
    let h = StreamingHistogram()
    #expect(h.counts.isEmpty)
    var copies = Array(repeating: StreamingHistogram(), count: 1_000)
    copies[999].record(5)
    #expect(copies[0].counts.isEmpty && copies[999].counts.count == StreamingHistogram.blockSize)
  }

  @Test func recordingAtBothEndsGrowsTheRangeBothWays() {
    var h = StreamingHistogram()
    var full = StreamingHistogram(reservingUpTo: .max)
    h.record(1_000_000)  // block 13 (2^19 ..< 2^20)
    full.record(1_000_000)
    #expect(h.counts.count == 128 && h.firstBucket == 13 * 128)
    for v: Int64 in [.max, 0, 255, 256, 1 << 40, 3] {
      h.record(v)
      full.record(v)
      #expect(figures(h) == figures(full), "after \(v)")
    }
    #expect(h.firstBucket == 0 && h.counts.count == StreamingHistogram.bucketCapacity)
    #expect(h == full)
  }

  @Test func valuesWithinAFewPowersOfTwoStayWithinAFewBlocks() {
    var rng = SeededGenerator(seed: 3)
    var h = StreamingHistogram()
    for _ in 0 ..< 100_000 {  // 1 ms ... 1 s, log-uniform
      h.record(Int64(1e6 * pow(1_000, rng.nextUnitInterval())))
    }
    // 2^19 ... 2^30: blocks 13 to 23, and at most as many again of slack.
    #expect(h.counts.count <= 22 * 128, "\(h.counts.count / 128) blocks")
    #expect(h.firstBucket <= 13 * 128 && h.firstBucket + h.counts.count >= 24 * 128)
  }

  @Test(arguments: [false, true])
  func growthIsBoundedAndThenStops(downwards: Bool) {
    var h = StreamingHistogram()
    var sizes: Set<Int> = []
    for e in 0 ..< 63 {
      h.record(Int64(1) << (downwards ? 62 - e : e))
      sizes.insert(h.counts.count)
    }
    #expect(sizes.count <= 12, "\(sizes.sorted())")
    #expect(h.counts.count == StreamingHistogram.bucketCapacity)
    // Steady state: values inside the range change neither the range nor its storage.
    let before = (h.firstBucket, h.counts.count)
    for e in 0 ..< 63 { h.record(Int64(1) << e, count: 3) }
    #expect((h.firstBucket, h.counts.count) == before)
  }

  @Test func mergingDisjointRangesEqualsRecordingInOne() {
    var low = StreamingHistogram()
    var high = StreamingHistogram()
    var whole = StreamingHistogram(reservingUpTo: .max)
    var rng = SeededGenerator(seed: 5)
    for _ in 0 ..< 5_000 {
      let small = Int64(1_000 + rng.nextInt(below: 9_000))  // 1-10 µs
      let large = Int64(1_000_000_000 + rng.nextInt(below: 9_000_000_000))  // 1-10 s
      low.record(small)
      high.record(large)
      whole.record(small)
      whole.record(large)
    }
    var upward = low
    upward.merge(high)
    var downward = high
    downward.merge(low)
    var fromEmpty = StreamingHistogram()
    fromEmpty.merge(high)
    fromEmpty.merge(low)
    for merged in [upward, downward, fromEmpty] {
      #expect(merged == whole)
      #expect(figures(merged) == figures(whole))
    }
    // The sources are unchanged.
    #expect(low.max < 10_000 && high.min >= 1_000_000_000)
  }

  @Test func resetKeepsTheRangeAndReuseMatchesAFreshHistogram() {
    var h = StreamingHistogram()
    for v: Int64 in [10, 1 << 20, 1 << 30] { h.record(v) }
    let range = (h.firstBucket, h.counts.count)
    h.reset()
    #expect(h.isEmpty && h == StreamingHistogram())
    #expect((h.firstBucket, h.counts.count) == range)
    #expect(h.counts.allSatisfy { $0 == 0 })
    for v: Int64 in [77, 1 << 25, 1 << 25] { h.record(v) }
    var fresh = StreamingHistogram()
    for v: Int64 in [77, 1 << 25, 1 << 25] { fresh.record(v) }
    #expect(h == fresh && figures(h) == figures(fresh))
    // Resetting a copy leaves the original alone (copy on write).
    let copy = h
    h.reset()
    #expect(copy == fresh && h.isEmpty)
  }

  @Test func equalityIgnoresTheStoredRange() {
    var grownUp = StreamingHistogram()
    var grownDown = StreamingHistogram()
    var reserved = StreamingHistogram(reservingUpTo: .max)
    let values: [Int64] = [0, 300, 5_000_000, 1 << 33]
    for v in values { grownUp.record(v) }
    for v in values.reversed() { grownDown.record(v) }
    for v in values { reserved.record(v) }
    #expect(grownUp.firstBucket != grownDown.firstBucket || grownUp.counts.count != grownDown.counts.count
      || grownUp.counts.count != reserved.counts.count)
    #expect(grownUp == grownDown && grownDown == reserved && reserved == grownUp)
    var other = reserved
    other.record(5_000_001)  // same bucket as 5,000,000: count and sum differ
    #expect(other != reserved)
    var moved = StreamingHistogram()
    // Same count, sum, min and max; one value moved between buckets.
    for v: Int64 in [0, 300 - 100, 5_000_000 + 100, 1 << 33] { moved.record(v) }
    #expect(moved.count == grownUp.count && moved.sum == grownUp.sum)
    #expect(moved != grownUp)
  }

  @Test(arguments: 0 ..< 6 as Range<UInt64>)
  func randomOperationsMatchAFullyReservedHistogram(seed: UInt64) {
    // The same records, merges and resets on lazily grown histograms and
    // on ones with every bucket reserved from the start.
    var rng = SeededGenerator(seed: seed)
    var lazy = [StreamingHistogram(), StreamingHistogram(), StreamingHistogram()]
    var full = Array(repeating: StreamingHistogram(reservingUpTo: .max), count: 3)
    let shapes = Shape.allCases
    var mismatches: [Int] = []
    for step in 0 ..< 3_000 {
      let i = rng.nextInt(below: 3)
      switch rng.nextInt(below: 100) {
      case 0 ..< 90:
        let v = clampedNanoseconds(shapes[rng.nextInt(below: shapes.count)].distribution.sample(using: &rng))
        lazy[i].record(v)
        full[i].record(v)
      case 90 ..< 97:
        let j = rng.nextInt(below: 3)
        lazy[i].merge(lazy[j])
        full[i].merge(full[j])
      default:
        lazy[i].reset()
        full[i].reset()
      }
      if step % 50 == 0 || step == 2_999, lazy.map(figures) != full.map(figures) || lazy != full {
        mismatches.append(step)
      }
    }
    #expect(mismatches.isEmpty, "seed \(seed), steps \(mismatches.prefix(5))")
  }

  @Test func meanOfSumsBeyondSixtyFourBitsIsTheCorrectlyRoundedQuotient() {
    var big = StreamingHistogram()
    big.record(.max, count: 3)
    #expect(big.mean == Double(UInt128(Int64.max) * 3) / 3)
    var rng = SeededGenerator(seed: 8)
    for _ in 0 ..< 1_000 {
      var h = StreamingHistogram()
      // Sums around 2^53 and 2^64, where the conversion rounds.
      let v = Int64(bitPattern: rng.next() >> UInt64(1 + rng.nextInt(below: 12)))
      let n = UInt64(1 + rng.nextInt(below: 4))
      h.record(v, count: n)
      #expect(h.mean == Double(UInt128(UInt64(v)) * UInt128(n)) / Double(n))
    }
  }

  @Test(arguments: 0 ..< 6 as Range<UInt64>)
  func batchRecordingEqualsOneByOne(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    var batched = StreamingHistogram()
    var single = StreamingHistogram()
    for _ in 0 ..< 40 {
      // Batches that reach below and above the stored range, and empty ones.
      let batch = (0 ..< rng.nextInt(below: 70)).map { _ in
        Int64(bitPattern: rng.next() >> UInt64(1 + rng.nextInt(below: 63)))
      }
      batch.withUnsafeBufferPointer { batched.record(contentsOf: $0) }
      for value in batch { single.record(value) }
      #expect(batched == single, "seed \(seed)")
      #expect(batched.quantile(0.99) == single.quantile(0.99) && batched.mean == single.mean)
    }
  }
}
