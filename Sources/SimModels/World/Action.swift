import SimCore

/// What can happen next in a run: events are data, not closures.
///
/// Each service model declares its own actions (`SQSModel.Action`, …);
/// this enum only says which model owns an event, and the world hands it
/// to that model. Every payload is a few integers, so an event is a small
/// value (at most 16 bytes, a test pins it) and the event heap never
/// allocates per event. Events that may have been overtaken carry a
/// generation (`cycle`, `life`, `epoch`, a message serial) and are ignored
/// when stale.
public enum Action: Sendable {
  case producer(ProducerFleet.Action)
  case sqs(SQSModel.Action)
  case sns(SNSModel.Action)
  case consumer(SQSConsumerFleet.Action)
  case streamProducer(StreamProducerFleet.Action)
  case streamConsumer(StreamConsumerFleet.Action)
  case kinesis(KinesisModel.Action)
  case firehoseProducer(FirehoseProducerFleet.Action)
  case firehose(FirehoseModel.Action)
}

/// How far a run is, for progress displays and interrupts.
public struct RunProgress: Sendable, Equatable {
  /// Simulated time reached, in nanoseconds.
  public var now: Int64
  /// The end of the run, in nanoseconds.
  public var end: Int64
  /// Events processed so far.
  public var events: UInt64
}
