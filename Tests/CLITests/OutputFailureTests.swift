import Foundation
import Testing

@testable import MsgsimCLI

/// A failed write to stdout or stderr ends msgsim with a clean non-zero exit,
/// never a trap; a closed pipe is a quiet exit (`msgsim … | head -1`).
@Suite("Output failures")
struct OutputFailureTests {
  #if os(Linux)
    /// `/dev/full`: every write fails with ENOSPC.
    func devFull() throws -> FileHandle {
      try #require(FileHandle(forWritingAtPath: "/dev/full"))
    }

    @Test("--help > /dev/full: exit 1 and the reason on stderr")
    func helpToFullDevice() throws {
      let outcome = try spawnMsgsim(["--help"], stdout: .handle(devFull()))
      #expect(outcome.signal == nil, "killed by signal \(outcome.signal ?? 0): \(outcome.stderr.prefix(300))")
      #expect(outcome.exitStatus == 1)
      #expect(outcome.stderr == "msgsim: cannot write to standard output: No space left on device\n")
    }

    @Test("validate x 2>/dev/full: the command's own status, no trap")
    func errorsToFullDevice() throws {
      let outcome = try spawnMsgsim(["validate", "/nonexistent/x.json5"], stderr: .handle(devFull()))
      #expect(outcome.signal == nil)
      #expect(outcome.exitStatus == 2)
      // A valid file whose 'ok' line cannot be written is a failure too.
      let folder = temporaryFolder()
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let good = write(tinyScenario, to: "tiny.json5", in: folder)
      let ok = try spawnMsgsim(["validate", good], stdout: .handle(devFull()), stderr: .handle(devFull()))
      #expect(ok.signal == nil)
      #expect(ok.exitStatus == 1)
    }

    @Test("run > /dev/full: the report is written, exit 1 with the reason")
    func runToFullDevice() throws {
      let folder = temporaryFolder()
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let scenario = write(tinyScenario, to: "tiny.json5", in: folder)
      let outcome = try spawnMsgsim(["run", scenario, "--out", folder + "/out"], stdout: .handle(devFull()))
      #expect(outcome.signal == nil, "killed by signal \(outcome.signal ?? 0)")
      #expect(outcome.exitStatus == 1)
      #expect(outcome.stderr == "msgsim: cannot write to standard output: No space left on device\n")
      #expect(FileManager.default.fileExists(atPath: folder + "/out/tiny/summary.csv"))
    }
  #endif

  @Test("a closed pipe with SIGPIPE ignored: a quiet exit 141, no trap, nothing on stderr")
  func closedPipe() throws {
    for arguments in [["--help"], ["shard-for", "--shards", "4", "a", "b"]] {
      let outcome = try spawnMsgsim(arguments, stdout: .handle(pipeWithoutReader()), ignoringSIGPIPE: true)
      #expect(outcome.signal == nil, "\(arguments): killed by signal \(outcome.signal ?? 0)")
      #expect(outcome.exitStatus == 141, "\(arguments)")
      #expect(outcome.stderr == "", "\(arguments)")
    }
  }

  @Test("a closed pipe with SIGPIPE at its default: the shell's usual quiet death")
  func closedPipeDefault() throws {
    let outcome = try spawnMsgsim(["--help"], stdout: .handle(pipeWithoutReader()))
    #expect(outcome.signal == SIGPIPE || outcome.exitStatus == 141)
    #expect(outcome.stderr == "")
  }

  @Test("deliver: statuses for every kind of failure")
  func deliverStatuses() throws {
    #if os(Linux)
      let full = open("/dev/full", O_WRONLY)
      defer { close(full) }
      let null = open("/dev/null", O_WRONLY)
      defer { close(null) }
      var output = CommandOutput()
      output.stdout = "text\n"
      #expect(deliver(output, stdout: full, stderr: null) == 1)
      #expect(deliver(output, stdout: null, stderr: full) == 0)
      output.status = 2
      #expect(deliver(output, stdout: full, stderr: null) == 2)
      output.status = 0
      output.stderr = "warning\n"
      #expect(deliver(output, stdout: null, stderr: full) == 1)
      #expect(deliver(output, stdout: null, stderr: null) == 0)
    #endif
    // A bad descriptor is a failure, not a trap.
    #expect(writeAll("x", to: -1) == .failed(EBADF))
    #expect(writeAll("", to: -1) == .written)
  }
}
