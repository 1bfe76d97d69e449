/// Everything wrong with one scenario file (or with the `--set` overrides
/// applied to it), sorted by JSON path.
///
/// `description` has one line per problem, `FILE: PATH: message`, or
/// `FILE: message` for a problem with the file as a whole; a problem in a
/// value a `--set` wrote names that argument instead of the file:
///
/// ```
/// orders.json5: queues[0].visibilityTimeout: '13h' is above the maximum of 12h (VisibilityTimeout is 0 s to 43,200 s)
/// orders.json5: consumers[0].source: unknown queue 'ordrs' (did you mean 'orders'?)
/// --set queues.orders.delay=abc: queues[0].delay: 'abc' is not a valid duration: expected a number followed by a unit (ns, us, ms, s, m, h or d)
/// ```
///
/// The run cannot continue: the CLI prints the description to stderr and
/// exits with status 2.
public struct ScenarioError: Error, CustomStringConvertible, Equatable, Sendable {
  /// One thing wrong at one place.
  public struct Problem: Equatable, Sendable, CustomStringConvertible {
    /// Where, as a JSON path such as `queues[1].visibilityTimeout`; empty
    /// for a problem with the file as a whole.
    public var path: String
    /// What is wrong: lower case, values in single quotes.
    public var message: String
    /// Where the problem is when it is not in the file: the `--set`
    /// argument, as `--set PATH=VALUE`; `nil` for the file itself.
    public var source: String?

    /// Creates a problem.
    public init(path: String, message: String, source: String? = nil) {
      self.path = path
      self.message = message
      self.source = source
    }

    /// `PATH: message`, or just `message` when the path is empty.
    public var description: String {
      path.isEmpty ? message : "\(path): \(message)"
    }
  }

  /// The scenario file as the user named it, or `--set` for malformed
  /// overrides (each problem's `source` then names its argument).
  public var file: String
  /// The problems, sorted by JSON path (object keys in character-code
  /// order, array elements by index).
  public var problems: [Problem]

  /// Creates an error.
  public init(file: String, problems: [Problem]) {
    self.file = file
    self.problems = problems
  }

  /// Creates an error with a single problem.
  public init(file: String, path: String = "", message: String) {
    self.init(file: file, problems: [Problem(path: path, message: message)])
  }

  /// One line per problem: `FILE: PATH: message` (`--set PATH=VALUE:
  /// PATH: message` for a problem in an override).
  public var description: String {
    problems.map { "\($0.source ?? file): \($0)" }.joined(separator: "\n")
  }
}
