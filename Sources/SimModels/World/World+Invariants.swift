import SimCore

#if MSGSIM_INVARIANTS
  extension World {
    /// Checks what must hold between any two events, and stops the run
    /// with a description of the first breach (a defect of the model, never
    /// of the scenario). Compiled in with `-D MSGSIM_INVARIANTS` (debug
    /// builds, so `swift test` and the golden tests run it at every period
    /// boundary and at the end of each run); release builds skip it.
    ///
    /// - Conservation: every message that entered a queue is deleted,
    ///   expired, moved on or still there, and the queue's live counts match
    ///   a scan of the message store; the count identity holds; every
    ///   notification a topic owes is delivered, discarded, redriven or still
    ///   being retried, and filter accounting adds up.
    /// - Pool sizes: no worker holds more than `batchStride` messages; a
    ///   waiting worker holds nothing; waiter lists stay within twice the
    ///   workers that can read the queue; each worker pool counts its slots,
    ///   a stopped worker is down and holds, waits for and processes
    ///   nothing, and a worker drains exactly when its slot says so (and is
    ///   then up and not waiting).
    /// - Lane order: every timer lane's deadlines are in order and a lane
    ///   holding timers has an event armed no later than its first deadline;
    ///   a queue's retention event is armed no later than its earliest late
    ///   expiry inside the run (what `armRetention(_:at:kernel:)` relies on).
    func checkInvariants() {
      func fail(_ what: String) -> Never {
        preconditionFailure("invariant broken at t = \(now) ns: \(what)")
      }
      let lost = sqs.auditMessages(kernel: kernel)
      for q in sqs.queues.indices {
        if lost[q] != 0 { fail("\(sqs.resources[q]) lost \(lost[q]) messages") }
        if sqs.countIdentityError(q) != 0 { fail("\(sqs.resources[q]) count identity off by \(sqs.countIdentityError(q))") }
        if let top = sqs.queues[q].lateExpiries.first, top.expiresAt <= kernel.endNanos,
          sqs.queues[q].retentionArmedAt > top.expiresAt
        {
          fail("\(sqs.resources[q]) retention armed at \(sqs.queues[q].retentionArmedAt), after a late expiry at \(top.expiresAt)")
        }
        let readers = consumers.fleets.filter { $0.queue.i == q }.reduce(0) { $0 + $1.pool.capacity }
        if consumers.waiters[q].entries.count > max(consumers.waiters[q].bound, 2 * readers + 16) {
          fail("\(sqs.resources[q]) keeps \(consumers.waiters[q].entries.count) waiter entries")
        }
      }
      for (t, audit) in sns.auditTopics().enumerated() where audit.lost != 0 || audit.filterErrors != 0 {
        fail("\(sns.resources[t]) lost \(audit.lost) notifications, \(audit.filterErrors) filter accounting errors")
      }
      for w in consumers.workers.indices {
        let worker = consumers.workers[w]
        if worker.heldCount < 0 || worker.heldCount > batchStride { fail("worker \(w) holds \(worker.heldCount)") }
        if worker.isWaiting && worker.heldCount != 0 { fail("worker \(w) waits while holding \(worker.heldCount)") }
        let slot = consumers.fleets[worker.consumer.i].pool[w]
        if slot == .stopped
          && (!worker.isDown || worker.heldCount != 0 || worker.isWaiting || worker.isProcessing)
        {
          fail("stopped worker \(w) is up, holds, waits or processes")
        }
        if (slot == .draining) != worker.isDraining || (worker.isDraining && (worker.isDown || worker.isWaiting)) {
          fail("worker \(w) drains in slot \(slot) (down: \(worker.isDown), waiting: \(worker.isWaiting))")
        }
      }
      for c in consumers.fleets.indices where !consumers.fleets[c].pool.isConsistent {
        fail("worker pool of \(consumers.resources[c]) miscounts its slots")
      }
      for l in sqs.lanes.indices where !sqs.lanes[l].timers.isConsistent { fail("visibility lane \(l) out of order") }
      for c in consumers.fleets.indices where !consumers.fleets[c].pollTimers.isConsistent {
        fail("long-poll lane of \(consumers.resources[c]) out of order")
      }
    }
  }
#endif
