import SimCore

/// Stream applications' rows of `metrics.csv` and `summary.csv`
/// (docs/model.md §8.11).
extension StreamConsumerFleet: ServiceModel {
  mutating func registerMetrics(in table: inout MetricsTable) {
    // Registered in order, Firehose readers too (they publish nothing).
    metricIDs = resources.map { table.register($0, namespace: StreamConsumerMetric.self) }
  }

  mutating func endWarmup(_ run: Milestone, kernel: inout Kernel) {
    let now = run.now
    for a in apps.indices {
      baselines.warmup[a] = apps[a].counters
      apps[a].runMaxBehind = 0
      memberNanosAtWarmup[a] = apps[a].pool.memberNanos(at: now)
    }
    for w in workers.indices { busyAtWarmup[w] = busyTime(of: w, now: now) }
  }

  /// Worker `w`'s busy time so far (ns), the current stretch included.
  func busyTime(of w: Int, now: Int64) -> Int64 {
    workers[w].busyTime + (workers[w].busyLeases > 0 ? now - workers[w].busySince : 0)
  }

  /// Application `a`'s workers holding a lease, and the most leases one
  /// worker holds.
  func leaseSpread(_ a: Int) -> (withLeases: Int, most: Int) {
    var withLeases = 0
    var most = 0
    for w in apps[a].pool.workers {
      if workers[w].leases > 0 && !workers[w].isDown { withLeases += 1 }
      most = max(most, Int(workers[w].leases))
    }
    return (withLeases, most)
  }

  /// Where lease `l` will read from next, at the earliest: past its batch
  /// in hand, what it processed before and the trim point.
  func frontier(_ l: Int, kinesis: KinesisModel) -> Int {
    let lease = leases[l]
    return max(lease.position, lease.highWater, kinesis.shards[Int(lease.shard)].log.trimmed)
  }

  /// Retained records application `a` has never fetched.
  func pending(_ a: Int, kinesis: KinesisModel) -> Int {
    apps[a].leases.reduce(0) { $0 + kinesis.shards[Int(leases[$1].shard)].log.end - frontier($1, kinesis: kinesis) }
  }

  mutating func closePeriod(_ run: Milestone, peer kinesis: KinesisModel, into table: inout MetricsTable, kernel: inout Kernel) {
    let start = run.periodStart
    let isWarm = run.isWarm
    // A Firehose stream's reader reports through the Firehose stream.
    for a in apps.indices where apps[a].firehose == nil {
      let d = apps[a].counters.subtracting(baselines.period[a])
      baselines.period[a] = apps[a].counters
      let id = metricIDs[a]
      func row(_ metric: StreamConsumerMetric, _ value: Double) { table.publish(metric, of: id, at: start, value) }
      row(.recordsProcessed, Double(d.processed))
      row(.duplicateRecords, Double(d.duplicates))
      if d.replayed > 0 { row(.recordsReplayed, Double(d.replayed)) }
      row(.orderingViolations, Double(d.orderingViolations))
      row(.recordsLostToRetention, Double(d.lostToRetention))
      row(.getRecordsCalls, Double(d.getRecordsCalls))
      row(.emptyGetRecords, Double(d.emptyGetRecords))
      row(.readProvisionedThroughputExceeded, Double(d.readThrottled))
      row(.millisBehindLatest, Double(apps[a].periodMaxBehind) / 1e6)
      if apps[a].config.stream.enhancedFanOut {
        row(.subscribeToShardEventMillisBehindLatest, Double(apps[a].periodMaxBehind) / 1e6)
      }
      if d.crashes > 0 { row(.crashes, Double(d.crashes)) }
      if d.invocations > 0 {
        row(.invocations, Double(d.invocations))
        row(.errors, Double(d.errors))
      }
      if d.sentToOnFailure > 0 { row(.recordsSentToOnFailure, Double(d.sentToOnFailure)) }
      if d.discarded > 0 { row(.recordsDiscarded, Double(d.discarded)) }
      if d.leasesStolen > 0 { row(.leasesStolen, Double(d.leasesStolen)) }
      if d.leasesFailedOver > 0 { row(.leasesFailedOver, Double(d.leasesFailedOver)) }
      let spread = leaseSpread(a)
      row(.workersWithLeases, Double(spread.withLeases))
      row(.leasesPerWorkerMax, Double(spread.most))
      row(.recordsPending, Double(pending(a, kinesis: kinesis)))
      if let latency = PeriodLatency(apps[a].periodLatency) {
        row(.endToEndLatencyMean, latency.mean / 1e9)
        row(.endToEndLatencyP99, Double(latency.p99) / 1e9)
      }
      apps[a].periodLatency.reset()
      if isWarm { apps[a].runMaxBehind = max(apps[a].runMaxBehind, apps[a].periodMaxBehind) }
      apps[a].periodMaxBehind = 0
    }
  }

