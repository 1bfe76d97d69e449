/// Suggestions for misspelt keys and names.

/// The candidate closest to `word`, if one is close enough to be a likely
/// typo: within an edit distance of about a third of the word's length
/// (at least 1, at most 4), ignoring case. Ties go to the alphabetically
/// first candidate, so suggestions are deterministic.
///
/// - Complexity: O(*c* · *n* · *m*) for *c* candidates of length *m* and a
///   word of length *n*; words longer than 200 characters get no
///   suggestion.
func closestMatch(to word: String, among candidates: [String]) -> String? {
  let wordScalars = Array(word.lowercased().unicodeScalars)
  guard !wordScalars.isEmpty, wordScalars.count <= 200 else { return nil }
  let threshold = max(1, min(4, wordScalars.count / 3))
  var best: (distance: Int, candidate: String)?
  for candidate in candidates.sorted() where candidate != word {
    let candidateScalars = Array(candidate.lowercased().unicodeScalars)
    guard abs(candidateScalars.count - wordScalars.count) <= threshold else { continue }
    let distance = editDistance(wordScalars, candidateScalars)
    if distance <= threshold, distance < (best?.distance ?? Int.max) {
      best = (distance, candidate)
    }
  }
  return best?.candidate
}

/// The candidate `word` most likely means: the closest by edit distance
/// (`closestMatch`), or else the first candidate, in the order given, that
/// starts with `word` (ignoring case), for a word of at least 4 characters
/// that was cut short (`ApproximateNumberOfMessages` →
/// `ApproximateNumberOfMessagesVisible` when that comes first).
func closestMatchOrCompletion(to word: String, among candidates: [String]) -> String? {
  if let match = closestMatch(to: word, among: candidates) { return match }
  let prefix = word.lowercased()
  guard prefix.unicodeScalars.count >= 4 else { return nil }
  return candidates.first { $0 != word && $0.lowercased().hasPrefix(prefix) }
}

/// ` (did you mean 'x'?)` when a close candidate exists, else "".
func didYouMean(_ word: String, among candidates: [String]) -> String {
  guard let match = closestMatch(to: word, among: candidates) else { return "" }
  return " (did you mean \(quoted(match))?)"
}

/// The Levenshtein distance between two sequences (of Unicode scalars,
/// characters, …): the fewest insertions, deletions and substitutions that
/// turn `a` into `b`. With `countingTranspositions` (the default) an
/// adjacent transposition also counts as one edit (`ab` → `ba` is 1, not
/// 2: the optimal string alignment distance); without it, 2.
///
/// Scenario suggestions count transpositions; the command line's
/// suggestions for commands and options do not (`suggestion(_:_:)` in
/// MsgsimCLI), so their wording never changed.
///
/// - Complexity: O(*n* · *m*) time, O(*m*) memory.
public func editDistance<Element: Equatable>(
  _ a: [Element], _ b: [Element], countingTranspositions: Bool = true
) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previousPrevious = [Int](repeating: 0, count: b.count + 1)
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if countingTranspositions, i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        value = min(value, previousPrevious[j - 2] + 1)
      }
      current[j] = value
    }
    (previousPrevious, previous, current) = (previous, current, previousPrevious)
  }
  return previous[b.count]
}

/// `'a', 'b' or 'c'`.
func listOfQuoted(_ items: [String], conjunction: String = "or") -> String {
  let parts = items.map(quoted)
  switch parts.count {
  case 0: return ""
  case 1: return parts[0]
  default: return parts.dropLast().joined(separator: ", ") + " \(conjunction) " + parts.last!
  }
}
