import Testing
import SimCore
@testable import SimModels

/// A resize of fleet `consumer` (index) at `at` seconds, as the test hook
/// `SQSConsumerFleet.Action.resize` schedules it.
struct Resize {
  var at: Double
  var to: Int
  var finish = false
  var consumer = 0
}

/// Runs `config` with `resizes` scheduled after the start, checks
/// conservation, and returns the result.
func runResizing(
  _ config: WorldConfig, _ resizes: [Resize], sourceLocation: SourceLocation = #_sourceLocation
) -> RunResult {
  var world = World(config: config)
  world.start()
  for r in resizes {
    world.kernel.schedule(
      .consumer(.resize(consumer: Int32(r.consumer), to: Int32(r.to), finish: r.finish)),
      at: Int64((r.at * 1e9).rounded()))
  }
  let result = world.runStarted()!
  expectConserved(world, result, sourceLocation: sourceLocation)
  return result
}

/// `runResizing` of a `simpleWorld`.
func runResizing(
  _ resizes: [Resize], duration: Double, arrivals: ArrivalProcess, period: Double = 60,
  consumer: @escaping (inout ConsumerConfig) -> Void, sourceLocation: SourceLocation = #_sourceLocation
) -> RunResult {
  runResizing(
    simpleWorld(duration: duration, arrivals: arrivals, period: period, consumer: consumer), resizes,
    sourceLocation: sourceLocation)
}

/// `count` messages arriving within the first 0.1 s.
func backlog(_ count: Int) -> ArrivalProcess {
  .constant(schedule: [
    RateStep(start: .zero, rate: Double(count) * 10), RateStep(start: .seconds(0.1), rate: 0),
  ])
}

/// A consumer of `count` workers (at most `maxCount`, default `count`) that
/// process each message for a constant `seconds`.
func workers(_ count: Int, max maxCount: Int? = nil, seconds: Double = 0) -> (inout ConsumerConfig) -> Void {
  {
    $0.count = count
    $0.maxCount = maxCount ?? count
    $0.processingTime = .constant(seconds * 1e9)
  }
}

extension RunResult {
  /// `metric` of `resource` in each period, in time order.
  func periods(_ resource: String, _ metric: String) -> [Double] {
    metrics.filter { $0.resource == resource && $0.metric == metric }.map(\.value)
  }

  /// The `detail` of each `event` row, with its time in seconds.
  func eventDetails(_ event: String) -> [String] {
    events.filter { $0.event == event }.map { "\(Double($0.time) / 1e9) \($0.detail)" }
  }
}

@Suite("Worker pools: start, stop, resize")
struct WorkerPoolTests {
  @Test("throughput doubles after a resize from 2 to 4 workers (constant 1 s processing, a backlog)")
  func resizeUpDoublesThroughput() {
    // Worker 0 takes message 1 (0.5 ms) and worker 1 message 2 (1 ms), then
    // each finishes one message a second: 9 each in [0, 10), 10 each after.
    // Workers 2 and 3 start at 19.5 s and finish at 20.5, 21.5, … 29.5 s.
    let result = runResizing(
      [Resize(at: 19.5, to: 4)],
      duration: 30, arrivals: backlog(200), period: 10, consumer: workers(2, max: 4, seconds: 1))
    #expect(result.periods("consumer/c", "MessagesProcessed") == [18, 20, 40])
    #expect(result.periods("consumer/c", "WorkersUp") == [2, 4, 4])
    // Always busy: 1 in every period, whatever the pool size. [0, 10) waits
    // for the first two arrivals (0.5 ms, 1 ms); [10, 20) had 2 workers for
    // 9.5 s and 4 for 0.5 s: 21 worker-seconds, all busy.
    #expect(result.periods("consumer/c", "Utilization") == [19_998_500_000.0 / 20e9, 1, 1])
    #expect(result.eventDetails("FleetResized") == ["19.5 2 -> 4 workers"])
  }

