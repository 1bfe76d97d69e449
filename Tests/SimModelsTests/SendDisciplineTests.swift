import Testing
import SimCore
@testable import SimModels

/// Who reorders what: a producer whose sends of one key overlap has them
/// accepted out of creation order (`ProducerReorders`); a FIFO queue then
/// delivers exactly in the order it accepted (`OrderingViolations` 0).
@Suite("Send discipline and producer reorders")
struct SendDisciplineTests {
  /// 50 trucks, 40 msg/s, API latency exponential with a 50 ms mean: sends
  /// of one truck overlap when they are concurrent.
  func trucks(_ discipline: SendDiscipline?, fifo: Bool = true) -> WorldConfig {
    keyedWorld(
      fifo: fifo, keys: 50, rate: 40, duration: 600, workers: 4, seed: 5,
      producer: {
        $0.apiLatency = .exponential(mean: 50e6)
        $0.sendDiscipline = discipline
      },
      consumer: { $0.processingTime = .exponential(mean: 20e6) })
  }

  @Test("concurrent sends of one key reach a FIFO queue out of order: producer reorders, no queue violations")
  func concurrentSendsReorder() {
    let result = run(trucks(.concurrent))
    #expect(result.value("producer/p", "ProducerReorders") > 100)
    #expect(result.value("queue/q.fifo", "OrderingViolations") == 0)
    #expect(result.value("consumer/c", "OrderingViolations") == 0)
    #expect(result.value("queue/q.fifo", "MessagesLost") == 0)
  }

  @Test("one send in flight per key keeps creation order: no reorders, every message still sent")
  func perKeySendsKeepOrder() {
    let result = run(trucks(.perKey))
    #expect(result.value("producer/p", "ProducerReorders") == 0)
    #expect(result.value("queue/q.fifo", "OrderingViolations") == 0)
    let created = result.value("producer/p", "MessagesCreated")
    #expect(result.value("producer/p", "NumberOfMessagesSent") >= created - 50)
    #expect(result.value("queue/q.fifo", "MessagesLost") == 0)
  }

  @Test("per-key sends also keep batches in order")
  func perKeyBatches() {
    var config = trucks(.perKey)
    config.producers[0].batch = BatchPolicy(size: 10, window: .milliseconds(20))
    let result = run(config)
    #expect(result.value("producer/p", "ProducerReorders") == 0)
    #expect(result.value("queue/q.fifo", "OrderingViolations") == 0)
    #expect(result.value("producer/p", "NumberOfMessagesSent") >= result.value("producer/p", "MessagesCreated") - 60)
  }

  @Test("the default: per key for keyed producers to a FIFO target, concurrent otherwise")
  func defaults() {
    let fifo = World(config: trucks(nil))
    #expect(fifo.producers.producers[0].isPerKey)
    let standard = World(config: trucks(nil, fifo: false))
    #expect(!standard.producers.producers[0].isPerKey)
    var unkeyed = trucks(nil)
    unkeyed.producers[0].keys = nil
    #expect(!World(config: unkeyed).producers.producers[0].isPerKey)
  }
}
