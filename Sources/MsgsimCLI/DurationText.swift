/// A duration as a person reads it, to about three figures: `0.4s`, `12.3s`,
/// `3m07s`, `12h51m`, `3d04h` (rounded down, so a clock never runs ahead).
func readableDuration(_ seconds: Double) -> String {
  guard seconds.isFinite, seconds >= 0 else { return "?" }
  func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
  if seconds < 60 { return formatTenths(seconds) + "s" }
  let whole = Int(min(seconds, 1e15))
  if whole < 3_600 { return "\(whole / 60)m\(two(whole % 60))s" }
  if whole < 86_400 { return "\(whole / 3_600)h\(two(whole % 3_600 / 60))m" }
  return "\(whole / 86_400)d\(two(whole % 86_400 / 3_600))h"
}

/// `value` with one decimal, rounded down: `12.3`, `0.0`.
private func formatTenths(_ value: Double) -> String {
  let tenths = Int(value * 10)
  return "\(tenths / 10).\(tenths % 10)"
}
