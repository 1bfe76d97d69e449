import Testing
import SimModels

@testable import ScenarioFormat

@Suite("Resource sections")
struct ResourceSectionTests {
  @Test("one entry per kind: unique keys and kinds, expect prefixes are summary.csv's")
  func table() {
    let sections = ResourceSection.all
    let keys = sections.compactMap(\.key)
    #expect(Set(keys).count == keys.count)
    #expect(Set(sections.map(\.kind)).count == sections.count)
    for section in sections {
      if let kind = section.summaryKind { #expect(kind.rawValue == section.kind, "\(section.kind)") }
    }
    #expect(Set(sections.compactMap(\.summaryKind)) == Set(MetricCatalogue.ResourceKind.allCases))
  }

  @Test("a listed, simulated section is read; a reserved one is not, and names no summary rows")
  func reading() {
    for section in ResourceSection.all where section.key != nil {
      #expect((section.read != nil) == section.isSimulated, "\(section.kind)")
      if !section.isSimulated { #expect(section.summaryKind == nil, "\(section.kind)") }
    }
    #expect(ResourceSection.listed(at: "queues")?.kind == "queue")
    #expect(ResourceSection.listed(at: "expect") == nil)
  }

  @Test("references become the model's endpoints")
  func references() {
    #expect(ResourceSection.queue.endpoint(for: .target)?("orders") == .queue("orders"))
    #expect(ResourceSection.queue.endpoint(for: .source)?("orders") == .queue("orders"))
    #expect(ResourceSection.topic.endpoint(for: .target)?("t") == .topic("t"))
    #expect(ResourceSection.topic.endpoint(for: .source) == nil)
    #expect(ResourceSection.producer.endpoint(for: .target) == nil)
    #expect(ResourceSection.stream.endpoint(for: .target)?("gps") == .stream("gps"))
    #expect(ResourceSection.stream.endpoint(for: .source)?("gps") == .stream("gps"))
    #expect(ResourceSection.firehose.endpoint(for: .target)?("f") == .firehose("f"))
  }

  @Test("streams and firehoses are simulated and read before the producers and consumers that name them")
  func streams() {
    #expect(ResourceSection.stream.isSimulated)
    #expect(ResourceSection.stream.summaryKind == .stream)
    #expect(ResourceSection.firehose.isSimulated)
    #expect(ResourceSection.firehose.summaryKind == .firehose)
    let kinds = ResourceSection.all.map(\.kind)
    let stream = kinds.firstIndex(of: "stream") ?? kinds.count
    #expect(stream < kinds.firstIndex(of: "producer")!)
    #expect(stream < kinds.firstIndex(of: "consumer")!)
    #expect(kinds.firstIndex(of: "firehose")! < kinds.firstIndex(of: "producer")!)
  }
}
