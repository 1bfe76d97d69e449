/// An IPv4 or IPv6 address as a 128-bit number (IPv4 in the low 32 bits).
///
/// Parsing is strict: dotted-quad IPv4 without leading zeros, or IPv6 with
/// 1–4 hex digits per group, at most one `::`, and an optional trailing
/// dotted quad; no zone ids, no surrounding spaces. IPv4-mapped IPv6
/// addresses (`::ffff:10.0.0.1`) are read as IPv4, as Java's `InetAddress`
/// (and so AWS's matcher) reads them.
struct IPAddress: Sendable, Equatable {
  var isIPv6: Bool
  var high: UInt64
  var low: UInt64

  /// Parses `bytes`, or returns `nil` when they are not an IP address. Never allocates.
  init?(parsing bytes: UnsafeBufferPointer<UInt8>) {
    guard !bytes.isEmpty else { return nil }
    if let v4 = IPAddress.parseIPv4(bytes, from: 0) {
      self.init(isIPv6: false, high: 0, low: UInt64(v4))
      return
    }
    guard let (high, low) = IPAddress.parseIPv6(bytes) else { return nil }
    if high == 0 && low >> 32 == 0xFFFF {
      self.init(isIPv6: false, high: 0, low: low & 0xFFFF_FFFF)
    } else {
      self.init(isIPv6: true, high: high, low: low)
    }
  }

  /// Parses `string` (convenience for compile time).
  init?(parsing string: String) {
    guard let parsed = withUTF8Bytes(string, { IPAddress(parsing: $0) }) else { return nil }
    self = parsed
  }

  init(isIPv6: Bool, high: UInt64, low: UInt64) {
    self.isIPv6 = isIPv6
    self.high = high
    self.low = low
  }

  /// A dotted quad starting at `start` and running to the end of `bytes`.
  static func parseIPv4(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt32? {
    var value: UInt32 = 0
    var octets = 0
    var i = start
    while octets < 4 {
      var octet: UInt32 = 0
      var digits = 0
      let first = i
      while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
        octet = octet * 10 + UInt32(bytes[i] - 0x30)
        digits += 1
        i += 1
        if digits > 3 { return nil }
      }
      guard digits > 0, octet <= 255 else { return nil }
      if digits > 1 && bytes[first] == 0x30 { return nil }  // no leading zeros
      value = value << 8 | octet
      octets += 1
      if octets < 4 {
        guard i < bytes.count, bytes[i] == 0x2E else { return nil }
        i += 1
      }
    }
    return i == bytes.count ? value : nil
  }

  /// An IPv6 address filling all of `bytes`, as (high, low) 64-bit halves.
  static func parseIPv6(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
    // Groups before `::` accumulate in `head`, groups after it in `tail`.
    var head: UInt128 = 0
    var tail: UInt128 = 0
    var count = 0
    var gap = -1
    var i = 0
    let n = bytes.count
    @inline(__always) func append(_ group: UInt128, bits: Int) {
      if gap < 0 { head = head << bits | group } else { tail = tail << bits | group }
    }
    if n >= 2 && bytes[0] == 0x3A && bytes[1] == 0x3A {
      gap = 0
      i = 2
      if i == n { return (0, 0) }
    } else if n >= 1 && bytes[0] == 0x3A {
      return nil
    }
    while i < n {
      guard count < 8 else { return nil }
      // A trailing dotted quad takes two groups.
      var j = i
      var sawDot = false
      while j < n && bytes[j] != 0x3A {
        if bytes[j] == 0x2E { sawDot = true }
        j += 1
      }
      if sawDot {
        guard count <= 6, let v4 = parseIPv4(bytes, from: i) else { return nil }
        append(UInt128(v4), bits: 32)
        count += 2
        break
      }
      var group: UInt128 = 0
      var digits = 0
      while i < n, let digit = hexValue(bytes[i]) {
        digits += 1
        guard digits <= 4 else { return nil }
        group = group << 4 | UInt128(digit)
        i += 1
      }
      guard digits > 0 else { return nil }
      append(group, bits: 16)
      count += 1
      if i == n { break }
      guard bytes[i] == 0x3A else { return nil }
      i += 1
      if i < n && bytes[i] == 0x3A {
        guard gap < 0 else { return nil }
        gap = count
        i += 1
        if i == n { break }
      } else if i == n {
        return nil  // a trailing single colon
      }
    }
    let value: UInt128
    if gap < 0 {
      guard count == 8 else { return nil }
      value = head
    } else {
      guard count < 8 else { return nil }
      value = head << (16 * (8 - gap)) | tail
    }
    return (UInt64(truncatingIfNeeded: value >> 64), UInt64(truncatingIfNeeded: value))
  }

