import SimCore

/// A publisher's message attributes (and body) for SNS filter policies:
/// its sampler, made on first use, and its own random stream
/// (`producer/NAME/attributes`), so adding attributes leaves every other
/// draw of the run unchanged.
struct AttributeSource: Sendable {
  let attributes: [AttributeConfig]
  let bodyTemplate: JSONValue?
  var rng: SeededGenerator
  var sampler: AttributeSampler?

  init(attributes: [AttributeConfig], bodyTemplate: JSONValue?, rng: SeededGenerator) {
    self.attributes = attributes
    self.bodyTemplate = bodyTemplate
    self.rng = rng
  }

  /// Draws one message's attributes.
  mutating func sample() -> FilterMessage {
    if sampler == nil { sampler = AttributeSampler(attributes, bodyTemplate: bodyTemplate) }
    return sampler!.sample(using: &rng)
  }
}
