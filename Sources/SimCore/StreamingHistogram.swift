/// A histogram of non-negative `Int64` values (typically nanoseconds) with
/// log-linear buckets, in the manner of HdrHistogram: bounded memory (57 KiB
/// at most, far less for values within a few powers of two), O(1)
/// recording, and quantiles within a fixed relative error.
///
/// ## Buckets
///
/// Values `0 ..< 256` each have their own bucket, so they are kept exactly.
/// Above that, every power-of-two range `2^e ..< 2^(e+1)` (`e ≥ 8`) is split
/// into ``subBucketsPerPowerOfTwo`` (128) equal buckets of width `2^(e-7)`.
/// A bucket therefore starts at `lower ≥ 128 · width`, and its midpoint
/// `lower + width/2` is within `width/2 ≤ lower/256` of every value in it.
/// The whole `Int64` range needs ``bucketCapacity`` (7,296) buckets.
///
/// ## Error bound
///
/// Every quantile reported by ``quantile(_:)`` is the exact nearest-rank
/// sample quantile `x` when `x < 256`, and otherwise a value `r` with
///
///     |r − x| ≤ x / 256   (≈ 0.39 %, comfortably inside 1 %)
///
/// because the bucket holding the rank-`k` sample is found exactly from the
/// counts, its midpoint is within `lower/256 ≤ x/256` of `x`, and clamping to
/// `[min, max]` (an interval that contains `x`) can only move `r` closer.
/// `count`, `sum`, `min` and `max` are exact.
///
/// ## Cost
///
/// ``record(_:)`` is integer-only (one `leadingZeroBitCount`, a shift, an
/// add) and never allocates once the buckets covering the value exist.
/// Storage covers only the range of buckets used so far, in blocks of 128
/// (one power of two each): `init()` allocates nothing, the first value
/// allocates one block (1 KiB), and a value outside the range grows it to
/// that value's block plus half the range again on that side (at most about
/// ten times in a histogram's life, up to 7,296 buckets, 57 KiB). Values
/// between 1 ms and 1 s (11 powers of two) take those 11 blocks and some
/// slack, 11 to 20 KiB, not 57.
/// A bit mask marks the blocks that received values since the last reset:
/// ``merge(_:)``, ``reset()`` and ``quantile(_:)`` visit only those (1 KiB
/// each, at most the range from the smallest to the largest value), not the
/// capacity; a copy that is then changed copies the stored range.
/// ``reset()`` keeps the storage.
///
/// ```swift
/// var latency = StreamingHistogram()
/// latency.record(SimDuration.milliseconds(12))
/// let p99 = latency.quantile(0.99)   // nanoseconds
/// ```
///
/// Equality compares the recorded multiset of buckets and the exact
/// `count`/`sum`/`min`/`max`, not the reserved range of buckets.
public struct StreamingHistogram: Sendable, Equatable {
  /// Buckets per power of two above the exact range (2^7).
  public static let subBucketsPerPowerOfTwo = 128
  /// Values below this (2^8) are recorded exactly, one bucket each.
  public static let exactLimit: Int64 = 256
  /// Buckets needed to cover `0 ... Int64.max`: 256 exact buckets plus 128
  /// for each exponent 8 ... 62.
  public static let bucketCapacity = 57 * 128
  /// The guaranteed bound on `|reported − true| / true` for quantiles
  /// (1/256); zero for true values below ``exactLimit``.
  public static let maximumRelativeError: Double = 1.0 / 256

  /// Buckets per storage block (one power of two above the exact range).
  @usableFromInline static let blockSize = 128

