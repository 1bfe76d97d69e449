import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

/// AWS takes these durations in whole seconds (WaitTimeSeconds,
/// VisibilityTimeout, DelaySeconds, MessageRetentionPeriod, ...): a
/// fraction is an error naming the parameter and its range.
@Suite("AWS's whole-second granularity")
struct GranularityTests {
  static let queue = "{ name: 'q' }"
  static let consumer = "name: 'c', source: 'queue:q'"
  static let producer = "name: 'p', target: 'queue:q', arrivals: { rate: 1 }"

  @Test("sub-second values are refused, naming the AWS parameter", arguments: [
    ("{ queues: [{ name: 'q', receiveWaitTime: '250ms' }] }",
      "queues[0].receiveWaitTime: '250ms' is not a whole number of seconds (ReceiveMessageWaitTimeSeconds is 0 to 20 whole seconds)"),
    ("{ queues: [\(queue)], consumers: [{ \(consumer), waitTime: '1ns' }] }",
      "consumers[0].waitTime: '1ns' is not a whole number of seconds (WaitTimeSeconds is 0 to 20 whole seconds)"),
    ("{ queues: [\(queue)], consumers: [{ \(consumer), waitTime: '1us' }] }",
      "consumers[0].waitTime: '1us' is not a whole number of seconds (WaitTimeSeconds is 0 to 20 whole seconds)"),
    ("{ queues: [{ name: 'q', visibilityTimeout: '1.5s' }] }",
      "queues[0].visibilityTimeout: '1.5s' is not a whole number of seconds (VisibilityTimeout is 0 to 43,200 whole seconds)"),
    ("{ queues: [\(queue)], consumers: [{ \(consumer), waitTime: '1s', visibilityTimeout: '500ms' }] }",
      "consumers[0].visibilityTimeout: '500ms' is not a whole number of seconds (VisibilityTimeout is 0 to 43,200 whole seconds)"),
    ("{ queues: [\(queue)], consumers: [{ \(consumer), waitTime: '1s', heartbeat: { visibilityTimeout: '45500ms' } }] }",
      "consumers[0].heartbeat.visibilityTimeout: '45500ms' is not a whole number of seconds (ChangeMessageVisibility takes a VisibilityTimeout of 0 to 43,200 whole seconds)"),
    ("{ queues: [{ name: 'q', delay: '100ms' }] }",
      "queues[0].delay: '100ms' is not a whole number of seconds (DelaySeconds is 0 to 900 whole seconds)"),
    ("{ queues: [{ name: 'q', messageRetention: '90.5s' }] }",
      "queues[0].messageRetention: '90.5s' is not a whole number of seconds (MessageRetentionPeriod is 60 to 1,209,600 whole seconds)"),
    ("{ queues: [\(queue)], producers: [{ \(producer), delay: '1500ms' }] }",
      "producers[0].delay: '1500ms' is not a whole number of seconds (DelaySeconds is 0 to 900 whole seconds)"),
    ("{ queues: [\(queue)], producers: [{ \(producer), delay: { uniform: ['0s', '1.5s'] } }] }",
      "producers[0].delay.uniform[1]: '1.5s' is not a whole number of seconds (DelaySeconds is 0 to 900 whole seconds)"),
  ])
  func subSecond(source: String, expected: String) {
    #expect(errorLines(source) == ["test.json5: " + expected])
  }

  @Test("whole seconds in any unit are accepted")
  func wholeSecondsInOtherUnits() throws {
    let scenario = try decodeScenario("""
      { queues: [{ name: 'q', receiveWaitTime: '20000ms', visibilityTimeout: '0.5m', delay: '15m', messageRetention: '1.5m' }],
        producers: [{ \(Self.producer), delay: { uniform: ['1000ms', '2s'] } }],
        consumers: [{ \(Self.consumer), waitTime: '1000000us', visibilityTimeout: '2000000000ns',
          heartbeat: { visibilityTimeout: '1m', interval: '250ms' } }] }
      """)
    let queue = scenario.world.queues[0]
    #expect(queue.receiveWaitTime == .seconds(20))
    #expect(queue.visibilityTimeout == .seconds(30))
    #expect(queue.delay == .seconds(900))
    #expect(queue.messageRetention == .seconds(90))
    #expect(scenario.world.producers[0].messageDelay == .uniform(low: 1e9, high: 2e9))
    let consumer = scenario.world.consumers[0]
    #expect(consumer.waitTime == .seconds(1))
    #expect(consumer.visibilityTimeout == .seconds(2))
    // The heartbeat interval is the client's own timer, not an AWS parameter.
    #expect(consumer.heartbeat == HeartbeatPolicy(interval: .milliseconds(250), visibilityTimeout: .seconds(60)))
  }

  @Test("empirical delay samples must be whole seconds too")
  func empiricalDelay() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("delays.csv", "delay\n1\n2.5\n3s\n")
    let source = "{ queues: [\(Self.queue)], producers: [{ \(Self.producer), delay: { empirical: 'delays.csv' } }] }"
    #expect(
      errorLines(source, baseDirectory: directory.path) == [
        "test.json5: producers[0].delay.empirical: 'delays.csv' line 3: '2.5' is not a whole number of seconds (DelaySeconds is 0 to 900 whole seconds)"
      ])
  }
}
