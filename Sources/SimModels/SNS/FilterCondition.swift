import Foundation

/// A run of bytes in a byte pool.
struct ByteSpan: Sendable, Equatable {
  var start: Int
  var count: Int
}

/// Plain-data pools a compiled policy or a flattened message keeps its
/// strings in, so that evaluation touches no reference-counted storage.
struct BytePool: Sendable {
  var bytes: [UInt8] = []

  /// Appends `s` and returns where it went.
  mutating func intern(_ s: String) -> ByteSpan {
    let start = bytes.count
    bytes.append(contentsOf: s.utf8)
    return ByteSpan(start: start, count: bytes.count - start)
  }

  /// Appends `b` and returns where it went.
  mutating func intern(_ b: [UInt8]) -> ByteSpan {
    let start = bytes.count
    bytes.append(contentsOf: b)
    return ByteSpan(start: start, count: b.count)
  }

  /// The string at `span`.
  func string(_ span: ByteSpan) -> String {
    String(decoding: bytes[span.start..<span.start + span.count], as: UTF8.self)
  }
}

extension UnsafeBufferPointer where Element == UInt8 {
  /// The bytes of `span` in this pool.
  @inline(__always)
  subscript(span span: ByteSpan) -> UnsafeBufferPointer<UInt8> {
    // Pointer arithmetic, not `rebasing: self[range]`: the slice goes
    // through unspecialised stdlib code that looks up `Range` metadata on
    // every call (measured: ~9 % of the SNS fan-out benchmark).
    guard span.count > 0, let base = baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
    precondition(span.start >= 0 && span.start + span.count <= count, "byte span out of range")
    return UnsafeBufferPointer(start: base + span.start, count: span.count)
  }
}

/// One compiled condition of a filter-policy key. Plain data: string
/// operands live in the policy's byte pool, lists in its span and number
/// pools; numbers are quantized (see `quantizedFilterNumber`).
enum FilterCondition: Sendable, Equatable {
  /// An exact string; `ip` is set when the literal is an IP address, which
  /// then also matches other spellings of the same address (as in AWS).
  case exactString(ByteSpan, ip: IPAddress?)
  /// An exact number (quantized).
  case exactNumber(Double)
  /// An exact `true` / `false`.
  case exactBool(Bool)
  /// An exact `null`.
  case exactNull
  /// `{"prefix": s}`.
  case prefix(ByteSpan)
  /// `{"suffix": s}`.
  case suffix(ByteSpan)
  /// `{"equals-ignore-case": s}`: the lower-cased operand.
  case equalsIgnoreCase(ByteSpan)
  /// `{"anything-but": "s" | ["s", …]}`: a range of the span pool.
  case anythingButStrings(start: Int, count: Int)
  /// `{"anything-but": n | [n, …]}`: a range of the number pool (quantized).
  case anythingButNumbers(start: Int, count: Int)
  /// `{"anything-but": {"prefix": s}}`.
  case anythingButPrefix(ByteSpan)
  /// `{"numeric": […]}`.
  case numeric(NumericRange)
  /// `{"cidr": "…"}`.
  case cidr(IPRange)
  /// `{"exists": true|false}`.
  case exists(Bool)
}

/// A numeric interval with open or closed ends (infinite ends for one-sided
/// conditions); bounds are quantized.
struct NumericRange: Sendable, Equatable {
  var lower: Double = -.infinity
  var lowerInclusive = false
  var upper: Double = .infinity
  var upperInclusive = false

  @inline(__always)
  func contains(_ q: Double) -> Bool {
    (lowerInclusive ? q >= lower : q > lower) && (upperInclusive ? q <= upper : q < upper)
  }
}

/// `value` on AWS's numeric grid: millionths, rounded to nearest.
///
/// AWS documents five decimal digits of accuracy and its matcher keeps six;
/// comparing rounded millionths makes `0.1 + 0.2` equal `0.3` and
/// `3.015e2` equal `301.5`, and keeps ordering (rounding is monotonic).
@inline(__always)
func quantizedFilterNumber(_ value: Double) -> Double {
  (value * 1_000_000).rounded()
}

/// A compiled policy's pools, borrowed for one evaluation.
struct PolicyPools {
  var bytes: UnsafeBufferPointer<UInt8>
  var spans: UnsafeBufferPointer<ByteSpan>
  var numbers: UnsafeBufferPointer<Double>
}

// MARK: - Matching one value

