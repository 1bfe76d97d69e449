import Testing
import SimCore
@testable import SimModels

/// Counts that add up and counters wide enough for their bounds.
@Suite("Counting: deletes, count identity, counter widths")
struct CountingTests {
  @Test("a delete after the message expired in flight is not a NumberOfMessagesDeleted")
  func deleteAfterExpiry() {
    // Received at 1 s; retention 60 s ends at 61 s while the worker still
    // processes (100 s, visibility 120 s); its delete at 101 s finds nothing.
    let result = run(
      simpleWorld(
        duration: 150, arrivals: arrivalsEverySecond(count: 1),
        queue: {
          $0.visibilityTimeout = .seconds(120)
          $0.messageRetention = .seconds(60)
        },
        consumer: { $0.processingTime = .constant(100e9) }))
    #expect(result.value("queue/q", "MessagesExpired") == 1)
    #expect(result.value("queue/q", "NumberOfMessagesDeleted") == 0)
    #expect(result.value("queue/q", "CountIdentityError") == 0)
    #expect(result.value("queue/q", "MessagesLost") == 0)
  }

  @Test("short-poll servers above 255 hold messages (shortPolling.servers allows 1,000)")
  func wideServerIndex() {
    let kept = runKeepingWorld(
      simpleWorld(
        duration: 100, arrivals: .constant(rate: 50),
        queue: {
          $0.shortPollServers = 1_000
          $0.receiveWaitTime = .zero
        },
        // One short-polling worker that holds a message for the whole run:
        // the queue is short-polled, so its messages are placed on servers
        // (a queue nothing short-polls places none, docs/model.md §2.4).
        consumer: {
          $0.processingTime = .constant(1_000e9)
          $0.apiLatency = .constant(10e6)
        }))
    let world = kept.world
    let servers = world.kernel.store.liveSlots().map { Int(world.kernel.store[$0].server) }
    #expect(servers.count > 4_000)
    #expect(servers.max()! >= 990)
  }

  @Test("300 workers holding one message: every delivery after the first is a duplicate (no wrap at 256)")
  func manyHolders() {
    // Visibility 0 s: the message returns as soon as it is received, and
    // each of the 300 waiting workers takes it in turn.
    let result = run(
      simpleWorld(
        duration: 50, arrivals: arrivalsEverySecond(count: 1),
        queue: { $0.visibilityTimeout = .zero },
        consumer: {
          $0.count = 300
          $0.processingTime = .constant(20e9)
        }))
    #expect(result.value("queue/q", "NumberOfMessagesReceived") == 300)
    #expect(result.value("queue/q", "DuplicateDeliveries") == 299)
    #expect(result.value("queue/q", "MessagesLost") == 0)
  }
}

@Suite("Hot-path layouts")
struct MessageLayoutTests {
  @Test("a stored message is one 64-byte cache line")
  func messageStride() {
    #expect(MemoryLayout<Message>.stride == 64)
  }

  @Test("an event's action, nested per model, stays within 16 bytes")
  func actionStride() {
    #expect(MemoryLayout<Action>.stride <= 16, "\(MemoryLayout<Action>.stride) bytes")
    #expect(MemoryLayout<ScheduledEvent<Action>>.stride <= 32)
  }
}
