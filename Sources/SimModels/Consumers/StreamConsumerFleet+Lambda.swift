import SimCore

/// Lambda event source mappings on a stream (docs/model.md §8.15).
///
/// One poller per shard calls GetRecords about once a second (against
/// the shard's shared limits), or, with `enhancedFanOut` (the mapping reads
/// through a registered stream consumer), is pushed records with its own
/// 2 MiB/s per shard and no polling (`receivePush`). It waits until a full
/// batch (`batchSize` records) is there or its oldest unread record is
/// `batchingWindow` old, then takes what one GetRecords returns or one push
/// carries (up to 10,000 records), splits it by key into
/// `parallelizationFactor` groups (a key always in the same one, so each
/// key stays in order) and invokes the function with each group's
/// records, `batchSize` at a time in order, the groups in parallel. A
/// failed invocation is retried (the group's next records wait): with
/// `bisectBatchOnError` as two halves in order, until it succeeds,
/// `maxRetries` is spent or its oldest record is older than
/// `maximumRecordAge`; then its records are given up, counted. The shard
/// checkpoints and reads again when every group is done: a barrier per
/// batch, where AWS lets each group go on alone (an approximation).
extension StreamConsumerFleet {
  /// Lease `l`'s poller; with enhanced fan-out, its subscription's event.
  mutating func poll(_ l: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    let a = Int(leases[l].app)
    if apps[a].config.stream.enhancedFanOut {
      receivePush(l, kinesis: &kinesis, kernel: &kernel)
      return
    }
    guard isReadable(l, kinesis: kinesis, kernel: &kernel) else { return }
    let mapping = apps[a].config.stream.lambda!
    let now = kernel.now
    prepareRead(l, kinesis: &kinesis, now: now)
    let s = Int(leases[l].shard)
    let log = kinesis.shards[s].log
    let position = leases[l].position
    let available = log.end - position
    let interval = KinesisLimits.lambdaPollInterval.nanoseconds
    if available == 0
      || (available < mapping.batchSize && now - log.arrival[log.index(position)] < mapping.batchingWindow.nanoseconds)
    {
      // Nothing yet, or a batch still gathering: look again in a second
      // (or when the window closes, if sooner).
      var next = now + interval
      if available > 0 { next = min(next, log.arrival[log.index(position)] + mapping.batchingWindow.nanoseconds) }
      schedulePoll(l, at: max(next, now + 1), kernel: &kernel)
      return
    }
    apps[a].counters.getRecordsCalls &+= 1
    guard let range = kinesis.getRecords(shard: s, from: position, limit: KinesisLimits.maxGetRecordsRecords, now: now)
    else {
      apps[a].counters.readThrottled &+= 1
      schedulePoll(l, at: now + interval, kernel: &kernel)
      return
    }
    startBatch(l, range, kinesis: kinesis, kernel: &kernel)
  }

  /// Lease `l` took `range` of its shard (one GetRecords or one push): it
  /// is split by key into the mapping's groups, each a queue of
  /// invocations of up to `batchSize` records, and each group's first one
  /// goes.
  mutating func startBatch(_ l: Int, _ range: Range<Int>, kinesis: KinesisModel, kernel: inout Kernel) {
    let mapping = apps[Int(leases[l].app)].config.stream.lambda!
    let log = kinesis.shards[Int(leases[l].shard)].log
    takeBatch(l, range, kinesis: kinesis, now: kernel.now)
    let factor = mapping.parallelizationFactor
    var groups = Array(repeating: [Int](), count: factor)
    for sequence in range { groups[Int(log.key[log.index(sequence)]) % factor].append(sequence) }
    leases[l].lambdaGroups = groups.map { records in
      stride(from: 0, to: records.count, by: mapping.batchSize).map { Array(records[$0 ..< min($0 + mapping.batchSize, records.count)]) }
    }
    leases[l].lambdaAttempts = Array(repeating: 0, count: factor)
    leases[l].lambdaLeft = range.count
    for g in 0..<factor where !leases[l].lambdaGroups[g].isEmpty { invoke(l, group: g, kernel: &kernel) }
  }

