import SimModels

/// The CSV files of one run, as UTF-8 bytes.
public struct ReportFiles: Sendable, Equatable {
  /// `metrics.csv`: `time_s,resource,metric,value`.
  public var metricsBytes: [UInt8]
  /// `summary.csv`: `resource,metric,value`.
  public var summaryBytes: [UInt8]
  /// `events.csv`: `time_s,resource,event,detail`.
  public var eventsBytes: [UInt8]

  /// Formats `result`. O(rows): about 40 bytes and 600 instructions per
  /// metrics row.
  public init(_ result: RunResult) {
    // A metrics row is about 40 bytes; reserved but untouched pages cost no memory.
    var metrics = CSVWriter(header: ["time_s", "resource", "metric", "value"], reservingCapacity: 64 * result.metrics.count)
    for row in result.metrics {
      metrics.appendRow(seconds: row.time, row.resource, row.metric, number: row.value)
    }
    var summary = CSVWriter(header: ["resource", "metric", "value"])
    for row in result.summary {
      summary.appendRow(row.resource, row.metric, number: row.value)
    }
    var events = CSVWriter(header: ["time_s", "resource", "event", "detail"])
    for row in result.events {
      events.appendSeconds(row.time)
      events.appendField(row.resource)
      events.appendField(row.event)
      events.appendField(row.detail)
      events.endRow()
    }
    metricsBytes = metrics.bytes
    summaryBytes = summary.bytes
    eventsBytes = events.bytes
  }

  /// `metrics.csv` as text. O(bytes): get and set copy.
  public var metrics: String {
    get { String(decoding: metricsBytes, as: UTF8.self) }
    set { metricsBytes = Array(newValue.utf8) }
  }

  /// `summary.csv` as text. O(bytes): get and set copy.
  public var summary: String {
    get { String(decoding: summaryBytes, as: UTF8.self) }
    set { summaryBytes = Array(newValue.utf8) }
  }

  /// `events.csv` as text. O(bytes): get and set copy.
  public var events: String {
    get { String(decoding: eventsBytes, as: UTF8.self) }
    set { eventsBytes = Array(newValue.utf8) }
  }

  /// The files by name, in a fixed order.
  public var byName: [(name: String, bytes: [UInt8])] {
    [("metrics.csv", metricsBytes), ("summary.csv", summaryBytes), ("events.csv", eventsBytes)]
  }
}
