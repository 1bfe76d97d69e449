import Testing

@testable import Reporting
@testable import SimModels

@Suite("Summary table: Firehose")
struct FirehoseSummaryTableTests {
  @Test("a Firehose stream's line has its flushes by cause, latency and freshness; its producers get their own table")
  func firehoseLines() {
    func rows(_ resource: String, _ figures: [(String, Double)]) -> [SummaryRow] {
      figures.map { SummaryRow(resource: resource, metric: $0.0, value: $0.1) }
    }
    let result = RunResult(
      name: "t", metrics: [],
      summary: rows("firehose/logs", [
        ("IncomingRecords", 14_986), ("ThrottledRecords", 12), ("BufferFlushes.size", 3),
        ("BufferFlushes.interval", 5), ("DeliveryToS3.Records", 15_040), ("DeliveryToS3.DataFreshness", 300.2),
        ("RecordsProcessingFailed", 7), ("RecordsToBackup", 9), ("EndToEndLatency.p50", 151.9),
        ("EndToEndLatency.p99", 297.4), ("RecordsBuffered", 3_000), ("RecordsInDelivery", 5),
        ("RecordsUnaccounted", 0),
      ])
        + rows("producer/audit", [
          ("MessagesCreated", 14_985), ("RecordsPut", 14_986), ("PutRecordCalls", 14_985), ("PutRecordBatchCalls", 0),
          ("RecordsThrottled", 12), ("RecordsDropped", 0), ("MessagesRejected", 0), ("RecordsUnaccounted", 0),
        ])
        + rows("producer/kpl", [("MessagesCreated", 10), ("RecordsPut", 10), ("PutRecordsCalls", 1)]),
      events: [], processedEvents: 0, peakMessageSlots: 0)
    let lines = SummaryTable.render(result, outcomes: [], header: "h").split(separator: "\n").map(String.init)
    func row(_ resource: String) -> [String] {
      lines.first { $0.hasPrefix(resource + " ") }.map { $0.split(separator: " ").map(String.init) } ?? []
    }
    #expect(lines.contains { $0.hasPrefix("firehose ") && $0.contains("flushes size/interval") && $0.contains("freshness max") })
    #expect(row("firehose/logs").joined(separator: " ").contains("3 / 5"))
    #expect(row("firehose/logs").contains("5m00s"))
    #expect(row("firehose/logs").contains("2m32s"))
    #expect(row("firehose/logs").contains("3,005"))
    // The Firehose producer is on its own table, once; the stream producer
    // stays on the stream producers' table.
    #expect(lines.contains { $0.hasPrefix("firehose producer ") })
    #expect(lines.filter { $0.hasPrefix("producer/audit ") }.count == 1)
    let streamTable = lines.firstIndex { $0.hasPrefix("stream producer ") }
    let firehoseTable = lines.firstIndex { $0.hasPrefix("firehose producer ") }
    let audit = lines.firstIndex { $0.hasPrefix("producer/audit ") }
    let kpl = lines.firstIndex { $0.hasPrefix("producer/kpl ") }
    if let streamTable, let firehoseTable, let audit, let kpl {
      #expect(streamTable < kpl && kpl < firehoseTable && firehoseTable < audit)
    } else {
      Issue.record("missing lines: \(lines)")
    }
    #expect(!lines.contains { $0.hasPrefix("producer ") })
  }
}
