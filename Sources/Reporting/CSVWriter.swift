/// Builds CSV text: fixed number formatting, RFC 4180 quoting where needed.
public struct CSVWriter: Sendable {
  /// The text so far.
  public private(set) var text = ""

  /// Starts a CSV with the given header columns.
  public init(header: [String]) {
    text.reserveCapacity(1 << 16)
    appendRow(header)
  }

  /// Appends one row of already formatted fields.
  public mutating func appendRow(_ fields: [String]) {
    for (i, field) in fields.enumerated() {
      if i > 0 { text.append(",") }
      text.append(CSVWriter.escape(field))
    }
    text.append("\n")
  }

  /// Quotes a field that holds a comma, quote or line break.
  public static func escape(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

/// Seconds for a nanosecond instant, formatted like every other number.
public func formatSeconds(_ nanoseconds: Int64) -> String {
  if nanoseconds % 1_000_000_000 == 0 { return String(nanoseconds / 1_000_000_000) }
  return formatNumber(Double(nanoseconds) / 1e9)
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
