import SimCore

/// Enhanced fan-out (SubscribeToShard, docs/model.md §8.10): records pushed
/// to each consumer, per shard, with its own 2 MiB/s.
extension StreamConsumerFleet {
  /// Lease `l`'s subscription delivers an event: the records from its
  /// position its own 2 MiB/s allows, processed at once (the push delay is
  /// already behind them). With nothing to deliver it waits for new
  /// records; with its allowance spent, until it refills.
  mutating func push(_ l: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    guard isReadable(l, kinesis: kinesis, kernel: &kernel) else { return }
    let s = Int(leases[l].shard)
    let now = kernel.now
    prepareRead(l, kinesis: &kinesis, now: now)
    leases[l].awaitsPush = false
    let position = leases[l].position
    let range = kinesis.pushRecords(
      shard: s, from: position, arrivedBy: leases[l].pushCutoff, allowance: &leases[l].pushAllowance,
      allowanceAt: &leases[l].pushAllowanceAt, now: now)
    guard !range.isEmpty else {
      if leases[l].pushAllowance <= 0 && position < kinesis.shards[s].log.end {
        // Owed bytes: the next event when the allowance is positive again.
        let wait = pushAllowanceWait(l)
        // The event carries what it would have: the cutoff stays.
        if now + wait < kernel.endNanos {
          kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: now + wait)
        }
      } else {
        // Nothing, or only records too recent for this event.
        continuePush(l, kinesis: kinesis, kernel: &kernel)
      }
      return
    }
    takeBatch(l, range, kinesis: kinesis, now: now)
    respond(l, kernel: &kernel)
  }

  /// The time until lease `l`'s allowance, spent below zero, is positive
  /// again (ns).
  func pushAllowanceWait(_ l: Int) -> Int64 {
    Int64((-leases[l].pushAllowance / Double(KinesisLimits.shardReadBytesPerSecond)) * 1e9) + 1
  }

  /// Shards that gained records: their waiting enhanced fan-out leases get
  /// an event one push delay from now; a Lambda mapping's plans its next
  /// wake-up again (the new records may fill its batch).
  mutating func pushWrites(kinesis: inout KinesisModel, kernel: inout Kernel) {
    for s in kinesis.takeWrittenShards() {
      for l in pushLeases[Int(s)] where leases[Int(l)].awaitsPush {
        if apps[Int(leases[Int(l)].app)].config.stream.lambda != nil {
          planPush(Int(l), kinesis: kinesis, kernel: &kernel)
        } else {
          schedulePush(Int(l), firstArrival: kernel.now, kernel: &kernel)
        }
      }
    }
  }

  /// Lease `l`'s next event, for the records from the one that arrived at
  /// `firstArrival`: one push delay after it (or now, if that has passed),
  /// carrying what arrived by then less the delay.
  mutating func schedulePush(_ l: Int, firstArrival: Int64, kernel: inout Kernel) {
    let delay = apps[Int(leases[l].app)].config.stream.pushLatency.sampleDuration(using: &leases[l].rng).nanoseconds
    leases[l].awaitsPush = false
    let at = max(kernel.now, firstArrival + delay)
    leases[l].pushCutoff = at - delay
    guard at < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: at)
  }

  /// After a batch, lease `l`'s subscription goes on with the records
  /// that arrived meanwhile, or waits for new ones.
  mutating func continuePush(_ l: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    let log = kinesis.shards[Int(leases[l].shard)].log
    let position = max(leases[l].position, log.trimmed)
    if position < log.end {
      schedulePush(l, firstArrival: log.arrival[log.index(position)], kernel: &kernel)
    } else if kinesis.shards[Int(leases[l].shard)].status == .closed {
      // A closed shard read to its end gets no more records: the next
      // event ends the subscription (SHARD_END), and the lease finishes.
      if kernel.now < kernel.endNanos {
        kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: kernel.now)
      }
    } else {
      leases[l].awaitsPush = true
    }
  }
}
