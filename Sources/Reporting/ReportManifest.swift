import Foundation

/// The small file that marks a folder as a report msgsim wrote
/// (`manifest.json`): msgsim replaces a folder at `DIR/<name>` only when it
/// carries one (see `ReportWriter`).
///
/// Its content is deterministic: the same scenario, seed and overrides give
/// byte-identical manifests (no timestamps, host names or process ids).
public struct ReportManifest: Sendable, Equatable {
  /// The manifest's file name inside a report folder.
  public static let fileName = "manifest.json"
  /// The value of its `format` key, which tells msgsim's manifest from any
  /// other `manifest.json`.
  public static let format = "msgsim-report"

  /// The version of msgsim that wrote the report.
  public var msgsimVersion: String
  /// The report's (scenario's) name.
  public var name: String
  /// The scenario file, as given on the command line.
  public var scenarioFile: String?
  /// The seed the run used.
  public var seed: UInt64?
  /// The `--set PATH=VALUE` arguments, in order.
  public var overrides: [String]
  /// The other files of the report, in the order written.
  public var files: [String]

  public init(
    msgsimVersion: String, name: String, scenarioFile: String? = nil, seed: UInt64? = nil, overrides: [String] = [],
    files: [String] = []
  ) {
    self.msgsimVersion = msgsimVersion
    self.name = name
    self.scenarioFile = scenarioFile
    self.seed = seed
    self.overrides = overrides
    self.files = files
  }

  /// The manifest as JSON, one key per line, keys in a fixed order.
  public var text: String {
    var lines = [
      "  \"format\": \(jsonString(Self.format))",
      "  \"msgsimVersion\": \(jsonString(msgsimVersion))",
      "  \"name\": \(jsonString(name))",
    ]
    if let scenarioFile { lines.append("  \"scenario\": \(jsonString(scenarioFile))") }
    if let seed { lines.append("  \"seed\": \(seed)") }
    lines.append("  \"overrides\": [\(overrides.map(jsonString).joined(separator: ", "))]")
    lines.append("  \"files\": [\(files.map(jsonString).joined(separator: ", "))]")
    return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
  }

  /// Reads a manifest; `nil` unless `data` is a JSON object whose `format`
  /// is `msgsim-report` and whose `files` are plain file names.
  public init?(parsing data: Data) {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      object["format"] as? String == Self.format,
      let files = object["files"] as? [String],
      files.allSatisfy(ReportManifest.isPlainFileName)
    else { return nil }
    msgsimVersion = object["msgsimVersion"] as? String ?? ""
    name = object["name"] as? String ?? ""
    scenarioFile = object["scenario"] as? String
    seed = (object["seed"] as? NSNumber).map { $0.uint64Value }
    overrides = object["overrides"] as? [String] ?? []
    self.files = files
  }

  /// A name of a file directly inside the folder: not empty, no `/`, not
  /// `.`, `..` or the manifest itself.
  static func isPlainFileName(_ name: String) -> Bool {
    !name.isEmpty && !name.contains("/") && name != "." && name != ".." && name != fileName && !name.contains("\0")
  }
}

/// `text` as a JSON string literal.
func jsonString(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case _ where scalar.value < 0x20:
      let hex = String(scalar.value, radix: 16)
      result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + "\""
}
