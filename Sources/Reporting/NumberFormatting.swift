import Foundation

/// Formats a number for CSV and tables: integers without a fraction, other
/// values with at most 6 decimals and no trailing zeros. The same value
/// always gives the same text.
///
/// The text is that of C's `%.6f` (the exact binary value rounded to 6
/// decimals, ties to even) without trailing zeros, `-0` shown as `0`;
/// `NaN`, `Inf` and `-Inf` for the special values.
public func formatNumber(_ value: Double) -> String {
  if needsPrintf(value) { return formattedWithPrintf(value) }
  return String(unsafeUninitializedCapacity: maximumNumberBytes) { writeNumber(value, to: $0.baseAddress!) }
}

/// Seconds for a nanosecond instant, formatted like every other number.
public func formatSeconds(_ nanoseconds: Int64) -> String {
  String(unsafeUninitializedCapacity: maximumNumberBytes) { writeSeconds(nanoseconds, to: $0.baseAddress!) }
}

/// The most bytes `writeNumber` and `writeSeconds` write.
let maximumNumberBytes = 24

/// Whether `formatNumber(value)` is beyond `writeNumber`'s integer
/// arithmetic: a non-integer of 10^13 or more, or a whole number of 10^15
/// or more (rare in reports). Those go through `String(format:)`.
@inline(__always)
func needsPrintf(_ value: Double) -> Bool {
  let magnitude = Swift.abs(value)
  guard magnitude >= 1e13, magnitude.isFinite else { return false }
  return !(magnitude < 1e15 && isWhole(value))
}

/// Whether `value`, of magnitude below 2^63, is a whole number (as
/// `value == value.rounded()`, without a call into libm).
@inline(__always)
func isWhole(_ value: Double) -> Bool {
  Double(Int64(value)) == value
}

/// Writes `formatNumber(value)` at `out`, which has room for
/// `maximumNumberBytes`, and returns its length; `value` must not
/// `needsPrintf`. Rounding to millionths is exact, in integers.
@inline(__always)
func writeNumber(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
  if value.isNaN { return writeASCII("NaN", to: out) }
  if value.isInfinite { return writeASCII(value > 0 ? "Inf" : "-Inf", to: out) }
  // Not needing printf, a finite value is below 10^15 (below 10^13 unless whole).
  if isWhole(value) { return writeInteger(Int64(value), to: out) }
  let millionths = roundedMillionths(ofNonInteger: Swift.abs(value))
  if millionths == 0 {
    out[0] = UInt8(ascii: "0")
    return 1
  }
  var length = 0
  if value < 0 {
    out[0] = UInt8(ascii: "-")
    length = 1
  }
  length += writeDigits(millionths / 1_000_000, to: out + length)
  var fraction = millionths % 1_000_000
  guard fraction != 0 else { return length }
  var width = 6
  while fraction % 10 == 0 {
    fraction /= 10
    width -= 1
  }
  out[length] = UInt8(ascii: ".")
  return length + 1 + writeDigits(fraction, width: width, to: out + length + 1)
}

/// Writes `formatSeconds(nanoseconds)` at `out` (room for
/// `maximumNumberBytes`) and returns its length.
@inline(__always)
func writeSeconds(_ nanoseconds: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
  if nanoseconds % 1_000_000_000 == 0 { return writeInteger(nanoseconds / 1_000_000_000, to: out) }
  // Below 9.3 · 10^9 in magnitude: never needs printf.
  return writeNumber(Double(nanoseconds) / 1e9, to: out)
}

/// `magnitude · 10^6` rounded to the nearest integer, ties to even, as
/// `%.6f` rounds: exact, from the binary significand and exponent.
/// `magnitude` is positive, finite and below 2^44, so the product of the
/// significand (< 2^53) and 10^6 (< 2^20) fits in 128 bits and the result
/// in 64.
@inline(__always)
func roundedMillionths(ofNonInteger magnitude: Double) -> UInt64 {
  let biased = Int(magnitude.exponentBitPattern)
  let significand = UInt128(magnitude.significandBitPattern | (biased == 0 ? 0 : 1 << 52))
  // magnitude = significand · 2^-shift; shift ≥ 9 because magnitude < 2^44.
  let shift = 1075 - Swift.max(biased, 1)
  // The product is below 2^73, so from 2^74 on it is under half a unit.
  guard shift < 75 else { return 0 }
  let product = significand &* 1_000_000
  let quotient = UInt64(truncatingIfNeeded: product &>> shift)
  let remainder = product & ((1 &<< shift) &- 1)
  let half = UInt128(1) &<< (shift - 1)
  return remainder > half || (remainder == half && quotient & 1 == 1) ? quotient + 1 : quotient
}

/// `String(format: "%.6f")` without trailing zeros, for the values that
/// `needsPrintf`.
func formattedWithPrintf(_ value: Double) -> String {
  var text = String(format: "%.6f", value)
  while text.hasSuffix("0") { text.removeLast() }
  if text.hasSuffix(".") { text.removeLast() }
  if text == "-0" { text = "0" }
  return text
}

/// Writes the decimal digits of `value`, with a leading `-` if negative;
/// returns the length (at most 20).
@inline(__always)
func writeInteger(_ value: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
  guard value < 0 else { return writeDigits(value.magnitude, to: out) }
  out[0] = UInt8(ascii: "-")
  return 1 + writeDigits(value.magnitude, to: out + 1)
}

/// Writes the decimal digits of `value`, zero-padded on the left to
/// `width` digits; returns the length (at most 20, or `width`). Two digits
/// per division, from a table.
@inline(__always)
func writeDigits(_ value: UInt64, width: Int = 1, to out: UnsafeMutablePointer<UInt8>) -> Int {
  var length = 1
  var power: UInt64 = 10
  while length < 20 && value >= power {
    length += 1
    power &*= 10
  }
  length = Swift.max(length, width)
  let pairs = digitPairs.utf8Start
  var rest = value
  var position = length
  while rest >= 100 {
    let next = rest / 100
    let pair = Int(truncatingIfNeeded: rest &- next &* 100) &* 2
    position -= 2
    out[position] = pairs[pair]
    out[position + 1] = pairs[pair + 1]
    rest = next
  }
  if rest >= 10 {
    let pair = Int(truncatingIfNeeded: rest) &* 2
    position -= 2
    out[position] = pairs[pair]
    out[position + 1] = pairs[pair + 1]
  } else {
    position -= 1
    out[position] = UInt8(truncatingIfNeeded: rest) &+ UInt8(ascii: "0")
  }
  while position > 0 {
    position -= 1
    out[position] = UInt8(ascii: "0")
  }
  return length
}

/// "00", "01", …, "99" back to back.
private let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

/// Writes an ASCII literal; returns its length.
@inline(__always)
func writeASCII(_ text: StaticString, to out: UnsafeMutablePointer<UInt8>) -> Int {
  out.initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
  return text.utf8CodeUnitCount
}
