import SimCore

extension FilterPolicy {
  /// A typical three-key attribute policy: an exact string list, a numeric
  /// range and a prefix.
  public static let benchmarkPolicy: FilterPolicy = {
    let json = JSONValue.object([
      "event": .array([.string("order_placed"), .string("order_paid"), .string("order_shipped")]),
      "amount": .array([
        .object(["numeric": .array([.string(">"), .integer(100), .string("<="), .integer(1000)])])
      ]),
      "region": .array([.object(["prefix": .string("eu-")])]),
    ])
    // The policy is a constant known to be valid.
    return try! FilterPolicy(json: json, scope: .messageAttributes)
  }()

  /// Messages for the benchmark: matching ones and ones failing on each key.
  public static let benchmarkMessages: [FilterMessage] = [
    FilterMessage(attributes: [
      ("event", .string("order_placed")), ("amount", .number(250)),
      ("region", .string("eu-west-1")), ("customer", .string("c-1042")),
      ("tags", .stringArray(["gift", "express"])),
    ]),
    FilterMessage(attributes: [
      ("event", .string("order_cancelled")), ("amount", .number(250)),
      ("region", .string("eu-west-1")), ("customer", .string("c-1043")),
    ]),
    FilterMessage(attributes: [
      ("event", .string("order_shipped")), ("amount", .numberWithText(99.5, text: "99.5")),
      ("region", .string("eu-central-1")),
    ]),
    FilterMessage(attributes: [
      ("customer", .string("c-7")), ("event", .string("order_paid")),
      ("amount", .number(1000)), ("region", .string("eu-north-1")),
    ]),
  ]

  /// Evaluates `benchmarkPolicy` against `benchmarkMessages` in turn `count`
  /// times and returns the evaluations per second (wall clock).
  ///
  /// Meaningful only in a release build (`swift build -c release`).
  public static func benchmarkEvaluations(count: Int = 2_000_000) -> Double {
    let policy = benchmarkPolicy
    let messages = benchmarkMessages
    var matched = 0
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      matched = countMatches(policy, messages, count)
    }
    // Two of every four messages match; checking keeps the loop observable.
    precondition(matched == count / 4 * 2 + min(count % 4, 1), "benchmark policy misbehaved")
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return seconds > 0 ? Double(count) / seconds : .infinity
  }

  /// The benchmark loop: evaluates `messages` in turn, borrowing each in
  /// place (copying a message would cost reference counting, not evaluation).
  @inline(never)
  private static func countMatches(
    _ policy: borrowing FilterPolicy, _ messages: borrowing [FilterMessage], _ count: Int
  ) -> Int {
    var matched = 0
    var i = 0
    while i < count {
      if policy.matches(messages[i & 3]) { matched &+= 1 }
      i += 1
    }
    return matched
  }
}
