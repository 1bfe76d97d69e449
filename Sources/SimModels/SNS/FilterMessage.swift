import Foundation
import SimCore

/// One JSON leaf value a filter policy compares.
public enum FilterScalar: Sendable, Equatable, Hashable {
  /// A JSON string.
  case string(String)
  /// A JSON number.
  case number(Double)
  /// `true` or `false`.
  case bool(Bool)
  /// `null`.
  case null
}

/// The value of one SNS message attribute, as filter policies see it.
public enum FilterAttributeValue: Sendable, Equatable {
  /// A `String` attribute.
  case string(String)
  /// A `Number` attribute.
  case number(Double)
  /// A `Number` attribute as published (e.g. `"3.015e2"`) with its value.
  case numberWithText(Double, text: String)
  /// A `String.Array` attribute of strings.
  case stringArray([String])
  /// A `String.Array` attribute whose elements may be any JSON scalars
  /// (AWS allows strings, numbers, `true`, `false` and `null`).
  case array([FilterScalar])
  /// A `Binary` attribute: present on the message, ignored by filter policies
  /// (it does not even satisfy `{"exists": true}`).
  case binary
}

/// A message as a subscription filter policy sees it: its attributes (for
/// `MessageAttributes`-scoped policies) and its body (for `MessageBody`-scoped
/// ones).
///
/// ```swift
/// let m = FilterMessage(attributes: [
///   ("event", .string("order_placed")), ("amount", .number(120.5))])
/// let b = FilterMessage.fromBody(#"{"order": {"total": 12}}"#)
/// ```
///
/// Attributes and body are copied once, when the message is made, into
/// plain-data tables that evaluation reads without reference counting. The
/// body is flattened: nested objects become dotted paths (`order.total`) and
/// arrays contribute every element to their path, so
/// `{"a": [{"b": 1}, {"b": 2}]}` has the values `1` and `2` at `a.b`. Empty
/// arrays and empty objects contribute nothing (the key counts as absent). A
/// body that is not a JSON object (not JSON, or a JSON array or scalar)
/// matches no body-scoped policy.
public struct FilterMessage: Sendable {
  /// Everything, behind one reference: copying a message costs one retain.
  let storage: Storage

  /// The immutable contents of a message.
  final class Storage: Sendable {
    /// The attributes as given (for `attributes`); `nil` for a prebuilt
    /// store, whose attributes are read back from the store on demand.
    let givenAttributes: [(String, FilterAttributeValue)]?
    /// The attributes, in the order given, as plain data.
    let attributeStore: FlatStore
    /// Why the attributes are unreadable, if they are.
    let invalidAttributesReason: String?
    /// The flattened body.
    let body: Body

    init(
      givenAttributes: [(String, FilterAttributeValue)], invalidAttributesReason: String?,
      body: Body
    ) {
      self.givenAttributes = givenAttributes
      self.attributeStore = FlatStore(attributes: givenAttributes)
      self.invalidAttributesReason = invalidAttributesReason
      self.body = body
    }

    /// Attributes whose plain-data form the caller already built (it must
    /// equal `FlatStore(attributes: givenAttributes)`).
    init(prebuilt store: FlatStore) {
      self.givenAttributes = nil
      self.attributeStore = store
      self.invalidAttributesReason = nil
      self.body = .absent
    }
  }

  /// The attributes as given (a prebuilt store's are read back from it:
  /// strings as `.string`, numbers as `.number`).
  private var givenAttributes: [(String, FilterAttributeValue)] {
    if let given = storage.givenAttributes { return given }
    let store = storage.attributeStore
    return store.entries.map { entry in
      let name = store.pool.string(entry.key)
      switch store.values[entry.valueStart] {
      case .string(let span): return (name, .string(store.pool.string(span)))
      case .number(let n): return (name, .number(n))
      case .bool(let b): return (name, .string(b ? "true" : "false"))
      case .null: return (name, .string("null"))
      }
    }
  }
  /// The flattened body.
  var body: Body { storage.body }
  /// Why the attributes are unreadable, if they are.
  public var invalidAttributesReason: String? { storage.invalidAttributesReason }

  /// The body as flattened for matching.
  enum Body: Sendable {
    /// No body was given.
    case absent
    /// The body is not a JSON object.
    case notJSONObject(reason: String)
    /// The body's leaves by dotted path (sorted).
    case object(FlatStore)
  }

  /// A message with these attributes and no body. Attributes are looked up
  /// by name; with duplicate names the first counts.
  ///
  /// - Complexity: O(*n*) in the size of the attributes.
  public init(attributes: [(String, FilterAttributeValue)]) {
    self.init(attributes: attributes, invalidReason: nil, body: .absent)
  }

  init(attributes: [(String, FilterAttributeValue)], invalidReason: String?, body: Body) {
    storage = Storage(givenAttributes: attributes, invalidAttributesReason: invalidReason, body: body)
  }

