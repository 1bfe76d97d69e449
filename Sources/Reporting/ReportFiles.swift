import SimModels

/// The CSV files of one run, as text.
public struct ReportFiles: Sendable, Equatable {
  /// `metrics.csv`: `time_s,resource,metric,value`.
  public var metrics: String
  /// `summary.csv`: `resource,metric,value`.
  public var summary: String
  /// `events.csv`: `time_s,resource,event,detail`.
  public var events: String

  /// Formats `result`.
  public init(_ result: RunResult) {
    var metrics = CSVWriter(header: ["time_s", "resource", "metric", "value"])
    for row in result.metrics {
      metrics.appendRow([formatSeconds(row.time), row.resource, row.metric, formatNumber(row.value)])
    }
    var summary = CSVWriter(header: ["resource", "metric", "value"])
    for row in result.summary {
      summary.appendRow([row.resource, row.metric, formatNumber(row.value)])
    }
    var events = CSVWriter(header: ["time_s", "resource", "event", "detail"])
    for row in result.events {
      events.appendRow([formatSeconds(row.time), row.resource, row.event, row.detail])
    }
    self.metrics = metrics.text
    self.summary = summary.text
    self.events = events.text
  }

  /// The files by name, in a fixed order.
  public var byName: [(String, String)] {
    [("metrics.csv", metrics), ("summary.csv", summary), ("events.csv", events)]
  }
}
