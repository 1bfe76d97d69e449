import Foundation
import SimCore
import Testing

@testable import SimModels

@Suite("AttributeSampler: message attributes and bodies for filter policies")
struct AttributeSamplerTests {
  typealias Attributes = [String: FilterAttributeValue]

  func attributes(_ message: FilterMessage) -> Attributes {
    Dictionary(message.attributes, uniquingKeysWith: { first, _ in first })
  }

  func number(_ value: FilterAttributeValue?) -> Double? {
    switch value {
    case .number(let d), .numberWithText(let d, _): return d
    default: return nil
    }
  }

  let orderAttributes = [
    AttributeConfig(
      name: "event", dataType: .string,
      generator: .oneOf(values: ["order_placed", "order_cancelled", "order_shipped"], weights: [5, 3, 2])),
    AttributeConfig(name: "amount", dataType: .number, generator: .uniform(low: 0, high: 200)),
    AttributeConfig(name: "tags", dataType: .stringArray, generator: .subsetOf(values: ["a", "b", "c", "d"], maxCount: 3)),
    AttributeConfig(name: "region", dataType: .string, generator: .constant("eu-west-1")),
  ]

  @Test("oneOf: frequencies follow the normalised weights")
  func oneOfFrequencies() {
    var sampler = AttributeSampler(Array(orderAttributes.prefix(1)), bodyTemplate: nil)
    var rng = SeededGenerator(seed: 1)
    let values = ["order_placed", "order_cancelled", "order_shipped"]
    var counts = [0, 0, 0]
    for _ in 0..<100_000 {
      guard case .string(let s) = attributes(sampler.sample(using: &rng))["event"] else {
        Issue.record("event is not a string")
        return
      }
      counts[values.firstIndex(of: s)!] += 1
    }
    let chi = SamplingStats.chiSquare(counts, [0.5, 0.3, 0.2])
    #expect(chi < SamplingStats.bound(degreesOfFreedom: 2), "\(counts)")
  }

