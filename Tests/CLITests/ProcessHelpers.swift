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
///
/// Started with `posix_spawn`, not Foundation's `Process`: a process spawned
/// from a dispatch worker thread (where Swift Testing runs tests) inherits
/// that thread's signal mask, with every signal blocked, so SIGINT and
/// SIGTERM would never reach a default handler. Here the child starts with
/// an empty mask and default dispositions, as from a shell.
final class SpawnedProcess: @unchecked Sendable {
  let pid: pid_t
  private var outRead: Int32 = -1
  private var errRead: Int32 = -1
  /// Set (under the lock) once the child has exited, before it is reaped,
  /// so the watchdog never signals a recycled PID.
  private let exited = NSLock()
  private var hasExited = false

  /// Starts `msgsim arguments`; with `ignoringSIGPIPE`, through `/bin/sh`
  /// with SIGPIPE ignored (dispositions of ignored signals survive exec).
  init(_ arguments: [String], stdout: Sink = .captured, stderr: Sink = .captured, ignoringSIGPIPE: Bool = false)
    throws
  {
    let binary = MsgsimBinary.path
    try #require(FileManager.default.isExecutableFile(atPath: binary), "no msgsim binary at \(binary)")
    let argv =
      ignoringSIGPIPE
      ? ["/bin/sh", "-c", "trap '' PIPE; exec \"$0\" \"$@\"", binary] + arguments : [binary] + arguments

    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t? = nil
      var attributes: posix_spawnattr_t? = nil
    #else
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    var toClose: [Int32] = []
    defer { for descriptor in toClose { close(descriptor) } }
    let null = open("/dev/null", O_RDWR | O_CLOEXEC)
    toClose.append(null)
    posix_spawn_file_actions_adddup2(&actions, null, 0)
    func attach(_ sink: Sink, to target: Int32) throws -> Int32 {
      switch sink {
      case .captured:
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        toClose.append(descriptors[1])
        posix_spawn_file_actions_adddup2(&actions, descriptors[1], target)
        return descriptors[0]
      case .discarded:
        posix_spawn_file_actions_adddup2(&actions, null, target)
      case .handle(let handle):
        posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
      }
      return -1
    }
    outRead = try attach(stdout, to: 1)
    errRead = try attach(stderr, to: 2)

    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, number) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    var cArguments = argv.map { strdup($0) } + [nil]
    var cEnvironment = environment.map { strdup($0) } + [nil]
    defer {
      for pointer in cArguments { free(pointer) }
      for pointer in cEnvironment { free(pointer) }
    }
    var child: pid_t = 0
    let code = posix_spawn(&child, argv[0], &actions, &attributes, &cArguments, &cEnvironment)
    try #require(code == 0, "posix_spawn failed: \(String(cString: strerror(code)))")
    pid = child
  }

  /// Waits for the process (killing it after `timeout` seconds, so a test
  /// can never hang) and returns how it ended.
  func wait(timeout: Double = 30) -> ProcessOutcome {
    let pid = self.pid
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
      exited.withLock { if !hasExited { kill(pid, SIGKILL) } }
    }
    // Read both pipes before waiting, so a full pipe cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    let errRead = self.errRead
    if errRead >= 0 { DispatchQueue.global().async(group: group) { errData = readToEnd(errRead) } }
    let outData = outRead >= 0 ? readToEnd(outRead) : Data()
    group.wait()
    var info = siginfo_t()
    while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
    exited.withLock { hasExited = true }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let signal = status & 0x7f
    return ProcessOutcome(
      exitStatus: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// Everything readable from `descriptor` until end of file; closes it.
private func readToEnd(_ descriptor: Int32) -> Data {
  var data = Data()
  var buffer = [UInt8](repeating: 0, count: 65_536)
  while true {
    let count = read(descriptor, &buffer, buffer.count)
    if count > 0 {
      data.append(contentsOf: buffer[..<count])
    } else if count < 0 && errno == EINTR {
      continue
    } else {
      break
    }
  }
  close(descriptor)
  return data
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

#if os(Linux)
  /// Whether the process `pid` catches `signal` (its `SigCgt` mask in
  /// `/proc/PID/status` has the bit): msgsim has installed its handlers.
  func catches(_ pid: pid_t, _ signal: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
      let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
    else { return false }
    return mask & (1 << UInt64(signal - 1)) != 0
  }
#endif