  /// The counts of buckets `firstBucket ..< firstBucket + counts.count`
  /// (indices from `bucketIndex(of:)`); empty until something is recorded.
  /// Grows, never shrinks.
  @usableFromInline var counts: [UInt64] = []
  @usableFromInline var total: UInt64 = 0
  @usableFromInline var exactSum: UInt128 = 0
  @usableFromInline var minimum = Int64.max
  @usableFromInline var maximum: Int64 = 0
  /// The bucket index of `counts[0]`, a multiple of `blockSize`.
  @usableFromInline var firstBucket = 0
  /// Bit `b` set: block `b` (buckets `128 b ..< 128 (b + 1)`) may hold
  /// counts recorded since the last reset; the other blocks hold none.
  /// Resets, merges and scans visit only these blocks.
  @usableFromInline var touchedBlocks: UInt64 = 0

  /// Creates an empty histogram; it allocates nothing until a value is
  /// recorded. O(1).
  public init() {}

  /// Creates an empty histogram with buckets reserved for values up to
  /// `largestExpected` (clamped to `0 ... Int64.max`), so that recording
  /// such values never allocates. O(buckets).
  public init(reservingUpTo largestExpected: Int64) {
    let top = Self.bucketIndex(of: Swift.max(Self.exactLimit - 1, largestExpected))
    // Round up to the end of that power of two's block of buckets.
    let size = Swift.min(Self.bucketCapacity, (top / Self.blockSize + 1) * Self.blockSize)
    counts = Array(repeating: 0, count: size)
  }

  // MARK: - Recording

  /// Records one `value`, which must be non-negative.
  ///
  /// O(1), integer-only; allocation-free unless `value` is beyond the
  /// buckets reserved so far (see the type's documentation).
  @inlinable
  public mutating func record(_ value: Int64) {
    record(value, count: 1)
  }

  /// Records `value` (non-negative) `n` times. O(1).
  @inlinable
  public mutating func record(_ value: Int64, count n: UInt64) {
    precondition(value >= 0, "StreamingHistogram records non-negative values only")
    guard n > 0 else { return }
    let index = Self.bucketIndex(of: value)
    var offset = index &- firstBucket
    if UInt(bitPattern: offset) >= UInt(bitPattern: counts.count) {
      grow(toInclude: index)
      offset = index &- firstBucket
    }
    // The range check above stands for the subscript's bounds check.
    counts.withUnsafeMutableBufferPointer { $0[offset] &+= n }
    touchedBlocks |= 1 &<< UInt64(truncatingIfNeeded: index &>> 7)
    total &+= n
    exactSum &+= UInt128(UInt64(value)) &* UInt128(n)
    if value < minimum { minimum = value }
    if value > maximum { maximum = value }
  }

  /// Records every value of `values` (each non-negative): the same state
  /// as recording them one by one, with one storage check for the batch.
  /// O(`values.count`).
  @inlinable
  public mutating func record(contentsOf values: UnsafeBufferPointer<Int64>) {
    guard !values.isEmpty else { return }
    var low = Int64.max
    var high: Int64 = 0
    for value in values {
      precondition(value >= 0, "StreamingHistogram records non-negative values only")
      low = Swift.min(low, value)
      high = Swift.max(high, value)
    }
    let lowIndex = Self.bucketIndex(of: low)
    let highIndex = Self.bucketIndex(of: high)
    if counts.isEmpty || lowIndex < firstBucket { grow(toInclude: lowIndex) }
    if highIndex >= firstBucket + counts.count { grow(toInclude: highIndex) }
    var sum: UInt128 = 0
    var touched: UInt64 = 0
    let first = firstBucket
    counts.withUnsafeMutableBufferPointer { buckets in
      for value in values {
        let index = Self.bucketIndex(of: value)
        buckets[index &- first] &+= 1
        touched |= 1 &<< UInt64(truncatingIfNeeded: index &>> 7)
        sum &+= UInt128(UInt64(value))
      }
    }
    touchedBlocks |= touched
    total &+= UInt64(values.count)
    exactSum &+= sum
    if low < minimum { minimum = low }
    if high > maximum { maximum = high }
  }

  /// Records a non-negative duration, in nanoseconds. O(1).
  @inlinable
  public mutating func record(_ duration: SimDuration) {
    record(duration.nanoseconds)
  }

