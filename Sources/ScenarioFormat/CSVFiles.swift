import Foundation

/// Reads the CSV files a scenario refers to (arrival traces, empirical
/// distributions) and reports their problems at the key that names them.
struct CSVFile {
  /// The name as the scenario wrote it, used in messages.
  let name: String
  /// Non-blank lines with their 1-based line numbers (`\n`, `\r\n` and
  /// `\r` end lines).
  let lines: [(number: Int, text: Substring)]
  /// Where problems go: the key that names the file.
  let field: Field
  /// Problems reported about the rows so far.
  private var rowProblems = 0

  /// Files larger than this (64 MiB) are refused before they are read
  /// whole.
  static let maximumBytes = 64 * 1_048_576
  /// Row problems reported per file; the rest are counted.
  static let maximumRowProblems = 5

  /// Reads `name` (relative to `baseDirectory` unless absolute), or reports
  /// why it cannot and returns `nil`.
  init?(named name: String, at field: Field, baseDirectory: String) {
    let path = name.hasPrefix("/") ? name : (baseDirectory as NSString).appendingPathComponent(name)
    let shown = quoted(name)
    guard !name.isEmpty else {
      field.report("expected a file name, got an empty string")
      return nil
    }
    let data: Data
    switch readFile(atPath: path, maximumBytes: Self.maximumBytes) {
    case .success(let d): data = d
    case .failure(let failure):
      let reason = failure.reason(subject: "it", maximumBytes: Self.maximumBytes, kind: "CSV file")
      field.report("cannot read \(shown)" + (reason.map { ": " + $0 } ?? ""))
      return nil
    }
    let bytes = [UInt8](data)
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    guard let text = String(validating: body, as: UTF8.self) else {
      field.report("cannot read \(shown): it is not UTF-8 text")
      return nil
    }
    var lines: [(Int, Substring)] = []
    for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      if !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
        lines.append((index + 1, line))
      }
    }
    self.name = name
    self.lines = lines
    self.field = field
  }

  /// Reports `message` about line `number`: `'x.csv' line 3: message`.
  mutating func report(line number: Int, _ message: String) {
    rowProblems += 1
    if rowProblems <= Self.maximumRowProblems {
      field.report("\(quoted(name)) line \(number): \(message)")
    }
  }

  /// Reports how many row problems were not shown; call once at the end.
  func finish() {
    let hidden = rowProblems - Self.maximumRowProblems
    if hidden > 0 {
      field.report("\(quoted(name)): \(hidden) more \(hidden == 1 ? "problem" : "problems") not shown")
    }
  }

  /// Whether any row problem was reported.
  var hasRowProblems: Bool { rowProblems > 0 }
}

/// `text` without leading and trailing spaces and tabs.
func trimmedField(_ text: Substring) -> Substring {
  var result = text
  while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
  while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
  return result
}
