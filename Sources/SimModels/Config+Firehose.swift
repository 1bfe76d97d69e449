import SimCore

/// An Amazon Data Firehose stream (`firehoses:`) with a Direct PUT source
/// (producers whose target is `.firehose(NAME)`) and an S3-like
/// destination, with AWS's defaults (docs/model.md §11).
public struct FirehoseConfig: Sendable, Equatable {
  /// `DeliveryStreamName`.
  public var name: String
  /// The Kinesis data stream it reads (`KinesisStreamSourceConfiguration`),
  /// or `nil` for Direct PUT.
  public var sourceStream: String?
  /// `BufferingHints.SizeInMBs`, in bytes: 1 MiB … 128 MiB, default 5 MiB.
  public var bufferSize: Int = FirehoseLimits.defaultBufferSize
  /// `BufferingHints.IntervalInSeconds`: 0 s … 900 s, default 300 s (0:
  /// each accepted call's records are delivered at once).
  public var bufferInterval: SimDuration = FirehoseLimits.defaultBufferInterval
  /// The Direct PUT quota's records per second; `nil`: the Region's.
  public var recordsPerSecondLimit: Int?
  /// The Direct PUT quota's requests per second; `nil`: the Region's.
  public var putRequestsPerSecondLimit: Int?
  /// The Direct PUT quota's bytes per second; `nil`: the Region's.
  public var bytesPerSecondLimit: Int?
  /// A Lambda transform of each buffer before delivery, if any.
  public var transform: FirehoseTransform?
  /// Where buffers are delivered.
  public var destination = FirehoseDestination()

  /// Creates a Firehose stream with AWS's buffering defaults (5 MiB,
  /// 300 s), no transform and the default destination.
  public init(name: String) { self.name = name }

  /// The Direct PUT quota in `region`, with the stream's own figures where
  /// it sets them.
  public func directPutQuota(in region: String) -> DirectPutQuota {
    var quota = FirehoseLimits.directPutQuota(region: region)
    if let v = recordsPerSecondLimit { quota.recordsPerSecond = v }
    if let v = putRequestsPerSecondLimit { quota.requestsPerSecond = v }
    if let v = bytesPerSecondLimit { quota.bytesPerSecond = v }
    return quota
  }
}

/// A Firehose stream's Lambda data transformation (docs/model.md §11.4):
/// msgsim invokes it once per buffer, before delivery.
public struct FirehoseTransform: Sendable, Equatable {
  /// The time of one invocation.
  public var latency: Distribution = FirehoseLimits.defaultTransformLatency
  /// The chance an invocation fails (a timeout, a throttle).
  public var failureRate: Double = 0
  /// `NumberOfRetries`: invocations after a failed one, 0 … 300, default
  /// 3; then the buffer's records are processing-failed.
  public var numberOfRetries: Int = FirehoseLimits.defaultTransformRetries

  /// Creates a transform with msgsim's default latency, no failures and
  /// AWS's 3 retries.
  public init() {}
}

/// A Firehose stream's destination, S3-like (docs/model.md §11.3): each
/// delivery attempt takes `latency` and fails with `failureRate`; failed
/// buffers are retried for `retryDuration`, then their records go to the
/// backup (counted).
public struct FirehoseDestination: Sendable, Equatable {
  /// The time of one delivery attempt (msgsim's default: 200 ms).
  public var latency: Distribution = FirehoseLimits.defaultDestinationLatency
  /// The chance one delivery attempt fails.
  public var failureRate: Double = 0
  /// How long after its first attempt a buffer may still be retried:
  /// 0 s … 24 h, default 24 h (S3's).
  public var retryDuration: SimDuration = FirehoseLimits.defaultRetryDuration

  /// Creates the default destination.
  public init() {}
}
