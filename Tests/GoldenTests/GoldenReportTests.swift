import Foundation
import Testing

/// Golden reports: every shipped scenario, run by a separate `msgsim`
/// process exactly as a user runs it, must write `metrics.csv`,
/// `summary.csv` and `events.csv` byte for byte as committed under
/// `Tests/Golden/<scenario file stem>/`.
///
/// A change of numbers is a deliberate commit that says why they moved.
/// Re-record with `MSGSIM_RECORD_GOLDEN=1 swift test --filter Golden`, then
/// review `git diff Tests/Golden`. `MSGSIM_BIN` names another binary (CI
/// checks the release build against the same files).
@Suite("Golden reports")
struct GoldenReportTests {
  static let files = ["metrics.csv", "summary.csv", "events.csv"]

  @Test("every scenario has a golden report and every golden report a scenario")
  func everyScenarioIsPinned() throws {
    let scenarios = Set(GoldenPaths.scenarioStems())
    let goldens = Set(try FileManager.default.contentsOfDirectory(atPath: GoldenPaths.golden.path))
    if GoldenPaths.isRecording { return }
    #expect(scenarios.subtracting(goldens).sorted() == [], "scenarios without a golden report")
    #expect(goldens.subtracting(scenarios).sorted() == [], "golden reports without a scenario")
    #expect(scenarios.count >= 10)
  }

  @Test("a fresh msgsim process reproduces the golden report", arguments: GoldenPaths.scenarioStems())
  func reproduces(stem: String) throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("msgsim-golden-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let scenario = GoldenPaths.scenarios.appendingPathComponent("\(stem).json5")
    let run = try runMsgsim(["run", scenario.path, "--out", out.path, "--quiet"])
    #expect(run.status == 0, "msgsim run \(stem) exited \(run.status): \(run.stderr)")
    let folders = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }
    try #require(folders.count == 1, "one report folder expected, found \(folders)")
    let report = out.appendingPathComponent(folders[0])
    let golden = GoldenPaths.golden.appendingPathComponent(stem)
    for file in Self.files {
      let produced = try Data(contentsOf: report.appendingPathComponent(file))
      let goldenFile = golden.appendingPathComponent(file)
      if GoldenPaths.isRecording {
        try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
        try produced.write(to: goldenFile)
        continue
      }
      guard let expected = try? Data(contentsOf: goldenFile) else {
        Issue.record("no golden \(stem)/\(file): record with MSGSIM_RECORD_GOLDEN=1 swift test --filter Golden")
        continue
      }
      #expect(produced == expected, "\(stem)/\(file): \(firstDifference(expected, produced))")
    }
  }
}

/// Where the package, its scenarios and the golden reports are.
enum GoldenPaths {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let scenarios = root.appendingPathComponent("Scenarios")
  static let golden = root.appendingPathComponent("Tests/Golden")
  static var isRecording: Bool { ProcessInfo.processInfo.environment["MSGSIM_RECORD_GOLDEN"] == "1" }

  /// The file stems of `Scenarios/*.json5`, sorted.
  static func scenarioStems() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
    return names.filter { $0.hasSuffix(".json5") }.map { String($0.dropLast(6)) }.sorted()
  }

  /// The `msgsim` binary: `MSGSIM_BIN`, or the one built beside this test bundle.
  static var binary: URL {
    if let path = ProcessInfo.processInfo.environment["MSGSIM_BIN"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    // macOS runs tests inside `msgsimPackageTests.xctest/Contents/MacOS`.
    while folder.pathExtension == "xctest" || ["Contents", "MacOS"].contains(folder.lastPathComponent) {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("msgsim")
  }
}

/// The exit status and output of one `msgsim` process.
func runMsgsim(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
  let binary = GoldenPaths.binary
  try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no msgsim binary at \(binary.path)")
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  process.currentDirectoryURL = GoldenPaths.root
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  // Read both pipes before waiting, so a full pipe cannot block the child.
  let outData = stdout.fileHandleForReading.readDataToEndOfFile()
  let errData = stderr.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The first line where two files differ, for a readable failure.
func firstDifference(_ expected: Data, _ produced: Data) -> String {
  let a = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
  let b = String(decoding: produced, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
  for i in 0..<max(a.count, b.count) {
    let x = i < a.count ? String(a[i]) : "<end of file>"
    let y = i < b.count ? String(b[i]) : "<end of file>"
    if x != y { return "line \(i + 1): golden '\(x)', now '\(y)'" }
  }
  return "same lines, different bytes"
}
