/// AWS's limits on a filter policy, and the expansion of `$or` into flat
/// alternatives.
///
/// - Keys: at most 5 keys in every alternative, counting the keys that hold
///   a value array (for nested body policies the leaf keys, not the objects
///   around them: AWS's constraints page counts `key_d` and `key_f` in
///   `{"key_a": {"key_b": {"key_c": {"key_d": […]}}, "key_e": {"key_f": […]}}}`).
///   `$or` itself is not a key; the keys of its branches are. Keys outside
///   any `$or` are checked first, so a policy with 6 plain keys reports this
///   before its complexity.
/// - Complexity: AWS's "total combination of values", at most 150: the
///   product, over the keys of an alternative, of each key's number of values
///   times its nesting depth (1 at the top level, 2 one object down, …),
///   summed over the alternatives `$or` produces. Computed without expanding
///   (a product of sums), so a huge policy is rejected cheaply.
enum FilterPolicyCompiler {
  /// The most keys an alternative may have.
  static let maximumKeys = 5
  /// The largest total combination of values.
  static let maximumComplexity = 150

  struct Compiled {
    var complexity: Int
    var alternativeLeaves: [Int]
    var alternativeStarts: [Int]
  }

  static func compile(_ root: [PolicyMember], leaves: [PolicyLeaf]) throws(FilterPolicyError)
    -> Compiled
  {
    guard !root.isEmpty else {
      return Compiled(complexity: 0, alternativeLeaves: [], alternativeStarts: [0])
    }
    var plainKeys = Set<String>()
    collectKeysOutsideOr(root, leaves: leaves, into: &plainKeys)
    if plainKeys.count > maximumKeys { throw tooManyKeys(plainKeys.count) }
    let complexity = self.complexity(of: root, leaves: leaves)
    guard complexity <= maximumComplexity else {
      throw FilterPolicyError(
        .tooComplex,
        "Filter policy is too complex (\(complexity >= saturation ? "over \(saturation)" : "\(complexity)") combinations of values; the limit is \(maximumComplexity))"
      )
    }
    var alternativeLeaves: [Int] = []
    var alternativeStarts: [Int] = []
    for alternative in expand(root) {
      let keys = Set(alternative.map { leaves[$0].path })
      if keys.count > maximumKeys { throw tooManyKeys(keys.count) }
      alternativeStarts.append(alternativeLeaves.count)
      alternativeLeaves += alternative.sorted {
        leaves[$0].path == leaves[$1].path
          ? $0 < $1 : utf8Precedes(leaves[$0].path, leaves[$1].path)
      }
    }
    alternativeStarts.append(alternativeLeaves.count)
    return Compiled(
      complexity: complexity, alternativeLeaves: alternativeLeaves,
      alternativeStarts: alternativeStarts)
  }

  static func tooManyKeys(_ count: Int) -> FilterPolicyError {
    FilterPolicyError(
      .tooManyKeys,
      "Filter policy can not have more than \(maximumKeys) keys (found \(count))")
  }

  /// The keys every alternative has: those not under an `$or`.
  static func collectKeysOutsideOr(
    _ members: [PolicyMember], leaves: [PolicyLeaf], into keys: inout Set<String>
  ) {
    for member in members {
      switch member {
      case .leaf(let index): keys.insert(leaves[index].path)
      case .nested(let child): collectKeysOutsideOr(child, leaves: leaves, into: &keys)
      case .or: break
      }
    }
  }

  /// Where complexity arithmetic stops counting.
  static let saturation = 1 << 40

  /// The total combination of values of an object's members (see the type's
  /// documentation), saturating at `saturation`.
  static func complexity(of members: [PolicyMember], leaves: [PolicyLeaf]) -> Int {
    var product = 1
    for member in members {
      let factor: Int
      switch member {
      case .leaf(let index):
        factor = leaves[index].valueCount * leaves[index].depth
      case .nested(let child):
        factor = complexity(of: child, leaves: leaves)
      case .or(let branches):
        factor = branches.reduce(0) { min(saturation, $0 + complexity(of: $1, leaves: leaves)) }
      }
      let (next, overflow) = product.multipliedReportingOverflow(by: factor)
      if overflow || next >= saturation { return saturation }
      product = next
    }
    return product
  }

  /// The `$or`-free alternatives of an object: lists of leaf indices, in
  /// sorted-key order and `$or` branch order.
  ///
  /// - Precondition: the complexity check passed, so there are at most 150.
  static func expand(_ members: [PolicyMember]) -> [[Int]] {
    var alternatives: [[Int]] = [[]]
    for member in members {
      switch member {
      case .leaf(let index):
        for i in alternatives.indices { alternatives[i].append(index) }
      case .nested(let child):
        let childAlternatives = expand(child)
        alternatives = alternatives.flatMap { base in childAlternatives.map { base + $0 } }
      case .or(let branches):
        let branchAlternatives = branches.flatMap(expand)
        alternatives = alternatives.flatMap { base in branchAlternatives.map { base + $0 } }
      }
    }
    return alternatives
  }
}