  /// Whole-run rows after warm-up, and the conservation check over the
  /// whole run: every record written to the stream is, for each
  /// application, processed (at least once), in a batch in hand for the
  /// first time, pending, lost to retention or before its start position.
  mutating func appendSummary(_ run: Milestone, peer kinesis: KinesisModel, to summary: inout [SummaryRow], kernel: inout Kernel) {
    let now = run.now
    for l in leases.indices { catchUpWithTrim(l, kinesis: kinesis) }
    for a in apps.indices where apps[a].firehose == nil {
      let d = apps[a].counters.subtracting(baselines.warmup[a])
      let name = resources[a]
      func row(_ metric: StreamConsumerMetric, _ value: Double) { summary.append(name, metric, value) }
      row(.recordsProcessed, Double(d.processed))
      row(.duplicateRecords, Double(d.duplicates))
      row(.recordsReplayed, Double(d.replayed))
      row(.checkpointResets, Double(d.resets))
      row(.orderingViolations, Double(d.orderingViolations))
      row(.recordsLostToRetention, Double(d.lostToRetention))
      row(.getRecordsCalls, Double(d.getRecordsCalls))
      row(.emptyGetRecords, Double(d.emptyGetRecords))
      row(.readProvisionedThroughputExceeded, Double(d.readThrottled))
      summary.appendLatency(name, apps[a].summaryLatency, StreamConsumerMetric.endToEndLatency)
      row(.millisBehindLatestMax, Double(max(apps[a].runMaxBehind, apps[a].periodMaxBehind)) / 1e6)
      if apps[a].config.stream.enhancedFanOut {
        row(
          .subscribeToShardEventMillisBehindLatestMax,
          Double(max(apps[a].runMaxBehind, apps[a].periodMaxBehind)) / 1e6)
      }
      if apps[a].config.stream.lambda != nil {
        row(.invocations, Double(d.invocations))
        row(.errors, Double(d.errors))
        row(.recordsSentToOnFailure, Double(d.sentToOnFailure))
        row(.recordsDiscarded, Double(d.discarded))
      }
      row(.crashes, Double(d.crashes))
      row(.leasesStolen, Double(d.leasesStolen))
      row(.leasesFailedOver, Double(d.leasesFailedOver))
      let spread = leaseSpread(a)
      row(.workers, Double(apps[a].pool.members))
      row(.workersWithLeases, Double(spread.withLeases))
      row(.idleWorkers, Double(apps[a].pool.members - spread.withLeases))
      row(.leasesPerWorkerMax, Double(spread.most))
      var busy: Int64 = 0
      for w in apps[a].pool.workers { busy += busyTime(of: w, now: now) - busyAtWarmup[w] }
      let memberTime = Double(apps[a].pool.memberNanos(at: now) - memberNanosAtWarmup[a])
      row(.utilization, memberTime > 0 ? Double(busy) / memberTime : 0)
      let pending = pending(a, kinesis: kinesis)
      row(.recordsPending, Double(pending))
      var written = 0
      var inHandNew = 0
      for l in apps[a].leases {
        written += kinesis.shards[Int(leases[l].shard)].log.end
        let batchEnd = leases[l].batchStart + leases[l].batchCount
        if leases[l].batchCount > 0 {
          // A Lambda batch is done group by group: what is left of it.
          inHandNew +=
            apps[a].config.stream.lambda != nil
            ? leases[l].lambdaLeft : max(0, batchEnd - max(leases[l].batchStart, leases[l].highWater))
        }
      }
      let c = apps[a].counters
      let unaccounted =
        written - (c.processed - c.duplicates - c.replayed) - c.discarded - c.sentToOnFailure - inHandNew - pending
        - c.lostToRetention - c.skipped
      row(.recordsUnaccounted, Double(unaccounted))
    }
  }

  /// Gives back the storage of records no lease will read again: below
  /// every lease's checkpoint (a lease only ever goes back to its
  /// checkpoint), or, with `forgetting` off, trimmed ones only.
  func compactLogs(kinesis: inout KinesisModel, forgetting: Bool = true) {
    var floor = [Int](repeating: .max, count: kinesis.shards.count)
    for l in leases.indices {
      let s = Int(leases[l].shard)
      // An application with a reset to come may go back to any retained
      // record.
      let app = apps[Int(leases[l].app)]
      let mayGoBack = app.resetsDone < app.config.stream.resets.count
      floor[s] = min(floor[s], mayGoBack ? kinesis.shards[s].log.trimmed : leases[l].checkpoint)
    }
    for s in kinesis.shards.indices {
      // A shard nobody reads keeps its records (retained, readable).
      let shardFloor = floor[s] == .max ? kinesis.shards[s].log.trimmed : floor[s]
      kinesis.shards[s].log.compact(below: shardFloor, forgetting: forgetting)
    }
  }
}