  /// Attributes with a prebuilt plain-data form (the simulator's fast path:
  /// names and candidate strings interned once, values overwritten per
  /// message). `store` must equal `FlatStore(attributes: attributes)`.
  init(prebuilt store: FlatStore) {
    storage = Storage(prebuilt: store)
  }

  /// A message whose attributes AWS could not read (a `Number` that is not a
  /// number, a `String.Array` that is not an array, …). It matches no
  /// attribute-scoped policy; the failure counts as `-InvalidAttributes`.
  public static func invalidAttributes(reason: String) -> FilterMessage {
    FilterMessage(attributes: [], invalidReason: reason, body: .absent)
  }

  /// A message with no attributes whose body is `bytes` (UTF-8 JSON, or not).
  public static func fromBody(_ bytes: [UInt8]) -> FilterMessage {
    FilterMessage(attributes: [], invalidReason: nil, body: Body(parsing: bytes))
  }

  /// A message with no attributes whose body is `data` (UTF-8 JSON, or not).
  public static func fromBody(_ data: Data) -> FilterMessage {
    fromBody([UInt8](data))
  }

  /// A message with no attributes whose body is `text` (JSON, or not).
  public static func fromBody(_ text: String) -> FilterMessage {
    fromBody(Array(text.utf8))
  }

  /// A message with no attributes whose body is the parsed JSON `json`.
  public static func fromBody(json: JSONValue) -> FilterMessage {
    FilterMessage(attributes: [], invalidReason: nil, body: Body(json: json))
  }

  /// This message with its body replaced by `bytes`.
  public func withBody(_ bytes: [UInt8]) -> FilterMessage {
    FilterMessage(
      attributes: givenAttributes, invalidReason: invalidAttributesReason,
      body: Body(parsing: bytes))
  }

  /// This message with its body replaced by the parsed JSON `json`.
  public func withBody(json: JSONValue) -> FilterMessage {
    FilterMessage(
      attributes: givenAttributes, invalidReason: invalidAttributesReason, body: Body(json: json))
  }

  /// The attributes in the order given.
  public var attributes: [(String, FilterAttributeValue)] { givenAttributes }

  /// Whether the message has a body that is a JSON object (so body-scoped
  /// policies can match it).
  public var hasJSONObjectBody: Bool {
    if case .object = body { return true }
    return false
  }

  /// Why the body cannot be matched, if it cannot (`nil` for a JSON object).
  public var invalidBodyReason: String? {
    switch body {
    case .absent: return "the message has no body"
    case .notJSONObject(let reason): return reason
    case .object: return nil
    }
  }

  /// The flattened body's leaf values at `path` (empty when absent).
  ///
  /// - Complexity: O(log *n*) in the number of distinct paths.
  public func bodyValues(at path: String) -> [FilterScalar] {
    guard case .object(let store) = body else { return [] }
    return store.withView { view in
      withUTF8Bytes(path) { key in
        let index = view.entryIndex(of: key)
        guard index >= 0 else { return [] }
        let entry = view.entries[index]
        return (entry.valueStart..<entry.valueStart + entry.valueCount).map {
          view.values[$0].scalar(in: view.bytes)
        }
      }
    }
  }

  /// The flattened body's distinct paths, sorted (empty when not an object).
  public var bodyPaths: [String] {
    guard case .object(let store) = body else { return [] }
    return store.entries.map { store.pool.string($0.key) }
  }
}

/// A leaf value in a `FlatStore`: plain data, strings in the store's pool.
enum StoredScalar: Sendable {
  case string(ByteSpan)
  case number(Double)
  case bool(Bool)
  case null

  /// The public form of the value.
  func scalar(in bytes: UnsafeBufferPointer<UInt8>) -> FilterScalar {
    switch self {
    case .string(let span): return .string(String(decoding: bytes[span: span], as: UTF8.self))
    case .number(let n): return .number(n)
    case .bool(let b): return .bool(b)
    case .null: return .null
    }
  }
}

/// Keys with their values as plain data over one byte pool: a message's
/// attributes (in the order given) or its flattened body (sorted by path).
struct FlatStore: Sendable {
  struct Entry: Sendable {
    var key: ByteSpan
    var valueStart: Int
    var valueCount: Int
    /// A `Binary` attribute: present, but ignored by filters.
    var isBinary: Bool
  }

  var pool = BytePool()
  var entries: [Entry] = []
  var values: [StoredScalar] = []
  /// Whether `entries` are sorted by key bytes with no duplicates.
  var isSorted = false

  /// A store from its parts.
  init(pool: BytePool, entries: [Entry], values: [StoredScalar], isSorted: Bool) {
    self.pool = pool
    self.entries = entries
    self.values = values
    self.isSorted = isSorted
  }

