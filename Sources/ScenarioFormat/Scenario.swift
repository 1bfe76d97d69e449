import SimModels

/// A decoded, validated scenario file.
public struct Scenario: Sendable, Equatable {
  /// The model configuration to run.
  public var world: WorldConfig
  /// The scenario's `expect` list.
  public var expectations: [Expectation]

  /// Creates a scenario.
  public init(world: WorldConfig, expectations: [Expectation]) {
    self.world = world
    self.expectations = expectations
  }
}
