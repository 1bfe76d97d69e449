import SimCore

/// Leases across a reshard: children wait for their parents, parents
/// finish at their end (docs/model.md §8.12).
extension StreamConsumerFleet {
  /// Whether lease `l`'s processor may read now. Not while a parent's
  /// lease is unfinished (it checks again every `parentShardPollInterval`,
  /// KCL's 10 s); not once its closed shard is read to its end: the lease
  /// is finished then (`SHARD_END`) and its worker lets it go.
  mutating func isReadable(_ l: Int, kinesis: KinesisModel, kernel: inout Kernel) -> Bool {
    if leases[l].parents.contains(where: { leases[Int($0)].state != .finished }) {
      let at = kernel.now + KinesisLimits.kclParentShardPollInterval.nanoseconds
      if at < kernel.endNanos {
        kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: at)
      }
      return false
    }
    let shard = kinesis.shards[Int(leases[l].shard)]
    guard shard.status == .closed && leases[l].position >= shard.log.end && leases[l].batchCount == 0 else {
      return true
    }
    leases[l].state = .finished
    leases[l].checkpoint = leases[l].position
    leases[l].epoch &+= 1
    if leases[l].owner >= 0 { workers[Int(leases[l].owner)].leases -= 1 }
    leases[l].owner = -1
    return false
  }

  /// The shards a reshard just opened get leases in every application
  /// reading their stream, free for the lease takers, each waiting for its
  /// parents' leases to finish.
  mutating func openLeases(kinesis: KinesisModel, kernel: inout Kernel) {
    guard !kinesis.openedShards.isEmpty else { return }
    // Enhanced fan-out leases waiting on a shard that just closed: their
    // subscription ends (no more records will come), so they finish.
    for l in leases.indices where leases[l].awaitsPush && kinesis.shards[Int(leases[l].shard)].status == .closed {
      leases[l].awaitsPush = false
      kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: kernel.now)
    }
    for shard in kinesis.openedShards {
      let stream = Int(kinesis.shards[Int(shard)].stream)
      let slot = Int(shard) - kinesis.streams[stream].firstShard
      for a in apps.indices where apps[a].stream == stream {
        let l = apps[a].firstLease + slot
        leases[l].state = .active
        leases[l].parents = kinesis.shards[Int(shard)].parents.map {
          Int32(apps[a].firstLease + Int($0) - kinesis.streams[stream].firstShard)
        }
        // A Lambda mapping polls the new shard at once (its poller).
        if apps[a].pollsEachShard { assign(l, to: apps[a].pool.first + slot, at: kernel.now, kernel: &kernel) }
      }
    }
  }
}