extension FilterCondition {
  /// Whether the condition accepts the string value `s`.
  @inline(__always)
  func matches(string s: UnsafeBufferPointer<UInt8>, _ pools: PolicyPools) -> Bool {
    switch self {
    case .exactString(let literal, let ip):
      if bytesEqual(s, pools.bytes[span: literal]) { return true }
      guard let ip, let value = IPAddress(parsing: s) else { return false }
      return value == ip
    case .prefix(let p):
      return bytesHavePrefix(s, pools.bytes[span: p])
    case .suffix(let p):
      return bytesHaveSuffix(s, pools.bytes[span: p])
    case .equalsIgnoreCase(let folded):
      return equalsIgnoringCase(s, folded: pools.bytes[span: folded])
    case .anythingButStrings(let start, let count):
      for i in start..<start + count where bytesEqual(s, pools.bytes[span: pools.spans[i]]) {
        return false
      }
      return true
    case .anythingButPrefix(let p):
      return !bytesHavePrefix(s, pools.bytes[span: p])
    case .anythingButNumbers:
      return true
    case .cidr(let range):
      guard let address = IPAddress(parsing: s) else { return false }
      return range.contains(address)
    case .exactNumber, .exactBool, .exactNull, .numeric, .exists:
      return false
    }
  }

  /// Whether the condition accepts the number whose quantized value is `q`.
  @inline(__always)
  func matches(quantizedNumber q: Double, _ pools: PolicyPools) -> Bool {
    switch self {
    case .exactNumber(let n):
      return q == n
    case .numeric(let range):
      return range.contains(q)
    case .anythingButNumbers(let start, let count):
      for i in start..<start + count where pools.numbers[i] == q { return false }
      return true
    case .anythingButStrings, .anythingButPrefix:
      return true
    case .exactString, .prefix, .suffix, .equalsIgnoreCase, .cidr, .exactBool, .exactNull,
      .exists:
      return false
    }
  }

  /// Whether the condition accepts `true`/`false` (`bool`) or `null` (`nil`).
  @inline(__always)
  func matches(boolOrNull value: Bool?) -> Bool {
    switch self {
    case .exactBool(let expected): return value == expected
    case .exactNull: return value == nil
    case .anythingButStrings, .anythingButNumbers, .anythingButPrefix: return true
    default: return false
    }
  }
}

// MARK: - Byte helpers

/// Calls `body` with the UTF-8 bytes of `s`, without copying native strings.
@inline(__always)
func withUTF8Bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
  if let result = s.utf8.withContiguousStorageIfAvailable(body) { return result }
  var copy = s
  return copy.withUTF8(body)
}

@inline(__always)
func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
  guard a.count == b.count else { return false }
  if a.isEmpty { return true }
  return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
}

@inline(__always)
func bytesHavePrefix(_ a: UnsafeBufferPointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
  guard a.count >= p.count else { return false }
  if p.isEmpty { return true }
  return memcmp(a.baseAddress!, p.baseAddress!, p.count) == 0
}

@inline(__always)
func bytesHaveSuffix(_ a: UnsafeBufferPointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
  guard a.count >= p.count else { return false }
  if p.isEmpty { return true }
  return memcmp(a.baseAddress! + (a.count - p.count), p.baseAddress!, p.count) == 0
}

/// Lexicographic comparison of byte strings: negative, zero or positive.
@inline(__always)
func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
  let common = min(a.count, b.count)
  if common > 0 {
    let c = memcmp(a.baseAddress!, b.baseAddress!, common)
    if c != 0 { return Int(c) }
  }
  return a.count - b.count
}

/// The lower-cased UTF-8 bytes `equals-ignore-case` compares.
func caseFoldedBytes(_ s: String) -> [UInt8] {
  if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.utf8.map(asciiLowercased) }
  return Array(s.lowercased().utf8)
}

@inline(__always)
func asciiLowercased(_ byte: UInt8) -> UInt8 {
  (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
}

/// Case-insensitive equality against an already folded operand; ASCII
/// values compare in place, others lower-case a copy.
@inline(__always)
func equalsIgnoringCase(_ s: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>) -> Bool {
  var isASCII = true
  for byte in s where byte >= 0x80 {
    isASCII = false
    break
  }
  guard isASCII else {
    return caseFoldedBytes(String(decoding: s, as: UTF8.self)).withUnsafeBufferPointer {
      bytesEqual($0, folded)
    }
  }
  guard s.count == folded.count else { return false }
  for i in 0..<s.count where asciiLowercased(s[i]) != folded[i] { return false }
  return true
}
