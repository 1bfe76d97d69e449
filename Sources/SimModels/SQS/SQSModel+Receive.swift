import SimCore

/// ReceiveMessage: long and short polls, redrive to the dead-letter queue,
/// the FIFO quotas and group order (docs/model.md §2.4, §3.2).
extension SQSModel {
  /// Whether `entry` still names a visible message of queue `q`.
  @inline(__always)
  func isCurrent(_ entry: VisibleEntry, in q: Int, kernel: borrowing Kernel) -> Bool {
    guard kernel.store.isLive(entry.ref) else { return false }
    let message = kernel.store[entry.ref.slot]
    return message.state == .visible && Int(message.queue) == q && message.receiveCount == entry.stamp
  }

  /// Drops stale entries from the front of `q`'s visible list.
  @inline(__always)
  mutating func dropStaleFront(_ q: Int, kernel: inout Kernel) {
    while let entry = queues[q].visible.first, !isCurrent(entry, in: q, kernel: kernel) {
      queues[q].visible.popFirst()
    }
  }

  /// ReceiveMessage on queue `q` by a receiver whose visibility timeouts
  /// run in lane `l`: hands over up to `maxCount` messages in
  /// `received[0 ..< n]` (`receivedDuplicates` of them duplicate
  /// deliveries) and returns `n`, or −1 for
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
  mutating func receive(
    queue: QueueID, lane: ConsumerID, maxCount: Int, isShortPoll: Bool, isNewRequest: Bool = true, kernel: inout Kernel
  ) -> Int {
    let q = queue.i
    let l = lane.i
    receivedDuplicates = 0
    let limit = queues[q].inFlightLimit
    if queues[q].isFIFO {
      // FIFO: a quota per request; at the in-flight limit no error, just
      // nothing (docs/model.md §3.7).
      guard !isNewRequest || admitFIFORequest(queue, isDelete: false, kernel: &kernel) else { return -2 }
      let taken = queues[q].inFlightCount >= limit ? 0 : receiveFIFO(queue: q, lane: l, maxCount: maxCount, kernel: &kernel)
      if taken == 0 && isShortPoll { queues[q].counters.emptyReceives &+= 1 }
      return taken
    }
    if queues[q].inFlightCount >= limit {
      if !queues[q].isOverLimit {
        queues[q].isOverLimit = true
        kernel.log("queue/\(queues[q].config.name)", "InFlightLimitReached", "\(limit) messages in flight")
      }
      if isShortPoll {
        queues[q].counters.overLimitErrors &+= 1
        return -1
      }
      return 0
    }
    var taken = 0
    if isShortPoll {
      let probability = queues[q].shortPollSampleProbability
      var anySampled = false
      for s in 0..<queues[q].serverCount {
        sampledServers[s] = queues[q].rng.nextBool(probability: probability)
        anySampled = anySampled || sampledServers[s]
      }
      dropStaleFront(q, kernel: &kernel)
      var index = 0
      while anySampled && taken < maxCount && queues[q].visibleCount > 0 && queues[q].inFlightCount < limit
        && index < queues[q].visible.count
      {
        let entry = queues[q].visible[index]
        index += 1
        guard isCurrent(entry, in: q, kernel: kernel), sampledServers[Int(kernel.store[entry.ref.slot].server)] else { continue }
        if take(entry.ref, from: q, lane: l, slot: taken, kernel: &kernel) { taken += 1 }
      }
      dropStaleFront(q, kernel: &kernel)
    } else {
      while taken < maxCount && queues[q].visibleCount > 0 && queues[q].inFlightCount < limit {
        dropStaleFront(q, kernel: &kernel)
        guard let entry = queues[q].visible.popFirst() else { break }
        if take(entry.ref, from: q, lane: l, slot: taken, kernel: &kernel) { taken += 1 }
      }
    }
    if taken == 0 && isShortPoll { queues[q].counters.emptyReceives &+= 1 }
    return taken
  }

