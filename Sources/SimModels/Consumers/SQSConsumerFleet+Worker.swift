import Foundation
import SimCore

extension SQSConsumerFleet {
  mutating func handleWorker(_ w: Int, tag: UInt32, step: WorkerStep, sqs: inout SQSModel, kernel: inout Kernel) {
    switch step {
    case .crash:
      if workers[w].life == tag && !workers[w].isDown { crash(w, restart: true, sqs: &sqs, kernel: &kernel) }
      return
    case .restart:
      if workers[w].life == tag && workers[w].isDown
        && !fleets[workers[w].consumer.i].isInOutage
      {
        workers[w].isDown = false
        kernel.log(
          resources[workers[w].consumer.i], "ConsumerRestarted",
          "worker \(w - fleets[workers[w].consumer.i].pool.first)")
        scheduleCrash(w, kernel: &kernel)
        startPoll(w, sqs: &sqs, kernel: &kernel)
      }
      return
    default:
      break
    }
    guard workers[w].cycle == tag, !workers[w].isDown else { return }
    switch step {
    case .poll:
      startPoll(w, sqs: &sqs, kernel: &kernel)
    case .receiveResponse:
      if workers[w].heldCount > 0 { beginNext(w, kernel: &kernel) } else { afterEmptyReceive(w, sqs: &sqs, kernel: &kernel) }
    case .processingDone:
      finishProcessing(w, sqs: &sqs, kernel: &kernel)
    case .deleteDone:
      advance(w, sqs: &sqs, kernel: &kernel)
    case .heartbeat:
      heartbeat(w, sqs: &sqs, kernel: &kernel)
    case .retryDelete:
      issueDelete(w, sqs: &sqs, kernel: &kernel)
    case .crash, .restart:
      break
    }
  }

  /// Backoff after a throttled request: the AWS SDK's standard retry
  /// mode (`RetryPolicy.standard`: full jitter on 100 ms · 2^k, capped at
  /// 20 s), k the worker's consecutive throttles.
  mutating func throttleBackoff(_ w: Int) -> SimDuration {
    let c = workers[w].consumer.i
    fleets[c].counters.throttled &+= 1
    let retry = workers[w].throttleStreak
    workers[w].throttleStreak += 1
    return Self.throttleBackoff.delay(retry: retry, using: &workers[w].rng)
  }

  /// The SDK's standard backoff; the exponent stops at 8 (2^8 · 100 ms is
  /// past the cap already).
  static let throttleBackoff = FullJitterBackoff(
    base: RetryPolicy.standard.baseDelay, cap: RetryPolicy.standard.maxBackoff, maxExponent: 8)

