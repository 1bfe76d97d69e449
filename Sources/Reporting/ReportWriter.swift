import Foundation

/// Writes a report folder `DIR/<name>/`: the CSV files and a manifest
/// (`manifest.json`, see `ReportManifest`) that marks the folder as msgsim's.
///
/// A run replaces only a report msgsim wrote (a folder with an msgsim
/// manifest, holding nothing else than the files it lists; or the three CSV
/// files of a report from before manifests). Anything else at the target (a
/// folder without the manifest, a file, a symbolic link) is refused, naming
/// it: msgsim never deletes what it did not write.
///
/// All files go to a temporary folder beside the target, which is then
/// renamed into place, so an interrupted run never leaves a half-written
/// report (an older complete report stays until the new one is complete).
public enum ReportWriter {
  /// A failure to write the report (exit status 1).
  public struct WriteError: Error, CustomStringConvertible {
    public var description: String
  }

  /// What a refusal to replace something adds after naming it.
  public static let refusalAdvice =
    "; msgsim replaces only the report folders it writes (marked by a \(ReportManifest.fileName)): move it away, "
    + "or choose another --out or scenario name (--set name=NEW)"

  /// The path of the report folder `directory/name` as messages show it:
  /// `Reports/quickstart`, `./quickstart`, `/tmp/x/quickstart`.
  public static func reportPath(name: String, in directory: String) -> String {
    let parent = folderPath(directory)
    return parent == "/" ? "/" + name : parent + "/" + name
  }

  /// `directory` without trailing slashes (`/` stays `/`).
  static func folderPath(_ directory: String) -> String {
    var parent = directory
    while parent.count > 1 && parent.hasSuffix("/") { parent.removeLast() }
    return parent
  }

  /// Why a report named `name` may not be written into `directory`, or
  /// `nil` when it may (nothing there yet, or a report msgsim wrote):
  /// `'Reports/Sources' is a folder msgsim did not write (it has no
  /// manifest.json); msgsim replaces only report folders it wrote: …`.
  public static func targetProblem(name: String, in directory: String) -> String? {
    let target = reportPath(name: name, in: directory)
    if case .failure(let problem) = reportFolderContents(target, shown: target) {
      return problem.message + refusalAdvice
    }
    return nil
  }

  /// Writes `files` and their manifest to `directory/name/` and returns that
  /// folder's path. `manifest` says what produced the report (its `files`
  /// are filled in here); without one, the manifest names only the report.
  public static func write(
    _ files: ReportFiles, name: String, into directory: String, manifest: ReportManifest? = nil
  ) throws -> String {
    let fm = FileManager.default
    let target = reportPath(name: name, in: directory)
    let parent = folderPath(directory)
    let pid = ProcessInfo.processInfo.processIdentifier
    let base = parent == "/" ? "" : parent
    let temporary = base + "/.\(name).partial-\(pid)"
    let previous = base + "/.\(name).previous-\(pid)"
    var manifest = manifest ?? ReportManifest(msgsimVersion: "", name: name)
    manifest.files = files.byName.map(\.0)
    do {
      try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
      try? fm.removeItem(atPath: temporary)
      try fm.createDirectory(atPath: temporary, withIntermediateDirectories: false)
      for (file, text) in files.byName + [(ReportManifest.fileName, manifest.text)] {
        try writeFile(temporary + "/" + file, text)
      }
      switch reportFolderContents(target, shown: target) {
      case .failure(let problem):
        throw WriteError(description: problem.message + refusalAdvice)
      case .success(let entries) where pathKind(target) == .directory:
        try? fm.removeItem(atPath: previous)
        try fm.moveItem(atPath: target, toPath: previous)
        try fm.moveItem(atPath: temporary, toPath: target)
        removeReportFolder(previous, entries: entries)
      case .success:
        try fm.moveItem(atPath: temporary, toPath: target)
      }
    } catch let error as WriteError {
      try? fm.removeItem(atPath: temporary)
      throw error
    } catch {
      try? fm.removeItem(atPath: temporary)
      throw WriteError(description: "cannot write report to '\(target)': \(error.localizedDescription)")
    }
    return target
  }

  /// Creates the file `path` (it must not exist) holding `text`.
  static func writeFile(_ path: String, _ text: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw WriteError(description: "cannot create '\(path)': \(lastError())") }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
      if count > 0 {
        offset += count
      } else if count < 0 && errno == EINTR {
        continue
      } else {
        let reason = count < 0 ? lastError() : "short write"
        close(descriptor)
        throw WriteError(description: "cannot write '\(path)': \(reason)")
      }
    }
    guard close(descriptor) == 0 else { throw WriteError(description: "cannot write '\(path)': \(lastError())") }
  }
}

/// `strerror(errno)`.
func lastError() -> String { String(cString: strerror(errno)) }
