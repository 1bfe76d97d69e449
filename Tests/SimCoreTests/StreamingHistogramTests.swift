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
