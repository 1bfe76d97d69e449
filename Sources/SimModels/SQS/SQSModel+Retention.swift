import SimCore

/// Message retention and `ApproximateAgeOfOldestMessage`
/// (docs/model.md §2.6).
extension SQSModel {
  /// Arms `q`'s retention event at the earliest time one of its messages
  /// can expire (if before the end of the run and before the armed one).
  /// Expiry is applied on time, not only when the queue is next read, so a
  /// FIFO group whose in-flight message expires, or a slot under the
  /// in-flight limit, serves waiting long polls at once.
  mutating func armRetention(_ q: Int, kernel: inout Kernel) {
    var next = queues[q].arrivals.isEmpty ? Int64.max : queues[q].nextExpiryCheck
    if let top = queues[q].lateExpiries.first { next = min(next, top.expiresAt) }
    armRetention(q, at: next, kernel: &kernel)
  }

  /// Arms `q`'s retention event at `next` if that is before the armed one
  /// and before the end of the run. A message entering an empty arrival
  /// list arms this way with its own expiry alone: every late expiry armed
  /// the event when it was pushed (and each firing re-arms for what is
  /// left), so the armed event is never later than the earliest late
  /// expiry inside the run, and the heap of late expiries need not be read
  /// (with hundreds of queues, a cache miss per message).
  @inline(__always)
  mutating func armRetention(_ q: Int, at next: Int64, kernel: inout Kernel) {
    guard next < queues[q].retentionArmedAt, next <= kernel.endNanos else { return }
    queues[q].retentionArmedAt = next
    kernel.schedule(.sqs(.retention(queue: Int32(q))), at: max(next, kernel.now))
  }

  /// `q`'s retention event: expires what is due and returns `q`, whose
  /// waiting polls may now be served (what expired may have unblocked a
  /// FIFO group or freed room under the in-flight limit).
  mutating func fireRetention(_ q: Int, kernel: inout Kernel) -> Int? {
    guard queues[q].retentionArmedAt == kernel.now else { return nil }  // superseded by an earlier arming
    queues[q].retentionArmedAt = .max
    expireDue(q, kernel: &kernel)
    _ = noteInFlightDrop(q, kernel: &kernel)
    return q
  }

  /// Retention: removes every message of `q` whose retention ended by now,
  /// and arms the retention event for the next one.
  mutating func expireDue(_ q: Int, kernel: inout Kernel) {
    let retention = queues[q].messageRetention.nanoseconds
    queues[q].nextExpiryCheck = Int64.max
    while let ref = queues[q].arrivals.first {
      if kernel.store.isLive(ref) && Int(kernel.store[ref.slot].queue) == q {
        guard kernel.store[ref.slot].sentAt + retention <= kernel.now else {
          queues[q].nextExpiryCheck = kernel.store[ref.slot].sentAt + retention
          break
        }
        expire(ref, in: q, kernel: &kernel)
      }
      queues[q].arrivals.popFirst()
    }
    while let top = queues[q].lateExpiries.first, top.expiresAt <= kernel.now {
      queues[q].lateExpiries.removeFirst()
      if kernel.store.isLive(top.ref) && Int(kernel.store[top.ref.slot].queue) == q { expire(top.ref, in: q, kernel: &kernel) }
    }
    armRetention(q, kernel: &kernel)
  }

  mutating func expire(_ ref: MessageRef, in q: Int, kernel: inout Kernel) {
    switch kernel.store[ref.slot].state {
    case .visible:
      metrics.noteVisibleChange(q, count: queues[q].visibleCount, at: kernel.now)
      queues[q].visibleCount -= 1
    case .inFlight:
      queues[q].inFlightCount -= 1
      if queues[q].isFIFO { leaveFlight(ref, in: q, kernel: &kernel) }
    case .delayed: queues[q].delayedCount -= 1
    case .free, .sending: return
    }
    queues[q].counters.expired &+= 1
    if kernel.store[ref.slot].holders > 0 { expiredWhileHeld.append((ref, QueueID(q))) }
    kernel.store.release(ref.slot)
  }

  /// `ApproximateAgeOfOldestMessage` in nanoseconds: the oldest message
  /// still in `q` (visible, delayed or in flight), timed from its arrival
  /// in this queue (for a dead-letter queue, from the move). On standard
  /// queues a message received three or more times is left out, as AWS
  /// does for poison-pill messages. 0 when there is none.
  ///
  /// - Complexity: O(1) amortized, O(poison messages at the front) worst.
  mutating func ageOfOldestMessage(_ q: Int, kernel: inout Kernel) -> Int64 {
    dropDepartedArrivals(q, kernel: &kernel)
    let isFIFO = queues[q].config.isFIFO
    for i in 0..<queues[q].arrivals.count {
      let ref = queues[q].arrivals[i]
      guard kernel.store.isLive(ref), Int(kernel.store[ref.slot].queue) == q else { continue }
      if !isFIFO && kernel.store[ref.slot].receiveCount >= 3 { continue }
      return kernel.now - kernel.store[ref.slot].sentAt
    }
    return 0
  }

  /// Drops the entries of messages that left `q` (deleted, moved, expired)
  /// from the front of its arrival list. Called at each delete and before
  /// the list is read, so the list holds no more than the messages still
  /// in the queue and those behind them: a queue whose messages are
  /// deleted in about the order they came keeps a few entries, in the
  /// cache lines next to the list's header, instead of a period's worth of
  /// arrivals (which it would otherwise keep until the next period close,
  /// an hour of a busy queue's traffic with one-hour periods). What the
  /// list answers does not change: entries of departed messages are
  /// skipped wherever it is read.
  ///
  /// - Complexity: O(1) amortized.
  @inline(__always)
  mutating func dropDepartedArrivals(_ q: Int, kernel: inout Kernel) {
    while let ref = queues[q].arrivals.first, !kernel.store.isLive(ref) || Int(kernel.store[ref.slot].queue) != q {
      queues[q].arrivals.popFirst()
    }
  }
}