  @inline(__always)
  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x41...0x46: return byte - 0x41 + 10
    case 0x61...0x66: return byte - 0x61 + 10
    default: return nil
    }
  }
}

/// The addresses of one CIDR block.
struct IPRange: Sendable, Equatable {
  var isIPv6: Bool
  var firstHigh: UInt64, firstLow: UInt64
  var lastHigh: UInt64, lastLow: UInt64

  /// Parses `cidr` (`address/bits`) with AWS's rules: one `/`, integer mask
  /// bits, IPv4 masks 0–31 and IPv6 masks 0–127 (AWS's matcher rejects
  /// full-length masks), host bits ignored.
  ///
  /// - Throws: the AWS-style reason as a string.
  init(parsing cidr: String) throws(CIDRParseError) {
    let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2 else { throw CIDRParseError("Malformed CIDR, one '/' required") }
    let maskText = parts[1]
    guard let bits = Int(maskText) else {
      throw CIDRParseError("Malformed CIDR, mask bits must be an integer")
    }
    guard bits >= 0 else { throw CIDRParseError("Malformed CIDR, mask bits must not be negative") }
    guard let address = IPAddress(parsing: String(parts[0])) else {
      throw CIDRParseError("Nonstandard IP address: \(parts[0])")
    }
    if address.isIPv6 {
      guard bits < 128 else { throw CIDRParseError("IPv6 mask bits must be < 128") }
      let highMask: UInt64 = bits >= 64 ? ~0 : (bits == 0 ? 0 : ~0 << (64 - bits))
      let lowMask: UInt64 = bits <= 64 ? 0 : ~0 << (128 - bits)
      self.init(
        isIPv6: true, firstHigh: address.high & highMask, firstLow: address.low & lowMask,
        lastHigh: address.high | ~highMask, lastLow: address.low | ~lowMask)
    } else {
      guard bits < 32 else { throw CIDRParseError("IPv4 mask bits must be < 32") }
      let mask: UInt64 = bits == 0 ? 0 : (0xFFFF_FFFF << (32 - bits)) & 0xFFFF_FFFF
      self.init(
        isIPv6: false, firstHigh: 0, firstLow: address.low & mask,
        lastHigh: 0, lastLow: (address.low | ~mask) & 0xFFFF_FFFF)
    }
  }

  init(isIPv6: Bool, firstHigh: UInt64, firstLow: UInt64, lastHigh: UInt64, lastLow: UInt64) {
    self.isIPv6 = isIPv6
    self.firstHigh = firstHigh
    self.firstLow = firstLow
    self.lastHigh = lastHigh
    self.lastLow = lastLow
  }

  /// Whether `address` lies in the block (same family only).
  @inline(__always)
  func contains(_ address: IPAddress) -> Bool {
    guard address.isIPv6 == isIPv6 else { return false }
    let aboveFirst =
      address.high > firstHigh || (address.high == firstHigh && address.low >= firstLow)
    let belowLast =
      address.high < lastHigh || (address.high == lastHigh && address.low <= lastLow)
    return aboveFirst && belowLast
  }
}

/// Why a `cidr` operand is malformed.
struct CIDRParseError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
