import SimCore

/// The limits and quotas of Amazon Kinesis Data Streams, as scenario
/// validation checks them and the model applies them: one named figure per
/// fact of docs/model.md §8, each with its section and AWS source. Sizes
/// are binary (docs/model.md §1.1).
public enum KinesisLimits {
  // MARK: Writes (docs/model.md §8.7)

  /// Records written per shard per second: 1,000 (docs/model.md §8.7).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
  public static let shardWriteRecordsPerSecond = 1_000

  /// Bytes written per shard per second, data and partition keys: 1 MiB
  /// (docs/model.md §8.7).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
  public static let shardWriteBytesPerSecond = 1_048_576

  /// The largest record, data blob and partition key: 1 MiB, the default
  /// `MaxRecordSizeInKiB` of a stream (docs/model.md §8.7).
  ///
  /// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
  public static let maxRecordSize = 1_048_576

  /// Records per PutRecords request: 500 (docs/model.md §8.7).
  ///
  /// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
  public static let maxPutRecordsEntries = 500

  /// Bytes per PutRecords request, partition keys included: 10 MiB today
  /// (5 MiB before 2025; docs/model.md §8.7).
  ///
  /// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
  public static let maxPutRecordsBytes = 10_485_760

  // MARK: Reads (docs/model.md §8.8)

  /// GetRecords calls per shard per second, shared by every polling
  /// application: 5 (docs/model.md §8.8).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
  public static let shardReadCallsPerSecond = 5

  /// Bytes read per shard per second by polling applications together:
  /// 2 MiB (docs/model.md §8.8).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
  public static let shardReadBytesPerSecond = 2_097_152

  /// Records one GetRecords call returns at most (`Limit`, 1 … 10,000)
  /// (docs/model.md §8.8).
  ///
  /// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
  public static let maxGetRecordsRecords = 10_000

  /// Bytes one GetRecords call returns at most: 10 MiB (docs/model.md §8.8).
  ///
  /// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
  public static let maxGetRecordsBytes = 10_485_760

  // MARK: Streams (docs/model.md §8.3, §8.9)

  /// Shards of a provisioned stream, as msgsim bounds a scenario: 10,000,
  /// the most `UpdateShardCount` scales a stream to. The account quota is
  /// 20,000 shards in us-east-1, us-west-2 and eu-west-1 and 1,000 or
  /// 6,000 elsewhere (docs/model.md §8.3).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
  public static let maxShardsPerStream = 10_000

  /// `UpdateShardCount` calls per stream per rolling 24 hours: 10
  /// (docs/model.md §8.12).
  ///
  /// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html
  public static let maxScalingOperationsPerDay = 10

  /// How long a reshard keeps a stream `UPDATING` before its children
  /// open: 30 s. AWS documents no figure (UpdateShardCount "could take a
  /// few minutes"); an assumption (docs/model.md §8.12).
  public static let reshardDuration = SimDuration.seconds(30)

  /// KCL `parentShardPollIntervalMillis`: a child shard's processor checks
  /// every 10 s whether its parents are done.
  ///
  /// https://github.com/awslabs/amazon-kinesis-client (coordinator/CoordinatorConfig.java)
  public static let kclParentShardPollInterval = SimDuration.seconds(10)

  // MARK: On-demand (docs/model.md §8.13)

  /// An on-demand stream's first write capacity: 4 MiB/s and 4,000
  /// records/s (about 4 shards), which it starts with.
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html
  public static let onDemandInitialBytesPerSecond = 4_194_304.0
  public static let onDemandInitialRecordsPerSecond = 4_000.0
  public static let onDemandInitialShards = 4

  /// An on-demand stream serves up to twice its previous peak; traffic
  /// more than doubling it within this time (15 min) is throttled, and a
  /// shard taking more than `onDemandSplitBytesPerSecond` is split within
  /// it.
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html
  public static let onDemandAdaptation = SimDuration.seconds(900)

  /// A shard of an on-demand stream taking more than 500 KB/s is split.
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html
  public static let onDemandSplitBytesPerSecond = 500_000.0

