import SimCore

/// Stream applications' rows of `metrics.csv` and `summary.csv`
/// (docs/model.md §8.11).
extension StreamConsumerFleet {
  mutating func registerMetrics(in table: inout MetricsTable) {
    metricIDs = resources.map { table.register($0, namespace: StreamConsumerMetric.self) }
  }

  mutating func endWarmup(now: Int64) {
    for a in apps.indices {
      baselines.warmup[a] = apps[a].counters
      apps[a].runMaxBehind = 0
    }
    for w in busyTime.indices { busyAtWarmup[w] = busyTime(of: w, now: now) }
  }

  /// Worker `w`'s busy time so far (ns), the current stretch included.
  func busyTime(of w: Int, now: Int64) -> Int64 {
    busyTime[w] + (busyLeases[w] > 0 ? now - busySince[w] : 0)
  }

  /// Leases per worker of application `a`: (workers with a lease, most
  /// leases of one worker).
  func leaseSpread(_ a: Int) -> (withLeases: Int, most: Int) {
    let workers = apps[a].config.count
    let shards = leaseCount(a)
    return (min(workers, shards), (shards + workers - 1) / workers)
  }

  func leaseCount(_ a: Int) -> Int {
    (a + 1 < apps.count ? apps[a + 1].firstLease : leases.count) - apps[a].firstLease
  }

  /// Retained records application `a` has not fetched yet.
  func pending(_ a: Int, kinesis: KinesisModel) -> Int {
    var pending = 0
    for l in apps[a].firstLease ..< apps[a].firstLease + leaseCount(a) {
      let log = kinesis.shards[Int(leases[l].shard)].log
      pending += log.end - max(leases[l].position, log.trimmed)
    }
    return pending
  }

  mutating func closePeriod(start: Int64, isWarm: Bool, kinesis: KinesisModel, into table: inout MetricsTable) {
    for a in apps.indices {
      let d = apps[a].counters.subtracting(baselines.period[a])
      baselines.period[a] = apps[a].counters
      let id = metricIDs[a]
      func row(_ metric: StreamConsumerMetric, _ value: Double) { table.publish(metric, of: id, at: start, value) }
      row(.recordsProcessed, Double(d.processed))
      row(.orderingViolations, Double(d.orderingViolations))
      row(.recordsLostToRetention, Double(d.lostToRetention))
      row(.getRecordsCalls, Double(d.getRecordsCalls))
      row(.emptyGetRecords, Double(d.emptyGetRecords))
      row(.readProvisionedThroughputExceeded, Double(d.readThrottled))
      row(.millisBehindLatest, Double(apps[a].periodMaxBehind) / 1e6)
      row(.workersWithLeases, Double(leaseSpread(a).withLeases))
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
  /// application, processed, in a batch in hand, pending, lost to
  /// retention or before its start position.
  mutating func appendSummary(now: Int64, span: Double, kinesis: KinesisModel, to summary: inout [SummaryRow]) {
    for l in leases.indices { catchUpWithTrim(l, kinesis: kinesis) }
    for a in apps.indices {
      let d = apps[a].counters.subtracting(baselines.warmup[a])
      let name = resources[a]
      func row(_ metric: StreamConsumerMetric, _ value: Double) { summary.append(name, metric, value) }
      row(.recordsProcessed, Double(d.processed))
      row(.duplicateRecords, Double(d.duplicates))
      row(.orderingViolations, Double(d.orderingViolations))
      row(.recordsLostToRetention, Double(d.lostToRetention))
      row(.getRecordsCalls, Double(d.getRecordsCalls))
      row(.emptyGetRecords, Double(d.emptyGetRecords))
      row(.readProvisionedThroughputExceeded, Double(d.readThrottled))
      summary.appendLatency(name, apps[a].summaryLatency, StreamConsumerMetric.endToEndLatency)
      row(.millisBehindLatestMax, Double(max(apps[a].runMaxBehind, apps[a].periodMaxBehind)) / 1e6)
      let workers = apps[a].config.count
      let spread = leaseSpread(a)
      row(.workers, Double(workers))
      row(.workersWithLeases, Double(spread.withLeases))
      row(.idleWorkers, Double(workers - spread.withLeases))
      row(.leasesPerWorkerMax, Double(spread.most))
      var busy: Int64 = 0
      for w in apps[a].firstWorker ..< apps[a].firstWorker + workers { busy += busyTime(of: w, now: now) - busyAtWarmup[w] }
      row(.utilization, span > 0 ? Double(busy) / (span * Double(workers)) : 0)
      let pending = pending(a, kinesis: kinesis)
      row(.recordsPending, Double(pending))
      var written = 0
      var inHand = 0
      for l in apps[a].firstLease ..< apps[a].firstLease + leaseCount(a) {
        written += kinesis.shards[Int(leases[l].shard)].log.end
        inHand += batchCount[l]
      }
      let c = apps[a].counters
      let unaccounted = written - c.processed - inHand - pending - c.lostToRetention - c.skipped
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
      floor[s] = min(floor[s], leases[l].checkpoint)
    }
    for s in kinesis.shards.indices {
      // A shard nobody reads keeps its records (retained, readable).
      let shardFloor = floor[s] == .max ? kinesis.shards[s].log.trimmed : floor[s]
      kinesis.shards[s].log.compact(below: shardFloor, forgetting: forgetting)
    }
  }
}
