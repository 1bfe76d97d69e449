import Foundation
import Testing
import SimModels
@testable import Reporting

@Suite("Reporting")
struct ReportingTests {
  @Test("numbers format the same way every time", arguments: [
    (0.0, "0"), (60.0, "60"), (-3.0, "-3"), (0.5, "0.5"), (1.0 / 3.0, "0.333333"), (2.0e-7, "0"),
    (-2.0e-7, "0"), (123456.789, "123456.789"), (1e15, "1000000000000000"), (.infinity, "Inf"), (.nan, "NaN"),
  ])
  func numbers(value: Double, text: String) {
    #expect(formatNumber(value) == text)
  }

  @Test("CSV fields with commas, quotes or newlines are quoted")
  func csvQuoting() {
    var csv = CSVWriter(header: ["a", "b"])
    csv.appendRow(["x,y", "say \"hi\""])
    csv.appendRow(["line\nbreak", "plain"])
    #expect(csv.text == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",plain\n")
  }

  @Test("seconds print without a fraction when whole")
  func seconds() {
    #expect(formatSeconds(60_000_000_000) == "60")
    #expect(formatSeconds(1_500_000_000) == "1.5")
  }

  @Test("expectations check bounds; a missing figure fails")
  func expectations() {
    let result = RunResult(
      name: "t", metrics: [], summary: [SummaryRow(resource: "queue/q", metric: "MessagesLost", value: 0)],
      events: [], processedEvents: 0, peakMessageSlots: 0)
    let outcomes = checkExpectations(
      [
        Expectation(resource: "queue/q", metric: "MessagesLost", equals: 0),
        Expectation(resource: "queue/q", metric: "MessagesLost", min: 1),
        Expectation(resource: "queue/q", metric: "Nope", max: 1),
      ], against: result)
    #expect(outcomes.map { $0.isMet } == [true, false, false])
    #expect(outcomes[0].line == "ok   queue/q MessagesLost = 0 (was 0)")
    #expect(outcomes[1].line == "FAIL queue/q MessagesLost >= 1 (was 0)")
    #expect(outcomes[2].line == "FAIL queue/q Nope <= 1 (not reported by this run)")
  }

  @Test("a report replaces the previous one whole and leaves no temporary folder")
  func atomicReplace() throws {
    let folder = NSTemporaryDirectory() + "msgsim-report-\(UUID().uuidString)"
    let first = ReportFiles(RunResult(name: "r", metrics: [], summary: [], events: [], processedEvents: 0, peakMessageSlots: 0))
    _ = try ReportWriter.write(first, name: "r", into: folder)
    var second = first
    second.summary = "resource,metric,value\nqueue/q,MessagesLost,0\n"
    let path = try ReportWriter.write(second, name: "r", into: folder)
    #expect(try String(contentsOfFile: path + "/summary.csv", encoding: .utf8) == second.summary)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["r"])
  }

  @Test("an unwritable report folder is an error, not a crash")
  func unwritable() {
    let files = ReportFiles(RunResult(name: "r", metrics: [], summary: [], events: [], processedEvents: 0, peakMessageSlots: 0))
    #expect(throws: ReportWriter.WriteError.self) {
      try ReportWriter.write(files, name: "r", into: "/proc/msgsim-cannot-write-here")
    }
  }
}
