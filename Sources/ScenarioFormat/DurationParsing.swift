import SimCore

/// Parses a duration such as `"250ms"`, `"1.5s"`, `"4d"` or `"1h30m"`.
///
/// Units: `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`, `d`. Each number may
/// have a decimal fraction; the total is rounded to the nearest nanosecond.
/// Returns `nil` for anything else: a missing unit, a sign, spaces
/// (`"1 h"`), an unknown unit, or a total beyond about 292 years.
public func parseDuration(_ text: String) -> SimDuration? {
  try? durationValue(text).get()
}

/// Parses a size such as `"512B"`, `"256KB"` (256,000 bytes), `"2KiB"`
/// (2,048 bytes) or `"1.5MiB"`.
///
/// Units: `B`, `KB`, `KiB`, `MB`, `MiB`, `GB`, `GiB`, `TB`, `TiB`. A decimal
/// fraction is allowed; the result is rounded to whole bytes. Returns `nil`
/// for anything else, including negative sizes and sizes beyond `Int.max`.
public func parseSize(_ text: String) -> Int? {
  try? sizeValue(text).get()
}

/// Why a duration or size string did not parse, as a message fragment
/// (`missing unit ...`).
struct QuantityParseFailure: Error, Equatable {
  var reason: String
}

let durationUnits: [(name: String, nanoseconds: Int64)] = [
  ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
  ("m", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000),
]

let sizeUnits: [(name: String, bytes: Int64)] = [
  ("B", 1), ("KB", 1_000), ("KiB", 1_024), ("MB", 1_000_000), ("MiB", 1_048_576),
  ("GB", 1_000_000_000), ("GiB", 1_073_741_824), ("TB", 1_000_000_000_000),
  ("TiB", 1_099_511_627_776),
]

/// The duration `text` denotes, or why it denotes none.
func durationValue(_ text: String) -> Result<SimDuration, QuantityParseFailure> {
  let unitList = "ns, us, ms, s, m, h or d"
  guard !text.isEmpty else { return .failure(.init(reason: "empty duration")) }
  if let failure = spaceFailure(text, kind: "duration", parse: durationValue) { return .failure(failure) }
  if text.hasPrefix("-") { return .failure(.init(reason: "durations cannot be negative")) }
  var scalars = Substring(text)
  var total: Int64 = 0
  while !scalars.isEmpty {
    guard let (number, rest) = scanUnsignedDecimal(scalars) else {
      return .failure(.init(reason: "expected a number followed by a unit (\(unitList))"))
    }
    let unitText = rest.prefix { $0.isLetter || $0 == "µ" }
    guard !unitText.isEmpty else {
      return .failure(.init(reason: "missing unit (\(unitList))"))
    }
    guard let unit = durationUnits.first(where: { $0.name == unitText }) else {
      return .failure(.init(reason: "unknown unit '\(sanitized(String(unitText)))' (use \(unitList))"))
    }
    guard let part = number.scaled(by: unit.nanoseconds) else {
      return .failure(.init(reason: "too large"))
    }
    let (sum, overflow) = total.addingReportingOverflow(part)
    guard !overflow else { return .failure(.init(reason: "too large")) }
    total = sum
    scalars = rest.dropFirst(unitText.count)
  }
  return .success(SimDuration(nanoseconds: total))
}

/// The size in bytes `text` denotes, or why it denotes none.
func sizeValue(_ text: String) -> Result<Int, QuantityParseFailure> {
  let unitList = "B, KB, KiB, MB, MiB, GB or GiB"
  guard !text.isEmpty else { return .failure(.init(reason: "empty size")) }
  if let failure = spaceFailure(text, kind: "size", parse: sizeValue) { return .failure(failure) }
  if text.hasPrefix("-") { return .failure(.init(reason: "sizes cannot be negative")) }
  guard let (number, rest) = scanUnsignedDecimal(Substring(text)) else {
    return .failure(.init(reason: "expected a number followed by a unit (\(unitList))"))
  }
  guard !rest.isEmpty else { return .failure(.init(reason: "missing unit (\(unitList))")) }
  guard let unit = sizeUnits.first(where: { $0.name == rest }) else {
    return .failure(.init(reason: "unknown unit '\(sanitized(String(rest)))' (use \(unitList))"))
  }
  guard let bytes = number.scaled(by: unit.bytes), bytes <= Int64(Int.max) else {
    return .failure(.init(reason: "too large"))
  }
  return .success(Int(bytes))
}

