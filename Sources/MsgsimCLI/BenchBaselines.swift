import Foundation
import SimCore

// The two bare M/M/8 loops `run-mmc` is measured against (issue 8): the
// loop the issue names as its yardstick, written as plain Swift
// (`StructHeapMMCLoop`), and the leanest loop we could write
// (`BareMMCLoop`, unsafe buffers). Both draw their times from the model's
// generator and `log`, with an `Int64` nanosecond clock, so they differ
// from the model only in what the model does besides.

/// A bare M/M/c loop `BenchCommand.timeMMCLoop` times.
protocol MMCLoop {
  init(servers: Int, arrivalRate: Double)
  /// Serves `messages` customers.
  mutating func run(messages: Int)
  /// Events handled so far.
  var events: Int { get }
  /// The customers' waits in the line, summed, in nanoseconds.
  var totalWait: Double { get }
}

/// The floor: the loop in unsafe buffers, with no bounds or uniqueness
/// checks. Plain stored properties of a local value, mutated only by its
/// own methods (so every exclusivity check is static): a binary min-heap
/// of 24-byte (time, sequence, server) structs and a ring of arrival
/// times.
struct BareMMCLoop: MMCLoop {
  struct Event {
    var time: Int64
    var sequence: UInt64
    /// The server that finishes, or -1 for an arrival.
    var server: Int32

    @inline(__always) func precedes(_ other: Event) -> Bool {
      time < other.time || (time == other.time && sequence < other.sequence)
    }
  }

  let servers: Int
  let arrivalMean: Double
  let serviceMean = 1e9  // mu = 1 per second
  var rng = SeededGenerator(seed: 1)
  /// The future-event list: at most one arrival and one departure per server.
  let heap: UnsafeMutablePointer<Event>
  var pending = 0
  /// Arrival times of the customers waiting, a ring of `waitingCapacity`.
  var waiting: UnsafeMutablePointer<Int64>
  var waitingCapacity = 1 << 12
  var waitingHead = 0
  var waitingCount = 0
  var sequence: UInt64 = 0
  var now: Int64 = 0
  var events = 0
  var totalWait = 0.0

  init(servers: Int, arrivalRate: Double) {
    self.servers = servers
    arrivalMean = 1e9 / arrivalRate
    heap = .allocate(capacity: servers + 1)
    waiting = .allocate(capacity: waitingCapacity)
  }

  /// Serves `messages` customers, then frees the buffers.
  mutating func run(messages: Int) {
    var idle = servers
    var arrived = 0
    var served = 0
    schedule(after: arrivalMean, server: -1)
    while served < messages {
      let event = pop()
      now = event.time
      events += 1
      if event.server < 0 {
        arrived += 1
        if arrived < messages { schedule(after: arrivalMean, server: -1) }
        if idle > 0 {
          idle -= 1
          schedule(after: serviceMean, server: Int32(idle))
        } else {
          enqueueWaiting()
        }
      } else {
        served += 1
        if waitingCount > 0 {
          totalWait += Double(now - waiting[waitingHead])
          waitingHead = (waitingHead + 1) & (waitingCapacity - 1)
          waitingCount -= 1
          schedule(after: serviceMean, server: event.server)
        } else {
          idle += 1
        }
      }
    }
    heap.deallocate()
    waiting.deallocate()
  }

  /// Schedules an event an exponential time of mean `mean` from now, drawn
  /// as the model draws it.
  @inline(__always) mutating func schedule(after mean: Double, server: Int32) {
    let delay = clampedNanoseconds(-mean * log(rng.nextOpenUnitInterval()))
    push(Event(time: now + delay, sequence: sequence, server: server))
    sequence += 1
  }

  @inline(__always) mutating func push(_ event: Event) {
    var hole = pending
    pending += 1
    while hole > 0 {
      let parent = (hole - 1) / 2
      guard event.precedes(heap[parent]) else { break }
      heap[hole] = heap[parent]
      hole = parent
    }
    heap[hole] = event
  }

