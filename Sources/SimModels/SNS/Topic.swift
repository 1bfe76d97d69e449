import SimCore

/// The running state of one SNS topic (placeholder: filled in with the
/// SNS model).
struct TopicState: Sendable {
  let config: TopicConfig
  var rng: SeededGenerator

  init(config: TopicConfig, queueIndex: [String: Int], rng: SeededGenerator) {
    self.config = config
    self.rng = rng
  }
}
