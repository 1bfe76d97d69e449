import SimCore

/// A rough, deliberately generous estimate of what a run will cost, made
/// from the configuration alone before anything is simulated, so that a run
/// far beyond what the machine can hold (10⁷ msg/s for 30 days, a 30-day run
/// with 1 s metrics periods) is refused up front instead of dying hours in.
///
/// The figures are upper-bound-minded, not predictions: every message is
/// assumed to fan out to every SQS subscription, a queue whose consumers
/// are slower than its arrivals keeps the difference until the end, and idle
/// workers poll all run long.
public struct RunEstimate: Sendable, Equatable {
  /// Messages created by the producers (copies for each subscription included).
  public var messages: Double
  /// Events the scheduler will process.
  public var events: Double
  /// Rows of `metrics.csv`.
  public var metricRows: Double
  /// Peak memory, in bytes.
  public var peakBytes: Double

  /// Bytes per stored message: the 64-byte slot, its arrival-list and
  /// visible-list entries, and its share of a visibility-timer lane.
  static let bytesPerStoredMessage = 64.0 + 8 + 12 + 24
  /// Bytes per metrics row: the row in memory, its CSV text, and the text
  /// being assembled.
  static let bytesPerMetricRow = 160.0
  /// Scheduler events per message through a queue: arrival, send response,
  /// receive response, processing, delete response, lane firings.
  static let eventsPerMessage = 6.0
  /// The process itself, the Swift runtime and Foundation.
  static let baseBytes = 32.0 * 1_048_576

  /// Estimates the run of `config`.
  public init(_ config: WorldConfig) {
    let end = SimTime(nanoseconds: config.duration.nanoseconds)
    let seconds = config.duration.seconds
    var queueArrivals: [String: Double] = [:]
    var topicFanOut: [String: Double] = [:]
    for topic in config.topics { topicFanOut[topic.name] = Double(max(1, topic.subscriptions.count)) }
    var messages = 0.0
    for producer in config.producers {
      let created = producer.arrivals.expectedArrivals(until: end)
      switch producer.target {
      case .queue(let name):
        messages += created
        queueArrivals[name, default: 0] += created
      case .topic(let name):
        messages += created * (topicFanOut[name] ?? 1)
        for topic in config.topics where topic.name == name {
          for subscription in topic.subscriptions {
            if case .queue(let queue) = subscription.target { queueArrivals[queue, default: 0] += created }
          }
        }
      case .stream, .firehose:
        messages += created
      }
    }
    var events = messages * Self.eventsPerMessage
    var backlog = 0.0
    var workers = 0.0
    for queue in config.queues {
      let arrivals = queueArrivals[queue.name] ?? 0
      var capacity = 0.0
      for consumer in config.consumers {
        guard case .queue(let name) = consumer.source, name == queue.name else { continue }
        // Storage is made for `maxCount` workers; a resize may run them all
        // (more polls), or none beyond `count` (a larger backlog).
        workers += Double(consumer.maxCount)
        let perMessage = max(consumer.processingTime.mean, 1) + 2 * consumer.apiLatency.mean
        capacity += Double(consumer.count) * Double(consumer.batchSize) * seconds * 1e9 / perMessage
        // Idle workers poll all run long: one empty receive per wait (long
        // polling) or per round trip (short polling).
        let wait = (consumer.waitTime ?? queue.receiveWaitTime).nanoseconds
        let pollGap = wait > 0 ? Double(wait) : consumer.apiLatency.mean + Double(consumer.emptyReceiveDelay.nanoseconds)
        events += Double(consumer.maxCount) * seconds * 1e9 / max(pollGap, 1e6)
      }
      backlog += max(0, arrivals - capacity)
    }
    let periods = (seconds / max(config.metricsPeriod.seconds, 1e-9)).rounded(.up)
    var rowsPerPeriod = Double(config.queues.count) * 24 + Double(config.producers.count) * 11
      + Double(config.consumers.count) * 10
    for topic in config.topics { rowsPerPeriod += 14 + Double(topic.subscriptions.count) * 8 }
    let metricRows = periods * rowsPerPeriod
    self.messages = messages
    self.events = events + periods
    self.metricRows = metricRows
    peakBytes =
      Self.baseBytes + backlog * Self.bytesPerStoredMessage + metricRows * Self.bytesPerMetricRow
      + workers * 400
  }
}
