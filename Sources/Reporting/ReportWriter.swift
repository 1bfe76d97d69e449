import Foundation
import Synchronization

/// Writes a report folder `DIR/<name>/`: the CSV files and a manifest
/// (`manifest.json`, see `ReportManifest`) that marks the folder as msgsim's.
///
/// A run replaces only a report msgsim wrote (a folder with an msgsim
/// manifest, holding nothing else than the files it lists; or the three CSV
/// files of a report from before manifests). Anything else at the target (a
/// folder without the manifest, a file, a symbolic link) is refused, naming
/// it: msgsim never deletes what it did not write.
///
/// All files go to a temporary folder beside the target, which then takes
/// the target's place in one atomic swap, so there is always exactly one
/// complete report at the target (an older one stays until the new one is
/// complete), whenever the process is interrupted or killed.
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

  /// The run was interrupted before its report was in place: nothing was
  /// written (the temporary folder is removed; an older report stays).
  public struct Interrupted: Error {}

  /// Writes `files` and their manifest to `directory/name/` and returns that
  /// folder's path. `manifest` says what produced the report (its `files`
  /// are filled in here); without one, the manifest names only the report.
  ///
  /// The files go to a hidden temporary folder beside the target,
  /// `.NAME.partial-PID-XXXXXXXX`, which then takes the target's place in
  /// one atomic step (`AtomicRename`): a folder that held a complete report
  /// holds one at every moment, even if the process is killed; the
  /// swapped-out old report is then removed. Concurrent runs into the same
  /// folder each end with their report in place for a moment: the last one
  /// wins. Temporary folders of processes that died (their PID is no
  /// longer alive) are removed first (`removeStaleTemporaries(in:)`).
  ///
  /// `shouldStop` is asked before each file and before the swap; when it
  /// says yes, the temporary folder is removed and `Interrupted` thrown.
  public static func write(
    _ files: ReportFiles, name: String, into directory: String, manifest: ReportManifest? = nil,
    shouldStop: () -> Bool = { false }
  ) throws -> String {
    let target = reportPath(name: name, in: directory)
    let parent = folderPath(directory)
    var manifest = manifest ?? ReportManifest(msgsimVersion: "", name: name)
    manifest.files = files.byName.map(\.0)
    let contents = files.byName + [(ReportManifest.fileName, Array(manifest.text.utf8))]
    reportFileNames.withLock { $0.formUnion(manifest.files) }
    var temporary: String?
    do {
      try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
      removeStaleTemporaries(in: parent)
      let folder = try createTemporaryFolder(for: name, in: parent)
      temporary = folder
      for (file, bytes) in contents {
        if shouldStop() { throw Interrupted() }
        try writeFile(folder + "/" + file, bytes)
      }
      if shouldStop() { throw Interrupted() }
      try commit(folder, to: target)
    } catch {
      if let temporary { removeTemporary(temporary) }
      if error is Interrupted || error is WriteError { throw error }
      throw WriteError(description: "cannot write report to '\(target)': \(error.localizedDescription)")
    }
    return target
  }

  /// Puts the complete report `temporary` at `target`: renamed there if
  /// nothing is there, else swapped with the report msgsim wrote there,
  /// which is then removed. Something else found there (now or after the
  /// swap, if it appeared in between) is refused and left in place.
  static func commit(_ temporary: String, to target: String) throws {
    for _ in 0..<16 {
      if pathKind(target) == .missing {
        let code = AtomicRename.renameNoReplace(temporary, target)
        if code == 0 { return }
        if code == EEXIST || code == ENOTEMPTY { continue }  // another run got there first
        if AtomicRename.isUnsupported(code) { return try commitWithTwoRenames(temporary, to: target) }
        throw WriteError(description: "cannot write report to '\(target)': \(String(cString: strerror(code)))")
      }
      if case .failure(let problem) = reportFolderContents(target, shown: target) {
        throw WriteError(description: problem.message + refusalAdvice)
      }
      let code = AtomicRename.exchange(temporary, target)
      if code == ENOENT { continue }  // removed in the meantime
      if AtomicRename.isUnsupported(code) { return try commitWithTwoRenames(temporary, to: target) }
      guard code == 0 else {
        throw WriteError(description: "cannot write report to '\(target)': \(String(cString: strerror(code)))")
      }
      // `temporary` now holds what was at the target.
      switch reportFolderContents(temporary, shown: target) {
      case .success(let entries):
        removeReportFolder(temporary, entries: entries)
        return
      case .failure(let problem):
        // It appeared between the check and the swap: put it back.
        guard AtomicRename.exchange(temporary, target) == 0 else {
          throw WriteError(
            description: "\(problem.message) (it appeared while the report was being written; the new report is at "
              + "'\(target)' and what was there is now at '\(temporary)')")
        }
        throw WriteError(description: problem.message + refusalAdvice)
      }
    }
    throw WriteError(description: "cannot write report to '\(target)': other processes kept replacing it")
  }

  /// The fallback where atomic swaps are unavailable: the old report aside
  /// (`.NAME.previous-PID-…`, which the next run puts back if the process
  /// dies before the new one is in), the new one in, the old one removed.
  static func commitWithTwoRenames(_ temporary: String, to target: String) throws {
    let entries: [String]
    switch reportFolderContents(target, shown: target) {
    case .failure(let problem): throw WriteError(description: problem.message + refusalAdvice)
    case .success(let found): entries = found
    }
    var previous: String?
    if pathKind(target) != .missing {
      let aside = temporary.replacingOccurrences(of: ".partial-", with: ".previous-")
      guard rename(target, aside) == 0 else {
        throw WriteError(description: "cannot write report to '\(target)': \(lastError())")
      }
      previous = aside
    }
    guard rename(temporary, target) == 0 else {
      let reason = lastError()
      if let previous { rename(previous, target) }
      throw WriteError(description: "cannot write report to '\(target)': \(reason)")
    }
    if let previous { removeReportFolder(previous, entries: entries) }
  }

  /// Creates a new, empty temporary folder for a report named `name` in
  /// `parent`: `.NAME.partial-PID-XXXXXXXX` (random hex, so that writes
  /// of one process, or of processes with the same PID in different PID
  /// namespaces, never share one).
  static func createTemporaryFolder(for name: String, in parent: String) throws -> String {
    let base = parent == "/" ? "" : parent
    let pid = ProcessInfo.processInfo.processIdentifier
    for _ in 0..<100 {
      let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
      let path = base + "/.\(name).partial-\(pid)-" + String(repeating: "0", count: 8 - tag.count) + tag
      if mkdir(path, 0o777) == 0 { return path }
      guard errno == EEXIST else { throw WriteError(description: "cannot create '\(path)': \(lastError())") }
    }
    throw WriteError(description: "cannot create a temporary folder in '\(parent)'")
  }

  /// Removes this process's temporary folder `path`, if it holds nothing but
  /// report files (it always does, unless a failed swap left someone else's
  /// folder there: that is never removed).
  static func removeTemporary(_ path: String) {
    guard pathKind(path) == .directory, let entries = folderEntries(path) else { return }
    let listed = Set(readManifest(inFolder: path)?.files ?? [])
    guard entries.allSatisfy({ (isReportFileName($0) || listed.contains($0)) && pathKind(path + "/" + $0) == .file })
    else { return }
    removeReportFolder(path, entries: entries)
  }

  /// Whether `name` is one of the files a report (or its writer, old or
  /// new) puts in a report folder: the CSV files, the manifest, and the
  /// `.metrics.csv.XXXXXX`-style temporary files of earlier versions'
  /// atomic writes.
  static func isReportFileName(_ name: String) -> Bool {
    let known = legacyReportFiles.map(\.name) + [ReportManifest.fileName]
    return known.contains { name == $0 || name.contains($0) } || reportFileNames.withLock { $0.contains(name) }
  }

  /// Other file names reports carry (`ReportFiles.byName`), registered by
  /// each write, so that stale temporary folders holding them are
  /// recognised too.
  static let reportFileNames = Mutex<Set<String>>([])

  /// Removes what dead msgsim processes left in `parent`: temporary report
  /// folders `.NAME.partial-PID…` and set-aside reports `.NAME.previous-PID…`
  /// (a set-aside report whose target is missing is put back instead), and
  /// write probes `.msgsim-write-probe-PID-…`. A PID is dead when
  /// `kill(pid, 0)` fails with `ESRCH`; this process's own PID is skipped.
  /// Only folders holding nothing but report files are removed.
  public static func removeStaleTemporaries(in parent: String) {
    guard let entries = folderEntries(parent) else { return }
    let base = parent == "/" ? "" : parent
    let own = ProcessInfo.processInfo.processIdentifier
    for entry in entries where entry.hasPrefix(".") {
      guard let leftover = StaleEntry(entry), leftover.pid != own, isDead(leftover.pid) else { continue }
      let path = base + "/" + entry
      switch leftover.kind {
      case .probe:
        if pathKind(path) == .file { unlink(path) }
      case .previous(let name):
        let target = base + "/" + name
        if pathKind(target) == .missing, case .success(let files) = reportFolderContents(path, shown: path),
          !files.isEmpty
        {
          let code = AtomicRename.renameNoReplace(path, target)
          if code == 0 || (AtomicRename.isUnsupported(code) && rename(path, target) == 0) { continue }
        }
        removeTemporary(path)
      case .partial:
        removeTemporary(path)
      }
    }
  }

  /// Whether no process has the id `pid`.
  static func isDead(_ pid: Int32) -> Bool {
    pid > 0 && kill(pid, 0) != 0 && errno == ESRCH
  }

  /// Creates the file `path` (it must not exist) holding `bytes`.
  static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw WriteError(description: "cannot create '\(path)': \(lastError())") }
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

