import SimCore

/// The limits, quotas and defaults of Amazon Data Firehose (formerly Kinesis
/// Data Firehose) with a Direct PUT source and an Amazon S3 destination, as
/// scenario validation checks them and the model applies them: one named
/// figure per fact of docs/model.md §11, each with its section and AWS
/// source. Sizes are binary (docs/model.md §1.1). The few figures AWS does
/// not publish are marked as msgsim's assumptions.
public enum FirehoseLimits {
  // MARK: Direct PUT (docs/model.md §11.1)

  /// The largest record, its data blob before base64: 1,000 KiB, so
  /// `Data` is at most 1,024,000 bytes (docs/model.md §11.1).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/dev/limits.html ;
  /// https://docs.aws.amazon.com/firehose/latest/APIReference/API_Record.html
  public static let maxRecordSize = 1_024_000

  /// Records per PutRecordBatch request: 500 (docs/model.md §11.1).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html
  public static let maxPutRecordBatchRecords = 500

  /// Bytes per PutRecordBatch request: 4 MiB, whichever of this and the
  /// 500 records comes first (docs/model.md §11.1).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html
  public static let maxPutRecordBatchBytes = 4_194_304

  /// The Direct PUT throughput of one Firehose stream, PutRecord and
  /// PutRecordBatch combined, in the three large Regions (us-east-1,
  /// us-west-2, eu-west-1): 500,000 records/s, 2,000 requests/s and
  /// 5 MiB/s; elsewhere 100,000 records/s, 1,000 requests/s and 1 MiB/s
  /// (docs/model.md §11.1). The three scale together on a quota increase;
  /// a scenario may set each (`recordsPerSecondLimit`,
  /// `putRequestsPerSecondLimit`, `bytesPerSecondLimit`).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/dev/limits.html
  public static func directPutQuota(region: String) -> DirectPutQuota {
    switch region {
    case "us-east-1", "us-west-2", "eu-west-1":
      return DirectPutQuota(recordsPerSecond: 500_000, requestsPerSecond: 2_000, bytesPerSecond: 5_242_880)
    default:
      return DirectPutQuota(recordsPerSecond: 100_000, requestsPerSecond: 1_000, bytesPerSecond: 1_048_576)
    }
  }

  /// The longest Firehose stream name: 64 characters of `[a-zA-Z0-9_.-]`
  /// (`DeliveryStreamName`).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html
  public static let maxStreamNameLength = 64

  // MARK: Buffering (docs/model.md §11.2)

  /// The S3 destination's buffer size hint, `BufferingHints.SizeInMBs`:
  /// 1 to 128 whole MiB, default 5 MiB (docs/model.md §11.2).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html
  public static let minBufferSize = 1_048_576
  public static let maxBufferSize = 134_217_728
  public static let defaultBufferSize = 5_242_880

  /// The buffer interval hint, `BufferingHints.IntervalInSeconds`: 0 to
  /// 900 whole seconds, default 300 s; 0 is "zero buffering" (the API's
  /// range since about December 2023; before, 60 to 900 s)
  /// (docs/model.md §11.2).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html
  public static let maxBufferInterval = SimDuration.seconds(900)
  public static let defaultBufferInterval = SimDuration.seconds(300)

  // MARK: Delivery (docs/model.md §11.3)

  /// How long delivery to S3 is retried: Firehose keeps retrying for up to
  /// 24 hours, its longest storage of Direct PUT data; after that the data
  /// is lost (docs/model.md §11.3). msgsim's default and upper bound of
  /// `retryDuration` (other destinations' `RetryOptions.DurationInSeconds`
  /// is 0 to 7,200 s).
  ///
  /// https://docs.aws.amazon.com/firehose/latest/dev/retry.html
  public static let maxRetryDuration = SimDuration.seconds(86_400)
  public static let defaultRetryDuration = SimDuration.seconds(86_400)

  /// The time from a failed delivery attempt to the next: 5 s. An
  /// assumption (docs/model.md §11.3): AWS states no interval.
  public static let deliveryRetryInterval = SimDuration.seconds(5)

  /// The time of one delivery attempt (a PutObject) when the scenario
  /// names none: 200 ms. An assumption (docs/model.md §11.3): AWS
  /// publishes no figure.
  public static let defaultDestinationLatency = Distribution.constant(200e6)

  // MARK: Lambda transform (docs/model.md §11.4)

  /// Retries of a failed Lambda invocation, `NumberOfRetries`: 3 by default
  /// (docs/model.md §11.4). AWS states no range; msgsim takes 0 to 300.
  ///
  /// https://docs.aws.amazon.com/firehose/latest/dev/data-transformation-failure-handling.html ;
  /// https://docs.aws.amazon.com/firehose/latest/APIReference/API_ProcessorParameter.html
  public static let defaultTransformRetries = 3
  public static let maxTransformRetries = 300

  /// The time of one Lambda invocation when the scenario names none:
  /// 100 ms. An assumption (docs/model.md §11.4).
  public static let defaultTransformLatency = Distribution.constant(100e6)
}

/// One Firehose stream's Direct PUT throughput quota: records, requests
/// and bytes per second, PutRecord and PutRecordBatch together.
public struct DirectPutQuota: Sendable, Equatable {
  public var recordsPerSecond: Int
  public var requestsPerSecond: Int
  public var bytesPerSecond: Int

  public init(recordsPerSecond: Int, requestsPerSecond: Int, bytesPerSecond: Int) {
    (self.recordsPerSecond, self.requestsPerSecond, self.bytesPerSecond) =
      (recordsPerSecond, requestsPerSecond, bytesPerSecond)
  }
}
