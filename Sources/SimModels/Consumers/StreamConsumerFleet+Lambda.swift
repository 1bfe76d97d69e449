import SimCore

/// Lambda event source mappings on a stream (docs/model.md §8.15).
///
/// One poller per shard calls GetRecords about once a second (against
/// the shard's shared limits; enhanced fan-out is not modelled for
/// mappings). It waits until a full batch (`batchSize` records) is there
/// or its oldest unread record is `batchingWindow` old, then takes what
/// one GetRecords returns (up to 10,000 records), splits it by key into
/// `parallelizationFactor` groups (a key always in the same one, so each
/// key stays in order) and invokes the function with each group's
/// records, `batchSize` at a time in order, the groups in parallel. A failed invocation is retried (the group's next records
/// wait): with `bisectBatchOnError` as two halves in order, until it
/// succeeds, `maxRetries` is spent or its oldest record is older than
/// `maximumRecordAge`; then its records are given up, counted. The shard
/// checkpoints and polls again when every group is done: a barrier per
/// batch, where AWS lets each group go on alone (an approximation).
extension StreamConsumerFleet {
  /// Lease `l`'s poller.
  mutating func poll(_ l: Int, kinesis: inout KinesisModel, kernel: inout Kernel) {
    guard isReadable(l, kinesis: kinesis, kernel: &kernel) else { return }
    let a = Int(leases[l].app)
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
    apps[a].counters.getRecordsCalls += 1
    guard let range = kinesis.getRecords(shard: s, from: position, limit: KinesisLimits.maxGetRecordsRecords, now: now)
    else {
      apps[a].counters.readThrottled += 1
      schedulePoll(l, at: now + interval, kernel: &kernel)
      return
    }
    takeBatch(l, range, kinesis: kinesis, now: now)
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
    apps[a].counters.invocations += 1
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
      apps[a].counters.errors += 1
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
        apps[a].counters.sentToOnFailure += batch.count
      } else {
        apps[a].counters.discarded += batch.count
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
          apps[a].counters.orderingViolations += 1
        } else {
          apps[a].highestProcessed[key] = next
        }
      }
      apps[a].counters.processed += batch.count
    }
    leases[l].lambdaGroups[g].removeFirst()
    leases[l].lambdaAttempts[g] = 0
    leases[l].lambdaLeft -= batch.count
    if !leases[l].lambdaGroups[g].isEmpty {
      invoke(l, group: g, kernel: &kernel)
      return
    }
    guard leases[l].lambdaLeft == 0 else { return }
    // Every group is done: checkpoint, and poll again.
    let end = leases[l].batchStart + leases[l].batchCount
    leases[l].highWater = max(leases[l].highWater, end)
    leases[l].checkpoint = end
    leases[l].batchCount = 0
    schedulePoll(l, at: max(kernel.now, leases[l].fetchedAt + KinesisLimits.lambdaPollInterval.nanoseconds), kernel: &kernel)
  }
}