  /// Extends `counts` so that it covers bucket `index`: to `index`'s block
  /// and, beyond it, half the current range again (whole blocks, within
  /// `0 ..< bucketCapacity`). O(range); called about ten times at most in
  /// a histogram's life.
  @usableFromInline
  mutating func grow(toInclude index: Int) {
    let block = Self.blockSize
    let blockStart = index / block * block
    guard !counts.isEmpty else {
      firstBucket = blockStart
      counts = Array(repeating: 0, count: block)
      return
    }
    let end = firstBucket + counts.count
    let slack = (counts.count / 2 + block - 1) / block * block
    let low = index < firstBucket ? Swift.max(0, blockStart - slack) : firstBucket
    let high = index >= end ? Swift.min(Self.bucketCapacity, blockStart + block + slack) : end
    var grown = Array(repeating: UInt64(0), count: high - low)
    grown.withUnsafeMutableBufferPointer { target in
      counts.withUnsafeBufferPointer { source in
        let start = firstBucket - low
        for i in source.indices { target[start + i] = source[i] }
      }
    }
    counts = grown
    firstBucket = low
  }

  /// The count of bucket `index`; 0 outside the stored range. O(1).
  func count(ofBucket index: Int) -> UInt64 {
    let offset = index - firstBucket
    return offset >= 0 && offset < counts.count ? counts[offset] : 0
  }

  /// The offsets into `counts` of the touched blocks' first buckets, in
  /// ascending order: only they may hold non-zero counts. Each block is
  /// within the stored range, between the blocks of `min` and `max`.
  struct TouchedBlocks: IteratorProtocol {
    var blocks: UInt64
    let firstBucket: Int

    init(_ histogram: StreamingHistogram) {
      blocks = histogram.touchedBlocks
      firstBucket = histogram.firstBucket
    }

    /// The offset into `counts` of the next touched block's first bucket.
    mutating func next() -> Int? {
      guard blocks != 0 else { return nil }
      defer { blocks &= blocks &- 1 }
      return blocks.trailingZeroBitCount * StreamingHistogram.blockSize - firstBucket
    }
  }

  /// The offsets of the touched blocks' buckets one at a time, in
  /// ascending order (for walks that stop part-way).
  struct CandidateBuckets: IteratorProtocol {
    var blocks: UInt64
    let firstBucket: Int
    var offset = 0
    var end = 0

    init(_ histogram: StreamingHistogram) {
      blocks = histogram.touchedBlocks
      firstBucket = histogram.firstBucket
    }

    mutating func next() -> Int? {
      if offset == end {
        guard blocks != 0 else { return nil }
        offset = blocks.trailingZeroBitCount * StreamingHistogram.blockSize - firstBucket
        end = offset + StreamingHistogram.blockSize
        blocks &= blocks &- 1
      }
      defer { offset += 1 }
      return offset
    }
  }

  // MARK: - Summary statistics

  /// The number of recorded values. O(1).
  public var count: UInt64 { total }

  /// The exact sum of the recorded values. A `UInt128` cannot overflow:
  /// it would take more than 2^64 values of up to 2^63. O(1).
  public var sum: UInt128 { exactSum }

  /// Whether nothing has been recorded. O(1).
  public var isEmpty: Bool { total == 0 }

  /// The smallest recorded value, exactly; 0 when empty. O(1).
  public var min: Int64 { isEmpty ? 0 : minimum }

  /// The largest recorded value, exactly; 0 when empty. O(1).
  public var max: Int64 { maximum }

  /// The arithmetic mean, `sum / count` rounded once to `Double`; 0 when
  /// empty. O(1).
  public var mean: Double {
    guard !isEmpty else { return 0 }
    return Self.mean(sum: exactSum, count: total)
  }

