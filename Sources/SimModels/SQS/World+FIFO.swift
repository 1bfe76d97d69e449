import SimCore

extension World {
  /// A message's deduplication identity: its key and per-key sequence.
  /// A client resend of the same message carries the same identity, as a
  /// MessageDeduplicationId (or content-based hash of the same body) does.
  func deduplicationID(_ ref: MessageRef) -> UInt64 {
    let message = store[ref.slot]
    return UInt64(UInt32(bitPattern: message.orderKey)) << 32 | UInt64(message.orderSequence)
  }

  /// One SendMessage(Batch) request against FIFO queue `q`'s send quota
  /// (and, in high-throughput mode, each message group's 300 TPS).
  /// Returns false when throttled (counted).
  mutating func admitFIFOSend(_ q: Int, producer p: Int, call: Int) -> Bool {
    queues[q].fifo!.noteRequest(at: now)
    let count = Int(producers[p].callCounts[call])
    if queues[q].fifo!.settings.isHighThroughput {
      for i in 0..<count {
        let key = store[producers[p].callMessages[call * 10 + i].slot].orderKey
        let g = queues[q].fifo!.group(for: key)
        if queues[q].fifo!.groups[g].sendBucket.tokens(at: now) < 1 {
          queues[q].counters.throttled += 1
          return false
        }
      }
    }
    guard queues[q].fifo!.sendBucket.tryTake(1, at: now) else {
      queues[q].counters.throttled += 1
      return false
    }
    if queues[q].fifo!.settings.isHighThroughput {
      for i in 0..<count {
        let key = store[producers[p].callMessages[call * 10 + i].slot].orderKey
        let g = queues[q].fifo!.group(for: key)
        _ = queues[q].fifo!.groups[g].sendBucket.tryTake(1, at: now)
      }
    }
    return true
  }

  /// One ReceiveMessage or DeleteMessage(Batch) request against FIFO queue
  /// `q`'s quota. Returns false when throttled (counted).
  mutating func admitFIFORequest(_ q: Int, isDelete: Bool) -> Bool {
    queues[q].fifo!.noteRequest(at: now)
    let admitted =
      isDelete
      ? queues[q].fifo!.deleteBucket.tryTake(1, at: now) : queues[q].fifo!.receiveBucket.tryTake(1, at: now)
    if !admitted { queues[q].counters.throttled += 1 }
    return admitted
  }

  /// Deduplication on a FIFO send: true when the message was seen within
  /// the interval (accepted, counted, not enqueued; its slot is freed).
  mutating func isDeduplicated(_ ref: MessageRef, in q: Int) -> Bool {
    guard queues[q].fifo!.isDuplicate(deduplicationID(ref), at: now) else { return false }
    queues[q].counters.deduplicated += 1
    store.release(ref.slot)
    return true
  }

  /// Puts a visible message at the back of its group (sends come in order).
  mutating func appendToGroup(_ ref: MessageRef, in q: Int) {
    let g = queues[q].fifo!.group(for: store[ref.slot].orderKey)
    queues[q].fifo!.groups[g].messages.append(VisibleEntry(ref: ref, stamp: store[ref.slot].receiveCount))
    listIfAvailable(q, group: g)
  }

  /// A message whose visibility timeout ran out goes back to its place in
  /// its group: before every later message of the group.
  mutating func returnToGroup(_ ref: MessageRef, in q: Int) {
    let g = queues[q].fifo!.group(for: store[ref.slot].orderKey)
    let sequence = store[ref.slot].acceptedSequence
    var earlier: [VisibleEntry] = []
    while let first = queues[q].fifo!.groups[g].messages.first {
      guard isCurrent(first, in: q) else {
        queues[q].fifo!.groups[g].messages.popFirst()
        continue
      }
      guard store[first.ref.slot].acceptedSequence < sequence else { break }
      earlier.append(first)
      queues[q].fifo!.groups[g].messages.popFirst()
    }
    queues[q].fifo!.groups[g].messages.prepend(VisibleEntry(ref: ref, stamp: store[ref.slot].receiveCount))
    for entry in earlier.reversed() { queues[q].fifo!.groups[g].messages.prepend(entry) }
  }

  /// Lists group `g` as available if it has a visible message and nothing
  /// in flight.
  mutating func listIfAvailable(_ q: Int, group g: Int) {
    guard queues[q].fifo!.groups[g].inFlight == 0, !queues[q].fifo!.groups[g].isListed else { return }
    while let first = queues[q].fifo!.groups[g].messages.first, !isCurrent(first, in: q) {
      queues[q].fifo!.groups[g].messages.popFirst()
    }
    guard !queues[q].fifo!.groups[g].messages.isEmpty else { return }
    queues[q].fifo!.groups[g].isListed = true
    queues[q].fifo!.available.append(Int32(g))
  }

  /// A message of `q` left the in-flight state (deleted, expired, or back
  /// to visible): its group may become available again.
  mutating func leaveFlight(_ ref: MessageRef, in q: Int) {
    let g = queues[q].fifo!.group(for: store[ref.slot].orderKey)
    queues[q].fifo!.groups[g].inFlight -= 1
    if queues[q].fifo!.groups[g].inFlight == 0 {
      queues[q].fifo!.groupsWithInflight -= 1
      listIfAvailable(q, group: g)
    }
  }

  /// A message of `q` is handed to a receiver: its group is blocked.
  mutating func enterFlight(_ ref: MessageRef, in q: Int) {
    let g = queues[q].fifo!.group(for: store[ref.slot].orderKey)
    queues[q].fifo!.groups[g].inFlight += 1
    if queues[q].fifo!.groups[g].inFlight == 1 { queues[q].fifo!.groupsWithInflight += 1 }
  }

  /// ReceiveMessage on a FIFO queue: whole runs of one available group, in
  /// order, then the next group, up to `maxCount` (all servers are sampled;
  /// short polls of FIFO queues see everything, docs/model.md §3.2).
  mutating func receiveFIFO(queue q: Int, worker w: Int, maxCount: Int, visibility: SimDuration) -> Int {
    let limit = queues[q].config.inFlightLimit
    var taken = 0
    while taken < maxCount && queues[q].inFlightCount < limit, let g32 = queues[q].fifo!.available.popFirst() {
      let g = Int(g32)
      queues[q].fifo!.groups[g].isListed = false
      guard queues[q].fifo!.groups[g].inFlight == 0 else { continue }
      while taken < maxCount && queues[q].inFlightCount < limit,
        let entry = queues[q].fifo!.groups[g].messages.first
      {
        queues[q].fifo!.groups[g].messages.popFirst()
        guard isCurrent(entry, in: q) else { continue }
        if take(entry.ref, from: q, to: w, slot: taken, visibility: visibility) { taken += 1 }
      }
      // Moved to the DLQ or limit reached with nothing taken from it: the
      // group may still be available.
      listIfAvailable(q, group: g)
    }
    return taken
  }
}
