import SimCore
import Testing

@testable import ScenarioFormat

@Suite("Durations and sizes")
struct QuantityParsingTests {
  @Test("valid durations parse to exact nanoseconds", arguments: [
    ("0s", 0),
    ("250ms", 250_000_000),
    ("30s", 30_000_000_000),
    ("5m", 300_000_000_000),
    ("2h", 7_200_000_000_000),
    ("4d", 345_600_000_000_000),
    ("1.5s", 1_500_000_000),
    ("0.2s", 200_000_000),
    (".5s", 500_000_000),
    ("1h30m", 5_400_000_000_000),
    ("1m30s500ms", 90_500_000_000),
    ("100ns", 100),
    ("7us", 7_000),
    ("7µs", 7_000),
    ("1.0000000006s", 1_000_000_001),
    ("0.0000000004s", 0),
    ("106751d", 9_223_286_400_000_000_000),
  ] as [(String, Int64)])
  func validDurations(text: String, nanoseconds: Int64) {
    #expect(parseDuration(text) == SimDuration(nanoseconds: nanoseconds))
  }

  @Test("invalid durations are rejected", arguments: [
    "", "30", "0", "-1s", "+1s", "1 s", " 1s", "1s ", "1S", "1sec", "1.s", "1..5s", "s", "1h-30m",
    "1e3s", "NaN", "nans", "inf", "106752d", "99999999999999999999s", "1,5s", "１s",
  ])
  func invalidDurations(text: String) {
    #expect(parseDuration(text) == nil)
  }

  @Test("duration failures say why")
  func durationReasons() {
    #expect(durationValue("30") == .failure(.init(reason: "missing unit (ns, us, ms, s, m, h or d)")))
    #expect(durationValue("-1s") == .failure(.init(reason: "durations cannot be negative")))
    #expect(durationValue("3x") == .failure(.init(reason: "unknown unit 'x' (use ns, us, ms, s, m, h or d)")))
    #expect(durationValue("999999999d") == .failure(.init(reason: "too large")))
  }

  @Test("spaces inside a duration or size are named as such, with the spaceless form when it is valid", arguments: [
    ("1 h", "no spaces inside a duration (write '1h')"),
    ("1h 30m", "no spaces inside a duration (write '1h30m')"),
    (" 30s", "no spaces inside a duration (write '30s')"),
    ("30s ", "no spaces inside a duration (write '30s')"),
    ("1.5\tms", "no spaces inside a duration (write '1.5ms')"),
    ("1\u{A0}s", "no spaces inside a duration (write '1s')"),
    ("1 hour", "no spaces inside a duration"),
    (" ", "no spaces inside a duration"),
  ])
  func durationSpaces(text: String, reason: String) {
    #expect(durationValue(text) == .failure(.init(reason: reason)))
  }

  @Test("spaces inside a size", arguments: [
    ("2 KiB", "no spaces inside a size (write '2KiB')"),
    ("1 MiB ", "no spaces inside a size (write '1MiB')"),
    ("2 kilobytes", "no spaces inside a size"),
  ])
  func sizeSpaces(text: String, reason: String) {
    #expect(sizeValue(text) == .failure(.init(reason: reason)))
  }

  @Test("a spaced duration in a scenario says so")
  func spacedDurationInScenario() {
    #expect(
      errorLines(#"{ duration: "1 h", queues: [{ name: "q", maxMessageSize: "2 KiB" }] }"#) == [
        "test.json5: duration: '1 h' is not a valid duration: no spaces inside a duration (write '1h')",
        "test.json5: queues[0].maxMessageSize: '2 KiB' is not a valid size: no spaces inside a size (write '2KiB')",
      ])
  }

  @Test("valid sizes parse to whole bytes", arguments: [
    ("512B", 512),
    ("0B", 0),
    ("1KB", 1_000),
    ("256KB", 256_000),
    ("2KiB", 2_048),
    ("1.5KiB", 1_536),
    ("1MiB", 1_048_576),
    ("1MB", 1_000_000),
    ("1GiB", 1_073_741_824),
    ("2GB", 2_000_000_000),
    ("0.5B", 1),
    ("1.0001KiB", 1_024),
    ("1TiB", 1_099_511_627_776),
  ] as [(String, Int)])
  func validSizes(text: String, bytes: Int) {
    #expect(parseSize(text) == bytes)
  }

  @Test("invalid sizes are rejected", arguments: [
    "", "512", "-1B", "1 KiB", "1kib", "1KIB", "1Kb", "1b", "KiB", "1.KiB", "1e3B", "9999999TiB",
    "99999999999999999999B", "1KiB2B",
  ])
  func invalidSizes(text: String) {
    #expect(parseSize(text) == nil)
  }

  @Test("sizes and durations print compactly in messages")
  func formatting() {
    #expect(formatSize(1_048_576) == "1MiB")
    #expect(formatSize(1_024) == "1KiB")
    #expect(formatSize(1_000) == "1000B")
    #expect(formatSize(0) == "0B")
    #expect(formatDuration(.seconds(43_200)) == "12h")
    #expect(formatDuration(.seconds(900)) == "15m")
  }

  @Test("CSV numbers are plain decimals only", arguments: [
    ("12", 12.0), ("-0.5", -0.5), ("1e3", 1000.0), ("2.5E-3", 0.0025), ("+4", 4.0), (".5", 0.5),
  ] as [(String, Double)])
  func plainNumbers(text: String, value: Double) {
    #expect(parsePlainNumber(Substring(text)) == value)
  }

  @Test("CSV numbers reject words, hex and overflow", arguments: [
    "nan", "inf", "Infinity", "0x10", "1e999", "", "-", "1.", "1e", "12a", "1 2",
  ])
  func notPlainNumbers(text: String) {
    #expect(parsePlainNumber(Substring(text)) == nil)
  }
}
