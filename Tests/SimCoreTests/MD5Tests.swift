import Testing

import SimCore

/// Expected digests: RFC 1321 appendix A.5, and Python 3 `hashlib.md5`
/// computed once and pasted here.
struct MD5Tests {
  /// Bytes 0, 1, 2 … of the "pattern" inputs: (7·i + 3) mod 256.
  static func pattern(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
  }

  @Test(
    "RFC 1321 appendix A.5 test suite",
    arguments: [
      ("", "d41d8cd98f00b204e9800998ecf8427e"),
      ("a", "0cc175b9c0f1b6a831c399e269772661"),
      ("abc", "900150983cd24fb0d6963f7d28e17f72"),
      ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
      ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
      (
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "d174ab98d277d9f5a5611c2c9f419d9f"
      ),
      (
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "57edf4a22be3c955ac49da2e2107b67a"
      ),
    ])
  func rfc1321Vectors(input: String, expected: String) {
    #expect(MD5.hexDigest(input.utf8) == expected)
    #expect(MD5.hexDigest(Array(input.utf8)) == expected)
  }

  @Test(
    "Inputs around the 56- and 64-byte padding boundaries",
    arguments: [
      (55, "ef1772b6dff9a122358552954ad0df65", "52c0e574e1198de5fe3f8f11440dcb1b"),
      (56, "3b0c8ac703f828b04c6c197006d17218", "46c9907fc908ee68b1e7b8e71286a518"),
      (63, "b06521f39153d618550606be297466d5", "a62f6d59e837867693f042f5b8f5a236"),
      (64, "014842d480b571495a4a0363793f7367", "7160b8fb5e9e4023d549c3971fbaeead"),
      (65, "c743a45e0d2e6a95cb859adae0248435", "70bd662e7aefbda85a0f7244167b7897"),
      (119, "8a7bd0732ed6a28ce75f6dabc90e1613", "e84905d4214f4d1ca56c2cdcc152b143"),
      (120, "5f61c0ccad4cac44c75ff505e1f1e537", "e3eb5a6c8669ea01a8c185b8abc8a5dc"),
    ])
  func blockBoundaries(length: Int, repeatedA: String, pattern: String) {
    #expect(MD5.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: length)) == repeatedA)
    #expect(MD5.hexDigest(String(repeating: "a", count: length).utf8) == repeatedA)
    #expect(MD5.hexDigest(Self.pattern(length)) == pattern)
  }

  @Test("All 256 byte values and one million 'a's")
  func longerInputs() {
    #expect(MD5.hexDigest((0...255).map { UInt8($0) }) == "e2c865db4162bed963bfaa9ef6ac18f0")
    #expect(
      MD5.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "7707d6ae4e027c70eea2a935c2296f21")
  }

  @Test(
    "UTF-8 multi-byte partition keys",
    arguments: [
      ("héllo", "be50e8478cf24ff3595bc7307fb91b50", "252973414135665226741597071662034525008"),
      ("日本語", "00110af8b4393ef3f72c50be5b332bec", "88491575051939950596574576699976684"),
      ("🚀", "107040754cae44f639957714f9eb5711", "21850492548355742038695361153656903441"),
      ("Ünïcödé-42", "2359d8d6cde38de940f047c0335fcdd2", "46989492291902345354825311516994031058"),
      (
        "partition-κλειδί-🔑", "100ba5ca1fe9345df7f6f5d352f95466",
        "21328125809551929794294846280779256934"
      ),
    ])
  func utf8Keys(key: String, hex: String, decimal: String) {
    #expect(MD5.hexDigest(key.utf8) == hex)
    #expect(MD5.hash128(utf8: key) == UInt128(decimal))
    #expect(MD5.hash128(key.utf8) == UInt128(decimal))
    #expect(String(describing: MD5.hash128(utf8: key)) == decimal)
  }

  @Test("digest bytes, hexDigest and hash128 agree")
  func representationsAgree() {
    let bytes = MD5.digest("a".utf8)
    #expect(
      bytes == [
        0x0c, 0xc1, 0x75, 0xb9, 0xc0, 0xf1, 0xb6, 0xa8,
        0x31, 0xc3, 0x99, 0xe2, 0x69, 0x77, 0x26, 0x61,
      ])
    let bigEndian = bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    #expect(MD5.hash128("a".utf8) == bigEndian)
    #expect(MD5.hash128("a".utf8) == 16_955_237_001_963_240_173_058_271_559_858_726_497)
    #expect(String(MD5.hash128("a".utf8), radix: 16) == "cc175b9c0f1b6a831c399e269772661")
  }

  @Test("Non-contiguous sequences hash like their bytes")
  func nonContiguousSequence() {
    for length in [0, 55, 56, 64, 65, 200] {
      let bytes = Self.pattern(length)
      let lazy = (0..<length).lazy.map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
      #expect(MD5.digest(lazy) == MD5.digest(bytes))
      #expect(MD5.digest(AnySequence(bytes)) == MD5.digest(bytes))
    }
  }

  @Test("A bridged or substring-backed String hashes its UTF-8 bytes")
  func substringKeys() {
    let line = "key=user-42;"
    let key = line.dropFirst(4).dropLast()
    #expect(MD5.hash128(utf8: String(key)) == MD5.hash128(Array("user-42".utf8)))
    #expect(MD5.hash128(key.utf8) == 157_107_139_746_365_290_205_026_809_710_278_036_035)
  }
}
