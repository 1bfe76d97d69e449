import Testing
import SimCore
@testable import SimModels

/// The message store's slots: reuse order, stale references, counts.
@Suite("Message store")
struct MessageStoreTests {
  @Test("the slot freed last is reused first, and a reused slot's old references are stale")
  func reuseOrder() {
    var store = MessageStore()
    let a = store.allocate(createdAt: 1, size: 10)
    let b = store.allocate(createdAt: 2, size: 20)
    let c = store.allocate(createdAt: 3, size: 30)
    #expect([a.slot, b.slot, c.slot] == [0, 1, 2])
    store[a.slot].orderKey = 7
    store.release(b.slot)
    store.release(a.slot)
    #expect(store.liveCount == 1)
    #expect(!store.isLive(a) && !store.isLive(b) && store.isLive(c))

    let d = store.allocate(createdAt: 4, size: 40)
    let e = store.allocate(createdAt: 5, size: 50)
    let f = store.allocate(createdAt: 6, size: 60)
    #expect([d.slot, e.slot, f.slot] == [a.slot, b.slot, 3])
    #expect(store.capacity == 4 && store.liveCount == 4)
    #expect(store.isLive(d) && !store.isLive(a), "the serial moved on with the reuse")
    // A reused slot starts afresh: nothing of the free list's link or of
    // the message before shows.
    #expect(store[d.slot].orderKey == 0 && store[d.slot].createdAt == 4 && store[d.slot].size == 40)
    #expect(store[d.slot].state == .sending && store[e.slot].queue == -1)
  }

  @Test("releasing every message empties the store; its slots come back in reverse order of release")
  func drainAndRefill() {
    var store = MessageStore()
    let refs = (0..<100).map { store.allocate(createdAt: Int64($0), size: 1) }
    for ref in refs { store.release(ref.slot) }
    #expect(store.liveCount == 0 && store.capacity == 100)
    let again = (0..<100).map { _ in store.allocate(createdAt: 0, size: 1).slot }
    #expect(again == Array((0..<100).reversed()).map(Int32.init))
    #expect(store.capacity == 100 && store.liveSlots().count == 100)
  }
}
