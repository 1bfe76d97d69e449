import SimCore

/// A Kinesis data stream (`streams:`), with AWS's defaults.
public struct StreamConfig: Sendable, Equatable {
  /// Stream name.
  public var name: String
  /// Capacity mode: provisioned with `shards` shards.
  public var mode: StreamMode = .provisioned
  /// Shards of a provisioned stream, 1 … 10,000 (`ShardCount`).
  public var shards: Int = 1
  /// `RetentionPeriodHours`: 24 h … 8,760 h, default 24 h.
  public var retention: SimDuration = KinesisLimits.defaultRetention
  /// Scheduled reshards, in time order (validated with `ShardSet`).
  public var reshards: [Reshard] = []
  /// On-demand: the previous peak write throughput (of the last 30 days,
  /// before the run), bytes and records per second; none by default.
  public var previousPeakBytesPerSecond: Double = 0
  public var previousPeakRecordsPerSecond: Double = 0

  /// Every shard the stream may ever have: its first ones and each
  /// reshard's children; for an on-demand stream, as many as its splits
  /// may make (`KinesisLimits.onDemandShardSlots`).
  public var shardSlots: Int {
    if mode == .onDemand { return KinesisLimits.onDemandShardSlots }
    var set = ShardSet(count: shards)
    for r in reshards { _ = set.apply(r) }
    return set.all.count
  }

  /// Creates a one-shard provisioned stream with 24 h retention.
  public init(name: String) { self.name = name }
}

/// A stream's capacity mode (`StreamModeDetails.StreamMode`).
public enum StreamMode: String, Sendable, Equatable {
  /// A fixed number of shards, each with its own write and read limits.
  case provisioned
  /// On-demand: write capacity follows the traffic (twice the previous
  /// peak), shards split by themselves (docs/model.md §8.13).
  case onDemand = "on-demand"
}

/// Where a stream application starts reading a shard it has no checkpoint
/// for (`InitialPositionInStream`).
public enum InitialPosition: String, Sendable, Equatable {
  /// After the newest record: only records written from now on.
  case latest = "LATEST"
  /// The oldest record still retained.
  case trimHorizon = "TRIM_HORIZON"
  /// The first record that arrived at or after `initialTimestamp`.
  case atTimestamp = "AT_TIMESTAMP"
}

/// How a consumer application reads a stream with shared throughput
/// (GetRecords polling, as the Kinesis Client Library does): the settings
/// of a `ConsumerConfig` whose `source` is a stream.
public struct StreamReadSettings: Sendable, Equatable {
  /// `maxRecords`: records asked for per GetRecords call, 1 … 10,000.
  public var maxRecords: Int = KinesisLimits.kclMaxRecords
  /// `idleTimeBetweenReads`: the time between one GetRecords call of a
  /// shard and the next (KCL 2.x: 1,500 ms).
  public var idleTimeBetweenReads: SimDuration = KinesisLimits.kclIdleTimeBetweenReads
  /// Processing time per batch returned, on top of the per-record
  /// `processingTime` (default 0).
  public var batchProcessingTime: Distribution = .constant(0)
  /// Where reading starts (KCL's default: `LATEST`).
  public var initialPosition: InitialPosition = .latest
  /// `AT_TIMESTAMP`'s timestamp: records that arrive before it are not
  /// read (they count as before the start position).
  public var initialTimestamp: SimTime = .zero
  /// `failoverTime`: a lease whose owner stopped renewing it (a crashed
  /// worker) may be taken this long after (KCL: 10 s). Each worker's lease
  /// taker runs every twice this.
  public var failoverTime: SimDuration = KinesisLimits.kclFailoverTime
  /// Checkpoint once this many records were processed since the last
  /// checkpoint (checked after each batch); `nil` with `checkpointInterval`
  /// `nil`: after every batch.
  public var checkpointRecords: Int?
  /// Checkpoint once this long passed since the last checkpoint (checked
  /// after each batch).
  public var checkpointInterval: SimDuration?
  /// Enhanced fan-out (`SubscribeToShard`): records are pushed to the
  /// application as they arrive, with its own 2 MiB/s per shard, instead
  /// of polled with GetRecords against the shard's shared limits.
  public var enhancedFanOut = false
  /// The delay from a record's arrival to its push event (enhanced
  /// fan-out): lognormal, median 60 ms, p99 200 ms, mean ≈ 69 ms, AWS's
  /// "about 70 ms" (docs/model.md §8.10; the shape is an assumption).
  public var pushLatency: Distribution = KinesisLimits.efoPushLatency
  /// Scheduled resets of the application's checkpoints to a timestamp (a
  /// replay after a bug fix), in time order.
  public var resets: [CheckpointReset] = []
  /// A Lambda event source mapping instead of a KCL application: `nil`
  /// for KCL.
  public var lambda: LambdaMapping?

