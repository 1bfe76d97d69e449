import SimCore

extension World {
  /// SendMessage accepted: the message enters queue `q` now, delayed by its
  /// message timer, or else by the queue's delay.
  mutating func accept(_ ref: MessageRef, into q: Int, delay: SimDuration?) {
    if queues[q].isFIFO && isDeduplicated(ref, in: q) { return }
    let size = Int(store[ref.slot].size)
    store[ref.slot].queue = Int16(q)
    store[ref.slot].sentAt = now
    store[ref.slot].enqueuedAt = now
    store[ref.slot].server = UInt16(queues[q].rng.nextInt(below: queues[q].serverCount))
    queues[q].counters.sent += 1
    queues[q].counters.sentBytes += size
    if queues[q].arrivals.isEmpty {
      queues[q].nextExpiryCheck = now + queues[q].config.messageRetention.nanoseconds
      queues[q].arrivals.append(ref)
      armRetention(q)
    } else {
      queues[q].arrivals.append(ref)
    }
    let wait = delay ?? queues[q].config.delay
    if wait.nanoseconds > 0 {
      store[ref.slot].state = .delayed
      queues[q].delayedCount += 1
      sim.schedule(.delayEnded(ref), after: wait)
    } else {
      makeVisible(ref, in: q)
    }
  }

