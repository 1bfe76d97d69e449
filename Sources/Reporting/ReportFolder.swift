import Foundation

/// What is at a path, not following a final symbolic link.
enum PathKind: Equatable {
  case missing
  case directory
  case file
  /// A symbolic link, its text, and whether what it names is missing.
  case symlink(destination: String, dangling: Bool)
  /// A FIFO, socket or device.
  case special
}

/// What is at `path` (`lstat`; a final symbolic link is not followed).
func pathKind(_ path: String) -> PathKind {
  var info = stat()
  guard lstat(path, &info) == 0 else { return .missing }
  switch info.st_mode & S_IFMT {
  case S_IFDIR:
    return .directory
  case S_IFREG:
    return .file
  case S_IFLNK:
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink(path, &buffer, buffer.count - 1)
    let destination =
      length >= 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
    var followed = stat()
    return .symlink(destination: destination, dangling: stat(path, &followed) != 0 && errno == ENOENT)
  default:
    return .special
  }
}

/// The names in the folder `path` (without `.` and `..`), or `nil` when it
/// cannot be read.
func folderEntries(_ path: String) -> [String]? {
  guard let folder = opendir(path) else { return nil }
  defer { closedir(folder) }
  var names: [String] = []
  while let entry = readdir(folder) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
      String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
    }
    if name != "." && name != ".." { names.append(name) }
  }
  return names.sorted()
}

/// The report files an msgsim run before manifests wrote, with the first
/// line each starts with: a folder holding exactly these is an earlier
/// msgsim run's report.
let legacyReportFiles: [(name: String, header: String)] = [
  ("metrics.csv", "time_s,resource,metric,value\n"),
  ("summary.csv", "resource,metric,value\n"),
  ("events.csv", "time_s,resource,event,detail\n"),
]

/// The manifest of the report folder `path`, if it has a readable one.
func readManifest(inFolder path: String) -> ReportManifest? {
  let file = path + "/" + ReportManifest.fileName
  guard pathKind(file) == .file, let data = FileManager.default.contents(atPath: file) else { return nil }
  return ReportManifest(parsing: data)
}

/// The files of the report folder `path` that msgsim wrote, manifest
/// included, when it is one: a real folder (not a symbolic link) with an
/// msgsim manifest and nothing else than the manifest and the files it
/// lists, an empty folder, or (a report from before manifests) exactly `metrics.csv`,
/// `summary.csv` and `events.csv` with their headers. Otherwise why not,
/// naming it `shown`: `'Reports/Sources' is a folder msgsim did not write
/// (it has no manifest.json)`.
func reportFolderContents(_ path: String, shown: String) -> Result<[String], ReportFolderProblem> {
  switch pathKind(path) {
  case .missing:
    return .success([])
  case .file:
    return .failure(ReportFolderProblem("'\(shown)' is a file, not a report folder"))
  case .special:
    return .failure(ReportFolderProblem("'\(shown)' is a special file, not a report folder"))
  case .symlink(let destination, let dangling):
    return .failure(
      ReportFolderProblem(
        dangling
          ? "'\(shown)' is a symbolic link to '\(destination)', which does not exist"
          : "'\(shown)' is a symbolic link (to '\(destination)'), not a report folder"))
  case .directory:
    break
  }
  guard let entries = folderEntries(path) else {
    return .failure(ReportFolderProblem("'\(shown)' is a folder msgsim cannot read: \(String(cString: strerror(errno)))"))
  }
  // An empty folder holds nothing to lose.
  if entries.isEmpty { return .success([]) }
  let manifestPath = path + "/" + ReportManifest.fileName
  guard entries.contains(ReportManifest.fileName) else {
    if isLegacyReport(path, entries: entries) { return .success(entries) }
    return .failure(ReportFolderProblem("'\(shown)' is a folder msgsim did not write (it has no \(ReportManifest.fileName))"))
  }
  guard let manifest = readManifest(inFolder: path) else {
    let what = pathKind(manifestPath) == .file ? "is not an msgsim report manifest" : "is not a file"
    return .failure(
      ReportFolderProblem("'\(shown)' is a folder msgsim did not write (its \(ReportManifest.fileName) \(what))"))
  }
  let known = Set(manifest.files + [ReportManifest.fileName])
  let foreign = entries.filter { !known.contains($0) || pathKind(path + "/" + $0) != .file }
  guard foreign.isEmpty else {
    let listed = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
    return .failure(ReportFolderProblem("'\(shown)' holds files msgsim did not write (\(listed))"))
  }
  return .success(entries)
}

/// Why a path is not a report folder msgsim may replace.
struct ReportFolderProblem: Error, Equatable {
  var message: String
  init(_ message: String) { self.message = message }
}

/// Whether the folder `path`, holding `entries`, is a report written before
/// manifests: exactly the three CSV files, each starting with its header.
private func isLegacyReport(_ path: String, entries: [String]) -> Bool {
  guard entries == legacyReportFiles.map(\.name).sorted() else { return false }
  for (name, header) in legacyReportFiles {
    let file = path + "/" + name
    guard pathKind(file) == .file, let handle = FileHandle(forReadingAtPath: file) else { return false }
    defer { try? handle.close() }
    let start = (try? handle.read(upToCount: header.utf8.count)) ?? nil
    guard start == Data(header.utf8) else { return false }
  }
  return true
}

/// Removes the report folder `path` whose files are `entries` (as
/// `reportFolderContents` found them): each file, then the folder. Never
/// removes anything else; `false` if something is left.
@discardableResult
func removeReportFolder(_ path: String, entries: [String]) -> Bool {
  for name in entries { unlink(path + "/" + name) }
  return rmdir(path) == 0
}
