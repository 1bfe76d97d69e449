import SimCore

/// Scheduled checkpoint resets: a stream read again (docs/model.md §8.10).
extension StreamConsumerFleet {
  /// Schedules application `a`'s next checkpoint reset, if any.
  mutating func scheduleReset(_ a: Int, kernel: inout Kernel) {
    let resets = apps[a].config.stream.resets
    guard apps[a].resetsDone < resets.count else { return }
    let at = resets[apps[a].resetsDone].at.nanoseconds
    guard at < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.reset(app: Int32(a))), at: at)
  }

  /// Application `a` resets every checkpoint to the first record that
  /// arrived at or after the reset's timestamp (or the oldest retained):
  /// each processor stops and starts again from there.
  mutating func resetCheckpoints(_ a: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    let to = apps[a].config.stream.resets[apps[a].resetsDone].to.nanoseconds
    apps[a].resetsDone += 1
    apps[a].counters.resets &+= 1
    for l in apps[a].leases {
      let log = kinesis.shards[Int(leases[l].shard)].log
      let start = max(log.trimmed, log.first(arrivedAtOrAfter: to))
      let owned = leases[l].owner >= 0
      if owned { stopProcessor(l, now: kernel.now) }
      leases[l].replayUntil = max(leases[l].replayUntil, leases[l].highWater)
      leases[l].checkpoint = start
      leases[l].position = start
      leases[l].sinceCheckpoint = 0
      if owned && workers[Int(leases[l].owner)].isDown == false {
        leases[l].fetchedAt = kernel.now
        kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: kernel.now)
      }
    }
    scheduleReset(a, kernel: &kernel)
  }
}
