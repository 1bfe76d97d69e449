import Foundation

/// Writes a report folder atomically: all files go to a temporary folder
/// beside the target, which is then renamed into place, so an interrupted
/// run never leaves a half-written report (an older complete report stays
/// until the new one is complete).
public enum ReportWriter {
  /// A failure to write the report (exit status 1).
  public struct WriteError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Writes `files` to `directory/name/` and returns that folder's path.
  public static func write(_ files: ReportFiles, name: String, into directory: String) throws -> String {
    let fm = FileManager.default
    let parent = URL(fileURLWithPath: directory, isDirectory: true)
    let target = parent.appendingPathComponent(name, isDirectory: true)
    let pid = ProcessInfo.processInfo.processIdentifier
    let temporary = parent.appendingPathComponent(".\(name).partial-\(pid)", isDirectory: true)
    let previous = parent.appendingPathComponent(".\(name).previous-\(pid)", isDirectory: true)
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
      try? fm.removeItem(at: temporary)
      try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
      for (file, text) in files.byName {
        try Data(text.utf8).write(to: temporary.appendingPathComponent(file), options: .atomic)
      }
      if fm.fileExists(atPath: target.path) {
        try? fm.removeItem(at: previous)
        try fm.moveItem(at: target, to: previous)
        try fm.moveItem(at: temporary, to: target)
        try? fm.removeItem(at: previous)
      } else {
        try fm.moveItem(at: temporary, to: target)
      }
    } catch {
      try? fm.removeItem(at: temporary)
      throw WriteError(description: "cannot write report to '\(target.path)': \(error.localizedDescription)")
    }
    return target.path
  }
}