  @Test("Utilization with a pool of 1, then 3, then 2 workers is busy time over the integral of workers")
  func utilizationOverMemberTime() {
    // One message a second, 0.5 s each: 0.5 s busy a second whatever the
    // pool. 1 worker in [0, 10), 3 from 10 s, 2 from 25.75 s (worker 2
    // stops, idle: nothing is abandoned).
    let result = runResizing(
      [Resize(at: 10, to: 3), Resize(at: 25.75, to: 2)],
      duration: 30, arrivals: .constant(rate: 1), period: 10, consumer: workers(1, max: 3, seconds: 0.5))
    // [0, 10): arrivals at 1 … 9 s, 4.5 s busy over 10 worker-seconds;
    // [10, 20): 5 s over 30; [20, 30): 5 s over 3 × 5.75 + 2 × 4.25 = 25.75.
    #expect(result.periods("consumer/c", "Utilization") == [0.45, 5.0 / 30, 5.0 / 25.75])
    #expect(result.periods("consumer/c", "WorkersUp") == [1, 3, 2])
    #expect(result.value("consumer/c", "Utilization") == 14.5 / 65.75)
    #expect(result.value("consumer/c", "MessagesProcessed") == 29)
    #expect(result.eventDetails("FleetResized") == ["10.0 1 -> 3 workers", "25.75 3 -> 2 workers (abandon)"])
  }

  /// One message at 1 s, 10 s of processing, a 30 s visibility timeout, one
  /// worker, run for 100 s with `resizes` (and `outages`).
  func oneSlowMessage(_ resizes: [Resize], outages: [Outage] = []) -> RunResult {
    runResizing(
      simpleWorld(
        duration: 100, arrivals: arrivalsEverySecond(count: 1),
        queue: { $0.visibilityTimeout = .seconds(30) },
        consumer: {
          $0.processingTime = .constant(10e9)
          $0.outages = outages
        }),
      resizes)
  }

  /// The only worker stops at 5 s and starts again at 50 s.
  func stopMidProcessing(finish: Bool) -> RunResult {
    oneSlowMessage([Resize(at: 5, to: 0, finish: finish), Resize(at: 50, to: 1)])
  }

  @Test("abandon: the message stays invisible until its visibility timeout, then is delivered again")
  func abandonRedelivers() {
    let result = stopMidProcessing(finish: false)
    // Received at 1 s, dropped at 5 s, visible at 31 s, received again when
    // the worker is back at 50 s and deleted at 60 s.
    #expect(result.value("queue/q", "NumberOfMessagesReceived") == 2)
    #expect(result.value("consumer/c", "ReceiveMessageCalls") >= 2)
    // As after a crash: the stopped worker let go, so no duplicate.
    #expect(result.value("queue/q", "DuplicateDeliveries") == 0)
    #expect(result.value("consumer/c", "MessagesProcessed") == 1)
    #expect(result.value("consumer/c", "Crashes") == 0)
    #expect(result.value("queue/q", "EndToEndLatency.max") == 59)
    #expect(result.value("queue/q", "NumberOfMessagesDeleted") == 1)
    // Busy 1–5 s and 50–60 s; a member 0–5 s and 50–100 s.
    #expect(result.value("consumer/c", "Utilization") == 14.0 / 55)
    #expect(result.eventDetails("FleetResized") == ["5.0 1 -> 0 workers (abandon)", "50.0 0 -> 1 workers"])
    #expect(result.eventDetails("ConsumerCrashed").isEmpty && result.eventDetails("ConsumerRestarted").isEmpty)
  }

  @Test("finish: the worker processes and deletes what it holds, then stops; no redelivery")
  func finishDeletes() {
    let result = stopMidProcessing(finish: true)
    #expect(result.value("queue/q", "NumberOfMessagesReceived") == 1)
    #expect(result.value("queue/q", "NumberOfMessagesDeleted") == 1)
    #expect(result.value("queue/q", "DuplicateDeliveries") == 0)
    #expect(result.value("consumer/c", "MessagesProcessed") == 1)
    #expect(result.value("queue/q", "EndToEndLatency.max") == 10)
    // A member while draining (0–11 s) and again from 50 s: 10 s busy over 61.
    #expect(result.value("consumer/c", "Utilization") == 10.0 / 61)
    #expect(result.eventDetails("FleetResized") == ["5.0 1 -> 0 workers (finish)", "50.0 0 -> 1 workers"])
  }

