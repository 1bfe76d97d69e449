import Foundation
import Testing

@testable import ScenarioFormat

/// Scenario files are capped at 16 MiB and the CSV files they name at
/// 64 MiB; a larger file is refused before it is read whole.
@Suite("File size limits")
struct FileSizeLimitTests {
  /// Makes `name` in `directory` a sparse file of `bytes` zero bytes.
  func sparseFile(_ name: String, bytes: UInt64, in directory: TemporaryDirectory) throws -> String {
    let path = directory.path + "/" + name
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: bytes)
    try handle.close()
    return path
  }

  @Test("a scenario file above 16 MiB is refused, naming the file, its size and the cap")
  func scenarioTooLarge() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    let path = try sparseFile("big.json5", bytes: 16 * 1_048_576 + 1, in: directory)
    let error = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: path) }
    #expect(error?.description == "\(path): the file is 16,777,217 bytes, above the maximum of 16 MiB (16,777,216 bytes) for a scenario file")
  }

  @Test("a scenario 'file' without a size (a device, a pipe) is read only up to the cap")
  func endlessScenario() throws {
    guard FileManager.default.fileExists(atPath: "/dev/zero") else { return }
    let error = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: "/dev/zero") }
    #expect(error?.description == "/dev/zero: the file is larger than the maximum of 16 MiB (16,777,216 bytes) for a scenario file")
  }

  @Test("the cap is inclusive")
  func boundary() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    try directory.write("ten.txt", "0123456789")
    #expect(readFile(atPath: directory.path + "/ten.txt", maximumBytes: 10) == .success(Data("0123456789".utf8)))
    #expect(readFile(atPath: directory.path + "/ten.txt", maximumBytes: 9) == .failure(.tooLarge(bytes: 10)))
  }

  @Test("a CSV file above 64 MiB is refused, naming its size and the cap")
  func csvTooLarge() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    _ = try sparseFile("big.csv", bytes: 64 * 1_048_576 + 1, in: directory)
    let source = "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { trace: 'big.csv' } }] }"
    #expect(
      errorLines(source, baseDirectory: directory.path) == [
        "test.json5: producers[0].arrivals.trace: cannot read 'big.csv': it is 67,108,865 bytes, above the maximum of 64 MiB (67,108,864 bytes) for a CSV file"
      ])
  }

  @Test("a CSV 'file' without a size is read only up to the cap")
  func endlessCSV() throws {
    guard FileManager.default.fileExists(atPath: "/dev/zero") else { return }
    let source = "{ queues: [{ name: 'q' }], producers: [{ name: 'p', target: 'queue:q', arrivals: { rate: 1 }, apiLatency: { empirical: '/dev/zero' } }] }"
    #expect(
      errorLines(source) == [
        "test.json5: producers[0].apiLatency.empirical: cannot read '/dev/zero': it is larger than the maximum of 64 MiB (67,108,864 bytes) for a CSV file"
      ])
  }
}
