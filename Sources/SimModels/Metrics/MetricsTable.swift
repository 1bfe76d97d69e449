import SimCore

/// One period's value of one metric of one resource.
public struct Datapoint: Sendable, Equatable {
  /// The start of the period, in nanoseconds (periods are [t, t + P)).
  public var periodStart: Int64
  public var value: Double
}

/// How a CloudWatch alarm reduces datapoints to one figure.
public enum Statistic: String, Sendable, CaseIterable {
  case average = "Average"
  case sum = "Sum"
  case minimum = "Minimum"
  case maximum = "Maximum"
  case sampleCount = "SampleCount"

  /// The statistic of `values` (nil when there are none, as CloudWatch
  /// has no datapoint then).
  public func of<C: Collection>(_ values: C) -> Double? where C.Element == Double {
    guard !values.isEmpty else { return self == .sampleCount ? 0 : nil }
    switch self {
    case .average: return values.reduce(0, +) / Double(values.count)
    case .sum: return values.reduce(0, +)
    case .minimum: return values.min()
    case .maximum: return values.max()
    case .sampleCount: return Double(values.count)
    }
  }
}

/// Every metric datapoint of a run, period by period: what models publish
/// when a period closes, what CloudWatch alarms read while the run goes on,
/// and what `metrics.csv` is written from.
///
/// A resource is registered once with its namespace (`SQSMetric`, …);
/// publishing `metric` of `resource` then finds its series through a flat
/// table indexed by the resource's block and the metric's ordinal (no
/// hashing). Rows keep their publication order, which is the order of
/// `metrics.csv`.
public struct MetricsTable: Sendable {
  /// The metrics period in nanoseconds.
  public let period: Int64
  /// Registered resources (`queue/orders`), by resource number.
  public private(set) var resources: [String] = []
  /// Where each resource's block of series slots starts in `slots`.
  var blockStart: [Int] = []
  /// Series number per (resource, metric ordinal); −1 before the first
  /// datapoint.
  var slots: [Int32] = []
  /// Each series' resource and metric name.
  var seriesResource: [Int32] = []
  var seriesMetric: [String] = []
  /// Each series' datapoints, in time order.
  var seriesPoints: [[Datapoint]] = []
  /// Every datapoint in publication order: its series and its index there.
  var rows: [(series: Int32, point: Int32)] = []

  public init(period: Int64) {
    self.period = period
  }

  /// Registers `name` (its metrics are `namespace`'s) and returns its number.
  public mutating func register<M: MetricName>(_ name: String, namespace: M.Type) -> Int32 {
    resources.append(name)
    blockStart.append(slots.count)
    slots.append(contentsOf: repeatElement(-1, count: M.allCases.count))
    return Int32(resources.count - 1)
  }

  /// Publishes `metric` of `resource` for the period starting at
  /// `periodStart`.
  public mutating func publish<M: MetricName>(_ metric: M, of resource: Int32, at periodStart: Int64, _ value: Double) {
    let slot = blockStart[Int(resource)] + metric.ordinal
    var series = slots[slot]
    if series < 0 {
      series = Int32(seriesPoints.count)
      slots[slot] = series
      seriesResource.append(resource)
      seriesMetric.append(metric.rawValue)
      seriesPoints.append([])
    }
    seriesPoints[Int(series)].append(Datapoint(periodStart: periodStart, value: value))
    rows.append((series, Int32(seriesPoints[Int(series)].count - 1)))
  }

  /// The datapoints of `metric` of `resource` that are published by `now`,
  /// the last `count` of them (fewer when the series is shorter). A period
  /// [t, t + P) is published at t + P + `publicationDelay` (CloudWatch
  /// makes SQS metrics available some minutes after the period ends).
  public func recent<M: MetricName>(
    _ metric: M, of resource: Int32, count: Int, now: Int64, publicationDelay: Int64 = 0
  ) -> ArraySlice<Datapoint> {
    let series = slots[blockStart[Int(resource)] + metric.ordinal]
    guard series >= 0 else { return [] }
    let points = seriesPoints[Int(series)]
    var end = points.count
    while end > 0 && points[end - 1].periodStart + period + publicationDelay > now { end -= 1 }
    return points[max(0, end - count)..<end]
  }

  /// `statistic` over the last `periods` published datapoints of `metric`
  /// of `resource` (see `recent`); nil when there are none.
  public func statistic<M: MetricName>(
    _ statistic: Statistic, of metric: M, resource: Int32, periods: Int, now: Int64, publicationDelay: Int64 = 0
  ) -> Double? {
    statistic.of(recent(metric, of: resource, count: periods, now: now, publicationDelay: publicationDelay).map(\.value))
  }

  /// The number of the registered resource `name`, if any.
  public func resource(named name: String) -> Int32? {
    resources.firstIndex(of: name).map { Int32($0) }
  }

  /// The rows of `metrics.csv`, in publication order.
  public var metricRows: [MetricRow] {
    rows.map { row in
      let point = seriesPoints[Int(row.series)][Int(row.point)]
      return MetricRow(
        time: point.periodStart, resource: resources[Int(seriesResource[Int(row.series)])],
        metric: seriesMetric[Int(row.series)], value: point.value)
    }
  }
}

extension Array where Element == SummaryRow {
  /// Appends one summary row of `resource`.
  @inline(__always)
  mutating func append<M: MetricName>(_ resource: String, _ metric: M, _ value: Double) {
    append(SummaryRow(resource: resource, metric: metric.rawValue, value: value))
  }

  /// Appends a latency distribution's rows: `names` are its count, mean,
  /// p50, p90, p99 and max metrics; all but the count only when there were
  /// samples. Values in seconds.
  mutating func appendLatency<M: MetricName>(_ resource: String, _ histogram: StreamingHistogram, _ names: [M]) {
    append(resource, names[0], Double(histogram.count))
    guard !histogram.isEmpty else { return }
    append(resource, names[1], histogram.mean / 1e9)
    append(resource, names[2], Double(histogram.quantile(0.50)) / 1e9)
    append(resource, names[3], Double(histogram.quantile(0.90)) / 1e9)
    append(resource, names[4], Double(histogram.quantile(0.99)) / 1e9)
    append(resource, names[5], Double(histogram.max) / 1e9)
  }
}
