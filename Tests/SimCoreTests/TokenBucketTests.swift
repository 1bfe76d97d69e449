import Foundation
import Testing

@testable import SimCore

@Suite("TokenBucket: API quotas on the nanosecond clock")
struct TokenBucketTests {
  let second: Int64 = 1_000_000_000

  /// Offers a call at each of `times` and counts the admitted ones.
  func admitted(_ bucket: inout TokenBucket, at times: some Sequence<Int64>) -> Int {
    var count = 0
    for t in times where bucket.tryTake(at: t) { count += 1 }
    return count
  }

  @Test("starts full; the default burst is one second of rate")
  func startsFull() {
    let bucket = TokenBucket(ratePerSecond: 300)
    #expect(bucket.burst == 300)
    #expect(bucket.tokens(at: 0) == 300)
    #expect(bucket.tokens(at: 50 * second) == 300)
    let small = TokenBucket(ratePerSecond: 300, burst: 10)
    #expect(small.tokens(at: 0) == 10)
    // Below one call a second the default burst is one token.
    #expect(TokenBucket(ratePerSecond: 0.5).burst == 1)
  }

  @Test("a burst after idling: 300 at once, then throttled; again after a second")
  func burstAfterIdle() {
    var bucket = TokenBucket(ratePerSecond: 300)
    #expect(admitted(&bucket, at: repeatElement(5 * second, count: 301)) == 300)
    // Half a second idle refills 150.
    #expect(admitted(&bucket, at: repeatElement(5 * second + second / 2, count: 200)) == 150)
    // A long idle refills to the burst and no further.
    #expect(bucket.tokens(at: 60 * second) == 300)
    #expect(admitted(&bucket, at: repeatElement(60 * second, count: 1_000)) == 300)
  }

  @Test(
    "sustained: an offered load 3× the rate admits rate·T ± 1 over T seconds",
    arguments: [(300.0, 10), (3_000.0, 5), (7.3, 100), (0.5, 600), (70_000.0, 2)])
  func sustained(rate: Double, seconds: Int) {
    let T = Int64(seconds) * second
    let offered = Int((3 * rate * Double(seconds)).rounded())
    let times = (1...offered).map { Int64((Double($0) * Double(T) / Double(offered)).rounded(.up)) }
    let expected = rate * Double(seconds)

    // Drained at 0: only the refill gets through.
    var drained = TokenBucket(ratePerSecond: rate)
    while drained.tryTake(at: 0) {}
    let fromEmpty = admitted(&drained, at: times)
    #expect(abs(Double(fromEmpty) - expected) <= 1, "admitted \(fromEmpty), rate·T = \(expected)")

    // Full at 0: the burst as well.
    var full = TokenBucket(ratePerSecond: rate)
    let fromFull = admitted(&full, at: times)
    #expect(abs(Double(fromFull) - (expected + full.burst.rounded(.down))) <= 1)
  }

  @Test("sustained under Poisson arrivals at 3× the rate")
  func sustainedPoisson() {
    var rng = SeededGenerator(seed: 99)
    let rate = 300.0
    var bucket = TokenBucket(ratePerSecond: rate)
    var t: Int64 = 0
    var count = 0
    let end = 20 * second
    while true {
      t += Int64((-(1e9 / (3 * rate)) * log(rng.nextOpenUnitInterval())).rounded())
      if t > end { break }
      if bucket.tryTake(at: t) { count += 1 }
    }
    // burst + rate·T minus what is left in the bucket at the end (< 1 token
    // at this load, barring a long gap).
    let bound = 300 + rate * 20
    #expect(Double(count) <= bound && Double(count) >= bound - 1 - bucket.tokens(at: end), "\(count)")
  }

  @Test("integer rates are exact: the k-th token of a drained bucket comes at ⌈k·10⁹/rate⌉ ns")
  func noDrift() {
    for rate in [300.0, 7.0, 70_000.0, 3_000.0] {
      var bucket = TokenBucket(ratePerSecond: rate)
      while bucket.tryTake(at: 0) {}
      var now: Int64 = 0
      let r = Int64(rate)
      for k in Int64(1)...50_000 {
        let wait = bucket.timeUntilAvailable(at: now)
        now += wait
        let exact = (k * second + r - 1) / r
        if now != exact {
          Issue.record("rate \(rate): token \(k) at \(now), expected \(exact)")
          break
        }
        if wait == 0 || bucket.tokens(at: now - 1) >= 1 || !bucket.tryTake(at: now) {
          Issue.record("rate \(rate): token \(k) not first available at \(now)")
          break
        }
      }
    }
  }

