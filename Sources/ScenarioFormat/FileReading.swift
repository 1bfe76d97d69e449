import Foundation

/// The largest scenario file read: 16 MiB, far above any real scenario
/// (the shipped ones are a few KiB), so a wrong path (a log, a disk image,
/// `/dev/zero`) is refused before it is read whole.
let maximumScenarioFileBytes = 16 * 1_048_576

/// Why a file could not be read.
enum FileReadFailure: Error, Equatable {
  case noSuchFile
  case isDirectory
  case unreadable
  /// Larger than the cap: `bytes` is its size, or `nil` when it has none
  /// to ask for (a device or a pipe, read until the cap was passed).
  case tooLarge(bytes: Int?)

  /// `no such file`, `it is a directory`, `it is 17,825,792 bytes, above
  /// the maximum of 16 MiB (16,777,216 bytes) for a scenario file`, ...
  /// (`subject` is `it` or `the file`); `nil` for `unreadable`, which has
  /// nothing to add.
  func reason(subject: String, maximumBytes: Int, kind: String) -> String? {
    switch self {
    case .noSuchFile: return "no such file"
    case .isDirectory: return "\(subject) is a directory"
    case .unreadable: return nil
    case .tooLarge(let bytes):
      let mebibytes = maximumBytes % 1_048_576 == 0 ? "\(maximumBytes / 1_048_576) MiB (" : "("
      let cap = "the maximum of \(mebibytes)\(formatCount(maximumBytes)) bytes) for a \(kind)"
      guard let bytes else { return "\(subject) is larger than \(cap)" }
      return "\(subject) is \(formatCount(bytes)) bytes, above \(cap)"
    }
  }
}

/// The contents of the file at `path`, if it has at most `maximumBytes`.
///
/// A regular file's size is checked before anything is read; anything
/// else (a device, a pipe) is read in chunks and given up as soon as it
/// passes the cap, so no input makes msgsim read without end.
func readFile(atPath path: String, maximumBytes: Int) -> Result<Data, FileReadFailure> {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .failure(.noSuchFile) }
  guard !isDirectory.boolValue else { return .failure(.isDirectory) }
  let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
  let isRegular = attributes[.type] as? FileAttributeType == .typeRegular
  if isRegular, let size = fileSize(attributes), size > maximumBytes {
    return .failure(.tooLarge(bytes: size))
  }
  guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable) }
  defer { try? handle.close() }
  var data = Data()
  while data.count <= maximumBytes {
    let wanted = min(1_048_576, maximumBytes + 1 - data.count)
    let chunk: Data?
    do { chunk = try handle.read(upToCount: wanted) } catch { return .failure(.unreadable) }
    guard let chunk, !chunk.isEmpty else { break }  // the end of the file
    data.append(chunk)
  }
  // A regular file that grew after its size was read has no size to tell.
  guard data.count <= maximumBytes else { return .failure(.tooLarge(bytes: nil)) }
  return .success(data)
}

/// The `.size` attribute, however Foundation boxes it.
private func fileSize(_ attributes: [FileAttributeKey: Any]) -> Int? {
  switch attributes[.size] {
  case let size as Int: return size
  case let size as UInt64: return Int(clamping: size)
  case let size as NSNumber: return size.intValue
  default: return nil
  }
}
