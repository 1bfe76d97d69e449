import Foundation
import SimModels

/// The limits `msgsim run` checks before simulating, against the run's
/// up-front `RunEstimate`, so that a run the machine cannot hold (10⁷ msg/s
/// for 30 days, a 30-day run with 1 s metrics periods) is refused at once
/// instead of dying, or swapping, hours in.
struct RunBudget: Equatable {
  /// The most memory a run may need at its peak, in bytes.
  var maxBytes: Double
  /// Whether `maxBytes` is the default (a share of the physical memory).
  var bytesAreDefault: Bool
  /// The most events a run may process.
  var maxEvents: Double
  /// Whether `maxEvents` is the default.
  var eventsAreDefault: Bool

  /// The share of physical memory a run may use by default.
  static let defaultMemoryShare = 0.75
  /// The default event budget: about an hour of simulation at the few
  /// million events per second a run processes.
  static let defaultMaxEvents = 2e10
  /// Events per second, for the "about how long" figure in messages.
  static let eventsPerSecond = 5e6

  /// The machine's physical memory, in bytes.
  static var physicalMemory: Double { Double(ProcessInfo.processInfo.physicalMemory) }

  /// The limits unless `--max-memory` or `--max-events` set them.
  init(maxBytes: Double? = nil, maxEvents: Double? = nil) {
    self.maxBytes = maxBytes ?? Self.defaultMemoryShare * Self.physicalMemory
    bytesAreDefault = maxBytes == nil
    self.maxEvents = maxEvents ?? Self.defaultMaxEvents
    eventsAreDefault = maxEvents == nil
  }

  /// Why the run `estimate` describes is refused (one line per limit it
  /// exceeds, each naming the estimated figure, the limit and the flag
  /// that raises it), or `[]` when it is within both.
  func problems(_ estimate: RunEstimate) -> [String] {
    var problems: [String] = []
    if estimate.peakBytes > maxBytes {
      let limit =
        bytesAreDefault
        ? "the limit of \(formatBytes(maxBytes)) (\(Int(Self.defaultMemoryShare * 100)) % of this machine's \(formatBytes(Self.physicalMemory)))"
        : "the limit of \(formatBytes(maxBytes)) set by --max-memory"
      problems.append(
        "this run would need about \(formatBytes(estimate.peakBytes)) of memory at its peak (estimated before "
          + "simulating: \(formatCount(estimate.messages)) messages, \(formatCount(estimate.metricRows)) rows of "
          + "metrics.csv), above \(limit): shorten the run, lower the rates, add consumers or lengthen "
          + "metricsPeriod, or raise the limit with --max-memory SIZE (e.g. --max-memory 64GiB) if the machine "
          + "can hold it")
    }
    if estimate.events > maxEvents {
      let limit =
        eventsAreDefault
        ? "the default limit of \(formatCount(maxEvents)) events (about \(readableDuration(maxEvents / Self.eventsPerSecond)))"
        : "the limit of \(formatCount(maxEvents)) events set by --max-events"
      problems.append(
        "this run would process about \(formatCount(estimate.events)) events (roughly "
          + "\(readableDuration(estimate.events / Self.eventsPerSecond)) at \(formatCount(Self.eventsPerSecond)) events/s), "
          + "above \(limit): shorten the run or lower the rates, or raise the limit with --max-events N "
          + "(e.g. --max-events 1e11)")
    }
    return problems
  }
}

/// A byte count in binary units, three figures: `512 B`, `1.5 KiB`,
/// `17.3 GiB`, `2.81 PiB`.
func formatBytes(_ bytes: Double) -> String {
  let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
  var value = max(0, bytes)
  var unit = 0
  while value >= 1024 && unit < units.count - 1 {
    value /= 1024
    unit += 1
  }
  if unit == 0 { return "\(Int(value)) B" }
  return "\(threeFigures(value)) \(units[unit])"
}

/// A count: grouped digits below ten million (`864,000`), else three
/// figures and a power of ten (`2.59×10¹³`).
func formatCount(_ count: Double) -> String {
  guard count.isFinite else { return "∞" }
  if count < 1e7 {
    let whole = Int(count.rounded())
    var digits = String(whole)
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    return digits + grouped
  }
  var exponent = Int(log10(count).rounded(.down))
  var mantissa = count / pow(10, Double(exponent))
  if Double(threeFigures(mantissa)) ?? 0 >= 10 {
    exponent += 1
    mantissa /= 10
  }
  let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
  let power = String(String(exponent).compactMap { $0.wholeNumberValue.map { superscripts[$0] } })
  let shown = threeFigures(mantissa)
  return (shown == "1" ? "" : shown + "×") + "10" + power
}

/// `value` to three significant figures, without trailing zeros: `17.3`,
/// `2.81`, `512`, `2`.
private func threeFigures(_ value: Double) -> String {
  let decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2
  var text = String(format: "%.\(decimals)f", value)
  if text.contains(".") {
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
  }
  return text
}

/// Reads `--max-events N`: a whole number (`50000000000`) or one in
/// exponent form (`5e10`), at least 1.
func parseEventCount(_ text: String) -> Double? {
  if let value = UInt64(text), value >= 1 { return Double(value) }
  guard text.lowercased().contains("e"), text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" }),
    let value = Double(text), value.isFinite, value >= 1, value == value.rounded()
  else { return nil }
  return value
}