/// A name in a reports folder that a msgsim process leaves while it works.
struct StaleEntry: Equatable {
  enum Kind: Equatable {
    /// `.NAME.partial-PID[-XXXXXXXX]`: a report being written, or the old
    /// report just swapped out of the target.
    case partial
    /// `.NAME.previous-PID[-XXXXXXXX]`: a complete report set aside.
    case previous(name: String)
    /// `.msgsim-write-probe-PID-N`: the `--out` write check's file.
    case probe
  }

  var kind: Kind
  var pid: Int32

  init?(_ entry: String) {
    let probe = ".msgsim-write-probe-"
    if entry.hasPrefix(probe) {
      guard let text = entry.dropFirst(probe.count).split(separator: "-").first, let pid = Int32(text) else {
        return nil
      }
      self.init(kind: .probe, pid: pid)
      return
    }
    guard entry.hasPrefix(".") else { return nil }
    for marker in [".partial-", ".previous-"] {
      guard let range = entry.range(of: marker, options: .backwards), range.lowerBound > entry.startIndex else {
        continue
      }
      let name = String(entry[entry.index(after: entry.startIndex)..<range.lowerBound])
      let parts = entry[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
      guard !name.isEmpty, parts.count <= 2, let pid = Int32(parts[0]), pid > 0,
        parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isHexDigit))
      else { return nil }
      self.init(kind: marker == ".partial-" ? .partial : .previous(name: name), pid: pid)
      return
    }
    return nil
  }

  init(kind: Kind, pid: Int32) {
    self.kind = kind
    self.pid = pid
  }
}

/// `strerror(errno)`.
func lastError() -> String { String(cString: strerror(errno)) }
