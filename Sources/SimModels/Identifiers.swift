/// Typed identifiers of a run's entities: a queue, topic, producer,
/// consumer fleet or worker. Each kind has its own type, so a worker's
/// number cannot be passed where a queue is meant. Models take and return
/// these at their boundaries (the narrow calls between models, and the
/// references one entity holds to another); inside a model, its own
/// storage is indexed with `id.i`.
protocol EntityID: Hashable, Sendable, CustomStringConvertible {
  /// The position in the storage of its kind.
  var index: Int32 { get }
  init(index: Int32)
}

extension EntityID {
  /// The identifier of position `i`.
  @inline(__always) init(_ i: Int) { self.init(index: Int32(truncatingIfNeeded: i)) }
  /// The position as an `Int`, for indexing.
  @inline(__always) var i: Int { Int(index) }
  var description: String { "\(Self.self)(\(index))" }
}

/// An SQS queue of the run (an index into `SQSModel.queues`).
struct QueueID: EntityID {
  let index: Int32
  init(index: Int32) { self.index = index }
}

/// An SNS topic of the run (an index into `SNSModel.topics`).
struct TopicID: EntityID {
  let index: Int32
  init(index: Int32) { self.index = index }
}

/// A producer of the run (an index into `ProducerFleet.producers`).
struct ProducerID: EntityID {
  let index: Int32
  init(index: Int32) { self.index = index }
}

/// A consumer fleet of the run (an index into `SQSConsumerFleet.fleets`,
/// and into `SQSModel.lanes`: a fleet's receives share one visibility lane).
struct ConsumerID: EntityID {
  let index: Int32
  init(index: Int32) { self.index = index }
}

/// One worker slot, numbered across all fleets (an index into
/// `SQSConsumerFleet.workers`).
struct WorkerID: EntityID {
  let index: Int32
  init(index: Int32) { self.index = index }
}
