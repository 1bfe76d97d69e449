import SimCore

/// Draws key indices `0 ..< count` by a `KeyChoice`.
///
/// Placeholder: uniform only (the full sampler replaces it).
struct KeyPicker: Sendable {
  let count: Int
  let choice: KeyChoice

  init(count: Int, choice: KeyChoice) {
    self.count = max(1, count)
    self.choice = choice
  }

  mutating func pick(using rng: inout SeededGenerator) -> Int {
    rng.nextInt(below: count)
  }
}