  @Test("timeUntilAvailable is the first nanosecond tryTake succeeds", arguments: [0.37, 1, 300, 2_999.9, 1e6])
  func waitIsExact(rate: Double) {
    var rng = SeededGenerator(seed: UInt64(rate * 1000))
    var bucket = TokenBucket(ratePerSecond: rate, burst: max(3, rate / 2))
    var now: Int64 = 0
    for _ in 0..<2_000 {
      now += Int64(rng.nextInt(below: Int(min(4e9, 3e9 / rate))))
      let want = [1.0, 2.0, 0.5][rng.nextInt(below: 3)]
      let wait = bucket.timeUntilAvailable(want, at: now)
      #expect(wait >= 0 && wait < Int64.max)
      if wait > 0 {
        var probe = bucket
        let throttledJustBefore = !probe.tryTake(want, at: now + wait - 1)
        #expect(throttledJustBefore)
      }
      let admittedAtWait = bucket.tryTake(want, at: now + wait)
      #expect(admittedAtWait)
      now += wait
    }
  }

  @Test("tokens(at:) does not change the bucket; tryTake failures take nothing")
  func observing() {
    var bucket = TokenBucket(ratePerSecond: 10, burst: 5)
    let tookBurst = bucket.tryTake(5, at: 0)
    #expect(tookBurst)
    let before = bucket
    #expect(bucket.tokens(at: second / 10) == 1)
    #expect(bucket == before)
    let admittedTooMany = !bucket.tryTake(2, at: second / 10)
    #expect(admittedTooMany)
    #expect(bucket.tokens(at: second / 10) == 1)
    let admittedOne = bucket.tryTake(1, at: second / 10)
    #expect(admittedOne)
    #expect(bucket.tokens(at: second / 10) == 0)
    #expect(abs(bucket.tokens(at: second / 10 + 25_000_000) - 0.25) < 1e-12)
  }

  @Test("never: more than the burst, or a zero rate")
  func never() {
    var bucket = TokenBucket(ratePerSecond: 100, burst: 10)
    #expect(bucket.timeUntilAvailable(11, at: 0) == Int64.max)
    let admittedAboveBurst = !bucket.tryTake(11, at: 1_000 * second)
    #expect(admittedAboveBurst)
    var stopped = TokenBucket(ratePerSecond: 0, burst: 2)
    let tookAll = stopped.tryTake(2, at: 0)
    #expect(tookAll)
    #expect(stopped.timeUntilAvailable(at: 0) == Int64.max)
    let refilledAtZeroRate = !stopped.tryTake(at: 1_000_000 * second)
    #expect(refilledAtZeroRate)
  }

  @Test("setRate keeps what accrued at the old rate; a smaller burst cuts the level")
  func setRate() {
    var bucket = TokenBucket(ratePerSecond: 100)
    while bucket.tryTake(at: 0) {}
    bucket.setRate(10, at: second / 2)  // 50 tokens accrued at 100/s
    #expect(bucket.tokens(at: second / 2) == 50)
    #expect(bucket.tokens(at: second) == 55)
    bucket.setRate(10, burst: 20, at: second)
    #expect(bucket.burst == 20)
    #expect(bucket.tokens(at: second) == 20)
    #expect(bucket.tokens(at: 100 * second) == 20)
  }

  @Test("an earlier time refills nothing and does not move the clock back")
  func timeGoingBack() {
    var bucket = TokenBucket(ratePerSecond: 1, burst: 1)
    let first = bucket.tryTake(at: 10 * second)
    #expect(first)
    let admittedInThePast = !bucket.tryTake(at: 5 * second)
    #expect(admittedInThePast)
    #expect(bucket.timeUntilAvailable(at: 5 * second) == 6 * second)
    let admittedAfterRefill = bucket.tryTake(at: 11 * second)
    #expect(admittedAfterRefill)
  }

  @Test("the same calls give the same answers")
  func determinism() {
    func run() -> ([Bool], TokenBucket) {
      var rng = SeededGenerator(seed: 5)
      var bucket = TokenBucket(ratePerSecond: 123.4, burst: 50)
      var now: Int64 = 0
      var answers: [Bool] = []
      for _ in 0..<5_000 {
        now += Int64(rng.nextInt(below: 5_000_000))
        answers.append(bucket.tryTake(Double(1 + rng.nextInt(below: 3)), at: now))
      }
      return (answers, bucket)
    }
    let (a, bucketA) = run()
    let (b, bucketB) = run()
    #expect(a == b)
    #expect(bucketA == bucketB)
    #expect(a.contains(true) && a.contains(false))
  }
}