  mutating func schedulePoll(_ l: Int, at time: Int64, kernel: inout Kernel) {
    guard time < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: time)
  }

  /// Invokes the function with group `g`'s first sub-batch.
  mutating func invoke(_ l: Int, group g: Int, kernel: inout Kernel) {
    let a = Int(leases[l].app)
    apps[a].counters.invocations &+= 1
    let duration = apps[a].config.stream.lambda!.duration.sampleDuration(using: &leases[l].rng)
    kernel.schedule(
      .streamConsumer(.invocationDone(lease: Int32(l), epoch: leases[l].epoch, group: UInt8(g))), after: duration)
  }

  /// Group `g`'s invocation returned: its records are processed, or the
  /// failure is retried, bisected or given up; the next sub-batch goes.
  mutating func finishInvocation(_ l: Int, group g: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    let a = Int(leases[l].app)
    let mapping = apps[a].config.stream.lambda!
    let batch = leases[l].lambdaGroups[g][0]
    let log = kinesis.shards[Int(leases[l].shard)].log
    let failed = leases[l].rng.nextBool(probability: mapping.failureRate)
    if failed {
      apps[a].counters.errors &+= 1
      leases[l].lambdaAttempts[g] += 1
      let oldest = log.arrival[log.index(batch[0])]
      let tooOld = mapping.maximumRecordAge.map { kernel.now - oldest > $0.nanoseconds } ?? false
      let spent = mapping.maxRetries >= 0 && leases[l].lambdaAttempts[g] > mapping.maxRetries
      if !tooOld && !spent {
        if mapping.bisectBatchOnError && batch.count > 1 {
          // Two halves, in order (splitting does not count as a retry).
          let half = batch.count / 2
          leases[l].lambdaGroups[g].replaceSubrange(0...0, with: [Array(batch[..<half]), Array(batch[half...])])
          leases[l].lambdaAttempts[g] = 0
        }
        invoke(l, group: g, kernel: &kernel)
        return
      }
      if mapping.hasOnFailureDestination {
        apps[a].counters.sentToOnFailure &+= batch.count
      } else {
        apps[a].counters.discarded &+= batch.count
      }
    } else {
      let warm = kernel.now >= kernel.warmupNanos
      for sequence in batch {
        let i = log.index(sequence)
        guard sequence >= leases[l].highWater else { continue }
        let latency = max(0, kernel.now - log.created[i])
        apps[a].periodLatency.record(latency)
        if warm { apps[a].summaryLatency.record(latency) }
        let key = Int(log.key[i])
        let next = log.keySequence[i] &+ 1
        if next < apps[a].highestProcessed[key] {
          apps[a].counters.orderingViolations &+= 1
        } else {
          apps[a].highestProcessed[key] = next
        }
      }
      apps[a].counters.processed &+= batch.count
    }
    leases[l].lambdaGroups[g].removeFirst()
    leases[l].lambdaAttempts[g] = 0
    leases[l].lambdaLeft -= batch.count
    if !leases[l].lambdaGroups[g].isEmpty {
      invoke(l, group: g, kernel: &kernel)
      return
    }
    guard leases[l].lambdaLeft == 0 else { return }
    // Every group is done: checkpoint, and read again (poll, or wait for
    // the subscription's next event).
    let end = leases[l].batchStart + leases[l].batchCount
    leases[l].highWater = max(leases[l].highWater, end)
    leases[l].checkpoint = end
    leases[l].batchCount = 0
    if apps[a].config.stream.enhancedFanOut {
      planPush(l, kinesis: kinesis, kernel: &kernel)
    } else {
      schedulePoll(l, at: max(kernel.now, leases[l].fetchedAt + KinesisLimits.lambdaPollInterval.nanoseconds), kernel: &kernel)
    }
  }
}

// MARK: - Enhanced fan-out mappings