  @Test("oneOf: no usable weights means equal weights; zero weights are never drawn")
  func oneOfWeights() {
    let third = 1.0 / 3
    let even: [Double] = [third, third, third]
    let cases: [(weights: [Double], expected: [Double])] = [
      ([], even), ([1, 2], even), ([0, 0, 0], even), ([0, 1, -4], [0, 1, 0]), ([1, 0, .nan], [1, 0, 0]),
    ]
    for (weights, expected) in cases {
      var sampler = AttributeSampler(
        [AttributeConfig(name: "x", dataType: .string, generator: .oneOf(values: ["p", "q", "r"], weights: weights))],
        bodyTemplate: nil)
      var rng = SeededGenerator(seed: 2)
      var counts = [0, 0, 0]
      for _ in 0..<30_000 {
        guard case .string(let s) = attributes(sampler.sample(using: &rng))["x"] else { return }
        counts[["p", "q", "r"].firstIndex(of: s)!] += 1
      }
      for i in 0..<3 where expected[i] == 0 { #expect(counts[i] == 0, "\(weights): \(counts)") }
      let nonZero = (0..<3).filter { expected[$0] > 0 }
      if nonZero.count > 1 {
        let chi = SamplingStats.chiSquare(nonZero.map { counts[$0] }, nonZero.map { expected[$0] })
        #expect(chi < SamplingStats.bound(degreesOfFreedom: nonZero.count - 1), "\(weights): \(counts)")
      }
    }
  }

  @Test("uniform: numbers in range, evenly spread, as Number values")
  func uniformRange() {
    var sampler = AttributeSampler(
      [AttributeConfig(name: "amount", dataType: .number, generator: .uniform(low: -50, high: 150))], bodyTemplate: nil)
    var rng = SeededGenerator(seed: 3)
    var bins = [Int](repeating: 0, count: 10)
    var sum = 0.0
    let n = 100_000
    for _ in 0..<n {
      let value = attributes(sampler.sample(using: &rng))["amount"]
      guard case .number(let x) = value else {
        Issue.record("not a number: \(String(describing: value))")
        return
      }
      guard x >= -50 && x <= 150 else {
        Issue.record("out of range: \(x)")
        return
      }
      sum += x
      bins[min(9, Int((x + 50) / 20))] += 1
    }
    let chi = SamplingStats.chiSquare(bins, [Double](repeating: 0.1, count: 10))
    #expect(chi < SamplingStats.bound(degreesOfFreedom: 9), "\(bins)")
    let sd = 200 / 12.0.squareRoot() / Double(n).squareRoot()
    #expect(abs(sum / Double(n) - 50) < 5 * sd)
  }

  @Test("subsetOf: 1 … maxCount distinct values in list order, sizes and members even")
  func subsetOf() {
    var sampler = AttributeSampler(Array(orderAttributes[2...2]), bodyTemplate: nil)
    var rng = SeededGenerator(seed: 4)
    let values = ["a", "b", "c", "d"]
    var sizes = [0, 0, 0]
    var members = [0, 0, 0, 0]
    let n = 60_000
    for _ in 0..<n {
      guard case .stringArray(let chosen) = attributes(sampler.sample(using: &rng))["tags"] else {
        Issue.record("tags is not a String.Array")
        return
      }
      let indices = chosen.map { values.firstIndex(of: $0)! }
      guard (1...3).contains(chosen.count), Set(chosen).count == chosen.count, indices == indices.sorted() else {
        Issue.record("bad subset \(chosen)")
        return
      }
      sizes[chosen.count - 1] += 1
      for i in indices { members[i] += 1 }
    }
    let sizeChi = SamplingStats.chiSquare(sizes, [1.0 / 3, 1.0 / 3, 1.0 / 3])
    #expect(sizeChi < SamplingStats.bound(degreesOfFreedom: 2), "\(sizes)")
    // Mean size 2 of 4 values: each value is in half of the samples.
    let memberChi = SamplingStats.chiSquare(members, [0.25, 0.25, 0.25, 0.25])
    #expect(memberChi < SamplingStats.bound(degreesOfFreedom: 3), "\(members)")
  }

  @Test("subsetOf: duplicates are dropped and maxCount is capped at the list")
  func subsetOfCaps() {
    var sampler = AttributeSampler(
      [AttributeConfig(name: "t", dataType: .stringArray, generator: .subsetOf(values: ["x", "y", "x"], maxCount: 9))],
      bodyTemplate: nil)
    var rng = SeededGenerator(seed: 5)
    var sawBoth = false
    for _ in 0..<1_000 {
      guard case .stringArray(let chosen) = attributes(sampler.sample(using: &rng))["t"] else { return }
      #expect(Set(chosen).count == chosen.count && chosen.count <= 2)
      sawBoth = sawBoth || chosen == ["x", "y"]
    }
    #expect(sawBoth)
  }

  @Test("constants take their data type's kind and draw nothing")
  func constants() {
    var sampler = AttributeSampler(
      [
        AttributeConfig(name: "price", dataType: .number, generator: .constant("12.50")),
        AttributeConfig(name: "label", dataType: .string, generator: .constant("12.50")),
        AttributeConfig(name: "list", dataType: .stringArray, generator: .constant(#"["a","b"]"#)),
        AttributeConfig(name: "mixed", dataType: .stringArray, generator: .constant(#"["a",1,true]"#)),
        AttributeConfig(name: "single", dataType: .stringArray, generator: .constant("solo")),
        AttributeConfig(name: "notANumber", dataType: .number, generator: .constant("abc")),
      ], bodyTemplate: nil)
    var rng = SeededGenerator(seed: 6)
    let reference = rng
    let values = attributes(sampler.sample(using: &rng))
    var untouched = reference
    let drewNothing = rng.next() == untouched.next()
    #expect(drewNothing)
    #expect(values["price"] == .numberWithText(12.5, text: "12.50"))
    #expect(values["label"] == .string("12.50"))
    #expect(values["list"] == .stringArray(["a", "b"]))
    #expect(values["mixed"] == .array([.string("a"), .number(1), .bool(true)]))
    #expect(values["single"] == .stringArray(["solo"]))
    #expect(values["notANumber"] == .string("abc"))
  }

  @Test("attributes come out, and are drawn, in name order whatever the configuration order")
  func nameOrder() {
    var forward = AttributeSampler(orderAttributes, bodyTemplate: nil)
    var backward = AttributeSampler(orderAttributes.reversed(), bodyTemplate: nil)
    #expect(forward.attributeNames == ["amount", "event", "region", "tags"])
    var a = SeededGenerator(seed: 7)
    var b = SeededGenerator(seed: 7)
    for _ in 0..<200 {
      let x = forward.sample(using: &a)
      let y = backward.sample(using: &b)
      #expect(x.attributes.map(\.0) == ["amount", "event", "region", "tags"])
      #expect(x.attributes.map(\.1) == y.attributes.map(\.1))
    }
  }

  @Test("the same seed gives the same messages; another seed others")
  func determinism() {
    func run(_ seed: UInt64) -> [[FilterAttributeValue]] {
      var sampler = AttributeSampler(orderAttributes, bodyTemplate: nil)
      var rng = SeededGenerator(seed: seed)
      return (0..<100).map { _ in sampler.sample(using: &rng).attributes.map(\.1) }
    }
    #expect(run(8) == run(8))
    #expect(run(8) != run(9))
  }

  @Test("the body template: $name strings replaced in nested objects and arrays")
  func bodySubstitution() throws {
    let template = JSONValue.object([
      "order": .object([
        "type": .string("$event"),
        "total": .string("$amount"),
        "tags": .string("$tags"),
        "region": .string("$region"),
        "items": .array([.object(["kind": .string("$event")]), .string("literal"), .string("$unknown")]),
        "fixed": .integer(7),
      ]),
      "$event": .string("keys are not replaced"),
      "note": .string("the $event is not whole"),
      "static": .object(["a": .array([.integer(1), .bool(true)])]),
    ])
    var sampler = AttributeSampler(orderAttributes, bodyTemplate: template)
    var rng = SeededGenerator(seed: 10)
    for _ in 0..<100 {
      let message = sampler.sample(using: &rng)
      let values = attributes(message)
      #expect(message.hasJSONObjectBody)
      guard case .string(let event) = values["event"], let amount = number(values["amount"]),
        case .stringArray(let tags) = values["tags"]
      else {
        Issue.record("unexpected attributes \(values)")
        return
      }
      #expect(message.bodyValues(at: "order.type") == [.string(event)])
      #expect(message.bodyValues(at: "order.total") == [.number(amount)])
      #expect(message.bodyValues(at: "order.tags") == tags.map { .string($0) })
      #expect(message.bodyValues(at: "order.region") == [.string("eu-west-1")])
      #expect(message.bodyValues(at: "order.items.kind") == [.string(event)])
      #expect(message.bodyValues(at: "order.items") == [.string("literal"), .string("$unknown")])
      #expect(message.bodyValues(at: "order.fixed") == [.number(7)])
      #expect(message.bodyValues(at: "$event") == [.string("keys are not replaced")])
      #expect(message.bodyValues(at: "note") == [.string("the $event is not whole")])
      #expect(message.bodyValues(at: "static.a") == [.number(1), .bool(true)])
    }
  }

  @Test("body values: integral numbers as JSON integers, others as doubles")
  func bodyJSON() {
    #expect(AttributeSampler.json(of: .numberWithText(12, text: "12.0")) == .integer(12))
    #expect(AttributeSampler.json(of: .number(-3.25)) == .number(-3.25))
    #expect(AttributeSampler.json(of: .number(1e300)) == .number(1e300))
    #expect(AttributeSampler.json(of: .stringArray(["a"])) == .array([.string("a")]))
    #expect(AttributeSampler.json(of: .string("s")) == .string("s"))
  }

  @Test("no template: attributes only")
  func noBody() {
    var sampler = AttributeSampler(orderAttributes, bodyTemplate: nil)
    var rng = SeededGenerator(seed: 11)
    #expect(!sampler.sample(using: &rng).hasJSONObjectBody)
  }

  @Test("sampled messages match attribute-scoped policies exactly when their values do")
  func attributePolicies() throws {
    let policy = try FilterPolicy(
      json: .object([
        "event": .array([.string("order_placed")]),
        "amount": .array([.object(["numeric": .array([.string(">="), .integer(100)])])]),
      ]), scope: .messageAttributes)
    let tagPolicy = try FilterPolicy(jsonText: #"{"tags": ["d"], "region": [{"prefix": "eu-"}]}"#, scope: .messageAttributes)
    let never = try FilterPolicy(jsonText: #"{"event": ["refund"]}"#, scope: .messageAttributes)
    var sampler = AttributeSampler(orderAttributes, bodyTemplate: nil)
    var rng = SeededGenerator(seed: 12)
    var matches = 0
    var tagMatches = 0
    for _ in 0..<5_000 {
      let message = sampler.sample(using: &rng)
      let values = attributes(message)
      let expected = values["event"] == .string("order_placed") && number(values["amount"])! >= 100
      #expect(policy.evaluate(message).isMatch == expected)
      if expected { matches += 1 }
      guard case .stringArray(let tags) = values["tags"] else { return }
      #expect(tagPolicy.evaluate(message).isMatch == tags.contains("d"))
      if tags.contains("d") { tagMatches += 1 }
      #expect(never.evaluate(message) == .noMatch(firstFailedKey: "event", reason: .messageAttributes))
    }
    // P(order_placed) · P(amount ≥ 100) = 0.5 · 0.5; P("d" in tags) = 1/2.
    #expect(abs(Double(matches) / 5_000 - 0.25) < 0.03)
    #expect(abs(Double(tagMatches) / 5_000 - 0.5) < 0.03)
  }

  @Test("sampled bodies match body-scoped policies exactly when their values do")
  func bodyPolicies() throws {
    let template = JSONValue.object([
      "detail": .object(["event": .string("$event"), "amount": .string("$amount"), "tags": .string("$tags")])
    ])
    let policy = try FilterPolicy(
      jsonText: #"{"detail": {"event": ["order_placed", "order_shipped"], "amount": [{"numeric": [">", 50, "<=", 150]}]}}"#,
      scope: .messageBody)
    let tags = try FilterPolicy(jsonText: #"{"detail": {"tags": ["a"]}}"#, scope: .messageBody)
    let attributeScoped = try FilterPolicy(jsonText: #"{"event": ["order_placed"]}"#, scope: .messageAttributes)
    let bodyEvent = try FilterPolicy(jsonText: #"{"event": ["order_placed"]}"#, scope: .messageBody)
    var sampler = AttributeSampler(orderAttributes, bodyTemplate: template)
    var rng = SeededGenerator(seed: 13)
    var matches = 0
    for _ in 0..<5_000 {
      let message = sampler.sample(using: &rng)
      let values = attributes(message)
      let amount = number(values["amount"])!
      let event = values["event"]
      let expected = (event == .string("order_placed") || event == .string("order_shipped")) && amount > 50 && amount <= 150
      #expect(policy.evaluate(message).isMatch == expected)
      if expected { matches += 1 }
      guard case .stringArray(let drawn) = values["tags"] else { return }
      #expect(tags.evaluate(message).isMatch == drawn.contains("a"))
      // The same message still carries its attributes for attribute-scoped policies…
      #expect(attributeScoped.evaluate(message).isMatch == (event == .string("order_placed")))
      // …and the body has no top-level "event".
      #expect(!bodyEvent.evaluate(message).isMatch)
    }
    // P(placed or shipped) · P(50 < amount ≤ 150) = 0.7 · 0.5.
    #expect(abs(Double(matches) / 5_000 - 0.35) < 0.03)
  }

  @Test("byteSize: name + data type + value text of the last sample")
  func byteSize() {
    var sampler = AttributeSampler(
      [
        AttributeConfig(name: "event", dataType: .string, generator: .constant("order_placed")),
        AttributeConfig(name: "price", dataType: .number, generator: .constant("12.50")),
        AttributeConfig(name: "tags", dataType: .stringArray, generator: .constant(#"["a","b\"c"]"#)),
        AttributeConfig(name: "n", dataType: .number, generator: .uniform(low: 1, high: 2)),
      ], bodyTemplate: nil)
    #expect(sampler.byteSize == 0)
    var rng = SeededGenerator(seed: 14)
    let message = sampler.sample(using: &rng)
    guard case .number(let n) = attributes(message)["n"] else {
      Issue.record("n is not a number")
      return
    }
    let expected =
      (5 + 6 + 12)  // event, String, order_placed
      + (5 + 6 + 5)  // price, Number, 12.50
      + (4 + 12 + #"["a","b\"c"]"#.utf8.count)  // tags, String.Array, JSON text
      + (1 + 6 + n.description.utf8.count)
    #expect(sampler.byteSize == expected)
  }
}
