/// A compiled policy's tables in memory of their own: plain data, read by
/// evaluation through raw buffers so it never touches a reference count.
/// Immutable after `init`.
final class PolicyTables: @unchecked Sendable {
  /// String operands and leaf paths.
  let bytes: UnsafeBufferPointer<UInt8>
  /// `anything-but` string lists (spans of `bytes`).
  let spans: UnsafeBufferPointer<ByteSpan>
  /// `anything-but` number lists (quantized).
  let numbers: UnsafeBufferPointer<Double>
  /// Every leaf's conditions, concatenated.
  let conditions: UnsafeBufferPointer<FilterCondition>
  /// Where each leaf's conditions start, plus an end marker.
  let conditionStarts: UnsafeBufferPointer<Int>
  /// Each leaf's key path (span of `bytes`).
  let leafPaths: UnsafeBufferPointer<ByteSpan>
  /// Leaf indices of every alternative, concatenated; each alternative's
  /// leaves sorted by path.
  let alternativeLeaves: UnsafeBufferPointer<Int>
  /// Where each alternative starts in `alternativeLeaves`, plus an end marker.
  let alternativeStarts: UnsafeBufferPointer<Int>

  init(
    bytes: [UInt8], spans: [ByteSpan], numbers: [Double], conditions: [FilterCondition],
    conditionStarts: [Int], leafPaths: [ByteSpan], alternativeLeaves: [Int],
    alternativeStarts: [Int]
  ) {
    self.bytes = PolicyTables.copy(bytes)
    self.spans = PolicyTables.copy(spans)
    self.numbers = PolicyTables.copy(numbers)
    self.conditions = PolicyTables.copy(conditions)
    self.conditionStarts = PolicyTables.copy(conditionStarts)
    self.leafPaths = PolicyTables.copy(leafPaths)
    self.alternativeLeaves = PolicyTables.copy(alternativeLeaves)
    self.alternativeStarts = PolicyTables.copy(alternativeStarts)
  }

  deinit {
    PolicyTables.free(bytes)
    PolicyTables.free(spans)
    PolicyTables.free(numbers)
    PolicyTables.free(conditions)
    PolicyTables.free(conditionStarts)
    PolicyTables.free(leafPaths)
    PolicyTables.free(alternativeLeaves)
    PolicyTables.free(alternativeStarts)
  }

  /// A copy of `array` in fresh memory (never empty, so always a valid base).
  private static func copy<T: BitwiseCopyable>(_ array: [T]) -> UnsafeBufferPointer<T> {
    let memory = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
    array.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { memory.initialize(from: base, count: source.count) }
    }
    return UnsafeBufferPointer(start: memory, count: array.count)
  }

  private static func free<T>(_ buffer: UnsafeBufferPointer<T>) {
    UnsafeMutablePointer(mutating: buffer.baseAddress!).deallocate()
  }

  var pools: PolicyPools { PolicyPools(bytes: bytes, spans: spans, numbers: numbers) }
}

extension FilterPolicy {
  /// Evaluates the policy against `message`.
  ///
  /// Each alternative (one per `$or` combination; just one without `$or`)
  /// tests its keys in sorted path order and stops at the first key that
  /// fails. The message matches when some alternative passes every key.
  ///
  /// When none does, `firstFailedKey` is the failed key of the alternative
  /// that got furthest (passed the most keys before failing); ties go to the
  /// earliest alternative, in the order the policy lists its `$or` branches
  /// (keys outside `$or` sorted). Without `$or` it is simply the first key,
  /// in sorted order, that failed. For a message the policy cannot read at
  /// all (invalid or no attributes, a body that is not a JSON object) it is
  /// the first key of the first alternative. See `FilterOutReason` for `reason`.
  ///
  /// Never allocates, except that `equals-ignore-case` lower-cases a copy of
  /// a non-ASCII value.
  ///
  /// - Complexity: O(*a* · *k* · (*n* + *v*)) for *a* alternatives of *k*
  ///   keys, *n* attributes (log *n* body paths) and *v* values per key;
  ///   typically a fraction of a microsecond.
  public func evaluate(_ message: FilterMessage) -> FilterOutcome {
    let tables = self.tables
    guard tables.alternativeStarts.count > 1 else { return .match }
    let firstKey = tables.alternativeLeaves[0]
    let storage = message.storage
    switch scope {
    case .messageAttributes:
      if storage.invalidAttributesReason != nil {
        return .noMatch(firstFailedKey: leafPaths[firstKey], reason: .invalidAttributes)
      }
      let failed = storage.attributeStore.withView { FilterPolicy.firstFailure(tables, $0) }
      if failed == -2 {
        return .noMatch(firstFailedKey: leafPaths[firstKey], reason: .noMessageAttributes)
      }
      return failed < 0
        ? .match : .noMatch(firstFailedKey: leafPaths[failed], reason: .messageAttributes)
    case .messageBody:
      guard case .object(let store) = storage.body else {
        return .noMatch(firstFailedKey: leafPaths[firstKey], reason: .invalidMessageBody)
      }
      let failed = store.withView { FilterPolicy.firstFailure(tables, $0, allowEmpty: true) }
      return failed < 0
        ? .match : .noMatch(firstFailedKey: leafPaths[failed], reason: .messageBody)
    }
  }

