import SimCore

/// What a producer of records (to a Kinesis data stream or a Firehose
/// stream) counts for conservation: every record created is put, dropped
/// after its last attempt, rejected, or still on its way.
protocol RecordProducerCounters: CounterSet {
  var created: Int { get }
  var put: Int { get set }
  var dropped: Int { get set }
  var rejected: Int { get }
  var throttled: Int { get set }
  var retries: Int { get set }
  /// Attempts that failed as a whole (`errorRate`).
  var callErrors: Int { get set }
  /// Counts one attempt of a single-record call (PutRecord) or of a batch
  /// call (PutRecords, PutRecordBatch).
  mutating func countCall(isBatch: Bool)
}

/// One record producer's running state, as its fleet's metrics read it.
protocol RecordProducerState {
  associatedtype Counters: RecordProducerCounters
  var counters: Counters { get }
  /// Records created and not yet put, dropped or rejected (in the open
  /// batch, in calls, waiting for their key).
  var recordsInFlight: Int { get }
}

/// The rows of a fleet of record producers in `metrics.csv` and
/// `summary.csv`: the counters of `rows(_:)` each period and after
/// warm-up, and `RecordsUnaccounted` (must be 0) for the whole run. The
/// stream and Firehose producer fleets share it; only their counters and
/// rows differ.
protocol RecordProducerMetrics {
  associatedtype State: RecordProducerState
  var producers: FixedArray<State> { get }
  /// `producer/NAME` of each producer.
  var resources: [String] { get }
  var metricIDs: [Int32] { get set }
  var baselines: CounterBaselines<State.Counters> { get set }
  /// The counter rows, in the catalogue's order for the fleet's kind.
  static func rows(_ d: State.Counters) -> [(ProducerMetric, Double)]
}

extension RecordProducerMetrics {
  mutating func registerMetrics(in table: inout MetricsTable) {
    metricIDs = resources.map { table.register($0, namespace: ProducerMetric.self) }
  }

  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel) {
    for p in producers.indices { baselines.warmup[p] = producers[p].counters }
  }

  mutating func closePeriod(_ run: Milestone, peer _: Void, into table: inout MetricsTable, kernel: inout Kernel) {
    let start = run.periodStart
    for p in producers.indices {
      let d = producers[p].counters.subtracting(baselines.period[p])
      baselines.period[p] = producers[p].counters
      for (metric, value) in Self.rows(d) { table.publish(metric, of: metricIDs[p], at: start, value) }
    }
  }

  /// Whole-run rows after warm-up, and the conservation check over the
  /// whole run.
  func appendSummary(_ run: Milestone, peer _: Void, to summary: inout [SummaryRow], kernel: inout Kernel) {
    for p in producers.indices {
      let d = producers[p].counters.subtracting(baselines.warmup[p])
      for (metric, value) in Self.rows(d) { summary.append(resources[p], metric, value) }
      let c = producers[p].counters
      let unaccounted = c.created - c.put - c.dropped - c.rejected - producers[p].recordsInFlight
      summary.append(resources[p], ProducerMetric.recordsUnaccounted, Double(unaccounted))
    }
  }
}
