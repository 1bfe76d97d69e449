import SimCore

/// Collects the problems found while reading one document.
///
/// Problems may be added in any order; `sortedProblems()` returns them
/// sorted by JSON path (object keys in character-code order, array elements
/// by index, an object's own problems before those inside it), keeping the
/// order of addition among problems at the same path.
final class ProblemLog {
  private var entries: [(path: JSONPath, message: String, source: String?)] = []

  /// How the document wrote the numbers messages would otherwise show
  /// rewritten or inexactly (`2e301`, `18446744073709551615`), by path;
  /// see `JSON5Scanner.numberTexts`. Empty for a document built in code.
  var numberTexts: [JSONPath: String] = [:]

  /// The text of the number `value` at `path`, when the document kept it
  /// and it still denotes `value` (an override may have replaced it).
  func numberText(at path: JSONPath, for value: JSONValue) -> String? {
    guard let text = numberTexts[path], json5NumberValue(text) == value else { return nil }
    return text
  }

  /// Whether nothing has been reported.
  var isEmpty: Bool { entries.isEmpty }

  /// The number of problems reported so far.
  var count: Int { entries.count }

  /// Reports `message` at `path`.
  func add(_ path: JSONPath, _ message: String) {
    entries.append((path, message, nil))
  }

  /// Gives each problem reported since the first `start` problems the
  /// source `sourceOf` returns for its path (the `--set` argument that
  /// wrote there), or leaves it in the file when that is `nil`.
  func attribute(from start: Int, _ sourceOf: (JSONPath) -> String?) {
    for index in entries.indices.dropFirst(start) {
      entries[index].source = sourceOf(entries[index].path)
    }
  }

  /// The problems sorted by JSON path (see the type's comment).
  ///
  /// - Complexity: O(*n* log *n*) in the number of problems.
  func sortedProblems() -> [ScenarioError.Problem] {
    entries.enumerated()
      .sorted { a, b in
        a.element.path != b.element.path ? a.element.path < b.element.path : a.offset < b.offset
      }
      .map {
        ScenarioError.Problem(path: $0.element.path.description, message: $0.element.message, source: $0.element.source)
      }
  }
}