/// A mapping whose event source is a registered stream consumer
/// (`enhancedFanOut`, docs/model.md §8.15): its subscription pushes records
/// one push delay after they arrive (`pushLatency`, as for KCL, §8.10), with
/// the mapping's own 2 MiB/s per shard; it makes no GetRecords call and
/// does not poll. Its lease has at most one wake-up pending while it holds
/// no batch: a new one cancels the last by moving the epoch on (no
/// invocation is in flight then, so nothing else goes stale).
extension StreamConsumerFleet {
  /// Lease `l`'s subscription event: the records pushed so far (arrived by
  /// the event's cutoff) make a batch if there are `batchSize` of them or
  /// the oldest is `batchingWindow` old; then what the lease's allowance
  /// admits of them goes to the function. Otherwise it waits.
  mutating func receivePush(_ l: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    // One batch at a time: what arrives meanwhile is read after it.
    guard leases[l].batchCount == 0, isReadable(l, kinesis: kinesis, kernel: &kernel) else { return }
    let mapping = apps[Int(leases[l].app)].config.stream.lambda!
    let s = Int(leases[l].shard)
    let now = kernel.now
    prepareRead(l, kinesis: &kinesis, now: now)
    leases[l].awaitsPush = false
    let log = kinesis.shards[s].log
    let position = leases[l].position
    let cutoff = leases[l].pushCutoff
    let pushed = position < log.end ? max(position, min(log.end, log.first(arrivedAtOrAfter: cutoff + 1))) - position : 0
    let isDue =
      pushed >= mapping.batchSize
      || (pushed > 0 && now - log.arrival[log.index(position)] >= mapping.batchingWindow.nanoseconds)
    guard isDue else {
      planPush(l, kinesis: kinesis, kernel: &kernel)
      return
    }
    let range = kinesis.pushRecords(
      shard: s, from: position, arrivedBy: cutoff, allowance: &leases[l].pushAllowance,
      allowanceAt: &leases[l].pushAllowanceAt, now: now)
    guard !range.isEmpty else {
      // Owed bytes: again when the allowance is positive, with what this
      // event carried.
      scheduleWake(l, at: now + pushAllowanceWait(l), cutoff: cutoff, kernel: &kernel)
      return
    }
    startBatch(l, range, kinesis: kinesis, kernel: &kernel)
  }

  /// Lease `l` holds no batch: its next wake-up. The push of its oldest
  /// unread record if none is pushed yet; else (a batch gathering) when
  /// the batching window closes, or when the `batchSize`-th record is
  /// pushed if that comes first, or at once if the batch is due. While its
  /// batch could still fill from records not written yet, new writes wake
  /// it too (`awaitsPush`). With nothing unread it waits for writes; a
  /// closed shard read to its end ends the subscription (the lease
  /// finishes at its next event).
  mutating func planPush(_ l: Int, kinesis: KinesisModel, kernel: inout Kernel) {
    let a = Int(leases[l].app)
    let mapping = apps[a].config.stream.lambda!
    let log = kinesis.shards[Int(leases[l].shard)].log
    let now = kernel.now
    let position = max(leases[l].position, log.trimmed)
    let cutoff = leases[l].pushCutoff
    leases[l].awaitsPush = false
    guard position < log.end else {
      if kinesis.shards[Int(leases[l].shard)].status == .closed {
        scheduleWake(l, at: now, cutoff: cutoff, kernel: &kernel)
      } else {
        leases[l].epoch &+= 1
        leases[l].awaitsPush = true
      }
      return
    }
    let delay = apps[a].config.stream.pushLatency.sampleDuration(using: &leases[l].rng).nanoseconds
    let oldest = log.arrival[log.index(position)]
    guard oldest <= cutoff else {
      let at = max(now, oldest + delay)
      scheduleWake(l, at: at, cutoff: at - delay, kernel: &kernel)
      return
    }
    let windowEnd = oldest + mapping.batchingWindow.nanoseconds
    let full = position + mapping.batchSize - 1
    if full < log.end {
      let fullArrival = log.arrival[log.index(full)]
      if fullArrival <= cutoff || windowEnd <= now {
        scheduleWake(l, at: now, cutoff: cutoff, kernel: &kernel)
      } else if fullArrival + delay < windowEnd {
        let at = max(now, fullArrival + delay)
        scheduleWake(l, at: at, cutoff: at - delay, kernel: &kernel)
      } else {
        scheduleWake(l, at: windowEnd, cutoff: windowEnd - delay, kernel: &kernel)
      }
      return
    }
    scheduleWake(l, at: max(now, windowEnd), cutoff: windowEnd - delay, kernel: &kernel)
    leases[l].awaitsPush = true
  }

  /// Lease `l`'s one wake-up, at `time`, carrying the records that arrived
  /// by `cutoff` (never fewer than already pushed); an earlier one pending
  /// is cancelled.
  mutating func scheduleWake(_ l: Int, at time: Int64, cutoff: Int64, kernel: inout Kernel) {
    leases[l].epoch &+= 1
    leases[l].pushCutoff = max(leases[l].pushCutoff, cutoff)
    guard time < kernel.endNanos else { return }
    kernel.schedule(.streamConsumer(.getRecords(lease: Int32(l), epoch: leases[l].epoch)), at: time)
  }
}
