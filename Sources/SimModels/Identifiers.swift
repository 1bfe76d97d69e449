/// A typed identifier of one of a run's entities: its position in the
/// storage of its kind, tagged with that kind (`Entity`, a phantom type),
/// so a worker's number cannot be passed where a queue is meant. Models
/// take and return these at their boundaries (the narrow calls between
/// models, and the references one entity holds to another); inside a
/// model, its own storage is indexed with `id.i`.
struct EntityID<Entity>: Hashable, Sendable {
  /// The position in the storage of its kind.
  let index: Int32

  init(index: Int32) { self.index = index }

  /// The identifier of position `i`.
  @inline(__always) init(_ i: Int) { index = Int32(truncatingIfNeeded: i) }

  /// The position as an `Int`, for indexing.
  @inline(__always) var i: Int { Int(index) }
}

/// An SQS queue of the run (an index into `SQSModel.queues`).
typealias QueueID = EntityID<SQSQueue>
/// An SNS topic of the run (an index into `SNSModel.topics`).
typealias TopicID = EntityID<TopicState>
/// A producer of the run (an index into `ProducerFleet.producers`).
typealias ProducerID = EntityID<ProducerState>
/// A consumer fleet of the run (an index into `SQSConsumerFleet.fleets`,
/// and into `SQSModel.lanes`: a fleet's receives share one visibility lane).
typealias ConsumerID = EntityID<ConsumerState>
/// One worker slot, numbered across all fleets (an index into
/// `SQSConsumerFleet.workers`).
typealias WorkerID = EntityID<WorkerState>
