import SimCore
import Testing

@testable import SimModels

@Suite("Typed metrics and the in-run metrics table")
struct MetricsTableTests {
  @Test("each metric enum's ordinal is its position in allCases, and names are unique per namespace")
  func ordinals() {
    func check<M: MetricName>(_: M.Type) {
      for (i, metric) in M.allCases.enumerated() { #expect(metric.ordinal == i, "\(metric)") }
      #expect(Set(M.allCases.map(\.rawValue)).count == M.allCases.count)
    }
    check(SQSMetric.self)
    check(SNSMetric.self)
    check(SNSEndpointMetric.self)
    check(ProducerMetric.self)
    check(ConsumerMetric.self)
    check(FirehoseMetric.self)
    for reason in FilterOutReason.allCases { #expect(SNSMetric.filteredOut(reason).rawValue == reason.metricName) }
  }

  /// A table with one queue whose visible count is 10, 40, 20, 30 in the
  /// four minutes of [0, 240) s.
  func sample() -> (MetricsTable, Int32) {
    var table = MetricsTable(period: 60_000_000_000)
    let queue = table.register("queue/q", namespace: SQSMetric.self)
    _ = table.register("producer/p", namespace: ProducerMetric.self)
    for (i, value) in [10.0, 40, 20, 30].enumerated() {
      table.publish(SQSMetric.approximateNumberOfMessagesVisible, of: queue, at: Int64(i) * 60_000_000_000, value)
    }
    return (table, queue)
  }

  @Test("recent datapoints: a period counts once it ended plus the publication delay")
  func recentWithDelay() {
    let (table, q) = sample()
    let minute: Int64 = 60_000_000_000
    let visible = SQSMetric.approximateNumberOfMessagesVisible
    #expect(table.recent(visible, of: q, count: 10, now: 4 * minute).map(\.value) == [10, 40, 20, 30])
    #expect(table.recent(visible, of: q, count: 2, now: 4 * minute).map(\.value) == [20, 30])
    // Published two minutes late: at 4 min only the first two periods are out.
    #expect(table.recent(visible, of: q, count: 10, now: 4 * minute, publicationDelay: 2 * minute).map(\.value) == [10, 40])
    #expect(table.recent(visible, of: q, count: 10, now: 4 * minute - 1, publicationDelay: 0).map(\.value) == [10, 40, 20])
    #expect(table.recent(visible, of: q, count: 10, now: minute - 1).isEmpty)
    #expect(table.recent(SQSMetric.numberOfMessagesSent, of: q, count: 10, now: 4 * minute).isEmpty)
  }

  @Test("statistics over the last N periods, as a CloudWatch alarm evaluates them")
  func statistics() {
    let (table, q) = sample()
    let minute: Int64 = 60_000_000_000
    let visible = SQSMetric.approximateNumberOfMessagesVisible
    func stat(_ s: Statistic, _ n: Int, delay: Int64 = 0) -> Double? {
      table.statistic(s, of: visible, resource: q, periods: n, now: 4 * minute, publicationDelay: delay)
    }
    #expect(stat(.maximum, 3) == 40)
    #expect(stat(.minimum, 3) == 20)
    #expect(stat(.average, 3) == 30)
    #expect(stat(.sum, 4) == 100)
    #expect(stat(.sampleCount, 4) == 4)
    #expect(stat(.maximum, 1, delay: minute) == 20)
    #expect(table.statistic(.average, of: visible, resource: q, periods: 3, now: 0) == nil)
    #expect(table.statistic(.sampleCount, of: visible, resource: q, periods: 3, now: 0) == 0)
  }

  @Test("after a run the table holds exactly the rows of metrics.csv, queryable by resource and metric")
  func tableMatchesRows() {
    let config = simpleWorld(
      duration: 600, arrivals: .poisson(rate: 5),
      consumer: {
        $0.count = 2
        $0.processingTime = .exponential(mean: 0.5e9)
      })
    let kept = runKeepingWorld(config)
    let table = kept.world.metricsTable
    #expect(table.metricRows == kept.result.metrics)
    let q = table.resource(named: "queue/q")!
    let visible = kept.result.metrics.filter { $0.resource == "queue/q" && $0.metric == "ApproximateNumberOfMessagesVisible" }
    #expect(visible.count == 10)
    let lastThree = visible.suffix(3).map(\.value)
    #expect(
      table.statistic(.maximum, of: SQSMetric.approximateNumberOfMessagesVisible, resource: q, periods: 3, now: 600_000_000_000)
        == lastThree.max())
  }
}
