import Foundation
import Testing

@testable import ScenarioFormat
@testable import SimModels

/// The repository root, from this file's path (Tests/ScenarioFormatTests/…).
private let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The catalogue kind and FIFO-ness of a summary resource such as
/// `queue/orders.fifo` (FIFO queues and topics end in `.fifo`).
private func kindOf(_ resource: String) -> (MetricCatalogue.ResourceKind, fifo: Bool)? {
  guard let slash = resource.firstIndex(of: "/"),
    let kind = MetricCatalogue.ResourceKind(rawValue: String(resource[..<slash]))
  else { return nil }
  return (kind, resource.hasSuffix(".fifo"))
}

private let expectScenario = """
  {
    queues: [{ name: "orders" }, { name: "gps.fifo", type: "fifo" }],
    topics: [{ name: "events", subscriptions: [{ queue: "orders" }, { lambda: { name: "audit" } }] }],
    producers: [{ name: "web", target: "queue:orders", arrivals: { rate: 1 } }],
    consumers: [{ name: "workers", source: "queue:orders", waitTime: "20s" }],
    expect: [EXPECT],
  }
  """

private func expectErrors(_ expectation: String) -> [String] {
  errorLines(expectScenario.replacingOccurrences(of: "EXPECT", with: expectation))
}

@Suite("expect metric names")
struct ExpectMetricTests {
  @Test("every metric of every golden summary.csv is in the catalogue for its resource kind")
  func goldenSummariesAreCatalogued() throws {
    let golden = packageRoot.appendingPathComponent("Tests/Golden")
    let folders = try FileManager.default.contentsOfDirectory(atPath: golden.path).sorted()
    var checked = 0
    for folder in folders {
      let file = golden.appendingPathComponent(folder).appendingPathComponent("summary.csv")
      guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
      // Each resource's rows, in order: all of them must be in one variant's
      // list (a producer writing to a stream or a Firehose stream reports
      // its own names; the summary does not say which it is).
      var metrics: [(resource: String, names: [String])] = []
      for line in text.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        try #require(fields.count == 3, "\(folder): \(line)")
        if metrics.last?.resource == fields[0] { metrics[metrics.count - 1].names.append(fields[1]) } else {
          metrics.append((fields[0], [fields[1]]))
        }
      }
      for (resource, names) in metrics {
        guard let (kind, fifo) = kindOf(resource) else {
          Issue.record("\(folder)/summary.csv: resource \(resource) of no catalogued kind")
          continue
        }
        let variants: [MetricCatalogue.Variant] = [
          .init(fifo: fifo), .init(stream: true), .init(shard: resource.contains("/shardId-")), .init(firehose: true),
        ]
        let listed = variants.map { Set(MetricCatalogue.summaryMetrics(for: kind, $0)) }
        let best = listed.max { $0.intersection(names).count < $1.intersection(names).count } ?? []
        for metric in names where !best.contains(metric) {
          Issue.record("\(folder)/summary.csv: \(resource),\(metric) is not in MetricCatalogue")
        }
        checked += names.count
      }
    }
    #expect(checked > 1_000, "found only \(checked) golden summary rows under \(golden.path)")
  }

  @Test("the counter rows and filter reasons the summary writes are catalogued")
  func countersAreCatalogued() {
    let producer = MetricCatalogue.summaryMetrics(for: .producer)
    for (metric, _) in ProducerCounters().rows {
      #expect(producer.contains(metric.rawValue), "\(metric)")
    }
    let topic = MetricCatalogue.summaryMetrics(for: .topic)
    for reason in FilterOutReason.allCases {
      #expect(topic.contains(reason.metricName), "\(reason.metricName)")
    }
    #expect(MetricCatalogue.summaryMetrics(for: .queue).contains("CountIdentityError"))
    #expect(producer.contains("ProducerReorders"))
    #expect(!MetricCatalogue.summaryMetrics(for: .queue).contains("ThrottledRequests"))
    #expect(MetricCatalogue.summaryMetrics(for: .queue, fifo: true).contains("ThrottledRequests"))
    #expect(MetricCatalogue.summaryMetrics(for: .topic, fifo: true).contains("MessagesDeduplicated"))
    for kind in MetricCatalogue.ResourceKind.allCases {
      for fifo in [false, true] {
        let names = MetricCatalogue.summaryMetrics(for: kind, fifo: fifo)
        #expect(Set(names).count == names.count, "\(kind) fifo \(fifo) lists a name twice")
      }
    }
  }

  @Test("a run with FIFO and standard queues and topics, an endpoint and failures reports only catalogued metrics")
  func runSummaryIsCatalogued() throws {
    let scenario = try decodeScenario(
      """
      {
        duration: "2m", warmup: "10s", seed: 7,
        queues: [{ name: "orders" }, { name: "gps.fifo", type: "fifo", contentBasedDeduplication: true },
                 { name: "feed.fifo", type: "fifo" }],
        topics: [
          { name: "events", subscriptions: [
              { queue: "orders", filterPolicy: { kind: ["a"] } },
              { lambda: { name: "audit", latency: "10ms", failureRate: 0.2 } }] },
          { name: "pos.fifo", type: "fifo", contentBasedDeduplication: true,
            subscriptions: [{ queue: "feed.fifo" }] },
        ],
        producers: [
          { name: "web", target: "topic:events", arrivals: { rate: 20 },
            attributes: { kind: { oneOf: ["a", "b"] } } },
          { name: "trucks", target: "queue:gps.fifo", arrivals: { rate: 20 }, keys: { count: 4 } },
          { name: "pos", target: "topic:pos.fifo", arrivals: { rate: 5 }, keys: { count: 2 } },
        ],
        consumers: [
          { name: "workers", source: "queue:orders", count: 2, waitTime: "20s", processingTime: "10ms" },
          { name: "gps", source: "queue:gps.fifo", count: 2, waitTime: "20s", processingTime: "10ms" },
          { name: "feed", source: "queue:feed.fifo", waitTime: "20s" },
        ],
      }
      """)
    var world = World(config: scenario.world)
    let result = world.run()
    var kinds = Set<String>()
    for row in result.summary {
      let (kind, fifo) = try #require(kindOf(row.resource), "\(row.resource)")
      kinds.insert("\(kind)\(fifo ? ".fifo" : "")")
      #expect(
        MetricCatalogue.summaryMetrics(for: kind, fifo: fifo).contains(row.metric),
        "\(row.resource),\(row.metric) is not in MetricCatalogue")
    }
    #expect(kinds == ["queue", "queue.fifo", "topic", "topic.fifo", "endpoint", "producer", "consumer"])
  }

  @Test("an unknown metric names the file, the path and the resource, with a did-you-mean", arguments: [
    (#"{ resource: "queue/orders", metric: "ApproximateNumberOfMessages", max: 10 }"#,
      "test.json5: expect[0].metric: unknown metric 'ApproximateNumberOfMessages' for queue/orders (did you mean 'ApproximateNumberOfMessagesVisible'?)"),
    (#"{ resource: "queue/orders", metric: "MesagesLost", equals: 0 }"#,
      "test.json5: expect[0].metric: unknown metric 'MesagesLost' for queue/orders (did you mean 'MessagesLost'?)"),
    (#"{ resource: "queue/orders", metric: "EndToEndLatency.p95", max: 1 }"#,
      "test.json5: expect[0].metric: unknown metric 'EndToEndLatency.p95' for queue/orders (did you mean 'EndToEndLatency.p90'?)"),
    (#"{ resource: "queue/orders", metric: "Bogus", max: 1 }"#,
      "test.json5: expect[0].metric: unknown metric 'Bogus' for queue/orders"),
    (#"{ resource: "consumer/workers", metric: "MessagesLost", equals: 0 }"#,
      "test.json5: expect[0].metric: unknown metric 'MessagesLost' for consumer/workers"),
    (#"{ resource: "producer/web", metric: "NumberOfMessagesSnt", min: 1 }"#,
      "test.json5: expect[0].metric: unknown metric 'NumberOfMessagesSnt' for producer/web (did you mean 'NumberOfMessagesSent'?)"),
    (#"{ resource: "topic/events", metric: "MessagesDeduplicated", equals: 0 }"#,
      "test.json5: expect[0].metric: 'MessagesDeduplicated' is reported only for FIFO topics, and topic/events is a standard topic"),
    (#"{ resource: "queue/orders", metric: "ThrottledRequests", equals: 0 }"#,
      "test.json5: expect[0].metric: 'ThrottledRequests' is reported only for FIFO queues, and queue/orders is a standard queue"),
    (#"{ resource: "endpoint/audit", metric: "DeliveryLatency.p999", max: 1 }"#,
      "test.json5: expect[0].metric: unknown metric 'DeliveryLatency.p999' for endpoint/audit (did you mean 'DeliveryLatency.p99'?)"),
  ])
  func unknownMetric(expectation: String, line: String) {
    #expect(expectErrors(expectation) == [line])
  }

  @Test("known metrics pass, including conditional and FIFO-only ones")
  func knownMetrics() {
    for expectation in [
      #"{ resource: "queue/orders", metric: "QueueTime.p99", max: 1 }"#,
      #"{ resource: "queue/orders", metric: "ApproximateNumberOfMessagesVisible", max: 1 }"#,
      #"{ resource: "queue/gps.fifo", metric: "ThrottledRequests", equals: 0 }"#,
      #"{ resource: "queue/gps.fifo", metric: "MessagesPerSecond.sent", min: 0 }"#,
      #"{ resource: "topic/events", metric: "NumberOfNotificationsFilteredOut-MessageBody", equals: 0 }"#,
      #"{ resource: "endpoint/audit", metric: "DeliveryLatency.p99", max: 1 }"#,
      #"{ resource: "producer/web", metric: "ProducerReorders", equals: 0 }"#,
      #"{ resource: "consumer/workers", metric: "ApiCallsPerMessage", max: 2 }"#,
    ] {
      #expect(expectErrors(expectation) == [], "\(expectation)")
    }
  }

  @Test("every problem of a file is listed: an unknown metric does not hide an unknown resource")
  func severalProblems() {
    #expect(
      expectErrors(
        #"{ resource: "queue/ordrs", metric: "MessagesLost", equals: 0 }, { resource: "queue/orders", metric: "MessagesLots", equals: 0 }"#
      ) == [
        "test.json5: expect[0].resource: unknown queue 'ordrs' (did you mean 'orders'?)",
        "test.json5: expect[1].metric: unknown metric 'MessagesLots' for queue/orders (did you mean 'MessagesLost'?)",
      ])
  }

  @Test("run and validate report an unknown metric before simulating")
  func loaderRejectsFile() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write(
      "s.json5", expectScenario.replacingOccurrences(of: "EXPECT", with: #"{ resource: "queue/orders", metric: "ApproximateNumberOfMessages", max: 1 }"#))
    let path = directory.path + "/s.json5"
    #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: path) }
    do {
      _ = try ScenarioLoader.load(path: path)
    } catch let error as ScenarioError {
      #expect(error.description == "\(path): expect[0].metric: unknown metric 'ApproximateNumberOfMessages' for queue/orders (did you mean 'ApproximateNumberOfMessagesVisible'?)")
    }
  }
}