  /// Takes one visible message out of the visible set: redrive moves it to
  /// the dead-letter queue (returns false), otherwise it is delivered.
  mutating func take(_ ref: MessageRef, from q: Int, lane l: Int, slot: Int, kernel: inout Kernel) -> Bool {
    metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: kernel.now)
    queues[q].visibleCount -= 1
    if kernel.store[ref.slot].receiveCount >= queues[q].maxReceiveCount, let dlq = queues[q].deadLetter?.i {
      moveToDeadLetter(ref, from: q, to: dlq, kernel: &kernel)
      return false
    }
    deliver(ref, from: q, lane: l, slot: slot, kernel: &kernel)
    return true
  }

  /// Hands one visible message over as `received[slot]` and starts its
  /// visibility timeout in lane `l`.
  mutating func deliver(_ ref: MessageRef, from q: Int, lane l: Int, slot: Int, kernel: inout Kernel) {
    // The slot's address holds for the message's life (pages never move).
    let stored = kernel.store.pointer(ref.slot)
    stored.pointee.state = .inFlight
    stored.pointee.receiveCount &+= 1
    stored.pointee.visibilityEpoch &+= 1
    stored.pointee.holders &+= 1
    let message = stored.pointee
    queues[q].inFlightCount &+= 1
    queues[q].counters.received &+= 1
    if message.receiveCount == 1 {
      metrics.recordQueueTime(q, nanoseconds: kernel.now - message.sentAt)
    }
    if queues[q].isFIFO { enterFlight(ref, in: q, kernel: &kernel) }
    if message.holders > 1 || message.isProcessed || (message.isResend && message.receiveCount == 1) {
      queues[q].counters.duplicateDeliveries &+= 1
      receivedDuplicates &+= 1
    }
    received[slot] = HeldMessage(ref: ref, receipt: message.receiveCount)
    startVisibilityTimer(VisibilityTimer(ref: ref, epoch: message.visibilityEpoch), lane: l, kernel: &kernel)
    if queues[q].duplicateProbability > 0
      && queues[q].rng.nextBool(probability: queues[q].duplicateProbability)
    {
      // At-least-once: a replica still offers the message (docs/model.md §2.5).
      kernel.schedule(.sqs(.visibilityTimeout(ref, epoch: message.visibilityEpoch)), after: .zero)
    }
  }

  /// Redrive: the message leaves `q` for its dead-letter queue. It is
  /// visible there at once; the dead-letter queue's waiting polls are
  /// served when the receive that moved it returns (`queuesToServe`).
  mutating func moveToDeadLetter(_ ref: MessageRef, from q: Int, to dlq: Int, kernel: inout Kernel) {
    queues[q].counters.movedToDeadLetter &+= 1
    queues[dlq].counters.movedIn &+= 1
    kernel.store[ref.slot].queue = Int16(dlq)
    kernel.store[ref.slot].sentAt = kernel.now
    if queues[dlq].config.isFIFO {
      kernel.store[ref.slot].enqueuedAt = kernel.now
    } else {
      // Standard: the original enqueue time still counts toward retention.
      let expiresAt = kernel.store[ref.slot].enqueuedAt + queues[dlq].messageRetention.nanoseconds
      queues[dlq].lateExpiries.push(ExpiryEntry(expiresAt: expiresAt, ref: ref))
    }
    if queues[dlq].arrivals.isEmpty {
      queues[dlq].nextExpiryCheck = kernel.now + queues[dlq].messageRetention.nanoseconds
    }
    queues[dlq].arrivals.append(ref)
    armRetention(dlq, kernel: &kernel)
    makeVisible(ref, in: dlq, kernel: &kernel)
    queuesToServe.append(Int32(dlq))
  }

  /// One ReceiveMessage or DeleteMessage(Batch) request against FIFO queue
  /// `q`'s quota. Returns false when throttled (counted).
  mutating func admitFIFORequest(_ queue: QueueID, isDelete: Bool, kernel: inout Kernel) -> Bool {
    let q = queue.i
    queues[q].fifo!.noteRequest(at: kernel.now)
    let admitted =
      isDelete
      ? queues[q].fifo!.deleteBucket.tryTake(1, at: kernel.now) : queues[q].fifo!.receiveBucket.tryTake(1, at: kernel.now)
    if !admitted { queues[q].counters.throttled &+= 1 }
    return admitted
  }

  /// ReceiveMessage on a FIFO queue: whole runs of one available group, in
  /// order, then the next group, up to `maxCount` (all servers are sampled;
  /// short polls of FIFO queues see everything, docs/model.md §3.2).
  mutating func receiveFIFO(queue q: Int, lane l: Int, maxCount: Int, kernel: inout Kernel) -> Int {
    let limit = queues[q].inFlightLimit
    var taken = 0
    while taken < maxCount && queues[q].inFlightCount < limit, let g32 = queues[q].fifo!.available.popFirst() {
      let g = Int(g32)
      queues[q].fifo!.groups[g].isListed = false
      guard queues[q].fifo!.groups[g].inFlight == 0 else { continue }
      while taken < maxCount && queues[q].inFlightCount < limit,
        let entry = queues[q].fifo!.groups[g].messages.first
      {
        queues[q].fifo!.groups[g].messages.popFirst()
        guard isCurrent(entry, in: q, kernel: kernel) else { continue }
        if take(entry.ref, from: q, lane: l, slot: taken, kernel: &kernel) { taken += 1 }
      }
      // Moved to the DLQ or limit reached with nothing taken from it: the
      // group may still be available.
      listIfAvailable(q, group: g, kernel: &kernel)
    }
    return taken
  }
}
