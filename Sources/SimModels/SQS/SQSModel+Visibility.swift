import SimCore

/// Visibility timeouts: the lanes of fixed-length timeouts, their firing,
/// and ChangeMessageVisibility (docs/model.md §2.2).
extension SQSModel {
  /// Whether a lane's visibility timer still guards an in-flight receipt.
  @inline(__always)
  func isLive(_ timer: VisibilityTimer, kernel: borrowing Kernel) -> Bool {
    kernel.store.isLive(timer.ref) && kernel.store[timer.ref.slot].state == .inFlight
      && kernel.store[timer.ref.slot].visibilityEpoch == timer.epoch
  }

  /// Starts the visibility timeout of a message just received through
  /// lane `l`, arming the lane if it was idle.
  @inline(__always)
  mutating func startVisibilityTimer(_ timer: VisibilityTimer, lane l: Int, kernel: inout Kernel) {
    if lanes[l].timers.count >= lanes[l].compactionBound { compactLane(l, kernel: kernel) }
    let deadline = kernel.now + lanes[l].visibility.nanoseconds
    if lanes[l].timers.add(timer, deadline: deadline) {
      kernel.schedule(.sqs(.visibilityLane(Int32(l))), at: deadline)
    }
  }

  /// Drops the timers of deleted messages from lane `l` (they would wait
  /// there for their deadline, 24 bytes each: a third of a drained
  /// backlog's memory). Called when the lane reaches twice what was live at
  /// the last compaction, so amortised O(1).
  mutating func compactLane(_ l: Int, kernel: borrowing Kernel) {
    lanes[l].timers.retain { isLive($0, kernel: kernel) }
    lanes[l].compactionBound = max(4_096, 2 * lanes[l].timers.count)
  }

  /// After deletes through lane `lane`: drops the lane's latest timers
  /// while they guard no receipt (`TimerLane.dropCancelledLatest`), which
  /// a worker that deletes before its next receive leaves there. Liveness
  /// is asked of each timer, not read from the delete: a refused delete
  /// (a FIFO receipt whose visibility ran out) deletes nothing, and the
  /// lane's latest timer may then be the message's next receive's.
  @inline(__always)
  mutating func dropDeletedTimers(lane: ConsumerID, kernel: borrowing Kernel) {
    lanes[lane.i].timers.dropCancelledLatest { isLive($0, kernel: kernel) }
  }

  /// Lane `l`'s event fired: expires its next due timer that still guards
  /// a receipt and returns that message's queue (whose waiting polls may
  /// now be served), or nil when no more timers are due. The world calls it
  /// until nil, serving waiting polls after each expiry, then `rearmLane`.
  mutating func expireNextDue(lane: ConsumerID, kernel: inout Kernel) -> QueueID? {
    let l = lane.i
    while let timer = lanes[l].timers.nextLiveDue(at: kernel.now, isLive: { isLive($0, kernel: kernel) }) {
      if let q = expireVisibility(timer.ref, epoch: timer.epoch, kernel: &kernel) { return QueueID(q) }
    }
    return nil
  }

  /// After `expireNextDue` returned nil: drops what was deleted from the
  /// front of lane `l` and arms it at its first live deadline.
  mutating func rearmLane(_ lane: ConsumerID, kernel: inout Kernel) {
    let l = lane.i
    if let next = lanes[l].timers.finishFiring(isLive: { isLive($0, kernel: kernel) }) {
      kernel.schedule(.sqs(.visibilityLane(Int32(l))), at: next)
    }
  }

  /// A visibility timeout ran out: the message is visible again. Returns
  /// its queue (whose waiting polls may now be served), or nil when the
  /// timeout was stale.
  mutating func expireVisibility(_ ref: MessageRef, epoch: UInt32, kernel: inout Kernel) -> Int? {
    guard kernel.store.isLive(ref), kernel.store[ref.slot].state == .inFlight,
      kernel.store[ref.slot].visibilityEpoch == epoch
    else { return nil }
    let q = Int(kernel.store[ref.slot].queue)
    queues[q].inFlightCount -= 1
    makeVisible(ref, in: q, returning: true, kernel: &kernel)
    if queues[q].isFIFO { leaveFlight(ref, in: q, kernel: &kernel) }
    _ = noteInFlightDrop(q, kernel: &kernel)
    return q
  }

  /// ChangeMessageVisibility on queue `q` through receipt `held`, received
  /// at `receivedAt`: the message's visibility timeout restarts at
  /// `timeout` from now. Refused (false, counted) when the receipt no
  /// longer holds the message or the total would pass 12 hours from the
  /// receive (docs/model.md §2.2).
  mutating func changeVisibility(
    _ held: HeldMessage, in queue: QueueID, timeout: SimDuration, receivedAt: Int64, kernel: inout Kernel
  ) -> Bool {
    let q = queue.i
    queues[q].counters.changeVisibility &+= 1
    guard kernel.store.isLive(held.ref), kernel.store[held.ref.slot].state == .inFlight,
      kernel.store[held.ref.slot].receiveCount == held.receipt,
      (kernel.now - receivedAt) + timeout.nanoseconds <= SQSLimits.visibilityCeiling.nanoseconds
    else {
      queues[q].counters.changeVisibilityRejected &+= 1
      return false
    }
    kernel.store[held.ref.slot].visibilityEpoch &+= 1
    kernel.schedule(.sqs(.visibilityTimeout(held.ref, epoch: kernel.store[held.ref.slot].visibilityEpoch)), after: timeout)
    return true
  }
}
