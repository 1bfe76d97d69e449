import SimCore

/// DeleteMessage(Batch) (docs/model.md §2.3, §7.2).
extension SQSModel {
  /// DeleteMessage on queue `q` with the receipt `held`: deletes the
  /// message if it still exists (a standard queue deletes even through an
  /// older receipt). Returns true when the delete let the queue out of its
  /// in-flight limit, so its waiting polls may now be served.
  mutating func delete(_ held: HeldMessage, from queue: QueueID, kernel: inout Kernel) -> Bool {
    let q = queue.i
    if queues[q].isFIFO {
      // FIFO: a receipt whose visibility timeout ran out can no longer
      // delete (docs/model.md §3.4): the message will be delivered again.
      guard kernel.store.isLive(held.ref), Int(kernel.store[held.ref.slot].queue) == q,
        kernel.store[held.ref.slot].state == .inFlight, kernel.store[held.ref.slot].receiveCount == held.receipt
      else {
        queues[q].counters.deleteErrors &+= 1
        return false
      }
      leaveFlight(held.ref, in: q, kernel: &kernel)
    }
    // A receipt of a message that expired while held is no longer valid:
    // the delete removes nothing and is not a NumberOfMessagesDeleted. A
    // repeat delete of a message another receipt already deleted still is,
    // as AWS counts it (docs/model.md §7.2).
    guard !held.receiptExpired else { return false }
    queues[q].counters.deleted &+= 1
    guard kernel.store.isLive(held.ref) else { return false }
    let message = kernel.store[held.ref.slot]
    let mq = Int(message.queue)
    guard mq == q else { return false }
    switch message.state {
    case .visible:
      metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: kernel.now)
      queues[q].visibleCount -= 1
    case .inFlight:
      queues[q].inFlightCount -= 1
    case .delayed:
      queues[q].delayedCount -= 1
    case .free, .sending:
      return false
    }
    queues[q].counters.deletedUnique &+= 1
    metrics.recordEndToEnd(q, nanoseconds: kernel.now - message.createdAt)
    kernel.store.release(held.ref.slot)
    dropDepartedArrivals(q, kernel: &kernel)
    return message.state == .inFlight && noteInFlightDrop(q, kernel: &kernel)
  }

  /// After the in-flight count fell: clears the over-limit state; true
  /// when it did (waiting long polls may come in).
  @inline(__always)
  mutating func noteInFlightDrop(_ q: Int, kernel: inout Kernel) -> Bool {
    guard queues[q].isOverLimit && queues[q].inFlightCount < queues[q].inFlightLimit else { return false }
    clearOverLimit(q, kernel: &kernel)
    return true
  }

  /// The queue is back under its in-flight limit (rare: kept out of line).
  @inline(never)
  mutating func clearOverLimit(_ q: Int, kernel: inout Kernel) {
    queues[q].isOverLimit = false
    kernel.log(resources[q], "InFlightLimitCleared", "\(queues[q].inFlightCount) messages in flight")
  }
}