  @inline(__always) mutating func pop() -> Event {
    let first = heap[0]
    pending -= 1
    let last = heap[pending]
    var hole = 0
    while true {
      var child = 2 * hole + 1
      guard child < pending else { break }
      if child + 1 < pending, heap[child + 1].precedes(heap[child]) { child += 1 }
      guard heap[child].precedes(last) else { break }
      heap[hole] = heap[child]
      hole = child
    }
    heap[hole] = last
    return first
  }

  /// Appends `now` to the ring of waiting arrivals, doubling it when full.
  mutating func enqueueWaiting() {
    if waitingCount == waitingCapacity {
      let grown = UnsafeMutablePointer<Int64>.allocate(capacity: 2 * waitingCapacity)
      for i in 0..<waitingCount { grown[i] = waiting[(waitingHead + i) & (waitingCapacity - 1)] }
      waiting.deallocate()
      waiting = grown
      waitingHead = 0
      waitingCapacity *= 2
    }
    waiting[(waitingHead + waitingCount) & (waitingCapacity - 1)] = now
    waitingCount += 1
  }
}

/// The yardstick issue 8 names, "a bare struct-heap M/M/c loop in Swift
/// compiled without exclusivity checks", written as idiomatic Swift: a
/// binary min-heap over an `Array` of `Comparable` event structs, and the
/// waiting customers' arrival times in an `Array` consumed from a head
/// index (emptied in place when the line clears). Array code keeps its
/// bounds and uniqueness checks, which is what plain Swift pays. It has
/// no dynamic exclusivity checks to make (they guard class properties,
/// globals and escaping captures, and a local struct mutated by its own
/// methods has none), so compiling it without them changes nothing.
struct StructHeapMMCLoop: MMCLoop {
  struct Event: Comparable {
    var time: Int64
    var sequence: UInt64
    /// The server that finishes, or -1 for an arrival.
    var server: Int32

    static func < (a: Event, b: Event) -> Bool {
      (a.time, a.sequence) < (b.time, b.sequence)
    }
  }

  let servers: Int
  let arrivalMean: Double
  let serviceMean = 1e9  // mu = 1 per second
  var rng = SeededGenerator(seed: 1)
  var heap: [Event] = []
  var waiting: [Int64] = []
  var waitingHead = 0
  var sequence: UInt64 = 0
  var now: Int64 = 0
  var events = 0
  var totalWait = 0.0

  init(servers: Int, arrivalRate: Double) {
    self.servers = servers
    arrivalMean = 1e9 / arrivalRate
    heap.reserveCapacity(servers + 1)
  }

  /// Serves `messages` customers.
  mutating func run(messages: Int) {
    var idle = servers
    var arrived = 0
    var served = 0
    schedule(after: arrivalMean, server: -1)
    while served < messages, let event = pop() {
      now = event.time
      events += 1
      if event.server < 0 {
        arrived += 1
        if arrived < messages { schedule(after: arrivalMean, server: -1) }
        if idle > 0 {
          idle -= 1
          schedule(after: serviceMean, server: Int32(idle))
        } else {
          waiting.append(now)
        }
      } else {
        served += 1
        if waitingHead < waiting.count {
          totalWait += Double(now - waiting[waitingHead])
          waitingHead += 1
          if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
          }
          schedule(after: serviceMean, server: event.server)
        } else {
          idle += 1
        }
      }
    }
  }

  mutating func schedule(after mean: Double, server: Int32) {
    let delay = clampedNanoseconds(-mean * log(rng.nextOpenUnitInterval()))
    push(Event(time: now + delay, sequence: sequence, server: server))
    sequence += 1
  }

  mutating func push(_ event: Event) {
    heap.append(event)
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child] < heap[parent] else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Event? {
    guard let last = heap.popLast() else { return nil }
    guard !heap.isEmpty else { return last }
    let first = heap[0]
    heap[0] = last
    var parent = 0
    while true {
      let left = 2 * parent + 1
      guard left < heap.count else { break }
      var child = left
      if left + 1 < heap.count && heap[left + 1] < heap[left] { child = left + 1 }
      guard heap[child] < heap[parent] else { break }
      heap.swapAt(child, parent)
      parent = child
    }
    return first
  }
}
