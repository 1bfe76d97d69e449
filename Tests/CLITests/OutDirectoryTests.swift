import Foundation
import Testing

@testable import MsgsimCLI

/// `--out` problems are found before the simulation starts: exit 2, the
/// path and the reason on stderr, nothing on stdout (no summary table: the
/// run never happened). Tests run as root, where permission bits do not
/// stop writes, so they use paths under a regular file and kernel file
/// systems instead.
@Suite("run --out checked before simulating")
struct OutDirectoryTests {
  func run(out: String, in folder: String) -> CommandOutput {
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    return executeMsgsim(["run", scenario, "--out", out])
  }

  @Test("a path under a regular file: exit 2 naming the file")
  func parentIsAFile() {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = write("not a folder", to: "file", in: folder)
    let output = run(out: file + "/sub/reports", in: folder)
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(
      output.stderr
        == "Error: --out \(file)/sub/reports: cannot create the folder: '\(file)' is a file, not a directory\n")
    #expect(FileManager.default.contents(atPath: file) == Data("not a folder".utf8))
  }

  @Test("--out naming a regular file: exit 2")
  func outIsAFile() {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = write("x", to: "reports", in: folder)
    let output = run(out: file, in: folder)
    #expect(output.status == 2)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr == "Error: --out \(file): '\(file)' is a file, not a directory\n")
  }

  #if os(Linux)
    @Test("impossible paths on kernel file systems: exit 2 with the system's reason")
    func impossiblePaths() {
      let folder = temporaryFolder()
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let underFile = run(out: "/proc/version/x", in: folder)
      #expect(underFile.status == 2)
      #expect(underFile.stdout.isEmpty)
      #expect(
        underFile.stderr
          == "Error: --out /proc/version/x: cannot create the folder: '/proc/version' is a file, not a directory\n")
      // /proc is a directory nobody, not even root, can create files in.
      let unwritable = run(out: "/proc", in: folder)
      #expect(unwritable.status == 2)
      #expect(unwritable.stdout.isEmpty)
      #expect(unwritable.stderr.hasPrefix("Error: --out /proc: cannot write in '/proc': "), "\(unwritable.stderr)")
      let uncreatable = run(out: "/proc/msgsim-reports", in: folder)
      #expect(uncreatable.status == 2)
      #expect(
        uncreatable.stderr.hasPrefix("Error: --out /proc/msgsim-reports: cannot create the folder '/proc/msgsim-reports': "),
        "\(uncreatable.stderr)")
    }
  #endif

  @Test("a missing --out folder is created, the probe leaves nothing behind, and the run writes its report")
  func createsMissingFolder() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(prepareOutputDirectory(folder + "/a/b") == nil)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/a/b") == [])
    // An existing, writable folder is fine too, with or without a trailing slash.
    #expect(prepareOutputDirectory(folder + "/a/b/") == nil)
    #expect(prepareOutputDirectory(folder) == nil)
    let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
    let output = executeMsgsim(["run", scenario, "--out", folder + "/new/reports", "--quiet"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/new/reports") == ["tiny"])
  }
}