/// `no spaces inside a duration (write '1h')` when `text` contains white
/// space (the spaceless form is suggested only when `parse` accepts it);
/// `nil` when it contains none.
func spaceFailure<T>(
  _ text: String, kind: String, parse: (String) -> Result<T, QuantityParseFailure>
) -> QuantityParseFailure? {
  guard text.contains(where: \.isWhitespace) else { return nil }
  let spaceless = String(text.filter { !$0.isWhitespace })
  let hint = !spaceless.isEmpty && (try? parse(spaceless).get()) != nil ? " (write \(quoted(spaceless)))" : ""
  return QuantityParseFailure(reason: "no spaces inside a \(kind)\(hint)")
}

/// An unsigned decimal number kept as its integer digits and its fraction
/// digits, so scaling by a unit is exact for the integer part.
struct UnsignedDecimal {
  var integerDigits: Substring
  var fractionDigits: Substring

  /// `self × unit`, rounded to the nearest whole number; `nil` on overflow.
  func scaled(by unit: Int64) -> Int64? {
    var whole: Int64 = 0
    for digit in integerDigits {
      let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
      let (next, o2) = times10.addingReportingOverflow(Int64(digit.asciiValue! - 48))
      if o1 || o2 { return nil }
      whole = next
    }
    let (scaled, overflow) = whole.multipliedReportingOverflow(by: unit)
    if overflow { return nil }
    guard !fractionDigits.isEmpty else { return scaled }
    // At most 18 fraction digits matter at nanosecond or byte resolution.
    let fraction = Double("0." + fractionDigits.prefix(18)) ?? 0
    let (result, o3) = scaled.addingReportingOverflow(Int64((fraction * Double(unit)).rounded()))
    return o3 ? nil : result
  }
}

/// Scans `digits[.digits]` (or `.digits`) at the start of `text`.
func scanUnsignedDecimal(_ text: Substring) -> (UnsignedDecimal, Substring)? {
  let integerDigits = text.prefix { $0.isASCII && $0.isNumber }
  var rest = text.dropFirst(integerDigits.count)
  var fractionDigits = Substring("")
  if rest.first == "." {
    fractionDigits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
    guard !fractionDigits.isEmpty else { return nil }
    rest = rest.dropFirst(1 + fractionDigits.count)
  }
  guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
  return (UnsignedDecimal(integerDigits: integerDigits, fractionDigits: fractionDigits), rest)
}

/// Parses a plain decimal number (`12`, `-0.5`, `1e3`, `2.5E-3`) as CSV
/// files write them; `nil` for anything else, including `nan`, `inf`, hex
/// and values beyond the range of `Double`.
func parsePlainNumber(_ text: Substring) -> Double? {
  var rest = text
  if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
  guard let (_, afterNumber) = scanUnsignedDecimal(rest) else { return nil }
  var tail = afterNumber
  if tail.first == "e" || tail.first == "E" {
    tail = tail.dropFirst()
    if tail.first == "-" || tail.first == "+" { tail = tail.dropFirst() }
    let exponent = tail.prefix { $0.isASCII && $0.isNumber }
    guard !exponent.isEmpty else { return nil }
    tail = tail.dropFirst(exponent.count)
  }
  guard tail.isEmpty, let value = Double(String(text)), value.isFinite else { return nil }
  return value
}

/// A duration as written in messages: `30s`, `1.5s`, `12h`.
func formatDuration(_ duration: SimDuration) -> String {
  duration.description
}

/// A size as written in messages: `1MiB`, `256KiB`, `1000B`.
func formatSize(_ bytes: Int) -> String {
  for (name, size) in [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1_024)]
  where bytes != 0 && bytes % size == 0 {
    return "\(bytes / size)\(name)"
  }
  return "\(bytes)B"
}
