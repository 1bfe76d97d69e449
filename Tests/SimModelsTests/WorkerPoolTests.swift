import Testing
import SimCore
@testable import SimModels

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