  /// Makes a message visible: at the back of the visible list (standard),
  /// or of its group (FIFO; a message whose visibility timeout ran out
  /// goes back to its place in the group instead: `returning`).
  mutating func makeVisible(_ ref: MessageRef, in q: Int, returning: Bool = false) {
    metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: now)
    store[ref.slot].state = .visible
    queues[q].visibleCount += 1
    if !queues[q].isFIFO {
      queues[q].visible.append(VisibleEntry(ref: ref, stamp: store[ref.slot].receiveCount))
    } else if returning {
      returnToGroup(ref, in: q)
    } else {
      appendToGroup(ref, in: q)
    }
  }

  mutating func endDelay(_ ref: MessageRef) {
    guard store.isLive(ref), store[ref.slot].state == .delayed else { return }
    let q = Int(store[ref.slot].queue)
    queues[q].delayedCount -= 1
    makeVisible(ref, in: q)
    serveWaiters(q)
  }

  /// Whether a lane's visibility timer still guards an in-flight receipt.
  @inline(__always)
  func isLive(_ timer: VisibilityTimer) -> Bool {
    store.isLive(timer.ref) && store[timer.ref.slot].state == .inFlight
      && store[timer.ref.slot].visibilityEpoch == timer.epoch
  }

  /// Drops the timers of deleted messages from consumer `c`'s visibility
  /// lane (they would wait there for their deadline, 24 bytes each: a
  /// third of a drained backlog's memory). Called when the lane reaches
  /// twice what was live at the last compaction, so amortised O(1).
  mutating func compactVisibilityLane(_ c: Int) {
    var lane = consumers[c].visibilityTimers
    consumers[c].visibilityTimers = TimerLane(filler: VisibilityTimer(ref: .none, epoch: 0))  // `lane` unique: no copy
    lane.retain { isLive($0) }
    consumers[c].visibilityTimers = lane
    consumers[c].visibilityLaneBound = max(4_096, 2 * lane.count)
  }

  /// The consumer's visibility lane is due: expire what is due and still
  /// in flight, drop what was deleted, and arm the lane again.
  mutating func fireVisibilityLane(_ c: Int) {
    while let timer = consumers[c].visibilityTimers.popDue(at: now) {
      if isLive(timer) { expireVisibility(timer.ref, epoch: timer.epoch) }
    }
    while let timer = consumers[c].visibilityTimers.first?.payload, !isLive(timer) {
      consumers[c].visibilityTimers.removeFirst()
    }
    if let next = consumers[c].visibilityTimers.rearm() {
      sim.schedule(.visibilityLane(consumer: Int32(c)), at: SimTime(nanoseconds: next))
    }
  }

  /// A visibility timeout ran out: the message is visible again.
  mutating func expireVisibility(_ ref: MessageRef, epoch: UInt32) {
    guard store.isLive(ref), store[ref.slot].state == .inFlight,
      store[ref.slot].visibilityEpoch == epoch
    else { return }
    let q = Int(store[ref.slot].queue)
    queues[q].inFlightCount -= 1
    makeVisible(ref, in: q, returning: true)
    if queues[q].isFIFO { leaveFlight(ref, in: q) }
    noteInFlightDrop(q)
    serveWaiters(q)
  }

  /// Whether `entry` still names a visible message of queue `q`.
  @inline(__always)
  func isCurrent(_ entry: VisibleEntry, in q: Int) -> Bool {
    guard store.isLive(entry.ref) else { return false }
    let message = store[entry.ref.slot]
    return message.state == .visible && Int(message.queue) == q && message.receiveCount == entry.stamp
  }

  /// Drops stale entries from the front of `q`'s visible list.
  mutating func dropStaleFront(_ q: Int) {
    while let entry = queues[q].visible.first, !isCurrent(entry, in: q) {
      queues[q].visible.popFirst()
    }
  }

  /// ReceiveMessage on queue `q` for worker `w`: moves up to `maxCount`
  /// messages into the worker's held slots and returns how many, or −1 for
  /// an `OverLimit` error (short poll at the in-flight limit), or −2 when a
  /// FIFO quota throttles the request.
  ///
  /// `isNewRequest` is false when a long poll that is already waiting is
  /// served: one ReceiveMessage request is one transaction against a FIFO
  /// quota however long it waits (docs/model.md §3.5), so it was charged
  /// when issued.
  ///
  /// A long poll takes the messages that became visible first; a short poll
  /// samples each server with the queue's probability and takes the first
  /// visible messages on sampled servers. Messages past `maxReceiveCount`
  /// go to the dead-letter queue instead of being returned.
  mutating func receive(queue q: Int, worker w: Int, maxCount: Int, isShortPoll: Bool, isNewRequest: Bool = true) -> Int {
    let limit = queues[q].config.inFlightLimit
    if queues[q].isFIFO {
      // FIFO: a quota per request; at the in-flight limit no error, just
      // nothing (docs/model.md §3.7).
      guard !isNewRequest || admitFIFORequest(q, isDelete: false) else { return -2 }
      let visibility = consumers[Int(workers[w].consumer)].visibilityTimeout
      let taken =
        queues[q].inFlightCount >= limit ? 0 : receiveFIFO(queue: q, worker: w, maxCount: maxCount, visibility: visibility)
      if taken == 0 && isShortPoll { queues[q].counters.emptyReceives += 1 }
      return taken
    }
    if queues[q].inFlightCount >= limit {
      if !queues[q].isOverLimit {
        queues[q].isOverLimit = true
        logEvent("queue/\(queues[q].config.name)", "InFlightLimitReached", "\(limit) messages in flight")
      }
      if isShortPoll {
        queues[q].counters.overLimitErrors += 1
        return -1
      }
      return 0
    }
    let consumer = Int(workers[w].consumer)
    let visibility = consumers[consumer].visibilityTimeout
    var taken = 0
    if isShortPoll {
      let probability = queues[q].config.shortPollSampleProbability
      var anySampled = false
      for s in 0..<queues[q].serverCount {
        sampledServers[s] = queues[q].rng.nextBool(probability: probability)
        anySampled = anySampled || sampledServers[s]
      }
      dropStaleFront(q)
      var index = 0
      while anySampled && taken < maxCount && queues[q].visibleCount > 0 && queues[q].inFlightCount < limit
        && index < queues[q].visible.count
      {
        let entry = queues[q].visible[index]
        index += 1
        guard isCurrent(entry, in: q), sampledServers[Int(store[entry.ref.slot].server)] else { continue }
        if take(entry.ref, from: q, to: w, slot: taken, visibility: visibility) { taken += 1 }
      }
      dropStaleFront(q)
    } else {
      while taken < maxCount && queues[q].visibleCount > 0 && queues[q].inFlightCount < limit {
        dropStaleFront(q)
        guard let entry = queues[q].visible.popFirst() else { break }
        if take(entry.ref, from: q, to: w, slot: taken, visibility: visibility) { taken += 1 }
      }
    }
    if taken == 0 && isShortPoll { queues[q].counters.emptyReceives += 1 }
    return taken
  }

  /// Takes one visible message out of the visible set: redrive moves it to
  /// the dead-letter queue (returns false), otherwise it is delivered.
  mutating func take(_ ref: MessageRef, from q: Int, to w: Int, slot: Int, visibility: SimDuration) -> Bool {
    metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: now)
    queues[q].visibleCount -= 1
    if let redrive = queues[q].config.redrive, let dlq = queues[q].deadLetterIndex,
      store[ref.slot].receiveCount >= UInt32(redrive.maxReceiveCount)
    {
      moveToDeadLetter(ref, from: q, to: dlq)
      return false
    }
    deliver(ref, from: q, to: w, slot: slot, visibility: visibility)
    return true
  }

  /// Hands one visible message to worker `w` and starts its visibility timeout.
  mutating func deliver(_ ref: MessageRef, from q: Int, to w: Int, slot: Int, visibility: SimDuration) {
    store[ref.slot].state = .inFlight
    store[ref.slot].receiveCount &+= 1
    store[ref.slot].visibilityEpoch &+= 1
    queues[q].inFlightCount += 1
    queues[q].counters.received += 1
    let message = store[ref.slot]
    let consumer = Int(workers[w].consumer)
    if message.receiveCount == 1 {
      metrics.recordQueueTime(q, nanoseconds: now - message.sentAt)
    }
    if queues[q].isFIFO { enterFlight(ref, in: q) }
    if message.holders > 0 || message.isProcessed || (message.isResend && message.receiveCount == 1) {
      queues[q].counters.duplicateDeliveries += 1
      consumers[consumer].counters.duplicateDeliveries += 1
    }
    store[ref.slot].holders &+= 1
    held[w * 10 + slot] = HeldMessage(ref: ref, receipt: message.receiveCount)
    let deadline = now + visibility.nanoseconds
    let timer = VisibilityTimer(ref: ref, epoch: message.visibilityEpoch)
    if consumers[consumer].visibilityTimers.count >= consumers[consumer].visibilityLaneBound {
      compactVisibilityLane(consumer)
    }
    if consumers[consumer].visibilityTimers.add(timer, deadline: deadline) {
      sim.schedule(.visibilityLane(consumer: Int32(consumer)), at: SimTime(nanoseconds: deadline))
    }
    if queues[q].config.duplicateProbability > 0
      && queues[q].rng.nextBool(probability: queues[q].config.duplicateProbability)
    {
      // At-least-once: a replica still offers the message (docs/model.md §2.5).
      sim.schedule(.visibilityTimeout(ref, epoch: message.visibilityEpoch), after: .zero)
    }
  }

  /// Redrive: the message leaves `q` for its dead-letter queue.
  mutating func moveToDeadLetter(_ ref: MessageRef, from q: Int, to dlq: Int) {
    queues[q].counters.movedToDeadLetter += 1
    queues[dlq].counters.movedIn += 1
    store[ref.slot].queue = Int16(dlq)
    store[ref.slot].sentAt = now
    if queues[dlq].config.isFIFO {
      store[ref.slot].enqueuedAt = now
    } else {
      // Standard: the original enqueue time still counts toward retention.
      let expiresAt = store[ref.slot].enqueuedAt + queues[dlq].config.messageRetention.nanoseconds
      queues[dlq].lateExpiries.append(ExpiryEntry(expiresAt: expiresAt, ref: ref))
      siftUpExpiry(dlq)
    }
    if queues[dlq].arrivals.isEmpty {
      queues[dlq].nextExpiryCheck = now + queues[dlq].config.messageRetention.nanoseconds
    }
    queues[dlq].arrivals.append(ref)
    armRetention(dlq)
    makeVisible(ref, in: dlq)
    serveWaiters(dlq)
  }

  /// DeleteMessage with a receipt: deletes the message if it still exists
  /// (a standard queue deletes even through an older receipt).
  mutating func deleteMessage(_ held: HeldMessage, consumer c: Int) {
    let q = consumers[c].queue
    if queues[q].isFIFO {
      // FIFO: a receipt whose visibility timeout ran out can no longer
      // delete (docs/model.md §3.4): the message will be delivered again.
      guard store.isLive(held.ref), Int(store[held.ref.slot].queue) == q,
        store[held.ref.slot].state == .inFlight, store[held.ref.slot].receiveCount == held.receipt
      else {
        queues[q].counters.deleteErrors += 1
        return
      }
      leaveFlight(held.ref, in: q)
    }
    // A receipt of a message that expired while held is no longer valid:
    // the delete removes nothing and is not a NumberOfMessagesDeleted. A
    // repeat delete of a message another receipt already deleted still is,
    // as AWS counts it (docs/model.md §7.2).
    guard !held.receiptExpired else { return }
    queues[q].counters.deleted += 1
    guard store.isLive(held.ref) else { return }
    let message = store[held.ref.slot]
    let mq = Int(message.queue)
    guard mq == q else { return }
    switch message.state {
    case .visible:
      metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: now)
      queues[q].visibleCount -= 1
    case .inFlight:
      queues[q].inFlightCount -= 1
    case .delayed:
      queues[q].delayedCount -= 1
    case .free, .sending:
      return
    }
    queues[q].counters.deletedUnique += 1
    metrics.recordEndToEnd(q, nanoseconds: now - message.createdAt)
    store.release(held.ref.slot)
    if message.state == .inFlight { noteInFlightDrop(q) }
  }

  /// After the in-flight count fell: clear the over-limit state and let
  /// waiting long polls in.
  mutating func noteInFlightDrop(_ q: Int) {
    if queues[q].isOverLimit && queues[q].inFlightCount < queues[q].config.inFlightLimit {
      queues[q].isOverLimit = false
      logEvent("queue/\(queues[q].config.name)", "InFlightLimitCleared", "\(queues[q].inFlightCount) messages in flight")
      serveWaiters(q)
    }
  }

  /// Gives visible messages to long polls waiting on `q`, oldest waiter
  /// first; each returns at once with what is available (docs/model.md §2.4).
  mutating func serveWaiters(_ q: Int) {
    while queues[q].visibleCount > 0, let waiter = queues[q].waiters.first {
      if queues[q].inFlightCount >= queues[q].config.inFlightLimit { return }
      queues[q].waiters.popFirst()
      let w = Int(waiter.worker)
      guard workers[w].isWaiting, workers[w].cycle == waiter.cycle else { continue }
      let maxCount = consumers[Int(workers[w].consumer)].config.batchSize
      let taken = receive(queue: q, worker: w, maxCount: maxCount, isShortPoll: false, isNewRequest: false)
      if taken <= 0 {
        queues[q].waiters.prepend(waiter)
        return
      }
      workers[w].isWaiting = false
      respond(w, taken: taken)
    }
  }

  /// Arms `q`'s retention event at the earliest time one of its messages
  /// can expire (if before the end of the run and before the armed one).
  /// Expiry is applied on time, not only when the queue is next read, so a
  /// FIFO group whose in-flight message expires, or a slot under the
  /// in-flight limit, serves waiting long polls at once.
  mutating func armRetention(_ q: Int) {
    var next = queues[q].arrivals.isEmpty ? Int64.max : queues[q].nextExpiryCheck
    if let top = queues[q].lateExpiries.first { next = min(next, top.expiresAt) }
    guard next < queues[q].retentionArmedAt, next <= endNanos else { return }
    queues[q].retentionArmedAt = next
    sim.schedule(.retention(queue: Int32(q)), at: SimTime(nanoseconds: max(next, now)))
  }

  /// `q`'s retention event: expire what is due, then let the waiting polls
  /// at what that made deliverable.
  mutating func fireRetention(_ q: Int) {
    guard queues[q].retentionArmedAt == now else { return }  // superseded by an earlier arming
    queues[q].retentionArmedAt = .max
    expireDue(q)
    noteInFlightDrop(q)
    serveWaiters(q)
  }

  /// Retention: removes every message of `q` whose retention ended by now,
  /// and arms the retention event for the next one.
  mutating func expireDue(_ q: Int) {
    let retention = queues[q].config.messageRetention.nanoseconds
    queues[q].nextExpiryCheck = Int64.max
    while let ref = queues[q].arrivals.first {
      if store.isLive(ref) && Int(store[ref.slot].queue) == q {
        guard store[ref.slot].sentAt + retention <= now else {
          queues[q].nextExpiryCheck = store[ref.slot].sentAt + retention
          break
        }
        expire(ref, in: q)
      }
      queues[q].arrivals.popFirst()
    }
    while let top = queues[q].lateExpiries.first, top.expiresAt <= now {
      popExpiry(q)
      if store.isLive(top.ref) && Int(store[top.ref.slot].queue) == q { expire(top.ref, in: q) }
    }
    armRetention(q)
  }

  mutating func expire(_ ref: MessageRef, in q: Int) {
    switch store[ref.slot].state {
    case .visible:
      metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: now)
      queues[q].visibleCount -= 1
    case .inFlight:
      queues[q].inFlightCount -= 1
      if queues[q].isFIFO { leaveFlight(ref, in: q) }
    case .delayed: queues[q].delayedCount -= 1
    case .free, .sending: return
    }
    queues[q].counters.expired += 1
    if store[ref.slot].holders > 0 { invalidateReceipts(of: ref, in: q) }
    store.release(ref.slot)
  }

  /// A message expired while workers held receipts of it: marks those
  /// receipts, so their deletes are known to find nothing. Rare (retention
  /// shorter than processing), so a scan of the queue's workers.
  mutating func invalidateReceipts(of ref: MessageRef, in q: Int) {
    for c in consumers.indices where consumers[c].queue == q {
      let first = consumers[c].firstWorker
      for w in first..<(first + consumers[c].config.count) {
        for i in 0..<workers[w].heldCount where held[w * 10 + i].ref == ref {
          held[w * 10 + i].receiptExpired = true
        }
      }
    }
  }

  /// `ApproximateAgeOfOldestMessage` in nanoseconds: the oldest message
  /// still in `q` (visible, delayed or in flight), timed from its arrival
  /// in this queue (for a dead-letter queue, from the move). On standard
  /// queues a message received three or more times is left out, as AWS
  /// does for poison-pill messages. 0 when there is none.
  ///
  /// Entries of messages that left `q` (deleted, moved) are dropped from
  /// the front of its arrival list as they are met, so the list holds no
  /// more than the messages still in the queue and those behind them.
  ///
  /// - Complexity: O(1) amortized, O(poison messages at the front) worst.
  mutating func ageOfOldestMessage(_ q: Int) -> Int64 {
    while let ref = queues[q].arrivals.first, !store.isLive(ref) || Int(store[ref.slot].queue) != q {
      queues[q].arrivals.popFirst()
    }
    let isFIFO = queues[q].config.isFIFO
    for i in 0..<queues[q].arrivals.count {
      let ref = queues[q].arrivals[i]
      guard store.isLive(ref), Int(store[ref.slot].queue) == q else { continue }
      if !isFIFO && store[ref.slot].receiveCount >= 3 { continue }
      return now - store[ref.slot].sentAt
    }
    return 0
  }

  mutating func siftUpExpiry(_ q: Int) {
    var child = queues[q].lateExpiries.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      if queues[q].lateExpiries[parent].expiresAt <= queues[q].lateExpiries[child].expiresAt { break }
      queues[q].lateExpiries.swapAt(parent, child)
      child = parent
    }
  }

  mutating func popExpiry(_ q: Int) {
    let last = queues[q].lateExpiries.removeLast()
    guard !queues[q].lateExpiries.isEmpty else { return }
    queues[q].lateExpiries[0] = last
    var parent = 0
    let count = queues[q].lateExpiries.count
    while true {
      let left = 2 * parent + 1
      if left >= count { break }
      var smallest = left
      if left + 1 < count && queues[q].lateExpiries[left + 1].expiresAt < queues[q].lateExpiries[left].expiresAt {
        smallest = left + 1
      }
      if queues[q].lateExpiries[parent].expiresAt <= queues[q].lateExpiries[smallest].expiresAt { break }
      queues[q].lateExpiries.swapAt(parent, smallest)
      parent = smallest
    }
  }
}
