import Foundation

/// Formats a number for CSV and tables: integers without a fraction, other
/// values with at most 6 decimals and no trailing zeros. The same value
/// always gives the same text.
public func formatNumber(_ value: Double) -> String {
  if value.isNaN { return "NaN" }
  if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
  if value == value.rounded(), Swift.abs(value) < 1e15 {
    return String(Int64(value))
  }
  var text = String(format: "%.6f", value)
  while text.hasSuffix("0") { text.removeLast() }
  if text.hasSuffix(".") { text.removeLast() }
  if text == "-0" { text = "0" }
  return text
}
