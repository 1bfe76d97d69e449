import Foundation
import Testing

/// The `msgsim` binary the tests spawn: `MSGSIM_BIN`, or the one built beside
/// this test bundle (as the golden tests find it).
enum MsgsimBinary {
  static var url: URL {
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

  static var path: String { url.path }
}

/// How a spawned process ended.
struct ProcessOutcome: Sendable {
  /// The exit status, or `nil` when a signal killed the process.
  var exitStatus: Int32?
  /// The signal that killed the process, if one did.
  var signal: Int32?
  var stdout: String
  var stderr: String
}

/// Where a spawned process's stdout or stderr goes.
enum Sink {
  /// A pipe the test reads.
  case captured
  /// The null device.
  case discarded
  /// An open file handle (`/dev/full`, a pipe with no reader).
  case handle(FileHandle)
}

/// A started `msgsim` process (or a shell that execs it).
final class SpawnedProcess: @unchecked Sendable {
  let process = Process()
  private var outPipe: Pipe?
  private var errPipe: Pipe?

  /// Starts `msgsim arguments`; with `ignoringSIGPIPE`, through `/bin/sh`
  /// with SIGPIPE ignored (dispositions of ignored signals survive exec).
  init(_ arguments: [String], stdout: Sink = .captured, stderr: Sink = .captured, ignoringSIGPIPE: Bool = false)
    throws
  {
    let binary = MsgsimBinary.path
    try #require(FileManager.default.isExecutableFile(atPath: binary), "no msgsim binary at \(binary)")
    if ignoringSIGPIPE {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", "trap '' PIPE; exec \"$0\" \"$@\"", binary] + arguments
    } else {
      process.executableURL = MsgsimBinary.url
      process.arguments = arguments
    }
    process.standardInput = FileHandle.nullDevice
    func attach(_ sink: Sink) -> (Any, Pipe?) {
      switch sink {
      case .captured:
        let pipe = Pipe()
        return (pipe, pipe)
      case .discarded:
        return (FileHandle.nullDevice, nil)
      case .handle(let handle):
        return (handle, nil)
      }
    }
    let (out, outPipe) = attach(stdout)
    let (err, errPipe) = attach(stderr)
    process.standardOutput = out
    process.standardError = err
    self.outPipe = outPipe
    self.errPipe = errPipe
    try process.run()
  }

  var pid: Int32 { process.processIdentifier }

  /// Waits for the process (killing it after `timeout` seconds, so a test
  /// can never hang) and returns how it ended.
  func wait(timeout: Double = 30) -> ProcessOutcome {
    let pid = self.pid
    let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    // Read both pipes before waiting, so a full pipe cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    if let errPipe {
      DispatchQueue.global().async(group: group) { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
    }
    let outData = outPipe?.fileHandleForReading.readDataToEndOfFile() ?? Data()
    group.wait()
    process.waitUntilExit()
    watchdog.cancel()
    let signalled = process.terminationReason == .uncaughtSignal
    return ProcessOutcome(
      exitStatus: signalled ? nil : process.terminationStatus, signal: signalled ? process.terminationStatus : nil,
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// Runs `msgsim arguments` to the end.
func spawnMsgsim(
  _ arguments: [String], stdout: Sink = .captured, stderr: Sink = .captured, ignoringSIGPIPE: Bool = false,
  timeout: Double = 30
) throws -> ProcessOutcome {
  try SpawnedProcess(arguments, stdout: stdout, stderr: stderr, ignoringSIGPIPE: ignoringSIGPIPE).wait(timeout: timeout)
}

/// The write end of a pipe whose read end is already closed: every write to
/// it fails with EPIPE (or raises SIGPIPE).
func pipeWithoutReader() throws -> FileHandle {
  var descriptors: [Int32] = [0, 0]
  try #require(pipe(&descriptors) == 0)
  for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
  close(descriptors[0])
  return FileHandle(fileDescriptor: descriptors[1], closeOnDealloc: true)
}
