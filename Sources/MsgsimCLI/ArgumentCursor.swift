/// Walks a command's arguments: options as `--name value` or
/// `--name=value`, everything else positional.
struct ArgumentCursor {
  private var remaining: [String]
  /// Positional arguments met so far.
  var positionals: [String] = []

  init(_ arguments: [String]) { remaining = arguments }

  /// The next option name (with its inline value, if any), collecting
  /// positionals on the way; `nil` when done.
  mutating func nextOption() -> (name: String, inlineValue: String?)? {
    while let first = remaining.first {
      remaining.removeFirst()
      if first == "--" {
        positionals += remaining
        remaining = []
        return nil
      }
      if first.hasPrefix("-") && first.count > 1 {
        if let equals = first.firstIndex(of: "=") {
          return (String(first[..<equals]), String(first[first.index(after: equals)...]))
        }
        return (first, nil)
      }
      positionals.append(first)
    }
    return nil
  }

  /// The value of the option just read.
  mutating func value(for option: (name: String, inlineValue: String?)) -> String? {
    if let inline = option.inlineValue { return inline }
    guard let next = remaining.first, !(next.hasPrefix("--") && next.count > 2) else { return nil }
    remaining.removeFirst()
    return next
  }
}
