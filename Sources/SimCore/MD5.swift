/// MD5 message digest (RFC 1321), used by the simulator the way Kinesis Data
/// Streams uses it: to turn a record's partition key into a 128-bit hash key.
///
/// MD5 is broken as a cryptographic hash; here it is only a stable,
/// well-spread mapping from keys to numbers, which is all Kinesis needs.
///
/// The implementation is allocation-free apart from the returned digest
/// array: whole 64-byte blocks are read straight from the caller's storage
/// and the padded tail is built in a stack buffer.
///
/// ```swift
/// MD5.hexDigest("abc".utf8)          // "900150983cd24fb0d6963f7d28e17f72"
/// MD5.hash128(utf8: "a")             // 16955237001963240173058271559858726497
/// ```
public enum MD5 {
  /// Returns the 16-byte MD5 digest of `bytes`, in RFC 1321 byte order.
  @inlinable
  public static func digest(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    let state = hashState(bytes)
    return [UInt8](unsafeUninitializedCapacity: 16) { buffer, count in
      for i in 0..<16 { buffer[i] = state.byte(i) }
      count = 16
    }
  }

  /// Returns the MD5 digest of `bytes` as 32 lowercase hexadecimal digits,
  /// the form `md5sum` and Python's `hexdigest()` print.
  @inlinable
  public static func hexDigest(_ bytes: some Sequence<UInt8>) -> String {
    hexString(hashState(bytes))
  }

  /// Returns the MD5 digest of `bytes` read as a big-endian unsigned 128-bit
  /// integer (the first digest byte is the most significant).
  ///
  /// This is how Kinesis Data Streams derives a record's hash key from the
  /// UTF-8 bytes of its partition key (Python: `int(md5(key).hexdigest(), 16)`).
  @inlinable
  public static func hash128(_ bytes: some Sequence<UInt8>) -> UInt128 {
    hashState(bytes).bigEndianValue
  }

  /// Returns the MD5 hash key of the UTF-8 encoding of `string`, read as a
  /// big-endian unsigned 128-bit integer: the Kinesis hash key of a
  /// partition key. Equivalent to `hash128(string.utf8)`, without copying a
  /// native string's bytes.
  public static func hash128(utf8 string: String) -> UInt128 {
    var string = string
    return string.withUTF8 { hashBytes(UnsafeRawBufferPointer($0)) }.bigEndianValue
  }

  // MARK: - Implementation

  /// The four 32-bit chaining words (A, B, C, D) of RFC 1321.
  @usableFromInline
  struct State {
    @usableFromInline var a: UInt32 = 0x6745_2301
    @usableFromInline var b: UInt32 = 0xefcd_ab89
    @usableFromInline var c: UInt32 = 0x98ba_dcfe
    @usableFromInline var d: UInt32 = 0x1032_5476

    @usableFromInline init() {}

    /// Byte `index` (0 ..< 16) of the digest: A, B, C, D, each little-endian.
    @usableFromInline func byte(_ index: Int) -> UInt8 {
      let word: UInt32
      switch index >> 2 {
      case 0: word = a
      case 1: word = b
      case 2: word = c
      default: word = d
      }
      return UInt8(truncatingIfNeeded: word >> UInt32((index & 3) << 3))
    }

    /// The digest (A, B, C, D, each little-endian) as a big-endian integer.
    @usableFromInline var bigEndianValue: UInt128 {
      UInt128(a.byteSwapped) << 96 | UInt128(b.byteSwapped) << 64
        | UInt128(c.byteSwapped) << 32 | UInt128(d.byteSwapped)
    }
  }

  /// Hashes any byte sequence: contiguous ones in place, others after one copy.
  @inlinable
  static func hashState(_ bytes: some Sequence<UInt8>) -> State {
    if let state = bytes.withContiguousStorageIfAvailable({
      hashBytes(UnsafeRawBufferPointer($0))
    }) {
      return state
    }
    return ContiguousArray(bytes).withUnsafeBytes { hashBytes($0) }
  }

  @usableFromInline
  static func hexString(_ state: State) -> String {
    let hexDigits: StaticString = "0123456789abcdef"
    return String(unsafeUninitializedCapacity: 32) { out in
      hexDigits.withUTF8Buffer { digits in
        for i in 0..<16 {
          let byte = Int(state.byte(i))
          out[2 * i] = digits[byte >> 4]
          out[2 * i + 1] = digits[byte & 0x0f]
        }
      }
      return 32
    }
  }

