import Foundation
import SimCore
import Testing

@testable import SimModels

/// Goodness-of-fit helpers for the sampling tests.
enum SamplingStats {
  /// Pearson's χ² of `observed` counts against `probabilities` (summing to 1).
  static func chiSquare(_ observed: [Int], _ probabilities: [Double]) -> Double {
    let n = Double(observed.reduce(0, +))
    return zip(observed, probabilities).reduce(0) { total, pair in
      let expected = n * pair.1
      let d = Double(pair.0) - expected
      return total + d * d / expected
    }
  }

  /// A χ² bound that a correct sampler exceeds with probability of order
  /// 1e-6 (mean + 6 sd + a margin for few degrees of freedom).
  static func bound(degreesOfFreedom k: Int) -> Double {
    Double(k) + 6 * (2 * Double(k)).squareRoot() + 10
  }
}

@Suite("KeyPicker: key choice sampling")
struct KeyPickerTests {
  /// Counts of `draws` picks.
  func counts(_ picker: KeyPicker, seed: UInt64, draws: Int) -> [Int] {
    var picker = picker
    var rng = SeededGenerator(seed: seed)
    var counts = [Int](repeating: 0, count: picker.count)
    for _ in 0..<draws { counts[picker.pick(using: &rng)] += 1 }
    return counts
  }

  @Test("uniform: every key equally often, one nextInt per pick")
  func uniform() {
    let picker = KeyPicker(count: 20, choice: .uniform)
    let observed = counts(picker, seed: 11, draws: 200_000)
    let chi = SamplingStats.chiSquare(observed, [Double](repeating: 1.0 / 20, count: 20))
    #expect(chi < SamplingStats.bound(degreesOfFreedom: 19), "χ² = \(chi)")

    var p = picker
    var rng = SeededGenerator(seed: 3)
    var reference = SeededGenerator(seed: 3)
    let picks = (0..<1_000).map { _ in p.pick(using: &rng) }
    let direct = (0..<1_000).map { _ in reference.nextInt(below: 20) }
    #expect(picks == direct)
  }

  @Test("zipf s = 1 over 100 keys matches the harmonic probabilities")
  func zipfHarmonic() {
    let picker = KeyPicker(count: 100, choice: .zipf(exponent: 1))
    let harmonic = (1...100).reduce(0.0) { $0 + 1 / Double($1) }
    let exact = (1...100).map { 1 / (Double($0) * harmonic) }
    for k in 0..<100 {
      #expect(abs(picker.probability(ofKey: k) - exact[k]) < 1e-15)
    }
    let observed = counts(picker, seed: 5, draws: 500_000)
    let chi = SamplingStats.chiSquare(observed, exact)
    #expect(chi < SamplingStats.bound(degreesOfFreedom: 99), "χ² = \(chi)")
    // Key 0 gets 1/H₁₀₀ ≈ 19.28 % of the picks.
    let share = Double(observed[0]) / 500_000
    #expect(abs(share - exact[0]) < 4 * (exact[0] * (1 - exact[0]) / 500_000).squareRoot())
  }

  @Test("zipf s = 2 and s = 0.5 over 1,000 keys (table)")
  func zipfOtherExponents() {
    for s in [2.0, 0.5] {
      let picker = KeyPicker(count: 1_000, choice: .zipf(exponent: s))
      let total = (1...1_000).reduce(0.0) { $0 + pow(Double($1), -s) }
      let exact = (1...1_000).map { pow(Double($0), -s) / total }
      // Bins: keys 1 … 20 one by one, then 21-100, 101-300, 301-1000.
      let observed = counts(picker, seed: 9, draws: 300_000)
      let bins = (0..<20).map { $0..<$0 + 1 } + [20..<100, 100..<300, 300..<1_000]
      let o = bins.map { observed[$0].reduce(0, +) }
      let e = bins.map { exact[$0].reduce(0, +) }
      let chi = SamplingStats.chiSquare(o, e)
      #expect(chi < SamplingStats.bound(degreesOfFreedom: bins.count - 1), "s = \(s): χ² = \(chi)")
    }
  }

  @Test("zipf over a table takes exactly one draw per pick")
  func zipfOneDraw() {
    var picker = KeyPicker(count: 1_000, choice: .zipf(exponent: 1.2))
    var rng = SeededGenerator(seed: 21)
    var reference = SeededGenerator(seed: 21)
    for _ in 0..<1_000 {
      _ = picker.pick(using: &rng)
      _ = reference.next()
    }
    let sameStreamPosition = rng.next() == reference.next()
    #expect(sameStreamPosition)
  }

  @Test("zipf over 2,000,000 keys (rejection-inversion) matches the exact law")
  func zipfLarge() {
    let n = 2_000_000
    let s = 1.1
    let picker = KeyPicker(count: n, choice: .zipf(exponent: s))
    var total = 0.0
    for k in stride(from: n, through: 1, by: -1) { total += pow(Double(k), -s) }
    func mass(_ range: Range<Int>) -> Double {
      range.reduce(0.0) { $0 + pow(Double($1 + 1), -s) } / total
    }
    #expect(abs(picker.probability(ofKey: 0) * total - 1) < 1e-9)

    var p = picker
    var rng = SeededGenerator(seed: 77)
    let bins: [Range<Int>] =
      (0..<10).map { $0..<$0 + 1 } + [10..<100, 100..<1_000, 1_000..<10_000, 10_000..<100_000, 100_000..<n]
    var observed = [Int](repeating: 0, count: bins.count)
    let draws = 300_000
    var outOfRange = 0
    for _ in 0..<draws {
      let key = p.pick(using: &rng)
      if key < 0 || key >= n { outOfRange += 1; continue }
      observed[bins.firstIndex { $0.contains(key) }!] += 1
    }
    #expect(outOfRange == 0)
    let expected = bins.map { mass($0) }
    let chi = SamplingStats.chiSquare(observed, expected)
    #expect(chi < SamplingStats.bound(degreesOfFreedom: bins.count - 1), "χ² = \(chi)")
  }

