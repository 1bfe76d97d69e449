import Testing
@testable import SimCore

/// A heap element ordered by `key` only; `tag` tells ties apart.
private struct Keyed: HeapOrdered, Equatable {
  var key: Int64
  var tag: Int

  func precedes(_ other: Keyed) -> Bool { key < other.key }
}

/// The retention scan's expiry heap (`siftUpExpiry` and `popExpiry` in
/// SimModels/SQS/World+Queues.swift before ``BinaryHeap``), copied with
/// `expiresAt` renamed `key`: the reference for the order of ties.
private struct ReferenceExpiryHeap {
  var lateExpiries: [Keyed] = []

  mutating func push(_ entry: Keyed) {
    lateExpiries.append(entry)
    siftUpExpiry()
  }

  /// Reads the top, then pops it, as `expireDue` does.
  mutating func pop() -> Keyed? {
    guard let top = lateExpiries.first else { return nil }
    popExpiry()
    return top
  }

  mutating func siftUpExpiry() {
    var child = lateExpiries.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      if lateExpiries[parent].key <= lateExpiries[child].key { break }
      lateExpiries.swapAt(parent, child)
      child = parent
    }
  }

  mutating func popExpiry() {
    let last = lateExpiries.removeLast()
    guard !lateExpiries.isEmpty else { return }
    lateExpiries[0] = last
    var parent = 0
    let count = lateExpiries.count
    while true {
      let left = 2 * parent + 1
      if left >= count { break }
      var smallest = left
      if left + 1 < count && lateExpiries[left + 1].key < lateExpiries[left].key {
        smallest = left + 1
      }
      if lateExpiries[parent].key <= lateExpiries[smallest].key { break }
      lateExpiries.swapAt(parent, smallest)
      parent = smallest
    }
  }
}

/// One step of a random workload.
private enum HeapOperation {
  case push(Keyed)
  case pop
}

/// `count` random steps: on average `pushWeight` pushes per pop, keys
/// below `keyRange` (a small range gives many ties), tags in push order.
private func randomOperations(seed: UInt64, count: Int, keyRange: Int, pushWeight: Int) -> [HeapOperation] {
  var rng = SeededGenerator(seed: seed)
  var tag = 0
  return (0..<count).map { _ in
    guard rng.nextInt(below: pushWeight + 1) > 0 else { return .pop }
    tag += 1
    return .push(Keyed(key: Int64(rng.nextInt(below: keyRange)), tag: tag))
  }
}

@Suite("BinaryHeap")
struct BinaryHeapTests {
  @Test("an empty heap has no first element and pops nil")
  func empty() {
    var heap = BinaryHeap<Keyed>()
    #expect(heap.isEmpty)
    #expect(heap.count == 0)
    #expect(heap.first == nil)
    #expect(heap.popFirst() == nil)
    heap.reserveCapacity(100)
    #expect(heap.isEmpty)
    #expect(heap.popFirst() == nil)
  }

  @Test("distinct keys pop in increasing order; first, count and removeFirst agree")
  func distinctKeys() {
    var heap = BinaryHeap<Keyed>()
    let keys: [Int64] = [50, 10, 40, 30, -5, 20, 60, 0, Int64.max, Int64.min]
    for (tag, key) in keys.enumerated() { heap.push(Keyed(key: key, tag: tag)) }
    #expect(heap.count == keys.count)
    var popped: [Int64] = []
    while !heap.isEmpty {
      let first = heap.first
      let removed = heap.removeFirst()
      #expect(first == removed)
      popped.append(removed.key)
      #expect(heap.count == keys.count - popped.count)
    }
    #expect(popped == keys.sorted())
  }

  @Test("ties pop in the algorithm's order, not first-in first-out")
  func tieOrderByHand() {
    // Pushes: [a, b, c] (a tie never climbs). Pop a: c moves to the root
    // and stays, as b does not strictly precede it. Then c, then b.
    var heap = BinaryHeap<Keyed>()
    for tag in 0..<3 { heap.push(Keyed(key: 7, tag: tag)) }
    var order: [Int] = []
    while let element = heap.popFirst() { order.append(element.tag) }
    #expect(order == [0, 2, 1])
  }

  @Test(
    "push and pop match the old expiry heap element for element, with many ties",
    arguments: Array(1...200) as [UInt64])
  func matchesExpiryHeap(seed: UInt64) {
    // Key ranges from all-equal to mostly distinct; pop share from rare to
    // frequent, so the heap both grows deep and drains.
    let keyRange = [1, 2, 3, 5, 10, 50, 1_000][Int(seed % 7)]
    let pushWeight = [1, 2, 3][Int(seed / 7 % 3)]
    var heap = BinaryHeap<Keyed>()
    var reference = ReferenceExpiryHeap()
    let operations = randomOperations(seed: seed, count: 1_500, keyRange: keyRange, pushWeight: pushWeight)
    for (step, operation) in operations.enumerated() {
      switch operation {
      case .push(let entry):
        heap.push(entry)
        reference.push(entry)
      case .pop:
        let expected = reference.pop()
        let actual = heap.popFirst()
        #expect(actual == expected, "seed \(seed), step \(step)")
        if actual != expected { return }
      }
      // The same array, element for element, after every operation.
      let sameLayout = heap.storage == reference.lateExpiries
      #expect(sameLayout, "seed \(seed), step \(step)")
      if !sameLayout { return }
    }
    while let expected = reference.pop() {
      #expect(heap.popFirst() == expected, "seed \(seed)")
    }
    #expect(heap.isEmpty)
  }

  @Test(
    "pops come out in non-decreasing key order, each a minimum of what is held",
    arguments: Array(1...50) as [UInt64])
  func heapProperty(seed: UInt64) {
    var heap = BinaryHeap<Keyed>()
    var held: [Int: Int64] = [:]  // tag -> key: an unordered model
    let operations = randomOperations(seed: seed, count: 1_000, keyRange: 20, pushWeight: 2)
    for (step, operation) in operations.enumerated() {
      switch operation {
      case .push(let entry):
        heap.push(entry)
        held[entry.tag] = entry.key
      case .pop:
        guard let popped = heap.popFirst() else {
          #expect(held.isEmpty, "seed \(seed), step \(step)")
          continue
        }
        #expect(held.removeValue(forKey: popped.tag) == popped.key, "seed \(seed), step \(step)")
        #expect(held.values.allSatisfy { $0 >= popped.key }, "seed \(seed), step \(step)")
      }
      #expect(heap.count == held.count, "seed \(seed), step \(step)")
      #expect(heap.isHeapOrdered(), "seed \(seed), step \(step)")
    }
    var last = Int64.min
    while let popped = heap.popFirst() {
      #expect(popped.key >= last, "seed \(seed)")
      #expect(held.removeValue(forKey: popped.tag) == popped.key, "seed \(seed)")
      last = popped.key
    }
    #expect(held.isEmpty, "seed \(seed)")
  }
}