  /// `sum / count` with `sum` rounded once to `Double` (`count > 0`).
  @inline(__always)
  static func mean(sum: UInt128, count: UInt64) -> Double {
    // The same correctly rounded conversion, without the generic path's
    // cost when the sum fits in 64 bits (as it nearly always does).
    let wide = sum <= UInt128(UInt64.max) ? Double(UInt64(truncatingIfNeeded: sum)) : Double(sum)
    return wide / Double(count)
  }

  /// The `mean` and `quantile(q)` that a histogram holding exactly
  /// `samples` (non-negative, in any order) would report, computed from
  /// the samples themselves without recording them: for a handful of
  /// samples this is cheaper than filling, reading and resetting buckets.
  /// `scratch` is reordered. `nil` when `samples` is empty. O(n) for the
  /// quantiles that select the minimum or the maximum (every `q ≥ 0.99`
  /// with fewer than 100 samples), O(n²) otherwise: meant for small n.
  public static func figures(
    of samples: UnsafeMutableBufferPointer<Int64>, quantile q: Double
  ) -> (mean: Double, quantile: Int64)? {
    guard !samples.isEmpty else { return nil }
    var sum: UInt128 = 0
    var low = Int64.max
    var high: Int64 = 0
    for value in samples {
      precondition(value >= 0, "StreamingHistogram records non-negative values only")
      sum &+= UInt128(UInt64(value))
      low = Swift.min(low, value)
      high = Swift.max(high, value)
    }
    let count = UInt64(samples.count)
    let rank = nearestRank(q, count: count)
    let value: Int64
    if rank == 1 {
      value = low
    } else if rank == count {
      value = high
    } else {
      // The rank-th smallest sample, by insertion sort; its bucket is the
      // one `value(atRank:)` stops at, since buckets are monotone.
      for i in 1..<samples.count {
        let x = samples[i]
        var j = i
        while j > 0 && samples[j - 1] > x {
          samples[j] = samples[j - 1]
          j -= 1
        }
        samples[j] = x
      }
      let bucket = bucketIndex(of: samples[Int(rank) - 1])
      value = Swift.min(high, Swift.max(low, bucketMidpoint(bucket)))
    }
    return (mean(sum: sum, count: count), value)
  }

  // MARK: - Quantiles

  /// The rank that the nearest-rank `q`-quantile of `count` samples selects:
  /// `ceil(q · count)` computed in `Double`, clamped to `1 ... count`.
  /// (So `q = 0` selects the minimum and `q = 1` the maximum.)
  public static func nearestRank(_ q: Double, count: UInt64) -> UInt64 {
    precondition(q >= 0 && q <= 1, "quantile must be in 0 ... 1")
    let rank = (q * Double(count)).rounded(.up)
    if rank <= 1 { return 1 }
    if rank >= Double(count) { return count }
    return UInt64(rank)
  }

  /// An approximation of the nearest-rank `q`-quantile, `q` in `0 ... 1`.
  ///
  /// The exact quantile is the smallest recorded value `x` such that at
  /// least `k = ceil(q · count)` (at least 1) recorded values are `≤ x`,
  /// i.e. the `k`-th smallest sample. This returns the midpoint of the
  /// bucket holding that sample, clamped to `[min, max]`; `q = 0` returns
  /// `min` and `q = 1` returns `max` exactly. The result `r` satisfies
  /// `|r − x| ≤ x / 256`, and `r == x` when `x < 256`. Returns 0 when empty.
  ///
  /// O(buckets of the touched blocks up to the quantile's), at most 7,296
  /// additions; no allocation.
  public func quantile(_ q: Double) -> Int64 {
    guard !isEmpty else {
      precondition(q >= 0 && q <= 1, "quantile must be in 0 ... 1")
      return 0
    }
    let rank = Self.nearestRank(q, count: count)
    if rank == 1 { return minimum }
    if rank == count { return maximum }
    return value(atRank: rank)
  }