  @Test(
    "rejection-inversion on small key counts matches the exact law",
    arguments: [(10, 2.0), (100, 1.0), (1_000, 0.6), (50, 3.5)])
  func rejectionInversionExact(count: Int, exponent: Double) {
    let sampler = ZipfRejectionInversion(count: count, exponent: exponent)
    let weights = (1...count).map { pow(Double($0), -exponent) }
    let total = weights.reduce(0, +)
    #expect(abs(sampler.approximateTotal / total - 1) < 1e-9)
    var rng = SeededGenerator(seed: UInt64(count))
    var observed = [Int](repeating: 0, count: count)
    for _ in 0..<400_000 { observed[sampler.sample(using: &rng)] += 1 }
    // Merge the tail into bins expecting at least 1,000 draws.
    var bins: [(observed: Int, p: Double)] = []
    var pending = (observed: 0, p: 0.0)
    for k in 0..<count {
      pending = (pending.observed + observed[k], pending.p + weights[k] / total)
      if pending.p * 400_000 >= 1_000 || k == count - 1 {
        bins.append(pending)
        pending = (0, 0)
      }
    }
    let chi = SamplingStats.chiSquare(bins.map(\.observed), bins.map(\.p))
    #expect(chi < SamplingStats.bound(degreesOfFreedom: bins.count - 1), "χ² = \(chi) over \(bins.count) bins")
  }

  @Test("hot keys: `share` evenly on the first keys, the rest evenly on the others")
  func hot() {
    let picker = KeyPicker(count: 100, choice: .hot(share: 0.8, keys: 5))
    let draws = 400_000
    let observed = counts(picker, seed: 13, draws: draws)
    let expected = (0..<100).map { $0 < 5 ? 0.8 / 5 : 0.2 / 95 }
    for k in 0..<100 { #expect(abs(picker.probability(ofKey: k) - expected[k]) < 1e-15) }
    let chi = SamplingStats.chiSquare(observed, expected)
    #expect(chi < SamplingStats.bound(degreesOfFreedom: 99), "χ² = \(chi)")
    let hotShare = Double(observed[0..<5].reduce(0, +)) / Double(draws)
    #expect(abs(hotShare - 0.8) < 4 * (0.8 * 0.2 / Double(draws)).squareRoot())
  }

  @Test("hot with keys ≥ count (or ≤ 0) is uniform")
  func hotDegenerate() {
    for choice in [KeyChoice.hot(share: 0.9, keys: 10), .hot(share: 0.9, keys: 50), .hot(share: 0.9, keys: 0)] {
      var picker = KeyPicker(count: 10, choice: choice)
      var uniform = KeyPicker(count: 10, choice: .uniform)
      var a = SeededGenerator(seed: 4)
      var b = SeededGenerator(seed: 4)
      let picks = (0..<500).map { _ in picker.pick(using: &a) }
      let uniformPicks = (0..<500).map { _ in uniform.pick(using: &b) }
      #expect(picks == uniformPicks)
      #expect(picker.probability(ofKey: 3) == 0.1)
    }
  }

  @Test("hot share 0 and 1 never pick the other side")
  func hotExtremes() {
    let allHot = counts(KeyPicker(count: 10, choice: .hot(share: 1, keys: 3)), seed: 1, draws: 10_000)
    #expect(allHot[3...].allSatisfy { $0 == 0 })
    let allCold = counts(KeyPicker(count: 10, choice: .hot(share: 0, keys: 3)), seed: 1, draws: 10_000)
    #expect(allCold[..<3].allSatisfy { $0 == 0 })
  }

  @Test("the same seed gives the same keys; another seed other keys")
  func determinism() {
    for choice in [KeyChoice.uniform, .zipf(exponent: 1), .hot(share: 0.7, keys: 4)] {
      func run(_ seed: UInt64) -> [Int] {
        var picker = KeyPicker(count: 64, choice: choice)
        var rng = SeededGenerator(seed: seed)
        return (0..<200).map { _ in picker.pick(using: &rng) }
      }
      #expect(run(42) == run(42))
      #expect(run(42) != run(43))
    }
  }

  @Test("one key: always 0, no draws; fewer than one counts as one")
  func singleKey() {
    for count in [1, 0, -3] {
      for choice in [KeyChoice.uniform, .zipf(exponent: 1.3), .hot(share: 0.5, keys: 1)] {
        var picker = KeyPicker(count: count, choice: choice)
        #expect(picker.count == 1)
        var rng = SeededGenerator(seed: 8)
        var reference = rng
        let picks = (0..<10).map { _ in picker.pick(using: &rng) }
        #expect(picks == [Int](repeating: 0, count: 10))
        let drewNothing = rng.next() == reference.next()
        #expect(drewNothing)
        #expect(picker.probability(ofKey: 0) == 1)
      }
    }
  }

  @Test("the inverse CDF picks the first key whose cumulative weight exceeds u")
  func inversion() {
    let cumulative = [1.0, 1.0, 3.0, 4.0]  // key 1 has weight 0
    #expect(KeyPicker.invert(cumulative, 0) == 0)
    #expect(KeyPicker.invert(cumulative, 0.2499) == 0)
    #expect(KeyPicker.invert(cumulative, 0.25) == 2)
    #expect(KeyPicker.invert(cumulative, 0.74) == 2)
    #expect(KeyPicker.invert(cumulative, 0.75) == 3)
    #expect(KeyPicker.invert(cumulative, 1.0.nextDown) == 3)
  }
}