  /// Hashes `input` completely: its whole blocks in place, then the final one
  /// or two padded blocks from a stack buffer.
  @usableFromInline
  static func hashBytes(_ input: UnsafeRawBufferPointer) -> State {
    var state = State()
    let count = input.count
    let wholeBlocks = count / 64
    if let base = input.baseAddress {
      for block in 0..<wholeBlocks {
        compress(&state, base + block * 64)
      }
    }
    let tailCount = count - wholeBlocks * 64
    // Tail, 0x80, zeros, then the bit length (little-endian) in the last 8
    // bytes: one block if the tail leaves room for 9 more bytes, else two.
    let paddedCount = tailCount < 56 ? 64 : 128
    withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { buffer in
      let tail = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<paddedCount])
      tail.initializeMemory(as: UInt8.self, repeating: 0)
      if tailCount > 0, let base = input.baseAddress {
        tail.baseAddress!.copyMemory(from: base + wholeBlocks * 64, byteCount: tailCount)
      }
      tail[tailCount] = 0x80
      let bitLength = (UInt64(truncatingIfNeeded: count) &* 8).littleEndian
      tail.storeBytes(of: bitLength, toByteOffset: paddedCount - 8, as: UInt64.self)
      compress(&state, UnsafeRawPointer(tail.baseAddress!))
      if paddedCount == 128 {
        compress(&state, UnsafeRawPointer(tail.baseAddress! + 64))
      }
    }
    return state
  }

  @inline(__always)
  private static func word(_ block: UnsafeRawPointer, _ index: Int) -> UInt32 {
    UInt32(littleEndian: block.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
  }

  @inline(__always)
  private static func step(
    _ a: inout UInt32, _ b: UInt32, _ mixed: UInt32, _ x: UInt32, _ k: UInt32, _ s: UInt32
  ) {
    let sum = a &+ mixed &+ x &+ k
    a = b &+ ((sum << s) | (sum >> (32 &- s)))
  }

  // The round functions F, G, H, I of RFC 1321 §3.4, applied as one step each.
  @inline(__always)
  private static func ff(
    _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32,
    _ k: UInt32
  ) {
    step(&a, b, d ^ (b & (c ^ d)), x, k, s)
  }

  @inline(__always)
  private static func gg(
    _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32,
    _ k: UInt32
  ) {
    step(&a, b, c ^ (d & (b ^ c)), x, k, s)
  }

  @inline(__always)
  private static func hh(
    _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32,
    _ k: UInt32
  ) {
    step(&a, b, b ^ c ^ d, x, k, s)
  }

  @inline(__always)
  private static func ii(
    _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32,
    _ k: UInt32
  ) {
    step(&a, b, c ^ (b | ~d), x, k, s)
  }

  /// Processes one 64-byte block (RFC 1321 §3.4), fully unrolled.
  private static func compress(_ state: inout State, _ block: UnsafeRawPointer) {
    let x0 = word(block, 0), x1 = word(block, 1), x2 = word(block, 2), x3 = word(block, 3)
    let x4 = word(block, 4), x5 = word(block, 5), x6 = word(block, 6), x7 = word(block, 7)
    let x8 = word(block, 8), x9 = word(block, 9), x10 = word(block, 10)
    let x11 = word(block, 11), x12 = word(block, 12), x13 = word(block, 13)
    let x14 = word(block, 14), x15 = word(block, 15)
    var a = state.a, b = state.b, c = state.c, d = state.d

    // Round 1.
    ff(&a, b, c, d, x0, 7, 0xd76a_a478); ff(&d, a, b, c, x1, 12, 0xe8c7_b756)
    ff(&c, d, a, b, x2, 17, 0x2420_70db); ff(&b, c, d, a, x3, 22, 0xc1bd_ceee)
    ff(&a, b, c, d, x4, 7, 0xf57c_0faf); ff(&d, a, b, c, x5, 12, 0x4787_c62a)
    ff(&c, d, a, b, x6, 17, 0xa830_4613); ff(&b, c, d, a, x7, 22, 0xfd46_9501)
    ff(&a, b, c, d, x8, 7, 0x6980_98d8); ff(&d, a, b, c, x9, 12, 0x8b44_f7af)
    ff(&c, d, a, b, x10, 17, 0xffff_5bb1); ff(&b, c, d, a, x11, 22, 0x895c_d7be)
    ff(&a, b, c, d, x12, 7, 0x6b90_1122); ff(&d, a, b, c, x13, 12, 0xfd98_7193)
    ff(&c, d, a, b, x14, 17, 0xa679_438e); ff(&b, c, d, a, x15, 22, 0x49b4_0821)

    // Round 2.
    gg(&a, b, c, d, x1, 5, 0xf61e_2562); gg(&d, a, b, c, x6, 9, 0xc040_b340)
    gg(&c, d, a, b, x11, 14, 0x265e_5a51); gg(&b, c, d, a, x0, 20, 0xe9b6_c7aa)
    gg(&a, b, c, d, x5, 5, 0xd62f_105d); gg(&d, a, b, c, x10, 9, 0x0244_1453)
    gg(&c, d, a, b, x15, 14, 0xd8a1_e681); gg(&b, c, d, a, x4, 20, 0xe7d3_fbc8)
    gg(&a, b, c, d, x9, 5, 0x21e1_cde6); gg(&d, a, b, c, x14, 9, 0xc337_07d6)
    gg(&c, d, a, b, x3, 14, 0xf4d5_0d87); gg(&b, c, d, a, x8, 20, 0x455a_14ed)
    gg(&a, b, c, d, x13, 5, 0xa9e3_e905); gg(&d, a, b, c, x2, 9, 0xfcef_a3f8)
    gg(&c, d, a, b, x7, 14, 0x676f_02d9); gg(&b, c, d, a, x12, 20, 0x8d2a_4c8a)

    // Round 3.
    hh(&a, b, c, d, x5, 4, 0xfffa_3942); hh(&d, a, b, c, x8, 11, 0x8771_f681)
    hh(&c, d, a, b, x11, 16, 0x6d9d_6122); hh(&b, c, d, a, x14, 23, 0xfde5_380c)
    hh(&a, b, c, d, x1, 4, 0xa4be_ea44); hh(&d, a, b, c, x4, 11, 0x4bde_cfa9)
    hh(&c, d, a, b, x7, 16, 0xf6bb_4b60); hh(&b, c, d, a, x10, 23, 0xbebf_bc70)
    hh(&a, b, c, d, x13, 4, 0x289b_7ec6); hh(&d, a, b, c, x0, 11, 0xeaa1_27fa)
    hh(&c, d, a, b, x3, 16, 0xd4ef_3085); hh(&b, c, d, a, x6, 23, 0x0488_1d05)
    hh(&a, b, c, d, x9, 4, 0xd9d4_d039); hh(&d, a, b, c, x12, 11, 0xe6db_99e5)
    hh(&c, d, a, b, x15, 16, 0x1fa2_7cf8); hh(&b, c, d, a, x2, 23, 0xc4ac_5665)

    // Round 4.
    ii(&a, b, c, d, x0, 6, 0xf429_2244); ii(&d, a, b, c, x7, 10, 0x432a_ff97)
    ii(&c, d, a, b, x14, 15, 0xab94_23a7); ii(&b, c, d, a, x5, 21, 0xfc93_a039)
    ii(&a, b, c, d, x12, 6, 0x655b_59c3); ii(&d, a, b, c, x3, 10, 0x8f0c_cc92)
    ii(&c, d, a, b, x10, 15, 0xffef_f47d); ii(&b, c, d, a, x1, 21, 0x8584_5dd1)
    ii(&a, b, c, d, x8, 6, 0x6fa8_7e4f); ii(&d, a, b, c, x15, 10, 0xfe2c_e6e0)
    ii(&c, d, a, b, x6, 15, 0xa301_4314); ii(&b, c, d, a, x13, 21, 0x4e08_11a1)
    ii(&a, b, c, d, x4, 6, 0xf753_7e82); ii(&d, a, b, c, x11, 10, 0xbd3a_f235)
    ii(&c, d, a, b, x2, 15, 0x2ad7_d2bb); ii(&b, c, d, a, x9, 21, 0xeb86_d391)

    state.a &+= a
    state.b &+= b
    state.c &+= c
    state.d &+= d
  }
}
