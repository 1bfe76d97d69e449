import Foundation
import SimCore

/// Draws the message attributes a producer attaches, and optionally a JSON
/// body built from them, as the `FilterMessage` that subscription filter
/// policies evaluate.
///
/// Attributes are drawn in name order (UTF-8 byte order), so a sample
/// depends only on the seed and the configuration, not on the order the
/// attributes were written in:
///
/// - `constant`: no draw.
/// - `oneOf`: one `nextUnitInterval()`, inverted over the cumulative weights.
///   Weights are normalised; negative or NaN weights count as 0, and a list
///   of the wrong length or with no positive weight means equal weights.
/// - `uniform(low, high)`: one `nextUnitInterval()`, `low + u·(high − low)`.
/// - `subsetOf(values, maxCount)`: one `nextInt(below:)` for the size
///   (1 … `maxCount`, capped at the number of distinct values), then one
///   `nextInt(below:)` per element (a partial Fisher–Yates shuffle); the
///   elements keep the order of `values`.
///
/// Values take the kind the data type asks for, so numeric filters work:
/// - `Number`: `constant`/`oneOf` texts become `.numberWithText` (a text that
///   is not a number stays a `.string`), `uniform` gives `.number`.
/// - `String`: `.string` (a `uniform` number as its text).
/// - `String.Array`: `constant`/`oneOf` texts that are JSON arrays are read
///   as such (`.stringArray`, or `.array` with non-string elements); any
///   other text is a one-element array.
/// - `subsetOf` always gives `.stringArray`, whatever the data type.
///
/// With a body template the message also carries a body (for
/// `MessageBody`-scoped policies): the template with every JSON string
/// that is exactly `"$name"` of an attribute replaced by the attribute's
/// value — numbers as JSON numbers (integers when integral), string arrays
/// as JSON arrays, strings as strings. Object keys, other strings, and
/// `"$name"` of an unknown attribute stay as written.
///
/// Everything except the drawn values is prepared in `init`.
///
/// ```swift
/// var sampler = AttributeSampler(
///   [AttributeConfig(name: "event", dataType: .string,
///                    generator: .oneOf(values: ["a", "b"], weights: [3, 1]))],
///   bodyTemplate: .object(["type": .string("$event")]))
/// var rng = SeededGenerator(seed: 1)
/// let message = sampler.sample(using: &rng)   // event "a" 75 % of the time
/// ```
struct AttributeSampler: Sendable {
  /// One attribute prepared for sampling.
  private struct Slot: Sendable {
    /// Attribute name.
    let name: String
    /// Name bytes plus data-type bytes (the fixed part of `byteSize`).
    let fixedBytes: Int
    /// How the value is drawn.
    let plan: Plan
  }

  /// How one attribute's value is drawn.
  private enum Plan: Sendable {
    /// Always this value.
    case constant(FilterAttributeValue)
    /// `values[i]` with probability proportional to its weight;
    /// `cumulative` is the running total (`nil`: equal weights).
    case oneOf(values: [FilterAttributeValue], cumulative: [Double]?)
    /// A number uniform on `low ..< low + width` (as text when `asText`).
    case uniform(low: Double, width: Double, high: Double, asText: Bool)
    /// A `String.Array` of 1 … `maxCount` distinct `values`.
    case subsetOf(values: [String], maxCount: Int)
  }

  /// A body template with attribute references resolved to slot indices.
  private indirect enum Template: Sendable {
    /// A subtree with no references, used as is.
    case literal(JSONValue)
    /// The value of `slots[i]`.
    case slot(Int)
    /// An array with references inside.
    case array([Template])
    /// An object with references inside.
    case object([String: Template])
  }

  /// The attributes in name order.
  private let slots: [Slot]
  /// The compiled body template, if any.
  private let template: Template?
  /// Index scratch for `subsetOf` shuffles (as long as the longest list).
  private var scratch: [Int]
  /// The most recent sample's attributes, in slot order (kept by
  /// reference: `byteSize` reads them only when asked).
  private var lastAttributes: [(String, FilterAttributeValue)] = []
  /// Fast path (no body template, one scalar per attribute): the message's
  /// plain-data form with names and every candidate string interned once;
  /// a sample only overwrites `values` (one copy) instead of interning.
  private let fastStore: FlatStore?
  /// Fast path: for each slot and each `oneOf`/constant candidate, its
  /// plain-data value in `fastStore`'s pool.
  private let fastScalars: [[StoredScalar]]
  /// Fast path: how each slot is drawn (the same draws as `draw`).
  private let fastKinds: [FastKind]
  /// Fast path: the most recent sample (for `byteSize`).
  private var lastFastMessage: FilterMessage?