  /// A long poll's wait ran out with nothing found: an empty receive.
  mutating func endLongPoll(_ w: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    guard workers[w].isWaiting else { return }
    workers[w].isWaiting = false
    let q = workers[w].queue
    sqs.noteEmptyReceive(q)
    fleets[workers[w].consumer.i].counters.emptyReceives &+= 1
    workers[w].heldCount = 0
    let latency = sampleConsumerLatency(w)
    if latency.nanoseconds == 0 {
      afterEmptyReceive(w, sqs: &sqs, kernel: &kernel)
    } else {
      kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .receiveResponse)), after: latency)
    }
  }

  /// Drops the entries of waits that ended (timed out, crashed) from `q`'s
  /// waiter list, keeping the order of the rest. Called when the list
  /// reaches twice the queue's workers, so at least half the entries go:
  /// amortised O(1) per wait, storage bounded by the workers.
  mutating func compactWaiters(_ q: Int) {
    for _ in 0..<waiters[q].entries.count {
      guard let waiter = waiters[q].entries.popFirst() else { break }
      if isLive(waiter) { waiters[q].entries.append(waiter) }
    }
  }

  /// Whether a long-poll timer still guards a waiting worker.
  @inline(__always)
  func isLive(_ waiter: Waiter) -> Bool {
    let w = Int(waiter.worker)
    return workers[w].isWaiting && workers[w].cycle == waiter.cycle && !workers[w].isDown
  }

  /// The consumer's long-poll lane is due: end the waits that ran out.
  mutating func firePollLane(_ c: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    while let waiter = fleets[c].pollTimers.nextLiveDue(at: kernel.now, isLive: { isLive($0) }) {
      endLongPoll(Int(waiter.worker), sqs: &sqs, kernel: &kernel)
    }
    if let next = fleets[c].pollTimers.finishFiring(isLive: { isLive($0) }) {
      kernel.schedule(.consumer(.pollLane(consumer: Int32(c))), at: next)
    }
  }

  @inline(__always)
  mutating func sampleConsumerLatency(_ w: Int) -> SimDuration {
    if fleets[workers[w].consumer.i].hasZeroLatency { return .zero }
    let distribution = fleets[workers[w].consumer.i].apiLatency
    return distribution.sampleDuration(using: &workers[w].rng)
  }

  /// Issues ReceiveMessage; a draining worker stops instead (it holds
  /// nothing by now).
  mutating func startPoll(_ w: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    if workers[w].isDraining {
      crash(w, restart: false, sqs: &sqs, kernel: &kernel)
      return
    }
    workers[w].cycle &+= 1
    workers[w].heldCount = 0
    workers[w].nextIndex = 0
    let c = workers[w].consumer.i
    let q = workers[w].queue
    fleets[c].counters.receiveCalls &+= 1
    let isShortPoll = fleets[c].waitTime.nanoseconds == 0
    let taken = receive(queue: q, worker: w, isShortPoll: isShortPoll, sqs: &sqs, kernel: &kernel)
    if taken > 0 {
      workers[w].throttleStreak = 0
      respond(w, taken: taken, sqs: &sqs, kernel: &kernel)
    } else if taken == -2 {
      kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .poll)), after: throttleBackoff(w))
    } else if taken < 0 {
      fleets[c].counters.overLimitErrors &+= 1
      scheduleRepoll(w, kernel: &kernel)
    } else if isShortPoll {
      fleets[c].counters.emptyReceives &+= 1
      scheduleRepoll(w, kernel: &kernel)
    } else {
      workers[w].isWaiting = true
      let waiter = Waiter(worker: Int32(w), cycle: workers[w].cycle)
      if waiters[q.i].entries.count >= waiters[q.i].bound { compactWaiters(q.i) }
      waiters[q.i].entries.append(waiter)
      let deadline = kernel.now + fleets[c].waitTime.nanoseconds
      if fleets[c].pollTimers.add(waiter, deadline: deadline) {
        kernel.schedule(.consumer(.pollLane(consumer: Int32(c))), at: deadline)
      }
    }
  }

  /// After an empty or failed short poll: the response's latency, then the
  /// configured pause, then the next poll.
  mutating func scheduleRepoll(_ w: Int, kernel: inout Kernel) {
    let c = workers[w].consumer.i
    let wait = sampleConsumerLatency(w) + fleets[c].emptyReceiveDelay
    kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .poll)), after: wait)
  }

  mutating func afterEmptyReceive(_ w: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    let c = workers[w].consumer.i
    let pause = fleets[c].emptyReceiveDelay
    if pause.nanoseconds == 0 {
      startPoll(w, sqs: &sqs, kernel: &kernel)
    } else {
      kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .poll)), after: pause)
    }
  }

  /// The receive found `taken` messages: the response travels back, then
  /// processing starts; a heartbeat starts ticking from the receive.
  // Inlined (as `advance` and `beginNext`): once per message, where a
  // call's register saves and restores cost more than the code it adds.
  @inline(__always)
  mutating func respond(_ w: Int, taken: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    workers[w].heldCount = taken
    workers[w].nextIndex = 0
    workers[w].receivedAt = kernel.now
    let c = workers[w].consumer.i
    if fleets[c].hasHeartbeat, let heartbeat = fleets[c].heartbeat {
      kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .heartbeat)), after: heartbeat.interval)
    }
    let latency = sampleConsumerLatency(w)
    if latency.nanoseconds == 0 {
      beginNext(w, kernel: &kernel)
    } else {
      kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .receiveResponse)), after: latency)
    }
  }

  /// Starts processing the next held message.
  // Inlined: see `respond`.
  @inline(__always)
  mutating func beginNext(_ w: Int, kernel: inout Kernel) {
    let c = workers[w].consumer.i
    let duration = fleets[c].processingTime.sampleDuration(using: &workers[w].rng)
    workers[w].isProcessing = true
    workers[w].processingStartedAt = kernel.now
    kernel.schedulePerMessage(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .processingDone)), after: duration)
  }

  mutating func finishProcessing(_ w: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    let c = workers[w].consumer.i
    let q = fleets[c].queue
    workers[w].isProcessing = false
    fleets[c].pool.busyNanos += kernel.now - workers[w].processingStartedAt
    let index = w * batchStride + workers[w].nextIndex
    let item = held[index]
    let isLive = kernel.store.isLive(item.ref)
    let isPoison = isLive && kernel.store[item.ref.slot].isPoison
    let failed = workers[w].rng.nextBool(probability: fleets[c].failureRate) || isPoison
    if failed {
      fleets[c].counters.processingFailures &+= 1
      release(item, kernel: &kernel)
      advance(w, sqs: &sqs, kernel: &kernel)
      return
    }
    fleets[c].counters.processed &+= 1
    if isLive {
      let stored = kernel.store.pointer(item.ref.slot)
      let message = stored.pointee
      stored.pointee.isProcessed = true
      // Processing a message again (a duplicate delivery, counted as one)
      // is no ordering violation: order is judged on first processing.
      if !message.isProcessed {
        checkOrder(
          key: sqs.queues[q.i].keys.index(of: message.orderKey), sequence: message.acceptedSequence, consumer: c,
          queue: q, sqs: &sqs)
      }
    }
    held[index].succeeded = true
    switch fleets[c].deleteMode {
    case .single: issueDelete(w, sqs: &sqs, kernel: &kernel)
    case .batch: advance(w, sqs: &sqs, kernel: &kernel)
    }
  }

  /// DeleteMessage (single mode: the message just processed) or
  /// DeleteMessageBatch (batch mode: every processed message of the
  /// receive). A FIFO quota may throttle it: the worker backs off and
  /// retries, still holding the messages (their visibility keeps running).
  mutating func issueDelete(_ w: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    let c = workers[w].consumer.i
    let q = fleets[c].queue
    let isBatch = fleets[c].deleteMode == .batch
    if sqs.queues[q.i].isFIFO && !sqs.admitFIFORequest(q, isDelete: true, kernel: &kernel) {
      kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .retryDelete)), after: throttleBackoff(w))
      return
    }
    workers[w].throttleStreak = 0
    if isBatch { fleets[c].counters.deleteBatchCalls &+= 1 } else { fleets[c].counters.deleteCalls &+= 1 }
    for i in 0..<workers[w].heldCount where held[w * batchStride + i].succeeded {
      let item = held[w * batchStride + i]
      held[w * batchStride + i].succeeded = false
      release(item, kernel: &kernel)
      if sqs.delete(item, from: q, kernel: &kernel) { serveWaiters(q, sqs: &sqs, kernel: &kernel) }
    }
    sqs.dropDeletedTimers(lane: ConsumerID(c), kernel: kernel)
    // A FIFO delete unblocks its group: the group's next message goes to a
    // poll already waiting (docs/model.md §3.2).
    if sqs.queues[q.i].isFIFO { serveWaiters(q, sqs: &sqs, kernel: &kernel) }
    let latency = sampleConsumerLatency(w)
    if isBatch {
      workers[w].heldCount = 0
      if latency.nanoseconds == 0 {
        startPoll(w, sqs: &sqs, kernel: &kernel)
      } else {
        // Wait for the DeleteMessageBatch response before polling again.
        workers[w].cycle &+= 1
        kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .poll)), after: latency)
      }
    } else if latency.nanoseconds == 0 {
      advance(w, sqs: &sqs, kernel: &kernel)
    } else {
      kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .deleteDone)), after: latency)
    }
  }

  /// Ordering check: a message processed after a message of the same key
  /// that was accepted later is a violation, counted for the consumer and
  /// the queue (what a producer reordered before acceptance is its own
  /// `ProducerReorders`).
  mutating func checkOrder(key: Int, sequence: UInt32, consumer c: Int, queue q: QueueID, sqs: inout SQSModel) {
    let next = sequence &+ 1  // stored as sequence + 1 so 0 means "none yet"
    let slot = Int(fleets[c].orderBase) + key
    if next < processedOrder[slot] {
      fleets[c].counters.orderingViolations &+= 1
    } else {
      processedOrder[slot] = next
    }
    sqs.noteProcessed(key: key, sequence: sequence, in: q)
  }

  /// The worker lets go of a held message.
  @inline(__always)
  mutating func release(_ item: HeldMessage, kernel: inout Kernel) {
    if kernel.store.isLive(item.ref) && kernel.store[item.ref.slot].holders > 0 {
      kernel.store[item.ref.slot].holders -= 1
    }
  }

  /// Moves to the next held message, or finishes the batch.
  // Inlined: see `respond`.
  @inline(__always)
  mutating func advance(_ w: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    workers[w].nextIndex += 1
    if workers[w].nextIndex < workers[w].heldCount {
      beginNext(w, kernel: &kernel)
      return
    }
    let c = workers[w].consumer.i
    if fleets[c].deleteMode == .batch
      && (0..<workers[w].heldCount).contains(where: { held[w * batchStride + $0].succeeded })
    {
      issueDelete(w, sqs: &sqs, kernel: &kernel)
      return
    }
    workers[w].heldCount = 0
    startPoll(w, sqs: &sqs, kernel: &kernel)
  }

  /// ChangeMessageVisibility for every message the worker still holds.
  mutating func heartbeat(_ w: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    let c = workers[w].consumer.i
    guard let policy = fleets[c].heartbeat, workers[w].heldCount > 0 else { return }
    // Still held: not yet processed, or processed and awaiting a batch delete.
    var pending = 0
    for i in 0..<workers[w].heldCount where i >= workers[w].nextIndex || held[w * batchStride + i].succeeded {
      pending += 1
    }
    guard pending > 0 else { return }
    if pending == 1 {
      fleets[c].counters.changeVisibilityCalls &+= 1
    } else {
      fleets[c].counters.changeVisibilityBatchCalls &+= 1
    }
    let q = fleets[c].queue
    for i in 0..<workers[w].heldCount where i >= workers[w].nextIndex || held[w * batchStride + i].succeeded {
      let accepted = sqs.changeVisibility(
        held[w * batchStride + i], in: q, timeout: policy.visibilityTimeout, receivedAt: workers[w].receivedAt,
        kernel: &kernel)
      if !accepted { fleets[c].counters.changeVisibilityRejected &+= 1 }
    }
    kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].cycle, step: .heartbeat)), after: policy.interval)
  }

  mutating func scheduleCrash(_ w: Int, kernel: inout Kernel) {
    let rate = fleets[workers[w].consumer.i].config.crashRate
    guard rate > 0 else { return }
    let meanSeconds = 3600 / rate
    let u = workers[w].rng.nextOpenUnitInterval()
    let delay = SimDuration.seconds(-meanSeconds * log(u))
    kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].life, step: .crash)), after: delay)
  }

  /// The worker stops: what it holds reappears after the visibility timeout.
  /// A crash (`restart`) is counted and logged, and the worker restarts
  /// after `restartDelay`, unless it was draining: a draining worker that
  /// goes down, by a crash, an outage or a stop, has nothing left to finish
  /// and leaves the pool.
  mutating func crash(_ w: Int, restart: Bool, sqs: inout SQSModel, kernel: inout Kernel) {
    let c = workers[w].consumer.i
    if workers[w].isProcessing {
      fleets[c].pool.busyNanos += kernel.now - workers[w].processingStartedAt
      workers[w].isProcessing = false
    }
    for i in workers[w].nextIndex..<max(workers[w].nextIndex, workers[w].heldCount) {
      release(held[w * batchStride + i], kernel: &kernel)
    }
    if fleets[c].deleteMode == .batch {
      for i in 0..<workers[w].heldCount where held[w * batchStride + i].succeeded {
        held[w * batchStride + i].succeeded = false
        release(held[w * batchStride + i], kernel: &kernel)
      }
    }
    workers[w].heldCount = 0
    workers[w].nextIndex = 0
    workers[w].isWaiting = false
    workers[w].isDown = true
    workers[w].cycle &+= 1
    workers[w].life &+= 1
    let wasDraining = workers[w].isDraining
    if wasDraining {
      workers[w].isDraining = false
      fleets[c].pool.stop(w, at: kernel.now)
    }
    guard restart else { return }
    fleets[c].counters.crashes &+= 1
    kernel.log(resources[c], "ConsumerCrashed", "worker \(w - fleets[c].pool.first)")
    guard !wasDraining else { return }
    let delay = fleets[c].config.restartDelay.sampleDuration(using: &workers[w].rng)
    kernel.schedule(.consumer(.worker(Int32(w), tag: workers[w].life, step: .restart)), after: delay)
  }

  /// Every member of the pool stops, abandoning what it holds; draining
  /// workers leave the pool, the running ones come back at the end.
  mutating func startOutage(_ c: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    fleets[c].isInOutage = true
    kernel.log(resources[c], "OutageStarted", "\(fleets[c].pool.members) workers stopped")
    for w in fleets[c].pool.workers where !workers[w].isDown {
      crash(w, restart: false, sqs: &sqs, kernel: &kernel)
    }
  }

  /// The running workers (those started during the outage too) poll again.
  mutating func endOutage(_ c: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    fleets[c].isInOutage = false
    kernel.log(resources[c], "OutageEnded", "\(fleets[c].pool.running) workers polling")
    for w in fleets[c].pool.workers where fleets[c].pool[w] == .running {
      bringUp(w, sqs: &sqs, kernel: &kernel)
    }
  }

  /// A worker that was down (an outage ended, or it was started) polls
  /// again, with a fresh crash timer.
  mutating func bringUp(_ w: Int, sqs: inout SQSModel, kernel: inout Kernel) {
    workers[w].isDown = false
    workers[w].life &+= 1
    scheduleCrash(w, kernel: &kernel)
    startPoll(w, sqs: &sqs, kernel: &kernel)
  }
}