  /// `quantile(_:)` for several `qs` at once, in the order given, with one
  /// pass over the buckets. O(buckets of the touched blocks up to the
  /// largest quantile's + k log k) for `k` quantiles.
  public func quantiles(_ qs: [Double]) -> [Int64] {
    guard !isEmpty else {
      for q in qs { precondition(q >= 0 && q <= 1, "quantile must be in 0 ... 1") }
      return Array(repeating: 0, count: qs.count)
    }
    let ranks = qs.map { Self.nearestRank($0, count: count) }
    let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
    var results = Array(repeating: Int64(0), count: qs.count)
    var cumulative: UInt64 = 0
    // Untouched blocks are empty: skip them.
    var candidates = CandidateBuckets(self)
    var offset = candidates.next()!
    for position in order {
      let rank = ranks[position]
      if rank == 1 { results[position] = minimum; continue }
      if rank == count { results[position] = maximum; continue }
      while cumulative + counts[offset] < rank {
        cumulative += counts[offset]
        offset = candidates.next()!
      }
      results[position] = clampedMidpoint(ofBucket: firstBucket + offset)
    }
    return results
  }

  /// The clamped midpoint of the bucket holding the `rank`-th smallest
  /// sample (`1 ≤ rank ≤ count`). A rank in the upper half is found from
  /// the top (a p99 walks the last touched blocks, not all of them).
  func value(atRank rank: UInt64) -> Int64 {
    if rank > count / 2 { return value(atRankFromTop: count - rank + 1) }
    var cumulative: UInt64 = 0
    var blocks = TouchedBlocks(self)
    let bucket: Int? = counts.withUnsafeBufferPointer { c in
      while let start = blocks.next() {
        // A whole block first (a loop the compiler vectorizes); only the
        // block that holds the rank is walked bucket by bucket.
        var blockTotal: UInt64 = 0
        for i in start..<start + Self.blockSize { blockTotal &+= c[i] }
        guard cumulative + blockTotal >= rank else {
          cumulative += blockTotal
          continue
        }
        for i in start..<start + Self.blockSize {
          cumulative += c[i]
          if cumulative >= rank { return firstBucket + i }
        }
      }
      return nil
    }
    guard let bucket else { preconditionFailure("rank \(rank) beyond count \(count)") }
    return clampedMidpoint(ofBucket: bucket)
  }

  /// The clamped midpoint of the bucket holding the `rank`-th largest
  /// sample (`1 ≤ rank ≤ count`): the same bucket as the
  /// `(count − rank + 1)`-th smallest's.
  func value(atRankFromTop rank: UInt64) -> Int64 {
    var cumulative: UInt64 = 0
    var blocks = touchedBlocks
    let bucket: Int? = counts.withUnsafeBufferPointer { c in
      while blocks != 0 {
        let block = 63 - blocks.leadingZeroBitCount
        blocks &= ~(1 << UInt64(block))
        let start = block * Self.blockSize - firstBucket
        let base = c.baseAddress.unsafelyUnwrapped + start
        var blockTotal: UInt64 = 0
        for i in 0..<Self.blockSize { blockTotal &+= base[i] }
        guard cumulative + blockTotal >= rank else {
          cumulative += blockTotal
          continue
        }
        for i in (0..<Self.blockSize).reversed() {
          cumulative += base[i]
          if cumulative >= rank { return firstBucket + start + i }
        }
      }
      return nil
    }
    guard let bucket else { preconditionFailure("rank \(rank) from the top beyond count \(count)") }
    return clampedMidpoint(ofBucket: bucket)
  }

  func clampedMidpoint(ofBucket bucket: Int) -> Int64 {
    Swift.min(maximum, Swift.max(minimum, Self.bucketMidpoint(bucket)))
  }

  // MARK: - Combining