  /// A slot's draw on the fast path.
  private enum FastKind: Sendable {
    case constant
    case oneOf(count: Int, cumulative: [Double]?)
    case uniform(low: Double, width: Double, high: Double)
  }

  /// Prepares a sampler for `attributes` and an optional JSON body template.
  ///
  /// - Complexity: O(total size of the configuration and template).
  init(_ attributes: [AttributeConfig], bodyTemplate: JSONValue?) {
    let ordered = attributes.enumerated().sorted {
      $0.element.name == $1.element.name
        ? $0.offset < $1.offset
        : $0.element.name.utf8.lexicographicallyPrecedes($1.element.name.utf8)
    }.map(\.element)
    var longest = 0
    slots = ordered.map { config in
      let plan = AttributeSampler.plan(for: config)
      if case .subsetOf(let values, _) = plan { longest = max(longest, values.count) }
      return Slot(
        name: config.name,
        fixedBytes: config.name.utf8.count + config.dataType.rawValue.utf8.count,
        plan: plan)
    }
    scratch = Array(0..<longest)
    var index: [String: Int] = [:]
    for (i, slot) in slots.enumerated() where index[slot.name] == nil { index[slot.name] = i }
    template = bodyTemplate.map { AttributeSampler.compile($0, slots: index) }
    (fastStore, fastScalars) = AttributeSampler.prepareFastPath(slots, hasTemplate: bodyTemplate != nil)
    fastKinds = slots.map { slot in
      switch slot.plan {
      case .oneOf(let values, let cumulative): return .oneOf(count: values.count, cumulative: cumulative)
      case .uniform(let low, let width, let high, _): return .uniform(low: low, width: width, high: high)
      default: return .constant
      }
    }
  }

  /// Interns names and candidate strings once, when every slot yields one
  /// scalar (`String`/`Number` constants and `oneOf`, `Number` uniform) and
  /// there is no body template; otherwise `nil` (the general path).
  private static func prepareFastPath(_ slots: [Slot], hasTemplate: Bool) -> (FlatStore?, [[StoredScalar]]) {
    guard !hasTemplate else { return (nil, []) }
    var pool = BytePool()
    var entries: [FlatStore.Entry] = []
    var values: [StoredScalar] = []
    var scalars: [[StoredScalar]] = []
    func stored(_ value: FilterAttributeValue) -> StoredScalar? {
      switch value {
      case .string(let s): return .string(pool.intern(s))
      case .number(let n), .numberWithText(let n, _): return .number(n)
      default: return nil
      }
    }
    for (i, slot) in slots.enumerated() {
      let key = pool.intern(slot.name)
      entries.append(FlatStore.Entry(key: key, valueStart: i, valueCount: 1, isBinary: false))
      switch slot.plan {
      case .constant(let value):
        guard let scalar = stored(value) else { return (nil, []) }
        scalars.append([scalar])
      case .oneOf(let candidates, _):
        var list: [StoredScalar] = []
        for candidate in candidates {
          guard let scalar = stored(candidate) else { return (nil, []) }
          list.append(scalar)
        }
        scalars.append(list)
      case .uniform(_, _, _, let asText):
        guard !asText else { return (nil, []) }
        scalars.append([])
      case .subsetOf:
        return (nil, [])
      }
      values.append(scalars[i].first ?? .number(0))
    }
    return (FlatStore(pool: pool, entries: entries, values: values, isSorted: false), scalars)
  }

  /// Draws one message: its attributes in name order and, with a template,
  /// its body.
  ///
  /// - Complexity: O(attributes + template size); allocates the message.
  mutating func sample(using rng: inout SeededGenerator) -> FilterMessage {
    if var store = fastStore { return sampleFast(into: &store, using: &rng) }
    var values: [FilterAttributeValue] = []
    values.reserveCapacity(slots.count)
    for slot in slots {
      values.append(draw(slot.plan, using: &rng))
    }
    var attributes: [(String, FilterAttributeValue)] = []
    attributes.reserveCapacity(slots.count)
    for (slot, value) in zip(slots, values) { attributes.append((slot.name, value)) }
    lastAttributes = attributes
    let message = FilterMessage(attributes: attributes)
    guard let template else { return message }
    return message.withBody(json: AttributeSampler.fill(template, with: values))
  }

