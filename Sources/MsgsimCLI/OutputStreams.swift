import Foundation

/// How a write to a standard stream ended.
enum StreamWrite: Equatable {
  /// Every byte was written.
  case written
  /// The reader went away (`EPIPE`, with SIGPIPE ignored): `msgsim … | head -1`.
  case brokenPipe
  /// Any other failure, with its `errno` (`ENOSPC` for `/dev/full`, `EBADF`, `EIO`).
  case failed(Int32)
}

/// Writes all of `text` to the file descriptor `descriptor`, retrying short
/// writes, interrupted calls and a non-blocking descriptor that is full.
/// Never traps (unlike `FileHandle.write(_:)`, which does on any error).
func writeAll(_ text: String, to descriptor: Int32) -> StreamWrite {
  let bytes = Array(text.utf8)
  var offset = 0
  while offset < bytes.count {
    let count = bytes.withUnsafeBytes { buffer in
      write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
    }
    if count > 0 {
      offset += count
      continue
    }
    let code = count < 0 ? errno : EIO
    switch code {
    case EINTR:
      continue
    case EAGAIN, EWOULDBLOCK:
      var wanted = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
      _ = poll(&wanted, 1, 1000)
    case EPIPE:
      return .brokenPipe
    default:
      return .failed(code)
    }
  }
  return .written
}

/// The exit status when the output went nowhere: 141 for a closed pipe (what
/// a shell reports for a process killed by SIGPIPE), 1 for any other failed
/// write; a command that already failed keeps its own status.
enum OutputFailureStatus {
  static let brokenPipe: Int32 = 128 + SIGPIPE
  static let writeFailed: Int32 = 1
}

/// Copies a command's output to the standard streams (`stdout` first) and
/// returns the exit status: the command's own, unless a write failed.
///
/// - A closed pipe on stdout is a quiet exit (no message): status 141, or
///   the command's own when that is already non-zero; stderr is still written.
/// - Any other failure on stdout says so on stderr
///   (`msgsim: cannot write to standard output: No space left on device`),
///   status 1 (or the command's own non-zero status).
/// - A failure on stderr can be reported nowhere: status 1 (or the command's
///   own non-zero status).
func deliver(_ output: CommandOutput, stdout: Int32 = STDOUT_FILENO, stderr: Int32 = STDERR_FILENO) -> Int32 {
  var status = output.status
  var errorText = output.stderr
  if !output.stdout.isEmpty {
    switch writeAll(output.stdout, to: stdout) {
    case .written:
      break
    case .brokenPipe:
      if status == 0 { status = OutputFailureStatus.brokenPipe }
    case .failed(let code):
      errorText += "msgsim: cannot write to standard output: \(String(cString: strerror(code)))\n"
      if status == 0 { status = OutputFailureStatus.writeFailed }
    }
  }
  if !errorText.isEmpty, writeAll(errorText, to: stderr) != .written, status == 0 {
    status = OutputFailureStatus.writeFailed
  }
  return status
}
