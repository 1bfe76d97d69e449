import Testing
import SimCore
@testable import SimModels

/// State that must stay bounded by the entities, whatever the run length.
@Suite("Bounded state")
struct BoundedStateTests {
  @Test("idle long polls do not pile up waiter entries: storage bounded by the workers")
  func idleWaitersBounded() {
    // 200 workers long-polling an empty queue for a day: 864,000 waits.
    let (world, _) = runKeepingWorld(
      simpleWorld(duration: 86_400, arrivals: .constant(rate: 0), consumer: { $0.count = 200 }))
    #expect(world.queues[0].waiters.count <= 2 * 200 + 16, "\(world.queues[0].waiters.count) waiter entries")
  }
}