  /// Whether the policy accepts `message` (`evaluate(_:)` without the reason).
  public func matches(_ message: FilterMessage) -> Bool {
    evaluate(message).isMatch
  }

  /// Runs every alternative over `store`: -1 when one passes, -2 when the
  /// store is empty and `allowEmpty` is false, otherwise the failed leaf of
  /// the alternative that passed the most leaves first.
  @inline(__always)
  private static func firstFailure(
    _ tables: PolicyTables, _ store: FlatStoreView, allowEmpty: Bool = false
  ) -> Int {
    if !allowEmpty && store.entries.isEmpty { return -2 }
    let pools = tables.pools
    var bestLeaf = -1
    var bestPassed = -1
    var alternative = 0
    while alternative + 1 < tables.alternativeStarts.count {
      var passed = 0
      var failed = -1
      var position = tables.alternativeStarts[alternative]
      let end = tables.alternativeStarts[alternative + 1]
      while position < end {
        let leaf = tables.alternativeLeaves[position]
        if !leafMatches(leaf, tables, pools, store) {
          failed = leaf
          break
        }
        passed += 1
        position += 1
      }
      if failed < 0 { return -1 }
      if passed > bestPassed {
        bestPassed = passed
        bestLeaf = failed
      }
      alternative += 1
    }
    return bestLeaf
  }

  /// Whether leaf `leaf` accepts the store's values under its key: an absent
  /// key (no values, or a `Binary` attribute) matches only
  /// `{"exists": false}`; a present one matches `{"exists": true}` when it
  /// has a non-null, non-empty value, and any other condition accepting one
  /// of its values.
  @inline(__always)
  private static func leafMatches(
    _ leaf: Int, _ tables: PolicyTables, _ pools: PolicyPools, _ store: FlatStoreView
  ) -> Bool {
    let index = store.entryIndex(of: pools.bytes[span: tables.leafPaths[leaf]])
    var valueStart = 0
    var valueEnd = 0
    if index >= 0, !store.entries[index].isBinary {
      valueStart = store.entries[index].valueStart
      valueEnd = valueStart + store.entries[index].valueCount
    }
    let isPresent = valueEnd > valueStart
    for c in tables.conditionStarts[leaf]..<tables.conditionStarts[leaf + 1] {
      let condition = tables.conditions[c]
      if case .exists(let mustExist) = condition {
        if !mustExist {
          if !isPresent { return true }
        } else if isPresent && hasSubstantialValue(store, valueStart, valueEnd) {
          return true
        }
        continue
      }
      guard isPresent else { continue }
      for v in valueStart..<valueEnd {
        let accepted: Bool
        switch store.values[v] {
        case .string(let span):
          accepted = condition.matches(string: store.bytes[span: span], pools)
        case .number(let n):
          accepted = condition.matches(quantizedNumber: quantizedFilterNumber(n), pools)
        case .bool(let b):
          accepted = condition.matches(boolOrNull: b)
        case .null:
          accepted = condition.matches(boolOrNull: nil)
        }
        if accepted { return true }
      }
    }
    return false
  }

  /// Whether a value counts for `{"exists": true}`: AWS requires "a non-null
  /// and non-empty value", so `null` and `""` do not.
  @inline(__always)
  private static func hasSubstantialValue(_ store: FlatStoreView, _ start: Int, _ end: Int) -> Bool {
    for v in start..<end {
      switch store.values[v] {
      case .null: continue
      case .string(let span): if span.count > 0 { return true }
      case .number, .bool: return true
      }
    }
    return false
  }
}