  @Test("stopping every worker and starting them again resumes: the backlog is worked off")
  func stopAllThenResume() {
    // One message a second from 1 to 40 s, 0.5 s each; no worker in
    // [10, 20) (nothing is held at 10 s), 3 again from 20 s, which take the
    // 10 messages that waited at once.
    let result = runResizing(
      [Resize(at: 10, to: 0), Resize(at: 20, to: 3)],
      duration: 60, arrivals: arrivalsEverySecond(count: 40), period: 10, consumer: workers(3, seconds: 0.5))
    #expect(result.periods("consumer/c", "MessagesProcessed") == [9, 0, 20, 10, 1, 0])
    #expect(result.periods("consumer/c", "WorkersUp") == [3, 0, 3, 3, 3, 3])
    #expect(result.periods("consumer/c", "Utilization")[1] == 0)
    #expect(result.value("consumer/c", "MessagesProcessed") == 40)
    #expect(result.value("queue/q", "NumberOfMessagesDeleted") == 40)
    #expect(result.value("queue/q", "ApproximateNumberOfMessagesVisible") == 0)
    #expect(result.value("queue/q", "DuplicateDeliveries") == 0)
  }

  @Test("a resize is clamped to 0 … maxCount, and one to the current size logs nothing")
  func clamped() {
    let result = runResizing(
      [Resize(at: 2.5, to: 9), Resize(at: 3.5, to: 3), Resize(at: 4.5, to: -4)],
      duration: 20, arrivals: arrivalsEverySecond(count: 5), consumer: workers(2, max: 3))
    #expect(result.eventDetails("FleetResized") == ["2.5 2 -> 3 workers", "4.5 3 -> 0 workers (abandon)"])
    #expect(result.value("consumer/c", "MessagesProcessed") == 4)
  }

  @Test("a draining worker goes back to work when a resize up finds no free slot")
  func drainingWorkerResumes() {
    // Two workers (no spare slot), 10 s per message, messages at 1, 2 and
    // 3 s: worker 0 takes message 1, worker 1 message 2. At 5 s worker 1
    // drains, at 6 s it is needed again and stays: after message 2 (12 s)
    // it polls on. Worker 0 takes message 3 at 11 s.
    let result = runResizing(
      [Resize(at: 5, to: 1, finish: true), Resize(at: 6, to: 2)],
      duration: 40, arrivals: arrivalsEverySecond(count: 3), consumer: workers(2, seconds: 10))
    #expect(result.value("consumer/c", "MessagesProcessed") == 3)
    #expect(result.value("queue/q", "EndToEndLatency.max") == 18)
    #expect(result.periods("consumer/c", "WorkersUp") == [2])
    #expect(result.eventDetails("FleetResized") == ["5.0 2 -> 1 workers (finish)", "6.0 1 -> 2 workers"])
    // Worker 1 stayed a member: 2 workers over the whole run.
    #expect(result.value("consumer/c", "Utilization") == 30.0 / 80)
  }

  @Test("an outage ends a drain: the draining worker abandons what it holds and stays stopped")
  func outageEndsDrain() {
    // The only worker takes the message at 1 s (10 s of processing, 30 s
    // visibility), drains from 3 s, goes down with the outage at 5 s and
    // is not brought back at 15 s; started again at 40 s it receives the
    // message a second time.
    let result = oneSlowMessage(
      [Resize(at: 3, to: 0, finish: true), Resize(at: 40, to: 1)],
      outages: [Outage(start: .seconds(5), duration: .seconds(10))])
    #expect(result.eventDetails("OutageStarted") == ["5.0 1 workers stopped"])
    #expect(result.eventDetails("OutageEnded") == ["15.0 0 workers polling"])
    #expect(result.value("queue/q", "NumberOfMessagesReceived") == 2)
    #expect(result.value("queue/q", "EndToEndLatency.max") == 49)
    // Busy 1–5 s and 40–50 s; a member 0–5 s and 40–100 s.
    #expect(result.value("consumer/c", "Utilization") == 14.0 / 65)
  }

  /// The chaos world of `DeterminismTests` (crashes, an outage, failures,
  /// heartbeats, batch deletes, a dead-letter queue, API latency), with a
  /// second fleet reading the dead-letter queue so that the first fleet's
  /// spare slots move the second fleet's workers in the shared storage.
  func chaos(seed: UInt64, spare: Int) -> WorldConfig {
    var config = DeterminismTests().chaos(seed: seed)
    config.consumers[0].maxCount = config.consumers[0].count + spare
    var reader = ConsumerConfig(name: "dlq-reader", source: .queue("dlq"))
    reader.count = 2
    reader.maxCount = 2 + spare
    reader.processingTime = .exponential(mean: 50e6)
    reader.waitTime = .seconds(20)  // short polls at zero latency would spin at one instant
    reader.crashRate = 30
    config.consumers.append(reader)
    return config
  }

