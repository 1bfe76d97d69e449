import Foundation
import ScenarioFormat

/// Decodes `text` as the scenario file `test.json5`.
func decodeScenario(
  _ text: String, file: String = "test.json5", baseDirectory: String = "/nonexistent",
  overrides: [String] = []
) throws -> Scenario {
  try ScenarioLoader.decode(Data(text.utf8), file: file, baseDirectory: baseDirectory, overrides: overrides)
}

/// The error lines decoding `text` produces; empty when it decodes.
func errorLines(
  _ text: String, baseDirectory: String = "/nonexistent", overrides: [String] = []
) -> [String] {
  do {
    _ = try decodeScenario(text, baseDirectory: baseDirectory, overrides: overrides)
    return []
  } catch let error as ScenarioError {
    return error.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  } catch {
    return ["unexpected error type: \(error)"]
  }
}

/// A fresh empty directory for test files, removed by `cleanUp`.
struct TemporaryDirectory {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "/scenario-format-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Writes `contents` to `name` in the directory.
  func write(_ name: String, _ contents: String) throws {
    try Data(contents.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
  }

  /// Writes raw bytes to `name` in the directory.
  func write(_ name: String, bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
  }

  func cleanUp() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