  /// Adds everything recorded in `other` to this histogram, as if each of
  /// its values had been recorded here. O(`other`'s touched blocks, at most
  /// its range from the smallest to the largest value); allocates only when
  /// that range goes beyond this one's storage.
  public mutating func merge(_ other: StreamingHistogram) {
    guard !other.isEmpty else { return }
    let low = Self.bucketIndex(of: other.minimum)
    let high = Self.bucketIndex(of: other.maximum)
    if low < firstBucket || counts.isEmpty { grow(toInclude: low) }
    if high >= firstBucket + counts.count { grow(toInclude: high) }
    counts.withUnsafeMutableBufferPointer { mine in
      other.counts.withUnsafeBufferPointer { theirs in
        let shift = other.firstBucket - firstBucket
        var blocks = TouchedBlocks(other)
        while let start = blocks.next() {
          // Through pointers: no overflow check per bucket, so the loop
          // vectorises.
          let target = mine.baseAddress.unsafelyUnwrapped + (start + shift)
          let source = theirs.baseAddress.unsafelyUnwrapped + start
          for i in 0..<Self.blockSize { target[i] &+= source[i] }
        }
      }
    }
    touchedBlocks |= other.touchedBlocks
    total &+= other.total
    exactSum &+= other.exactSum
    minimum = Swift.min(minimum, other.minimum)
    maximum = Swift.max(maximum, other.maximum)
  }

  /// Forgets every recorded value, keeping the bucket storage. O(touched
  /// blocks, at most the range from the smallest to the largest value).
  public mutating func reset() {
    guard total > 0 else { return }
    var blocks = TouchedBlocks(self)
    counts.withUnsafeMutableBufferPointer { buffer in
      while let start = blocks.next() {
        buffer.baseAddress!.advanced(by: start).update(repeating: 0, count: Self.blockSize)
      }
    }
    touchedBlocks = 0
    total = 0
    exactSum = 0
    minimum = .max
    maximum = 0
  }

  public static func == (lhs: StreamingHistogram, rhs: StreamingHistogram) -> Bool {
    guard lhs.count == rhs.count, lhs.sum == rhs.sum,
      lhs.minimum == rhs.minimum, lhs.maximum == rhs.maximum
    else { return false }
    // Non-zero buckets lie in touched blocks; the stored ranges and which
    // blocks are marked are not part of the value.
    var blocks = lhs.touchedBlocks | rhs.touchedBlocks
    while blocks != 0 {
      let start = blocks.trailingZeroBitCount * blockSize
      blocks &= blocks &- 1
      for bucket in start ..< start + blockSize where lhs.count(ofBucket: bucket) != rhs.count(ofBucket: bucket) {
        return false
      }
    }
    return true
  }

  // MARK: - Bucket arithmetic

  /// The bucket of a non-negative `value`: the value itself below 256,
  /// otherwise `(e − 7) · 128 + (value >> (e − 7))` where `e` is the index
  /// of the highest set bit. Monotone non-decreasing in `value`. O(1).
  @inlinable @inline(__always)
  static func bucketIndex(of value: Int64) -> Int {
    // e − 7 = 56 − leadingZeroBitCount; at most 0 for values below 256.
    let shift = Swift.max(0, 56 - value.leadingZeroBitCount)
    return (shift << 7) + Int(truncatingIfNeeded: value >> shift)
  }

  /// The smallest value in `bucket`. O(1).
  static func bucketLowerBound(_ bucket: Int) -> Int64 {
    if bucket < 256 { return Int64(bucket) }
    let shift = (bucket >> 7) - 1
    return Int64((bucket & 127) + 128) << shift
  }

  /// The number of values in `bucket`: 1 below 256, else `2^(e − 7)`. O(1).
  static func bucketWidth(_ bucket: Int) -> Int64 {
    bucket < 256 ? 1 : 1 << ((bucket >> 7) - 1)
  }

  /// The value reported for `bucket`: its lower bound plus half its width
  /// (the value itself for exact buckets). Never overflows. O(1).
  static func bucketMidpoint(_ bucket: Int) -> Int64 {
    bucketLowerBound(bucket) + bucketWidth(bucket) / 2
  }
}