  @Test("spare capacity never used changes nothing: maxCount > count gives maxCount == count's results",
    arguments: [1, 2, 3] as [UInt64])
  func spareCapacityChangesNothing(seed: UInt64) {
    let exact = run(chaos(seed: seed, spare: 0))
    let spare = run(chaos(seed: seed, spare: 5))
    #expect(exact.value("consumer/c", "Crashes") > 0)
    #expect(exact.metrics == spare.metrics)
    #expect(exact.summary == spare.summary)
    #expect(exact.events == spare.events)
  }

  @Test("nothing is lost under resizes mixed with crashes, an outage and heartbeats",
    arguments: Array(1...12) as [UInt64])
  func conservationUnderResizes(seed: UInt64) {
    // Twenty resizes at random times (some in the outage at 300–500 s), to
    // random sizes, either mode, on both fleets; the invariant checker
    // (debug builds) runs at every period boundary.
    var rng = SeededGenerator(seed: seed)
    var resizes: [Resize] = []
    for _ in 0..<20 {
      let at = 900 * rng.nextUnitInterval()
      let consumer = rng.nextBool(probability: 0.75) ? 0 : 1
      resizes.append(
        Resize(at: at, to: Int(rng.next() % 13) - 1, finish: rng.nextBool(probability: 0.5), consumer: consumer))
    }
    let result = runResizing(chaos(seed: seed, spare: 4), resizes)
    #expect(result.value("queue/q", "MessagesLost") == 0, "seed \(seed)")
    #expect(result.value("queue/dlq", "MessagesLost") == 0, "seed \(seed)")
    #expect(result.value("queue/q", "CountIdentityError") == 0, "seed \(seed)")
    #expect(result.eventDetails("FleetResized").count >= 10, "seed \(seed)")
  }
}

@Suite("WorkerPool")
struct WorkerPoolBookkeepingTests {
  @Test("member time is the exact integral of running plus draining workers")
  func memberTime() {
    var pool = WorkerPool(first: 10, capacity: 4, running: 2)
    #expect(pool.memberNanos(at: 100) == 200)
    pool.start(12, at: 100)  // 3 members
    pool.drain(10)  // still 3
    #expect(pool.running == 2 && pool.draining == 1)
    pool.stop(10, at: 150)  // 2 members
    #expect(pool.memberNanos(at: 200) == 200 + 3 * 50 + 2 * 50)
    #expect(pool.isConsistent)
    // No Int64 overflow: 100,000 workers for 30 days.
    let large = WorkerPool(first: 0, capacity: 100_000, running: 100_000)
    #expect(large.memberNanos(at: 30 * 86_400 * 1_000_000_000) == Int128(100_000) * 2_592_000_000_000_000)
  }

  @Test("a pool that never changes size gives count × span, bit for bit")
  func fixedSizeUtilization() {
    // Member time past 2^53 worker-nanoseconds: only an exact difference
    // rounds once, as count × span does.
    let pool = WorkerPool(first: 0, capacity: 99_991, running: 99_991)
    let start = PoolTime(busyNanos: 1_000, memberNanos: pool.memberNanos(at: 43_200_000_000_011))
    let end = PoolTime(busyNanos: 7_123_456_789_012_345, memberNanos: pool.memberNanos(at: 86_400_000_000_013))
    let span = Double(86_400_000_000_013 - 43_200_000_000_011)
    #expect(end.utilization(since: start) == Double(7_123_456_789_012_345 - 1_000) / (span * 99_991))
    #expect(PoolTime().utilization(since: PoolTime()) == 0)
  }

  @Test("resize choices: the lowest stopped from a point, the highest running below one")
  func scans() {
    var pool = WorkerPool(first: 4, capacity: 5, running: 3)  // 4 5 6 run
    pool.drain(5)
    #expect(pool.lowest(.stopped, from: 4) == 7)
    #expect(pool.lowest(.stopped, from: 8) == 8)
    #expect(pool.lowest(.stopped, from: 9) == nil)
    #expect(pool.lowest(.draining, from: 4) == 5)
    #expect(pool.highest(.running, below: 9) == 6)
    #expect(pool.highest(.running, below: 6) == 4)
    #expect(pool.highest(.running, below: 4) == nil)
    #expect(pool.clamped(-1) == 0 && pool.clamped(6) == 5 && pool.clamped(3) == 3)
  }
}
