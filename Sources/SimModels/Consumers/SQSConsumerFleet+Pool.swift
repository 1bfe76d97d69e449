import SimCore

/// Starting, stopping and resizing a fleet's workers (docs/model.md §6.5),
/// on the crash and outage code: a stopped worker is down, and its pending
/// events are stale by their `cycle` and `life` tags. The pool bookkeeping
/// (`WorkerPool`) knows nothing of SQS; what stopping does to what a worker
/// holds is here.
extension SQSConsumerFleet {
  /// Worker `w` (stopped or draining) runs from now.
  ///
  /// A stopped worker polls at once, with a fresh crash timer and its own
  /// random stream where it left off (in an outage: when the outage ends).
  /// A draining worker takes new receives again.
  mutating func startWorker(_ worker: WorkerID, sqs: inout SQSModel, kernel: inout Kernel) {
    let w = worker.i
    let c = workers[w].consumer.i
    let wasStopped = fleets[c].pool[w] == .stopped
    fleets[c].pool.start(w, at: kernel.now)
    workers[w].isDraining = false
    if wasStopped && !fleets[c].isInOutage { bringUp(w, sqs: &sqs, kernel: &kernel) }
  }

  /// Worker `w` leaves the pool.
  ///
  /// `.abandon`: it stops at once, and what it holds reappears after its
  /// visibility timeout (a crash that is neither counted nor restarted).
  /// `.finish`: it takes no new receive, processes and deletes what it
  /// holds, then stops when it would poll again; one that holds nothing
  /// (waiting on a long poll, pausing between polls) stops at once. A
  /// worker that is down (crashed, or in an outage) holds nothing and stops
  /// at once, its restart cancelled. Stopping a stopped worker, or a
  /// draining one with `.finish`, changes nothing; `.abandon` on a draining
  /// worker stops it at once.
  mutating func stopWorker(_ worker: WorkerID, mode: StopMode, sqs: inout SQSModel, kernel: inout Kernel) {
    let w = worker.i
    let c = workers[w].consumer.i
    switch fleets[c].pool[w] {
    case .stopped:
      return
    case .draining:
      if mode == .finish { return }
    case .running:
      fleets[c].pool.drain(w)
      workers[w].isDraining = true
    }
    if workers[w].isDown {
      workers[w].isDraining = false
      workers[w].life &+= 1
      fleets[c].pool.stop(w, at: kernel.now)
    } else if mode == .abandon || workers[w].heldCount == 0 {
      crash(w, restart: false, sqs: &sqs, kernel: &kernel)
    }
  }

  /// Fleet `c` runs `n` workers from now, `n` clamped to 0 ... `maxCount`.
  ///
  /// Fewer: the highest-numbered running workers stop with `mode`. More:
  /// the lowest-numbered stopped workers start, then, when no slot is free,
  /// the lowest-numbered draining workers go back to work. Draining
  /// workers are not counted in `n`. Logs one `FleetResized` row
  /// (`4 -> 6 workers`, `6 -> 4 workers (finish)`) when the number of
  /// running workers changes.
  ///
  /// - Complexity: O(`maxCount`), plus the first polls of the started
  ///   workers.
  mutating func resize(_ fleet: ConsumerID, to n: Int, mode: StopMode, sqs: inout SQSModel, kernel: inout Kernel) {
    let c = fleet.i
    let target = fleets[c].pool.clamped(n)
    let before = fleets[c].pool.running
    startLowest(.stopped, of: c, until: target, sqs: &sqs, kernel: &kernel)
    startLowest(.draining, of: c, until: target, sqs: &sqs, kernel: &kernel)
    var below = fleets[c].pool.workers.upperBound
    while fleets[c].pool.running > target, let w = fleets[c].pool.highest(.running, below: below) {
      stopWorker(WorkerID(w), mode: mode, sqs: &sqs, kernel: &kernel)
      below = w
    }
    let after = fleets[c].pool.running
    guard after != before else { return }
    let how = after > before ? "" : mode == .finish ? " (finish)" : " (abandon)"
    kernel.log(resources[c], "FleetResized", "\(before) -> \(after) workers\(how)")
  }

  /// Starts fleet `c`'s lowest-numbered workers in `slot` until `target`
  /// run (or none is left).
  private mutating func startLowest(
    _ slot: WorkerPool.Slot, of c: Int, until target: Int, sqs: inout SQSModel, kernel: inout Kernel
  ) {
    var next = fleets[c].pool.first
    while fleets[c].pool.running < target, let w = fleets[c].pool.lowest(slot, from: next) {
      startWorker(WorkerID(w), sqs: &sqs, kernel: &kernel)
      next = w + 1
    }
  }
}
