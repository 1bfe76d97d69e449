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
  /// Row problems so far: the line and the message, made once the whole
  /// file is read (see `CSVQuote`).
  private var rowProblems: [(line: Int, message: (CSVQuote) -> String)] = []
  /// Rows that read without a problem.
  private var validRows = 0

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

  /// Reports a problem about line `number`: `'x.csv' line 3: message`.
  /// `message` is made in `finish()`, once it is known whether the file is
  /// a CSV of numbers, and must quote what it shows of the file through
  /// the `CSVQuote` it gets.
  mutating func report(line number: Int, _ message: @escaping (CSVQuote) -> String) {
    rowProblems.append((number, message))
  }

  /// Notes a row that read without a problem.
  mutating func noteValidRow() {
    validRows += 1
  }

  /// Reports the first `maximumRowProblems` row problems and how many
  /// more there were; call once at the end.
  func finish() {
    let quote = CSVQuote(isCSVOfNumbers: validRows > 0)
    for problem in rowProblems.prefix(Self.maximumRowProblems) {
      field.report("\(quoted(name)) line \(problem.line): \(problem.message(quote))")
    }
    let hidden = rowProblems.count - Self.maximumRowProblems
    if hidden > 0 {
      field.report("\(quoted(name)): \(hidden) more \(hidden == 1 ? "problem" : "problems") not shown")
    }
  }

  /// Whether any row problem was reported.
  var hasRowProblems: Bool { !rowProblems.isEmpty }
}

/// How messages about a CSV file may quote it. A trace or empirical file
/// may be any file of the user's (`/etc/passwd`, a key file), so a message
/// quotes at most the one offending field, cut to `maximumLength`
/// characters, and only when the file is a CSV of numbers (at least one
/// of its rows is valid) and the field has only characters a value can
/// have (letters, digits, `.`, `+`, `-`, `µ`, spaces): `'1x'`, never
/// `root:x:0:0:…`. Otherwise the message names the line and what was
/// expected.
struct CSVQuote {
  /// Whether the file has a valid row.
  let isCSVOfNumbers: Bool

  /// The most characters of a field a message shows.
  static let maximumLength = 40

  /// `'12x'`, or `nil` when `field` may not be shown.
  func callAsFunction(_ field: Substring) -> String? {
    guard isCSVOfNumbers, field.allSatisfy(isValueCharacter) else { return nil }
    return "'\(sanitized(String(field), limit: Self.maximumLength))'"
  }

  /// Whether `field` is shown whole (so a reason may repeat part of it).
  func showsWhole(_ field: Substring) -> Bool {
    self(field) != nil && field.count <= Self.maximumLength
  }

  /// `label 'field'`, or `label` alone when the field may not be shown.
  func labelled(_ label: String, _ field: Substring) -> String {
    self(field).map { "\(label) \($0)" } ?? label
  }
}

/// A character a number, duration or size can be written with.
private func isValueCharacter(_ c: Character) -> Bool {
  (c.isASCII && (c.isLetter || c.isNumber)) || ".+-µ \t".contains(c)
}

/// `text` without leading and trailing spaces and tabs.
func trimmedField(_ text: Substring) -> Substring {
  var result = text
  while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
  while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
  return result
}
