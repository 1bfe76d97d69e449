import SimModels

/// `msgsim metrics [--kind KIND] [--conservation]`: the metric names a
/// summary can hold, one `KIND<TAB>METRIC` line each, in summary order,
/// from the models' typed metric enums. `--conservation` lists only the
/// whole-run checks that must be 0 (CI reads them from here, so renaming
/// one cannot make its check pass silently).
enum MetricsCommand {
  static func execute(_ arguments: [String]) -> CommandOutput {
    var kinds = MetricCatalogue.ResourceKind.allCases
    var conservationOnly = false
    var cursor = arguments[...]
    func fail(_ message: String) -> CommandOutput {
      usageError(message, usage: Help.metricsUsage, helpHint: "msgsim help metrics")
    }
    while let argument = cursor.popFirst() {
      switch argument {
      case "-h", "--help": return printed(Help.metrics)
      case "--conservation": conservationOnly = true
      case "--kind":
        guard let value = cursor.popFirst() else { return fail("--kind needs a value") }
        guard let kind = MetricCatalogue.ResourceKind(rawValue: value) else {
          let names = MetricCatalogue.ResourceKind.allCases.map(\.rawValue)
          return fail("unknown kind '\(value)'\(suggestion(value, names)); kinds: \(names.joined(separator: ", "))")
        }
        kinds = [kind]
      default:
        return fail("unknown option '\(argument)'")
      }
    }
    var lines: [String] = []
    for kind in kinds {
      var names: [String]
      if conservationOnly {
        names = MetricCatalogue.conservationMetrics(for: kind)
      } else {
        names = MetricCatalogue.summaryMetrics(for: kind)
        names += MetricCatalogue.fifoOnlyMetrics(for: kind).filter { !names.contains($0) }
        // Stream producers and applications, shards, and producers writing
        // to Firehose streams report names of their own under the same kinds.
        for variant in [
          MetricCatalogue.Variant(stream: true), MetricCatalogue.Variant(shard: true),
          MetricCatalogue.Variant(firehose: true),
        ] {
          names += MetricCatalogue.summaryMetrics(for: kind, variant).filter { !names.contains($0) }
        }
      }
      lines += names.map { "\(kind.rawValue)\t\($0)" }
    }
    return printed(lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n")
  }
}
