import SimCore

/// The sending side of SQS: SendMessage(Batch) admission against the FIFO
/// quotas, deduplication, and a message's entry into its queue.
extension SQSModel {
  /// SendMessage accepted: the message enters queue `q` now, delayed by its
  /// message timer, or else by the queue's delay.
  mutating func accept(_ ref: MessageRef, into queue: QueueID, delay: SimDuration?, kernel: inout Kernel) {
    let q = queue.i
    if queues[q].isFIFO && isDeduplicated(ref, in: q, kernel: &kernel) { return }
    // The slot's address holds for the message's life (pages never move).
    let stored = kernel.store.pointer(ref.slot)
    let size = Int(stored.pointee.size)
    stored.pointee.queue = Int16(q)
    stored.pointee.sentAt = kernel.now
    stored.pointee.enqueuedAt = kernel.now
    if queues[q].drawsServer {
      stored.pointee.server = UInt16(queues[q].rng.nextInt(below: queues[q].serverCount))
    }
    queues[q].counters.sent &+= 1
    queues[q].counters.sentBytes &+= size
    if queues[q].arrivals.isEmpty {
      let expiresAt = kernel.now + queues[q].messageRetention.nanoseconds
      queues[q].nextExpiryCheck = expiresAt
      queues[q].arrivals.append(ref)
      armRetention(q, at: expiresAt, kernel: &kernel)
    } else {
      queues[q].arrivals.append(ref)
    }
    let wait = delay ?? queues[q].delay
    if wait.nanoseconds > 0 {
      stored.pointee.state = .delayed
      queues[q].delayedCount += 1
      kernel.schedule(.sqs(.delayEnded(ref)), after: wait)
    } else {
      makeVisible(ref, in: q, kernel: &kernel)
    }
  }

  /// Makes a message visible: at the back of the visible list (standard),
  /// or of its group (FIFO; a message whose visibility timeout ran out
  /// goes back to its place in the group instead: `returning`).
  mutating func makeVisible(_ ref: MessageRef, in q: Int, returning: Bool = false, kernel: inout Kernel) {
    metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: kernel.now)
    let stored = kernel.store.pointer(ref.slot)
    stored.pointee.state = .visible
    queues[q].visibleCount &+= 1
    if !queues[q].isFIFO {
      queues[q].visible.append(VisibleEntry(ref: ref, stamp: stored.pointee.receiveCount))
    } else if returning {
      returnToGroup(ref, in: q, kernel: &kernel)
    } else {
      appendToGroup(ref, in: q, kernel: &kernel)
    }
  }

  /// A message's delay ended: it is visible now. Returns its queue, whose
  /// waiting polls may now be served.
  mutating func endDelay(_ ref: MessageRef, kernel: inout Kernel) -> Int? {
    guard kernel.store.isLive(ref), kernel.store[ref.slot].state == .delayed else { return nil }
    let q = Int(kernel.store[ref.slot].queue)
    queues[q].delayedCount -= 1
    makeVisible(ref, in: q, kernel: &kernel)
    return q
  }

  /// A message's deduplication identity: its key and per-key sequence.
  /// A client resend of the same message carries the same identity, as a
  /// MessageDeduplicationId (or content-based hash of the same body) does.
  func deduplicationID(_ ref: MessageRef, kernel: borrowing Kernel) -> UInt64 {
    let message = kernel.store[ref.slot]
    return UInt64(UInt32(bitPattern: message.orderKey)) << 32 | UInt64(message.orderSequence)
  }

  /// One SendMessage(Batch) request carrying `messages` against FIFO queue
  /// `q`'s send quota (and, in high-throughput mode, each message group's
  /// 300 TPS).
  /// Returns false when throttled (counted).
  mutating func admitFIFOSend(_ queue: QueueID, messages: ArraySlice<MessageRef>, kernel: inout Kernel) -> Bool {
    let q = queue.i
    queues[q].fifo!.noteRequest(at: kernel.now)
    if queues[q].fifo!.settings.isHighThroughput {
      for ref in messages {
        let key = kernel.store[ref.slot].orderKey
        let g = queues[q].fifo!.group(for: key)
        if queues[q].fifo!.groups[g].sendBucket.tokens(at: kernel.now) < 1 {
          queues[q].counters.throttled &+= 1
          return false
        }
      }
    }
    guard queues[q].fifo!.sendBucket.tryTake(1, at: kernel.now) else {
      queues[q].counters.throttled &+= 1
      return false
    }
    if queues[q].fifo!.settings.isHighThroughput {
      for ref in messages {
        let key = kernel.store[ref.slot].orderKey
        let g = queues[q].fifo!.group(for: key)
        _ = queues[q].fifo!.groups[g].sendBucket.tryTake(1, at: kernel.now)
      }
    }
    return true
  }

  /// Deduplication on a FIFO send: true when the message was seen within
  /// the interval (accepted, counted, not enqueued; its slot is freed).
  mutating func isDeduplicated(_ ref: MessageRef, in q: Int, kernel: inout Kernel) -> Bool {
    guard queues[q].fifo!.deduplication.isDuplicate(deduplicationID(ref, kernel: kernel), at: kernel.now) else {
      return false
    }
    queues[q].counters.deduplicated &+= 1
    kernel.store.release(ref.slot)
    return true
  }

}
