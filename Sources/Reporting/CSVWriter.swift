/// Builds CSV as UTF-8 bytes: fixed number formatting, RFC 4180 quoting
/// where needed.
///
/// A row is appended whole (`appendRow(_:)`, or the typed
/// `appendRow(seconds:_:_:number:)` and `appendRow(_:_:number:)` for the
/// shapes of `metrics.csv` and `summary.csv`) or field by field
/// (`appendField(_:)`, `appendNumber(_:)`, `appendSeconds(_:)`, then
/// `endRow()`). Numbers are formatted straight into bytes and strings'
/// bytes copied, with no intermediate `String`; a typed row is put
/// together on the stack and appended with one copy (about 500
/// instructions for a metrics row, against 16,600 when every field was
/// escaped `Character` by `Character`).
///
/// ```swift
/// var csv = CSVWriter(header: ["time_s", "value"])
/// csv.appendSeconds(1_500_000_000)
/// csv.appendNumber(0.25)
/// csv.endRow()              // csv.text == "time_s,value\n1.5,0.25\n"
/// ```
public struct CSVWriter: Sendable {
  /// The UTF-8 bytes so far.
  public private(set) var bytes: [UInt8] = []
  /// Whether the current row has a field already (the next one follows a comma).
  var rowHasField = false

  /// The text so far. O(bytes): it copies them.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Starts a CSV with the given header columns, with room reserved for
  /// `reservingCapacity` bytes.
  public init(header: [String], reservingCapacity: Int = 1 << 16) {
    bytes.reserveCapacity(reservingCapacity)
    appendRow(header)
  }

  /// Appends one row of already formatted fields.
  public mutating func appendRow(_ fields: [String]) {
    for field in fields { appendField(field) }
    endRow()
  }

  /// Appends the row `seconds,first,second,number`, the same bytes as
  /// `appendSeconds`, two `appendField`s, `appendNumber` and `endRow()`.
  public mutating func appendRow(seconds: Int64, _ first: String, _ second: String, number: Double) {
    let appended = !rowHasField && !needsPrintf(number) && appendStackRow { row, room in
      let time = writeSeconds(seconds, to: row)
      guard let a = copyPlainField(first, to: row + time, room: room - time),
        let b = copyPlainField(second, to: row + time + a, room: room - time - a)
      else { return nil }
      return finishRow(number: number, at: row, length: time + a + b, room: room)
    }
    if appended { return }
    appendSeconds(seconds)
    appendField(first)
    appendField(second)
    appendNumber(number)
    endRow()
  }

  /// Appends the row `first,second,number`, the same bytes as two
  /// `appendField`s, `appendNumber` and `endRow()`.
  public mutating func appendRow(_ first: String, _ second: String, number: Double) {
    let appended = !rowHasField && !needsPrintf(number) && appendStackRow { row, room in
      guard let a = copyPlainField(first, separated: false, to: row, room: room),
        let b = copyPlainField(second, to: row + a, room: room - a)
      else { return nil }
      return finishRow(number: number, at: row, length: a + b, room: room)
    }
    if appended { return }
    appendField(first)
    appendField(second)
    appendNumber(number)
    endRow()
  }

  /// Appends one text field to the current row, quoted if it holds a
  /// comma, quote or line break. O(length of `field`).
  public mutating func appendField(_ field: String) {
    if rowHasField { bytes.append(UInt8(ascii: ",")) }
    rowHasField = true
    let copied: Bool? = field.utf8.withContiguousStorageIfAvailable { utf8 in
      guard !Self.mayNeedQuoting(utf8) else { return false }
      bytes.append(contentsOf: utf8)
      return true
    }
    if copied != true { bytes.append(contentsOf: Self.escape(field).utf8) }
  }

  /// Appends a number field, formatted as `formatNumber(_:)` does.
  public mutating func appendNumber(_ value: Double) {
    if needsPrintf(value) { return appendField(formattedWithPrintf(value)) }
    appendFormatted { writeNumber(value, to: $0) }
  }

  /// Appends a time field in seconds, formatted as `formatSeconds(_:)` does.
  public mutating func appendSeconds(_ nanoseconds: Int64) {
    appendFormatted { writeSeconds(nanoseconds, to: $0) }
  }

