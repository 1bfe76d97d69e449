import Foundation
import SimCore
import SimModels
import Testing

@testable import Reporting

/// The formatting before the byte-level rewrite, kept verbatim as the
/// reference that the new code must match to the byte.
enum ReferenceFormatting {
  static func formatNumber(_ value: Double) -> String {
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

  static func formatSeconds(_ nanoseconds: Int64) -> String {
    if nanoseconds % 1_000_000_000 == 0 { return String(nanoseconds / 1_000_000_000) }
    return formatNumber(Double(nanoseconds) / 1e9)
  }

  static func escape(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func csv(header: [String], rows: [[String]]) -> String {
    var text = ""
    for fields in [header] + rows {
      for (i, field) in fields.enumerated() {
        if i > 0 { text.append(",") }
        text.append(escape(field))
      }
      text.append("\n")
    }
    return text
  }
}

/// Doubles of every kind `formatNumber` meets, and the ones where exact
/// rounding is hard: ties at the sixth decimal, values next to a rounding
/// boundary, the limits of the integer and the fast paths.
struct DoubleSource {
  var rng: SeededGenerator

  mutating func next() -> Double {
    let sign: Double = rng.nextInt(below: 4) == 0 ? -1 : 1
    let u = rng.nextUnitInterval()
    switch rng.nextInt(below: 12) {
    case 0:  // any bit pattern: every exponent, subnormals, NaN, infinities
      return Double(bitPattern: rng.next())
    case 1:  // a metric's typical range
      return sign * u * 1_000
    case 2:  // any decimal magnitude from 1e-12 to 1e18
      return sign * u * pow(10, Double(rng.nextInt(below: 31)) - 12)
    case 3:  // dyadic values: many are exact ties at the sixth decimal (k / 128)
      return sign * Double(rng.nextInt(below: 1 << 30)) / Double(1 << (1 + rng.nextInt(below: 40)))
    case 4:  // a decimal with 7 digits ending in 5, and its neighbours
      let base = Double(rng.nextInt(below: 10_000_000_000)) / 1e7 + 5e-8
      return sign * [base, base.nextUp, base.nextDown][rng.nextInt(below: 3)]
    case 5:  // just beside an integer (rounds up to it or shows a fraction)
      let whole = Double(rng.nextInt(below: 1_000_000))
      return sign * (whole + [1e-7, 4.9e-7, 5e-7, 5.1e-7, -1e-7, -5e-7, 1e-6][rng.nextInt(below: 7)])
    case 6:  // nanoseconds over 1e9 and other ratios the models print
      return Double(rng.nextInt(below: 1 << 40)) / [1e9, 1e6, 3, 7, 60][rng.nextInt(below: 5)]
    case 7:  // around the fast path's limit 1e13 and the integer limit 1e15
      let limit = [1e13, 1e15, 4.5e15, 9.007199254740992e15][rng.nextInt(below: 4)]
      return sign * limit * (1 + (u - 0.5) * 1e-9)
    case 8:  // exactly representable halves of millionths and their neighbours
      let tie = Double(rng.nextInt(below: 1 << 20)) / 128
      return sign * [tie, tie.nextUp, tie.nextDown][rng.nextInt(below: 3)]
    case 9:  // tiny values around half a millionth
      return sign * 5e-7 * (1 + (u - 0.5) * 1e-6)
    case 10:  // whole numbers (the integer path) up to and past 1e15
      return sign * Double(rng.nextInt(below: 1 << 52)) * [1, 1, 1, 256][rng.nextInt(below: 4)]
    default:  // special values and signed zeros
      return [0.0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNormalMagnitude,
        .greatestFiniteMagnitude, 0.1, 0.7, 2.0e-7, 1.0 / 3.0][rng.nextInt(below: 12)]
    }
  }
}

@Suite("Formatting matches the reference implementation")
struct FormattingEquivalenceTests {
  @Test("formatNumber and appendNumber equal %.6f-based formatting", arguments: 0 ..< 8 as Range<UInt64>)
  func numbers(seed: UInt64) {
    var source = DoubleSource(rng: SeededGenerator(seed: seed))
    var mismatches: [Double] = []  // one #expect per value would be slow
    var values: [Double] = []
    var expected: [String] = []
    var csv = CSVWriter(header: ["value", "text"])
    for _ in 0 ..< 40_000 {
      let value = source.next()
      values.append(value)
      expected.append(ReferenceFormatting.formatNumber(value))
      if formatNumber(value) != expected.last { mismatches.append(value) }
      csv.appendNumber(value)
      csv.appendNumber(-value)
      csv.endRow()
    }
    // The CSV writer's field path, row by row.
    let lines = csv.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
    for (index, line) in lines.prefix(values.count).enumerated() {
      if line != expected[index] + "," + ReferenceFormatting.formatNumber(-values[index]) { mismatches.append(values[index]) }
    }
    #expect(lines.count == values.count + 1)
    #expect(mismatches.count == 0, "seed \(seed), first: \(mismatches.prefix(5).map { "\($0.bitPattern)" })")
  }

  @Test("formatSeconds equals the reference for any nanosecond count", arguments: 0 ..< 4 as Range<UInt64>)
  func seconds(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    var mismatches: [Int64] = []
    for _ in 0 ..< 25_000 {
      let magnitude = rng.next() >> rng.nextInt(below: 64)
      var ns = Int64(bitPattern: magnitude)
      if rng.nextInt(below: 4) == 0 { ns = ns / 1_000_000_000 * 1_000_000_000 }  // whole seconds
      if rng.nextInt(below: 8) == 0 { ns = -ns }
      if formatSeconds(ns) != ReferenceFormatting.formatSeconds(ns) { mismatches.append(ns) }
    }
    for ns: Int64 in [0, 1, -1, 999_999_999, 1_000_000_000, 500, 1_500, .max, .min, .min + 1] {
      if formatSeconds(ns) != ReferenceFormatting.formatSeconds(ns) { mismatches.append(ns) }
    }
    #expect(mismatches.count == 0, "seed \(seed), first: \(mismatches.prefix(5))")
  }

  @Test("edge cases, spelled out")
  func edgeCases() {
    let values: [Double] = [
      0.0078125, 0.0234375, 1.0000005, 0.0000005, 0.00000050000000000001, 4.9999999999999998e-7, 0.9999995,
      0.99999949999999, 123.4567885, -0.0000004, -0.0000006, 9_999_999_999_999.99, 1e13, (1e13 as Double).nextDown,
      (1e13 as Double).nextUp + 0.5, 999_999_999_999_999.5, 1e15, -1e15, 1e16 + 2, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude.nextDown,
      Double(Int64.max), -Double(Int64.max), 1e300, -1e300,
    ]
    for value in values {
      #expect(formatNumber(value) == ReferenceFormatting.formatNumber(value), "\(value)")
    }
  }

  @Test("CSV rows equal the reference's quoting, for names and for odd text", arguments: 0 ..< 4 as Range<UInt64>)
  func csvRows(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    // Pieces that quote, and look-alikes that must not: CR LF and a comma
    // with a combining accent are single Characters other than the four.
    let pieces = [
      "queue/orders", "NumberOfMessagesSent", ",", "\"", "\n", "\r", "\r\n", ",\u{301}", "\"\u{301}", "é", "日本",
      " ", "-", "a.b", "😀", "\u{301}", "",
    ]
    var rows: [[String]] = []
    for _ in 0 ..< 2_000 {
      rows.append(
        (0 ..< 1 + rng.nextInt(below: 4)).map { _ in
          (0 ..< rng.nextInt(below: 4)).map { _ in pieces[rng.nextInt(below: pieces.count)] }.joined()
        })
    }
    var csv = CSVWriter(header: ["a", "b,c"])
    for row in rows { csv.appendRow(row) }
    #expect(csv.text == ReferenceFormatting.csv(header: ["a", "b,c"], rows: rows))
    for row in rows {
      for field in row { #expect(CSVWriter.escape(field) == ReferenceFormatting.escape(field)) }
    }
  }

  @Test("ReportFiles equals the reference formatting of every row")
  func reportFiles() {
    var source = DoubleSource(rng: SeededGenerator(seed: 11))
    var metrics: [MetricRow] = []
    var summary: [SummaryRow] = []
    var events: [EventRow] = []
    for i in 0 ..< 3_000 {
      let value = source.next()
      let time = Int64(i) * 60_000_000_000 + (i % 7 == 0 ? 123_456_789 : 0)
      metrics.append(MetricRow(time: time, resource: "queue/q\(i % 10)", metric: "QueueTime.p99", value: value))
      summary.append(SummaryRow(resource: "consumer/c,\(i % 3)", metric: "Utilization", value: value))
      events.append(EventRow(time: time, resource: "consumer/c", event: "crash", detail: i % 5 == 0 ? "worker \"3\", again" : "w\(i)"))
    }
    // Rows too long for the stack row, and bytes of multi-byte characters.
    metrics.append(MetricRow(time: 5, resource: String(repeating: "queue/long-", count: 30), metric: "é日本", value: 1.5))
    summary.append(SummaryRow(resource: "topic/" + String(repeating: "ü", count: 200), metric: "x\"y", value: -0.25))
    let files = ReportFiles(
      RunResult(name: "r", metrics: metrics, summary: summary, events: events, processedEvents: 0, peakMessageSlots: 0))
    let f = ReferenceFormatting.self
    #expect(
      files.metrics
        == f.csv(
          header: ["time_s", "resource", "metric", "value"],
          rows: metrics.map { [f.formatSeconds($0.time), $0.resource, $0.metric, f.formatNumber($0.value)] }))
    #expect(
      files.summary
        == f.csv(header: ["resource", "metric", "value"], rows: summary.map { [$0.resource, $0.metric, f.formatNumber($0.value)] }))
    #expect(
      files.events
        == f.csv(
          header: ["time_s", "resource", "event", "detail"],
          rows: events.map { [f.formatSeconds($0.time), $0.resource, $0.event, $0.detail] }))
  }
}