  /// Creates the KCL defaults.
  public init() {}
}

/// KPL-style aggregation (docs/model.md §8.7): a producer packs its user
/// records for one shard into Kinesis records of up to `maxSize` bytes, and
/// sends up to `collectionMaxCount` of them per PutRecords call, a call at
/// least every `maxBufferedTime`.
public struct AggregationPolicy: Sendable, Equatable {
  /// `AggregationMaxSize`: bytes per aggregated record (KPL: 51,200).
  public var maxSize: Int = KinesisLimits.kplAggregationMaxSize
  /// `RecordMaxBufferedTime`: the longest a user record waits (KPL: 100 ms).
  public var maxBufferedTime: SimDuration = KinesisLimits.kplRecordMaxBufferedTime
  /// `CollectionMaxCount`: Kinesis records per PutRecords (KPL: 500).
  public var collectionMaxCount: Int = KinesisLimits.maxPutRecordsEntries

  /// Creates the KPL defaults.
  public init() {}
}

/// At `at`, every checkpoint of a stream application moves back to the
/// first record that arrived at or after `to` (as a new KCL application
/// started `AT_TIMESTAMP` would read): what it processed since is read
/// again, counted as `RecordsReplayed` (docs/model.md §8.10).
public struct CheckpointReset: Sendable, Equatable {
  public var at: SimTime
  public var to: SimTime

  public init(at: SimTime, to: SimTime) {
    self.at = at
    self.to = to
  }
}

/// A Lambda event source mapping on a stream (docs/model.md §8.15): one
/// poller per shard, batches of records passed to a function.
public struct LambdaMapping: Sendable, Equatable {
  /// `BatchSize`: records per invocation, 1 … 10,000 (default 100).
  public var batchSize = 100
  /// `MaximumBatchingWindowInSeconds`: how long records are gathered
  /// before an invocation that is not full, 0 … 300 s (default 0).
  public var batchingWindow: SimDuration = .zero
  /// `ParallelizationFactor`: concurrent batches per shard, 1 … 10; a
  /// key's records always go to the same one, in order.
  public var parallelizationFactor = 1
  /// The function's duration per invocation.
  public var duration: Distribution = .constant(100e6)
  /// Probability that an invocation fails (function error).
  public var failureRate: Double = 0
  /// `MaximumRetryAttempts`: −1 (the default) retries until the records
  /// expire; 0 … 10,000 otherwise.
  public var maxRetries = -1
  /// `MaximumRecordAgeInSeconds`: records older than this are not retried
  /// (−1, the default: no limit; 60 s … 604,800 s otherwise).
  public var maximumRecordAge: SimDuration?
  /// `BisectBatchOnFunctionError`: a failed batch is split in two halves,
  /// retried in order.
  public var bisectBatchOnError = false
  /// Whether discarded batches go to an on-failure destination (counted as
  /// sent there) or are only dropped (counted as discarded).
  public var hasOnFailureDestination = false

  public init() {}
}
