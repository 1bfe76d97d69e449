import Foundation
import SimCore

/// Leases changing hands: the lease taker, crashes and restarts
/// (docs/model.md §8.10).
extension StreamConsumerFleet {
  /// Worker `w` starts: its lease taker runs at a random offset within one
  /// taker interval, and its crash clock starts.
  mutating func startWorker(_ w: Int, kernel: inout Kernel) {
    let app = apps[Int(workers[w].app)]
    let offset = Int64(workers[w].rng.nextUnitInterval() * Double(app.takerInterval))
    scheduleTaker(w, at: kernel.now + offset, kernel: &kernel)
    scheduleCrash(w, kernel: &kernel)
  }

  mutating func scheduleTaker(_ w: Int, at time: Int64, kernel: inout Kernel) {
    guard time < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.takeLeases(worker: Int32(w), life: workers[w].life)), at: time)
  }

  /// Schedules worker `w`'s next crash, if its application crashes.
  mutating func scheduleCrash(_ w: Int, kernel: inout Kernel) {
    let rate = apps[Int(workers[w].app)].config.crashRate
    guard rate > 0 else { return }
    let delay = SimDuration.seconds(-3_600 / rate * log(workers[w].rng.nextOpenUnitInterval()))
    guard kernel.now + delay.nanoseconds < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.crash(worker: Int32(w), life: workers[w].life)), after: delay)
  }

  /// Lease `l` goes to worker `w`, whose processor starts at `time` from
  /// the lease's checkpoint.
  mutating func assign(_ l: Int, to w: Int, at time: Int64, kernel: inout Kernel) {
    leases[l].owner = Int32(w)
    leases[l].renewalStoppedAt = nil
    leases[l].position = leases[l].checkpoint
    leases[l].sinceCheckpoint = 0
    leases[l].checkpointedAt = time
    leases[l].fetchedAt = time
    workers[w].leases += 1
    guard time < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: time)
  }

  /// Lease `l`'s processor stops: the batch in hand is dropped unprocessed
  /// and uncheckpointed; what the lease processed after its checkpoint is
  /// what the next owner processes again.
  mutating func stopProcessor(_ l: Int, now: Int64) {
    leases[l].epoch &+= 1
    // A stopped processor waits for no push: the next one's first event
    // (scheduled when it starts) finds out what is there.
    leases[l].awaitsPush = false
    if leases[l].processing {
      let w = Int(leases[l].owner)
      workers[w].busyLeases -= 1
      if workers[w].busyLeases == 0 { workers[w].busyTime += now - workers[w].busySince }
      leases[l].processing = false
    }
    leases[l].batchCount = 0
    leases[l].position = leases[l].checkpoint
  }

  /// Worker `w`'s lease taker: take leases whose owner stopped renewing
  /// them `failoverTime` ago, up to this worker's share; if there were
  /// none and it holds fewer than its share, take one from the most loaded
  /// worker that holds more. Then run again one interval later.
  mutating func takeLeases(_ w: Int, kernel: inout Kernel) {
    let a = Int(workers[w].app)
    let app = apps[a]
    let now = kernel.now
    var live = 0
    for v in app.pool.workers where app.pool[v] != .stopped && !workers[v].isDown { live += 1 }
    let active = app.leases.reduce(0) { $0 + (leases[$1].state == .active ? 1 : 0) }
    let share = (active + max(live, 1) - 1) / max(live, 1)
    var took = false
    let failover = app.config.stream.failoverTime.nanoseconds
    for l in app.leases where Int(workers[w].leases) < share && leases[l].state == .active {
      let expired =
        leases[l].owner < 0 || (leases[l].renewalStoppedAt.map { now - $0 >= failover } ?? false)
      guard expired else { continue }
      if leases[l].owner >= 0 {
        workers[Int(leases[l].owner)].leases -= 1
        apps[a].counters.leasesFailedOver &+= 1
      }
      assign(l, to: w, at: now, kernel: &kernel)
      took = true
    }
    if !took && Int(workers[w].leases) < share {
      // The most loaded live worker, lowest-numbered first.
      var most = -1
      for v in app.pool.workers where v != w && !workers[v].isDown && app.pool[v] != .stopped {
        if most < 0 || workers[v].leases > workers[most].leases { most = v }
      }
      if most >= 0 && Int(workers[most].leases) > share {
        if let l = app.leases.last(where: { leases[$0].owner == Int32(most) }) {
          stopProcessor(l, now: now)
          workers[most].leases -= 1
          apps[a].counters.leasesStolen &+= 1
          assign(l, to: w, at: now, kernel: &kernel)
        }
      }
    }
    scheduleTaker(w, at: now + app.takerInterval, kernel: &kernel)
  }

  /// Worker `w` crashes: its processors stop and its leases are no longer
  /// renewed (other workers take them after `failoverTime`); it restarts
  /// after `restartDelay`.
  mutating func crash(_ w: Int, kernel: inout Kernel) {
    let a = Int(workers[w].app)
    apps[a].counters.crashes &+= 1
    workers[w].isDown = true
    workers[w].life &+= 1
    for l in apps[a].leases where leases[l].owner == Int32(w) {
      stopProcessor(l, now: kernel.now)
      leases[l].renewalStoppedAt = kernel.now
    }
    let delay = apps[a].config.restartDelay.sampleDuration(using: &workers[w].rng)
    let at = kernel.now + delay.nanoseconds
    guard at < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.restart(worker: Int32(w))), at: at)
  }

  /// Worker `w` restarts, as a new worker: the leases it still held are
  /// free to take, by it or another, and its lease taker starts.
  mutating func restart(_ w: Int, kernel: inout Kernel) {
    let a = Int(workers[w].app)
    workers[w].isDown = false
    for l in apps[a].leases where leases[l].owner == Int32(w) {
      leases[l].owner = -1
      leases[l].renewalStoppedAt = nil
    }
    workers[w].leases = 0
    startWorker(w, kernel: &kernel)
  }
}