  /// The size of the most recent sample's attributes as SQS and SNS count
  /// it: for each attribute, the UTF-8 bytes of its name, of its data type
  /// (`String`, `Number`, `String.Array`) and of its value as text. Numbers
  /// count their text as configured, or (drawn `uniform`) Swift's shortest
  /// round-trip form; a `String.Array` counts its JSON text (`["a","b"]`).
  /// 0 before the first sample.
  ///
  /// Computed on demand, so sampling pays nothing for it.
  var byteSize: Int {
    var total = 0
    let attributes = lastFastMessage?.attributes ?? lastAttributes
    for (slot, attribute) in zip(slots, attributes) {
      total += slot.fixedBytes + AttributeSampler.valueBytes(attribute.1)
    }
    return total
  }

  /// The attribute names in sampling (UTF-8) order.
  var attributeNames: [String] { slots.map(\.name) }

  /// The fast path: the same draws as `draw(_:using:)`, written straight
  /// into the prebuilt store's values.
  private mutating func sampleFast(into store: inout FlatStore, using rng: inout SeededGenerator) -> FilterMessage {
    for i in slots.indices {
      switch fastKinds[i] {
      case .constant:
        break
      case .oneOf(let count, let cumulative):
        let choice = cumulative.map { KeyPicker.invert($0, rng.nextUnitInterval()) } ?? rng.nextInt(below: count)
        store.values[i] = fastScalars[i][choice]
      case .uniform(let low, let width, let high):
        store.values[i] = .number(min(low + rng.nextUnitInterval() * width, high))
      }
    }
    let message = FilterMessage(prebuilt: store)
    lastFastMessage = message
    return message
  }

  // MARK: - Drawing

  private mutating func draw(_ plan: Plan, using rng: inout SeededGenerator) -> FilterAttributeValue {
    switch plan {
    case .constant(let value):
      return value
    case .oneOf(let values, let cumulative):
      if let cumulative {
        return values[KeyPicker.invert(cumulative, rng.nextUnitInterval())]
      }
      return values[rng.nextInt(below: values.count)]
    case .uniform(let low, let width, let high, let asText):
      let x = min(low + rng.nextUnitInterval() * width, high)
      return asText ? .string(String(x)) : .number(x)
    case .subsetOf(let values, let maxCount):
      let n = values.count
      guard n > 0 else { return .stringArray([]) }
      let k = 1 + rng.nextInt(below: maxCount)
      return scratch.withUnsafeMutableBufferPointer { indices in
        for i in 0..<n { indices[i] = i }
        for i in 0..<k {
          let j = i + rng.nextInt(below: n - i)
          indices.swapAt(i, j)
        }
        var chosen = UnsafeMutableBufferPointer(rebasing: indices[0..<k])
        chosen.sort()
        return .stringArray(chosen.map { values[$0] })
      }
    }
  }

  // MARK: - Preparation

  /// Compiles one attribute's generator for its data type.
  private static func plan(for config: AttributeConfig) -> Plan {
    switch config.generator {
    case .constant(let text):
      return .constant(value(text, as: config.dataType))
    case .oneOf(let texts, let weights):
      guard !texts.isEmpty else { return .constant(value("", as: config.dataType)) }
      let values = texts.map { value($0, as: config.dataType) }
      return .oneOf(values: values, cumulative: cumulativeWeights(weights, count: texts.count))
    case .uniform(let a, let b):
      let low = min(a, b)
      let high = max(a, b)
      return .uniform(low: low, width: high - low, high: high, asText: config.dataType == .string)
    case .subsetOf(let candidates, let maxCount):
      var seen = Set<String>()
      let values = candidates.filter { seen.insert($0).inserted }
      return .subsetOf(values: values, maxCount: min(max(1, maxCount), max(1, values.count)))
    }
  }

  /// The running total of usable weights, or `nil` for equal weights.
  private static func cumulativeWeights(_ weights: [Double], count: Int) -> [Double]? {
    guard weights.count == count else { return nil }
    var running = 0.0
    let cumulative = weights.map { weight -> Double in
      if weight > 0 && weight.isFinite { running += weight }
      return running
    }
    return running > 0 ? cumulative : nil
  }

