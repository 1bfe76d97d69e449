/// Where the run stands at a milestone: what `start`, `endWarmup`,
/// `closePeriod` and `appendSummary` are told.
struct Milestone: Sendable {
  /// The current time, in nanoseconds.
  var now: Int64
  /// `closePeriod`: the start of the period that closes, [periodStart, now).
  var periodStart: Int64 = 0
  /// Whether warm-up is over (its baselines taken).
  var isWarm: Bool = false
  /// `appendSummary`: the summary's span, now − the end of warm-up, in
  /// nanoseconds.
  var span: Double = 0
}

/// A service model as the world sees it between events: the milestones of
/// a run every model takes part in. Its events go through its own nested
/// `Action` enum and `handle`, which the world's `handle` dispatches to.
///
/// The world calls each milestone for every model in registration order
/// (`World.forEachModel`: the order of `metrics.csv`'s resources and of
/// `summary.csv`), so a new model plugs in with one line there, besides its
/// stored property, its construction, its `Action` case and its case in
/// `World.handle`.
protocol ServiceModel {
  /// What the model reads of another model at the milestones (`Void`:
  /// nothing); a stream's consumers read its shards' logs.
  associatedtype Peer = Void
  /// Adds the model's resources to the metrics table.
  mutating func registerMetrics(in table: inout MetricsTable)
  /// Schedules the model's first events. The default schedules nothing.
  mutating func start(_ run: Milestone, peer: Peer, kernel: inout Kernel)
  /// Warm-up is over: takes the baselines of the summary's figures.
  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel)
  /// Publishes the datapoints of the period [`run.periodStart`, `run.now`).
  mutating func closePeriod(_ run: Milestone, peer: Peer, into table: inout MetricsTable, kernel: inout Kernel)
  /// Appends the whole-run rows after warm-up (and conservation checks).
  mutating func appendSummary(_ run: Milestone, peer: Peer, to summary: inout [SummaryRow], kernel: inout Kernel)
}

extension ServiceModel {
  mutating func start(_ run: Milestone, peer: Peer, kernel: inout Kernel) {}
}

/// One milestone applied to every model (`World.forEachModel`), with what
/// the world shares at milestones: the run's metrics table and the kernel.
protocol ModelVisitor {
  mutating func visit<Model: ServiceModel>(
    _ model: inout Model, peer: Model.Peer, table: inout MetricsTable, kernel: inout Kernel)
}

/// `registerMetrics` for every model: the table's resources in
/// registration order.
struct RegisterMetrics: ModelVisitor {
  mutating func visit<Model: ServiceModel>(
    _ model: inout Model, peer: Model.Peer, table: inout MetricsTable, kernel: inout Kernel
  ) {
    model.registerMetrics(in: &table)
  }
}

/// `start` for every model.
struct StartModels: ModelVisitor {
  let run: Milestone
  mutating func visit<Model: ServiceModel>(
    _ model: inout Model, peer: Model.Peer, table: inout MetricsTable, kernel: inout Kernel
  ) {
    model.start(run, peer: peer, kernel: &kernel)
  }
}

/// `endWarmup` for every model.
struct EndWarmup: ModelVisitor {
  let run: Milestone
  mutating func visit<Model: ServiceModel>(
    _ model: inout Model, peer: Model.Peer, table: inout MetricsTable, kernel: inout Kernel
  ) {
    model.endWarmup(run, kernel: &kernel)
  }
}

/// `closePeriod` for every model, into the run's metrics table.
struct ClosePeriod: ModelVisitor {
  let run: Milestone
  mutating func visit<Model: ServiceModel>(
    _ model: inout Model, peer: Model.Peer, table: inout MetricsTable, kernel: inout Kernel
  ) {
    model.closePeriod(run, peer: peer, into: &table, kernel: &kernel)
  }
}

/// `appendSummary` for every model.
struct AppendSummary: ModelVisitor {
  let run: Milestone
  var rows: [SummaryRow] = []
  mutating func visit<Model: ServiceModel>(
    _ model: inout Model, peer: Model.Peer, table: inout MetricsTable, kernel: inout Kernel
  ) {
    model.appendSummary(run, peer: peer, to: &rows, kernel: &kernel)
  }
}