  /// Ends the current row (a line break).
  public mutating func endRow() {
    bytes.append(UInt8(ascii: "\n"))
    rowHasField = false
  }

  /// Appends a field of at most `maximumNumberBytes` that `write` formats.
  @inline(__always)
  mutating func appendFormatted(_ write: (UnsafeMutablePointer<UInt8>) -> Int) {
    let separator = rowHasField ? 1 : 0
    rowHasField = true
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumNumberBytes + 1) { buffer in
      let start = buffer.baseAddress!
      start[0] = UInt8(ascii: ",")
      let length = write(start + 1)
      bytes.append(contentsOf: UnsafeBufferPointer(start: start + 1 - separator, count: length + separator))
    }
  }

  /// The longest row `appendStackRow` puts together; longer ones go field
  /// by field.
  static let stackRowCapacity = 256

  /// Puts a whole row together in a stack buffer with `write` (given the
  /// buffer and its size, it returns the row's length, or `nil` when the
  /// row does not fit or needs quoting) and appends it with one copy.
  /// Returns whether it did.
  @inline(__always)
  mutating func appendStackRow(_ write: (UnsafeMutablePointer<UInt8>, Int) -> Int?) -> Bool {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stackRowCapacity) { buffer in
      guard let length = write(buffer.baseAddress!, Self.stackRowCapacity) else { return false }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<length]))
      return true
    }
  }

  /// Quotes a field that holds a comma, quote or line break (each a
  /// `Character` of its own).
  public static func escape(_ field: String) -> String {
    var contiguous = field
    guard contiguous.withUTF8(mayNeedQuoting),
      field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
    else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Whether `utf8` holds one of the bytes of `,` `"` LF CR. Only then can
  /// a `Character` of the text be one of them, so without them the field is
  /// written as it is. O(bytes), eight at a time, without decoding.
  @inline(__always)
  static func mayNeedQuoting(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let start = utf8.baseAddress else { return false }
    let raw = UnsafeRawPointer(start)
    var offset = 0
    // All four are below 0x2D, while letters, digits, '/', '.', '-' and
    // every byte of a multi-byte character are not: a word with no byte
    // below 0x2D (the classic "has less" bit trick, exact for bytes below
    // 0x80, and bytes from 0x80 never set the flag) needs no closer look.
    while offset + 8 <= utf8.count {
      let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      if (word &- 0x2D2D_2D2D_2D2D_2D2D) & ~word & 0x8080_8080_8080_8080 != 0,
        isSpecial(UnsafeBufferPointer(start: start + offset, count: 8))
      {
        return true
      }
      offset += 8
    }
    return isSpecial(UnsafeBufferPointer(start: start + offset, count: utf8.count - offset))
  }

  /// Whether one of `bytes` is `,` `"` LF or CR.
  @inline(__always)
  static func isSpecial(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in bytes where byte < 0x2D {
      if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D { return true }
    }
    return false
  }
}

/// Writes a comma (if `separated`) and `field` at `out`, if that fits in
/// `room` bytes and `field` needs no quoting; returns the length, else `nil`.
@inline(__always)
private func copyPlainField(
  _ field: String, separated: Bool = true, to out: UnsafeMutablePointer<UInt8>, room: Int
) -> Int? {
  field.utf8.withContiguousStorageIfAvailable { utf8 -> Int? in
    let separator = separated ? 1 : 0
    guard separator + utf8.count <= room, !CSVWriter.mayNeedQuoting(utf8) else { return nil }
    out[0] = UInt8(ascii: ",")
    if let source = utf8.baseAddress { (out + separator).initialize(from: source, count: utf8.count) }
    return separator + utf8.count
  } ?? nil
}

/// Ends a stack row of `length` bytes at `row` with `,number` and a line
/// break, if they fit in `room`; returns the row's length, else `nil`.
@inline(__always)
private func finishRow(number: Double, at row: UnsafeMutablePointer<UInt8>, length: Int, room: Int) -> Int? {
  guard length + maximumNumberBytes + 2 <= room else { return nil }
  row[length] = UInt8(ascii: ",")
  let end = length + 1 + writeNumber(number, to: row + length + 1)
  row[end] = UInt8(ascii: "\n")
  return end + 1
}

extension String {
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    var result = ""
    var rest = Substring(self)
    while let range = rest.range(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