  /// The attributes in the order given.
  init(attributes: [(String, FilterAttributeValue)]) {
    entries.reserveCapacity(attributes.count)
    values.reserveCapacity(attributes.count)
    for (name, value) in attributes {
      let key = pool.intern(name)
      let start = values.count
      var isBinary = false
      switch value {
      case .string(let s): values.append(.string(pool.intern(s)))
      case .number(let n), .numberWithText(let n, _): values.append(.number(n))
      case .stringArray(let elements):
        for s in elements { values.append(.string(pool.intern(s))) }
      case .array(let elements):
        for element in elements { values.append(store(element)) }
      case .binary: isBinary = true
      }
      entries.append(Entry(key: key, valueStart: start, valueCount: values.count - start, isBinary: isBinary))
    }
  }

  /// Flattens `members` (a JSON object) to sorted dotted paths.
  init(object members: [String: JSONValue]) {
    var leaves: [(path: String, order: Int, value: FilterScalar)] = []
    FlatStore.collect(.object(members), path: nil, into: &leaves)
    leaves.sort {
      $0.path == $1.path ? $0.order < $1.order : utf8Precedes($0.path, $1.path)
    }
    values.reserveCapacity(leaves.count)
    var lastPath: String?
    for leaf in leaves {
      if leaf.path != lastPath {
        entries.append(
          Entry(key: pool.intern(leaf.path), valueStart: values.count, valueCount: 0, isBinary: false))
        lastPath = leaf.path
      }
      values.append(store(leaf.value))
      entries[entries.count - 1].valueCount += 1
    }
    isSorted = true
  }

  private mutating func store(_ scalar: FilterScalar) -> StoredScalar {
    switch scalar {
    case .string(let s): return .string(pool.intern(s))
    case .number(let n): return .number(n)
    case .bool(let b): return .bool(b)
    case .null: return .null
    }
  }

  private static func collect(
    _ value: JSONValue, path: String?,
    into leaves: inout [(path: String, order: Int, value: FilterScalar)]
  ) {
    func leaf(_ scalar: FilterScalar) {
      leaves.append((path ?? "", leaves.count, scalar))
    }
    switch value {
    case .object(let members):
      for key in members.keys.sorted(by: utf8Precedes) {
        collect(members[key]!, path: path.map { "\($0).\(key)" } ?? key, into: &leaves)
      }
    case .array(let elements):
      for element in elements { collect(element, path: path, into: &leaves) }
    case .string(let s): leaf(.string(s))
    case .integer(let i): leaf(.number(Double(i)))
    case .number(let d): leaf(.number(d))
    case .bool(let b): leaf(.bool(b))
    case .null: leaf(.null)
    }
  }

  /// Calls `body` with the store's tables borrowed as raw buffers.
  @inline(__always)
  func withView<R>(_ body: (FlatStoreView) -> R) -> R {
    pool.bytes.withUnsafeBufferPointer { bytes in
      entries.withUnsafeBufferPointer { entries in
        values.withUnsafeBufferPointer { values in
          body(FlatStoreView(bytes: bytes, entries: entries, values: values, isSorted: isSorted))
        }
      }
    }
  }
}

/// A `FlatStore` borrowed for one evaluation.
struct FlatStoreView {
  var bytes: UnsafeBufferPointer<UInt8>
  var entries: UnsafeBufferPointer<FlatStore.Entry>
  var values: UnsafeBufferPointer<StoredScalar>
  var isSorted: Bool

  /// The index of the (first) entry whose key is `key`, or -1.
  ///
  /// - Complexity: O(log *n*) for a sorted store, O(*n*) otherwise.
  @inline(__always)
  func entryIndex(of key: UnsafeBufferPointer<UInt8>) -> Int {
    if isSorted {
      var lo = 0
      var hi = entries.count
      while lo < hi {
        let mid = (lo + hi) / 2
        let order = compareBytes(bytes[span: entries[mid].key], key)
        if order == 0 { return mid }
        if order < 0 { lo = mid + 1 } else { hi = mid }
      }
      return -1
    }
    for i in 0..<entries.count {
      let span = entries[i].key
      if span.count == key.count && bytesEqual(bytes[span: span], key) { return i }
    }
    return -1
  }
}

extension FilterMessage.Body {
  /// Parses a body; anything but a JSON object becomes `notJSONObject`.
  init(parsing bytes: [UInt8]) {
    if let problem = StrictJSON.syntaxError(in: bytes, rejectDuplicateKeys: false) {
      self = .notJSONObject(reason: "the message body is not JSON (\(problem))")
      return
    }
    let decoder = JSONDecoder()
    decoder.allowsJSON5 = false
    guard let json = try? decoder.decode(JSONValue.self, from: Data(bytes)) else {
      self = .notJSONObject(reason: "the message body is not JSON")
      return
    }
    self.init(json: json)
  }

  /// Flattens `json` when it is an object.
  init(json: JSONValue) {
    guard case .object(let members) = json else {
      self = .notJSONObject(reason: "the message body is JSON but not an object (\(json.typeName))")
      return
    }
    self = .object(FlatStore(object: members))
  }
}
