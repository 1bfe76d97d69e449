/// Collects the problems found while reading one document.
///
/// Problems may be added in any order; `sortedProblems()` returns them in
/// document order, keeping the order of addition among problems at the
/// same path.
final class ProblemLog {
  private var entries: [(path: JSONPath, message: String)] = []

  /// Whether nothing has been reported.
  var isEmpty: Bool { entries.isEmpty }

  /// The number of problems reported so far.
  var count: Int { entries.count }

  /// Reports `message` at `path`.
  func add(_ path: JSONPath, _ message: String) {
    entries.append((path, message))
  }

  /// The problems in document order.
  ///
  /// - Complexity: O(*n* log *n*) in the number of problems.
  func sortedProblems() -> [ScenarioError.Problem] {
    entries.enumerated()
      .sorted { a, b in
        a.element.path != b.element.path ? a.element.path < b.element.path : a.offset < b.offset
      }
      .map { ScenarioError.Problem(path: $0.element.path.description, message: $0.element.message) }
  }
}