  /// A configured text as a value of `type`.
  private static func value(_ text: String, as type: AttributeDataType) -> FilterAttributeValue {
    switch type {
    case .string:
      return .string(text)
    case .number:
      if let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite {
        return .numberWithText(number, text: text)
      }
      return .string(text)
    case .stringArray:
      let decoder = JSONDecoder()
      decoder.allowsJSON5 = false
      if let json = try? decoder.decode(JSONValue.self, from: Data(text.utf8)),
        case .array(let elements) = json
      {
        let strings = elements.compactMap(\.stringValue)
        if strings.count == elements.count { return .stringArray(strings) }
        var scalars: [FilterScalar] = []
        for element in elements {
          switch element {
          case .string(let s): scalars.append(.string(s))
          case .integer(let i): scalars.append(.number(Double(i)))
          case .number(let d): scalars.append(.number(d))
          case .bool(let b): scalars.append(.bool(b))
          case .null: scalars.append(.null)
          case .array, .object: scalars.append(.string(""))  // not a scalar: AWS rejects; keep a placeholder
          }
        }
        return .array(scalars)
      }
      return .stringArray([text])
    }
  }

  /// Compiles `json`, resolving `"$name"` strings to slots.
  private static func compile(_ json: JSONValue, slots: [String: Int]) -> Template {
    switch json {
    case .string(let s):
      if s.utf8.first == UInt8(ascii: "$"), let slot = slots[String(s.dropFirst())] {
        return .slot(slot)
      }
      return .literal(json)
    case .array(let elements):
      let compiled = elements.map { compile($0, slots: slots) }
      if compiled.allSatisfy({ if case .literal = $0 { true } else { false } }) { return .literal(json) }
      return .array(compiled)
    case .object(let members):
      let compiled = members.mapValues { compile($0, slots: slots) }
      if compiled.values.allSatisfy({ if case .literal = $0 { true } else { false } }) { return .literal(json) }
      return .object(compiled)
    case .null, .bool, .integer, .number:
      return .literal(json)
    }
  }

  /// The template with this sample's values filled in.
  private static func fill(_ template: Template, with values: [FilterAttributeValue]) -> JSONValue {
    switch template {
    case .literal(let json): return json
    case .slot(let i): return json(of: values[i])
    case .array(let elements): return .array(elements.map { fill($0, with: values) })
    case .object(let members): return .object(members.mapValues { fill($0, with: values) })
    }
  }

  /// An attribute value as a JSON body value.
  static func json(of value: FilterAttributeValue) -> JSONValue {
    switch value {
    case .string(let s): return .string(s)
    case .number(let d), .numberWithText(let d, _): return jsonNumber(d)
    case .stringArray(let strings): return .array(strings.map { .string($0) })
    case .array(let scalars):
      return .array(
        scalars.map {
          switch $0 {
          case .string(let s): return .string(s)
          case .number(let d): return jsonNumber(d)
          case .bool(let b): return .bool(b)
          case .null: return .null
          }
        })
    case .binary: return .null
    }
  }

  /// A JSON number: an integer when `d` is integral and exactly representable.
  private static func jsonNumber(_ d: Double) -> JSONValue {
    if d == d.rounded(), abs(d) < 0x1p53 { return .integer(Int64(d)) }
    return .number(d)
  }

  // MARK: - Sizes

  /// Bytes of an attribute value as text (see `byteSize`).
  private static func valueBytes(_ value: FilterAttributeValue) -> Int {
    switch value {
    case .string(let s): return s.utf8.count
    case .numberWithText(_, let text): return text.utf8.count
    case .number(let d): return d.description.utf8.count
    case .stringArray(let strings):
      return 2 + strings.reduce(0) { $0 + jsonStringBytes($1) } + max(0, strings.count - 1)
    case .array(let scalars):
      let elements = scalars.reduce(0) { total, scalar in
        switch scalar {
        case .string(let s): return total + jsonStringBytes(s)
        case .number(let d): return total + d.description.utf8.count
        case .bool(let b): return total + (b ? 4 : 5)
        case .null: return total + 4
        }
      }
      return 2 + elements + max(0, scalars.count - 1)
    case .binary: return 0
    }
  }

  /// Bytes of `s` as a JSON string literal, quotes included.
  private static func jsonStringBytes(_ s: String) -> Int {
    var bytes = 2
    for byte in s.utf8 {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x0C, 0x0A, 0x0D, 0x09: bytes += 2
      case 0..<0x20: bytes += 6
      default: bytes += 1
      }
    }
    return bytes
  }
}
