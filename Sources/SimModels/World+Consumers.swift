import Foundation
import SimCore

extension World {
  mutating func handleWorker(_ w: Int, tag: UInt32, step: WorkerStep) {
    switch step {
    case .crash:
      if workers[w].life == tag && !workers[w].isDown { crash(w, restart: true) }
      return
    case .restart:
      if workers[w].life == tag && workers[w].isDown
        && !consumers[Int(workers[w].consumer)].isInOutage
      {
        workers[w].isDown = false
        logEvent("consumer/\(consumers[Int(workers[w].consumer)].config.name)", "ConsumerRestarted", "worker \(w - consumers[Int(workers[w].consumer)].firstWorker)")
        scheduleCrash(w)
        startPoll(w)
      }
      return
    default:
      break
    }
    guard workers[w].cycle == tag, !workers[w].isDown else { return }
    switch step {
    case .poll:
      startPoll(w)
    case .receiveResponse:
      if workers[w].heldCount > 0 { beginNext(w) } else { afterEmptyReceive(w) }
    case .processingDone:
      finishProcessing(w)
    case .deleteDone:
      advance(w)
    case .heartbeat:
      heartbeat(w)
    case .retryDelete:
      issueDelete(w)
    case .crash, .restart:
      break
    }
  }

  /// Backoff after a throttled request: full jitter on 100 ms · 2^k,
  /// capped at 20 s (the AWS SDK's standard retry mode).
  mutating func throttleBackoff(_ w: Int) -> SimDuration {
    let c = Int(workers[w].consumer)
    consumers[c].counters.throttled += 1
    let shift = min(workers[w].throttleStreak, 8)
    workers[w].throttleStreak += 1
    let ceiling = min(20_000_000_000, Int64(100_000_000) << Int64(shift))
    return SimDuration(nanoseconds: Int64(workers[w].rng.nextUnitInterval() * Double(ceiling)))
  }

