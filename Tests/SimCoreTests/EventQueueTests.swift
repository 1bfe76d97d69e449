import Testing
@testable import SimCore

@Suite("EventQueue and Simulation")
struct EventQueueTests {
  @Test("events due at the same time run in scheduling order")
  func tiesAreFirstInFirstOut() {
    var queue = EventQueue<String>()
    let t = SimTime(nanoseconds: 5)
    for name in ["a", "b", "c", "d"] { queue.schedule(name, at: t) }
    queue.schedule("early", at: .zero)
    var order: [String] = []
    while let event = queue.popFirst() { order.append(event.action) }
    #expect(order == ["early", "a", "b", "c", "d"])
  }

  @Test("pops come out sorted by (time, sequence) for random schedules", arguments: Array(1...40) as [UInt64])
  func heapOrder(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    var queue = EventQueue<Int>()
    var expected: [(Int64, Int)] = []
    var popped: [(Int64, Int)] = []
    var id = 0
    // Interleave pushes and pops, with many equal times.
    for _ in 0..<2_000 {
      if rng.nextInt(below: 3) > 0 || queue.isEmpty {
        let time = Int64(rng.nextInt(below: 50))
        queue.schedule(id, at: SimTime(nanoseconds: time))
        expected.append((time, id))
        id += 1
      } else {
        let event = queue.popFirst()!
        popped.append((event.time.nanoseconds, event.action))
      }
    }
    while let event = queue.popFirst() { popped.append((event.time.nanoseconds, event.action)) }
    #expect(popped.count == expected.count, "seed \(seed)")
    // Each pop is the minimum of what was pending: check against a model.
    var model: [(Int64, Int)] = []
    var pushIndex = 0
    var rng2 = SeededGenerator(seed: seed)
    var modelPops: [(Int64, Int)] = []
    for _ in 0..<2_000 {
      if rng2.nextInt(below: 3) > 0 || model.isEmpty {
        _ = rng2.nextInt(below: 50)
        model.append(expected[pushIndex])
        pushIndex += 1
      } else {
        let best = model.indices.min { (model[$0].0, model[$0].1) < (model[$1].0, model[$1].1) }!
        modelPops.append(model.remove(at: best))
      }
    }
    modelPops += model.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    #expect(popped.map(\.1) == modelPops.map(\.1), "seed \(seed)")
  }

  @Test("the clock moves to each event and stops at the limit")
  func stepThrough() {
    var sim = Simulation<Int>()
    sim.schedule(1, after: .seconds(1))
    sim.schedule(3, after: .seconds(3))
    sim.schedule(2, after: .seconds(2))
    var seen: [(Int, Double)] = []
    while let action = sim.step(through: .seconds(2.5)) { seen.append((action, sim.now.seconds)) }
    #expect(seen.map(\.0) == [1, 2])
    #expect(seen.map(\.1) == [1, 2])
    #expect(sim.pendingCount == 1)
    #expect(sim.processedEvents == 2)
    sim.advance(to: .seconds(2.5))
    #expect(sim.now == .seconds(2.5))
  }
}

@Suite("SeededGenerator")
struct SeededGeneratorTests {
  @Test("SplitMix64 matches the published reference output")
  func splitMixReference() {
    var mixer = SplitMix64(state: 0)
    #expect(mixer.next() == 0xe220_a839_7b1d_cdaf)
    #expect(mixer.next() == 0x6e78_9e6a_a1b9_65f4)
  }

  @Test("xoshiro256** matches the C reference for seed 42")
  func xoshiroReference() {
    var rng = SeededGenerator(seed: 42)
    #expect(rng.next() == 0x1578_0b2e_0c2e_c716)
    #expect(rng.next() == 0x6104_d986_6d11_3a7e)
    #expect(rng.next() == 0xae17_5332_39e4_99a1)
  }

  @Test("named streams are fixed by seed and name, and differ between names")
  func streams() {
    let root = SeededGenerator(seed: 7)
    var a1 = root.stream(named: "producer/web")
    var a2 = SeededGenerator(seed: 7).stream(named: "producer/web")
    var b = root.stream(named: "producer/api")
    let first = a1.next()
    let again = a2.next()
    let otherName = b.next()
    var other = SeededGenerator(seed: 8).stream(named: "producer/web")
    let otherSeed = other.next()
    #expect(first == again)
    #expect(first != otherName)
    #expect(first != otherSeed)
  }

  @Test("unit intervals stay in range; bounded integers are uniform")
  func ranges() {
    var rng = SeededGenerator(seed: 3)
    var counts = Array(repeating: 0, count: 7)
    for _ in 0..<70_000 {
      let u = rng.nextUnitInterval()
      #expect(u >= 0 && u < 1)
      let open = rng.nextOpenUnitInterval()
      #expect(open > 0 && open < 1)
      counts[rng.nextInt(below: 7)] += 1
    }
    for count in counts { #expect(abs(count - 10_000) < 400) }
    let never = rng.nextBool(probability: 0)
    let always = rng.nextBool(probability: 1)
    #expect(!never && always)
  }
}