  /// Shards msgsim holds room for in an on-demand stream (its first 4 and
  /// the children of its splits); a split beyond is skipped and logged
  /// (msgsim's bound).
  public static let onDemandShardSlots = 1_024

  /// Retention when the scenario names none: 24 h (docs/model.md §8.9).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
  public static let defaultRetention = SimDuration.seconds(24 * 3_600)

  /// The longest retention: 8,760 h, 365 days (docs/model.md §8.9).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
  public static let maxRetention = SimDuration.seconds(8_760 * 3_600)

  /// The longest partition key, in Unicode code points: `PartitionKey` is
  /// 1 to 256 characters, and the length trait of AWS's API models
  /// (Smithy) counts Unicode scalar values, not grapheme clusters or UTF-8
  /// bytes (docs/model.md §8.1).
  ///
  /// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
  public static let maxPartitionKeyLength = 256

  /// The longest stream name: 128 characters of `[a-zA-Z0-9_.-]`.
  ///
  /// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html
  public static let maxStreamNameLength = 128

  // MARK: KCL defaults (docs/model.md §8.10)

  /// KCL 2.x `PollingConfig.idleTimeBetweenReadsInMillis`: 1,500 ms.
  ///
  /// https://github.com/awslabs/amazon-kinesis-client (PollingConfig.java)
  public static let kclIdleTimeBetweenReads = SimDuration.milliseconds(1_500)

  /// KCL `failoverTimeMillis`: 10,000 ms; the lease taker runs every
  /// `2 × (failoverTime + epsilon)` (`LeaseCoordinator`), and takes at
  /// most one lease from another worker at a time
  /// (`maxLeasesToStealAtOneTime` 1).
  ///
  /// https://github.com/awslabs/amazon-kinesis-client (LeaseManagementConfig.java)
  public static let kclFailoverTime = SimDuration.seconds(10)

  // MARK: Enhanced fan-out (docs/model.md §8.10)

  /// Enhanced fan-out consumers per stream: 20 (provisioned and on-demand
  /// standard).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
  public static let maxEnhancedFanOutConsumers = 20

  /// The push delay of enhanced fan-out: AWS quotes about 70 ms on average
  /// ("typically average around 70 ms"); msgsim draws it lognormal with a
  /// median of 60 ms and a p99 of 200 ms (mean ≈ 69 ms; the shape is an
  /// assumption, docs/model.md §8.10).
  ///
  /// https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html
  public static let efoPushLatency = Distribution.lognormal(median: 60e6, p99: 200e6)

  // MARK: Lambda event source mappings (docs/model.md §8.15)

  /// How often a Lambda event source mapping polls each shard with
  /// GetRecords: about once a second ("polls each shard in your Kinesis
  /// stream for records at a base rate of once per second").
  ///
  /// https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
  public static let lambdaPollInterval = SimDuration.seconds(1)

  /// How often a Firehose stream reading a Kinesis data stream calls
  /// GetRecords on each shard: once a second (FH-7).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/dev/writing-with-kinesis-streams.html
  public static let firehosePollInterval = SimDuration.seconds(1)

  // MARK: KPL aggregation (docs/model.md §8.7)

  /// KPL `AggregationMaxSize`: 51,200 B per aggregated record.
  ///
  /// https://github.com/awslabs/amazon-kinesis-producer (default_config.properties)
  public static let kplAggregationMaxSize = 51_200

  /// KPL `RecordMaxBufferedTime`: 100 ms.
  ///
  /// https://github.com/awslabs/amazon-kinesis-producer (default_config.properties)
  public static let kplRecordMaxBufferedTime = SimDuration.milliseconds(100)

  /// Bytes an aggregated record adds to its user records: 4 of magic
  /// number and a 16-byte MD5 checksum, plus about 6 per user record of
  /// protobuf framing (an approximation, docs/model.md §8.7).
  ///
  /// https://github.com/awslabs/amazon-kinesis-producer/blob/master/aggregation-format.md
  public static let kplAggregateOverhead = 20
  public static let kplPerRecordOverhead = 6

  /// KCL `maxRecords` per GetRecords: 10,000.
  ///
  /// https://github.com/awslabs/amazon-kinesis-client (PollingConfig.java)
  public static let kclMaxRecords = 10_000
}