  /// A long poll's wait ran out with nothing found: an empty receive.
  mutating func endLongPoll(_ w: Int) {
    guard workers[w].isWaiting else { return }
    workers[w].isWaiting = false
    let q = Int(workers[w].queue)
    queues[q].counters.emptyReceives += 1
    consumers[Int(workers[w].consumer)].counters.emptyReceives += 1
    workers[w].heldCount = 0
    let latency = sampleConsumerLatency(w)
    if latency.nanoseconds == 0 {
      afterEmptyReceive(w)
    } else {
      sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .receiveResponse), after: latency)
    }
  }

  /// Drops the entries of waits that ended (timed out, crashed) from `q`'s
  /// waiter list, keeping the order of the rest. Called when the list
  /// reaches twice the queue's workers, so at least half the entries go:
  /// amortised O(1) per wait, storage bounded by the workers.
  mutating func compactWaiters(_ q: Int) {
    for _ in 0..<queues[q].waiters.count {
      guard let waiter = queues[q].waiters.popFirst() else { break }
      if isLive(waiter) { queues[q].waiters.append(waiter) }
    }
  }

  /// Whether a long-poll timer still guards a waiting worker.
  @inline(__always)
  func isLive(_ waiter: Waiter) -> Bool {
    let w = Int(waiter.worker)
    return workers[w].isWaiting && workers[w].cycle == waiter.cycle && !workers[w].isDown
  }

  /// The consumer's long-poll lane is due: end the waits that ran out.
  mutating func firePollLane(_ c: Int) {
    while let waiter = consumers[c].pollTimers.popDue(at: now) {
      if isLive(waiter) { endLongPoll(Int(waiter.worker)) }
    }
    while let waiter = consumers[c].pollTimers.first?.payload, !isLive(waiter) {
      consumers[c].pollTimers.removeFirst()
    }
    if let next = consumers[c].pollTimers.rearm() {
      sim.schedule(.pollLane(consumer: Int32(c)), at: SimTime(nanoseconds: next))
    }
  }

  mutating func sampleConsumerLatency(_ w: Int) -> SimDuration {
    if consumers[Int(workers[w].consumer)].hasZeroLatency { return .zero }
    let distribution = consumers[Int(workers[w].consumer)].config.apiLatency
    return distribution.sampleDuration(using: &workers[w].rng)
  }

  /// Issues ReceiveMessage.
  mutating func startPoll(_ w: Int) {
    workers[w].cycle &+= 1
    workers[w].heldCount = 0
    workers[w].nextIndex = 0
    let c = Int(workers[w].consumer)
    let q = Int(workers[w].queue)
    consumers[c].counters.receiveCalls += 1
    let isShortPoll = consumers[c].waitTime.nanoseconds == 0
    let taken = receive(queue: q, worker: w, maxCount: consumers[c].config.batchSize, isShortPoll: isShortPoll)
    if taken > 0 {
      workers[w].throttleStreak = 0
      respond(w, taken: taken)
    } else if taken == -2 {
      sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .poll), after: throttleBackoff(w))
    } else if taken < 0 {
      consumers[c].counters.overLimitErrors += 1
      scheduleRepoll(w)
    } else if isShortPoll {
      consumers[c].counters.emptyReceives += 1
      scheduleRepoll(w)
    } else {
      workers[w].isWaiting = true
      let waiter = Waiter(worker: Int32(w), cycle: workers[w].cycle)
      if queues[q].waiters.count >= queues[q].waiterBound { compactWaiters(q) }
      queues[q].waiters.append(waiter)
      let deadline = now + consumers[c].waitTime.nanoseconds
      if consumers[c].pollTimers.add(waiter, deadline: deadline) {
        sim.schedule(.pollLane(consumer: Int32(c)), at: SimTime(nanoseconds: deadline))
      }
    }
  }

  /// After an empty or failed short poll: the response's latency, then the
  /// configured pause, then the next poll.
  mutating func scheduleRepoll(_ w: Int) {
    let c = Int(workers[w].consumer)
    let wait = sampleConsumerLatency(w) + consumers[c].config.emptyReceiveDelay
    sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .poll), after: wait)
  }

  mutating func afterEmptyReceive(_ w: Int) {
    let c = Int(workers[w].consumer)
    let pause = consumers[c].config.emptyReceiveDelay
    if pause.nanoseconds == 0 {
      startPoll(w)
    } else {
      sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .poll), after: pause)
    }
  }

  /// The receive found `taken` messages: the response travels back, then
  /// processing starts; a heartbeat starts ticking from the receive.
  mutating func respond(_ w: Int, taken: Int) {
    workers[w].heldCount = taken
    workers[w].nextIndex = 0
    workers[w].receivedAt = now
    let c = Int(workers[w].consumer)
    if let heartbeat = consumers[c].config.heartbeat {
      sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .heartbeat), after: heartbeat.interval)
    }
    let latency = sampleConsumerLatency(w)
    if latency.nanoseconds == 0 {
      beginNext(w)
    } else {
      sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .receiveResponse), after: latency)
    }
  }

  /// Starts processing the next held message.
  mutating func beginNext(_ w: Int) {
    let c = Int(workers[w].consumer)
    let duration = consumers[c].config.processingTime.sampleDuration(using: &workers[w].rng)
    workers[w].isProcessing = true
    workers[w].processingStartedAt = now
    sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .processingDone), after: duration)
  }

  mutating func finishProcessing(_ w: Int) {
    let c = Int(workers[w].consumer)
    let q = consumers[c].queue
    workers[w].isProcessing = false
    consumers[c].busyNanos += now - workers[w].processingStartedAt
    let index = w * 10 + workers[w].nextIndex
    let item = held[index]
    let isPoison = store.isLive(item.ref) && store[item.ref.slot].isPoison
    let failed = workers[w].rng.nextBool(probability: consumers[c].config.failureRate) || isPoison
    if failed {
      consumers[c].counters.processingFailures += 1
      release(item)
      advance(w)
      return
    }
    consumers[c].counters.processed += 1
    if store.isLive(item.ref) {
      let message = store[item.ref.slot]
      store[item.ref.slot].isProcessed = true
      // Processing a message again (a duplicate delivery, counted as one)
      // is no ordering violation: order is judged on first processing.
      if !message.isProcessed {
        checkOrder(
          key: queues[q].keys.index(of: message.orderKey), sequence: message.acceptedSequence, consumer: c, queue: q)
      }
    }
    held[index].succeeded = true
    switch consumers[c].config.deleteMode {
    case .single: issueDelete(w)
    case .batch: advance(w)
    }
  }

  /// DeleteMessage (single mode: the message just processed) or
  /// DeleteMessageBatch (batch mode: every processed message of the
  /// receive). A FIFO quota may throttle it: the worker backs off and
  /// retries, still holding the messages (their visibility keeps running).
  mutating func issueDelete(_ w: Int) {
    let c = Int(workers[w].consumer)
    let q = consumers[c].queue
    let isBatch = consumers[c].config.deleteMode == .batch
    if queues[q].isFIFO && !admitFIFORequest(q, isDelete: true) {
      sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .retryDelete), after: throttleBackoff(w))
      return
    }
    workers[w].throttleStreak = 0
    if isBatch { consumers[c].counters.deleteBatchCalls += 1 } else { consumers[c].counters.deleteCalls += 1 }
    for i in 0..<workers[w].heldCount where held[w * 10 + i].succeeded {
      let item = held[w * 10 + i]
      held[w * 10 + i].succeeded = false
      release(item)
      deleteMessage(item, consumer: c)
    }
    // A FIFO delete unblocks its group: the group's next message goes to a
    // poll already waiting (docs/model.md §3.2).
    if queues[q].isFIFO { serveWaiters(q) }
    let latency = sampleConsumerLatency(w)
    if isBatch {
      workers[w].heldCount = 0
      if latency.nanoseconds == 0 {
        startPoll(w)
      } else {
        // Wait for the DeleteMessageBatch response before polling again.
        workers[w].cycle &+= 1
        sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .poll), after: latency)
      }
    } else if latency.nanoseconds == 0 {
      advance(w)
    } else {
      sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .deleteDone), after: latency)
    }
  }

  /// Ordering check: a message processed after a message of the same key
  /// that was accepted later is a violation, counted for the consumer and
  /// the queue (what a producer reordered before acceptance is its own
  /// `ProducerReorders`).
  mutating func checkOrder(key: Int, sequence: UInt32, consumer c: Int, queue q: Int) {
    let next = sequence &+ 1  // stored as sequence + 1 so 0 means "none yet"
    if next < consumers[c].highestProcessed[key] {
      consumers[c].counters.orderingViolations += 1
    } else {
      consumers[c].highestProcessed[key] = next
    }
    if next < queues[q].highestProcessed[key] {
      queues[q].counters.orderingViolations += 1
    } else {
      queues[q].highestProcessed[key] = next
    }
  }

  /// The worker lets go of a held message.
  mutating func release(_ item: HeldMessage) {
    if store.isLive(item.ref) && store[item.ref.slot].holders > 0 {
      store[item.ref.slot].holders -= 1
    }
  }

  /// Moves to the next held message, or finishes the batch.
  mutating func advance(_ w: Int) {
    workers[w].nextIndex += 1
    if workers[w].nextIndex < workers[w].heldCount {
      beginNext(w)
      return
    }
    let c = Int(workers[w].consumer)
    if consumers[c].config.deleteMode == .batch
      && (0..<workers[w].heldCount).contains(where: { held[w * 10 + $0].succeeded })
    {
      issueDelete(w)
      return
    }
    workers[w].heldCount = 0
    startPoll(w)
  }

  /// ChangeMessageVisibility for every message the worker still holds.
  mutating func heartbeat(_ w: Int) {
    let c = Int(workers[w].consumer)
    guard let policy = consumers[c].config.heartbeat, workers[w].heldCount > 0 else { return }
    // Still held: not yet processed, or processed and awaiting a batch delete.
    var pending = 0
    for i in 0..<workers[w].heldCount where i >= workers[w].nextIndex || held[w * 10 + i].succeeded {
      pending += 1
    }
    guard pending > 0 else { return }
    if pending == 1 {
      consumers[c].counters.changeVisibilityCalls += 1
    } else {
      consumers[c].counters.changeVisibilityBatchCalls += 1
    }
    let ceiling: Int64 = 43_200_000_000_000  // 12 h from the receive
    for i in 0..<workers[w].heldCount where i >= workers[w].nextIndex || held[w * 10 + i].succeeded {
      let item = held[w * 10 + i]
      let q = consumers[c].queue
      queues[q].counters.changeVisibility += 1
      guard store.isLive(item.ref), store[item.ref.slot].state == .inFlight,
        store[item.ref.slot].receiveCount == item.receipt,
        (now - workers[w].receivedAt) + policy.visibilityTimeout.nanoseconds <= ceiling
      else {
        queues[q].counters.changeVisibilityRejected += 1
        consumers[c].counters.changeVisibilityRejected += 1
        continue
      }
      store[item.ref.slot].visibilityEpoch &+= 1
      sim.schedule(
        .visibilityTimeout(item.ref, epoch: store[item.ref.slot].visibilityEpoch), after: policy.visibilityTimeout)
    }
    sim.schedule(.worker(Int32(w), tag: workers[w].cycle, step: .heartbeat), after: policy.interval)
  }

  mutating func scheduleCrash(_ w: Int) {
    let rate = consumers[Int(workers[w].consumer)].config.crashRate
    guard rate > 0 else { return }
    let meanSeconds = 3600 / rate
    let u = workers[w].rng.nextOpenUnitInterval()
    let delay = SimDuration.seconds(-meanSeconds * log(u))
    sim.schedule(.worker(Int32(w), tag: workers[w].life, step: .crash), after: delay)
  }

  /// The worker stops: what it holds reappears after the visibility timeout.
  mutating func crash(_ w: Int, restart: Bool) {
    let c = Int(workers[w].consumer)
    if workers[w].isProcessing {
      consumers[c].busyNanos += now - workers[w].processingStartedAt
      workers[w].isProcessing = false
    }
    for i in workers[w].nextIndex..<max(workers[w].nextIndex, workers[w].heldCount) {
      release(held[w * 10 + i])
    }
    if consumers[c].config.deleteMode == .batch {
      for i in 0..<workers[w].heldCount where held[w * 10 + i].succeeded {
        held[w * 10 + i].succeeded = false
        release(held[w * 10 + i])
      }
    }
    workers[w].heldCount = 0
    workers[w].nextIndex = 0
    workers[w].isWaiting = false
    workers[w].isDown = true
    workers[w].cycle &+= 1
    workers[w].life &+= 1
    guard restart else { return }
    consumers[c].counters.crashes += 1
    logEvent("consumer/\(consumers[c].config.name)", "ConsumerCrashed", "worker \(w - consumers[c].firstWorker)")
    let delay = consumers[c].config.restartDelay.sampleDuration(using: &workers[w].rng)
    sim.schedule(.worker(Int32(w), tag: workers[w].life, step: .restart), after: delay)
  }

  mutating func startOutage(_ c: Int) {
    consumers[c].isInOutage = true
    logEvent("consumer/\(consumers[c].config.name)", "OutageStarted", "\(consumers[c].config.count) workers stopped")
    let first = consumers[c].firstWorker
    for w in first..<(first + consumers[c].config.count) where !workers[w].isDown {
      crash(w, restart: false)
    }
  }

  mutating func endOutage(_ c: Int) {
    consumers[c].isInOutage = false
    logEvent("consumer/\(consumers[c].config.name)", "OutageEnded", "\(consumers[c].config.count) workers polling")
    let first = consumers[c].firstWorker
    for w in first..<(first + consumers[c].config.count) {
      workers[w].isDown = false
      workers[w].life &+= 1
      scheduleCrash(w)
      startPoll(w)
    }
  }
}
