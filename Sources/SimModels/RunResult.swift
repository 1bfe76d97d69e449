/// One row of `metrics.csv`: a metric of a resource over one period.
public struct MetricRow: Sendable, Equatable {
  /// Start of the period, in nanoseconds.
  public var time: Int64
  /// `queue/NAME`, `producer/NAME`, `consumer/NAME`, …
  public var resource: String
  /// CloudWatch-style metric name.
  public var metric: String
  /// The value (a count, bytes, seconds or a ratio, per the metric).
  public var value: Double

  /// Creates a row.
  public init(time: Int64, resource: String, metric: String, value: Double) {
    self.time = time
    self.resource = resource
    self.metric = metric
    self.value = value
  }
}

/// One row of `summary.csv`: a whole-run figure after the warm-up.
public struct SummaryRow: Sendable, Equatable {
  public var resource: String
  public var metric: String
  public var value: Double

  /// Creates a row.
  public init(resource: String, metric: String, value: Double) {
    self.resource = resource
    self.metric = metric
    self.value = value
  }
}

/// One row of `events.csv`: a discrete happening.
public struct EventRow: Sendable, Equatable {
  /// When it happened, in nanoseconds.
  public var time: Int64
  public var resource: String
  public var event: String
  public var detail: String

  /// Creates a row.
  public init(time: Int64, resource: String, event: String, detail: String) {
    self.time = time
    self.resource = resource
    self.event = event
    self.detail = detail
  }
}

/// Everything a run measured.
public struct RunResult: Sendable {
  /// The scenario's name (the report folder).
  public var name: String
  /// Per-period metrics, in time order, then resource order.
  public var metrics: [MetricRow]
  /// Whole-run figures, in resource order.
  public var summary: [SummaryRow]
  /// Discrete happenings in time order.
  public var events: [EventRow]
  /// Events the simulation processed.
  public var processedEvents: UInt64
  /// Peak number of message slots in use at once.
  public var peakMessageSlots: Int

  /// Creates a result.
  public init(
    name: String, metrics: [MetricRow], summary: [SummaryRow], events: [EventRow], processedEvents: UInt64,
    peakMessageSlots: Int
  ) {
    self.name = name
    self.metrics = metrics
    self.summary = summary
    self.events = events
    self.processedEvents = processedEvents
    self.peakMessageSlots = peakMessageSlots
  }

  /// The summary value of `metric` for `resource`, if reported.
  public func summaryValue(_ resource: String, _ metric: String) -> Double? {
    summary.first { $0.resource == resource && $0.metric == metric }?.value
  }
}
