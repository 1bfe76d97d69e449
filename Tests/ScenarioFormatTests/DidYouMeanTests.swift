import Testing

@testable import ScenarioFormat

@Suite("Did you mean")
struct DidYouMeanTests {
  @Test("close misspellings find their key", arguments: [
    ("visiblityTimeout", "visibilityTimeout"),
    ("VisibilityTimeout", "visibilityTimeout"),
    ("visibilitytimeout", "visibilityTimeout"),
    ("dealy", "delay"),
    ("maxMessageSzie", "maxMessageSize"),
  ])
  func suggestions(word: String, expected: String) {
    #expect(closestMatch(to: word, among: queueKeys) == expected)
  }

  @Test("far-off words get no suggestion", arguments: ["colour", "x", "", String(repeating: "a", count: 500)])
  func noSuggestion(word: String) {
    #expect(closestMatch(to: word, among: queueKeys) == nil)
  }

  @Test("edit distance counts a transposition as one edit")
  func distance() {
    #expect(editDistance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
    #expect(editDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
    #expect(editDistance([], Array("abc".unicodeScalars)) == 3)
  }

  @Test("without transpositions it is the plain Levenshtein distance, over any elements")
  func distanceWithoutTranspositions() {
    #expect(editDistance(Array("ab"), Array("ba"), countingTranspositions: false) == 2)
    #expect(editDistance(Array("hsard-fro"), Array("shard-for"), countingTranspositions: false) == 4)
    #expect(editDistance(Array("hsard-fro"), Array("shard-for")) == 2)
    #expect(editDistance(Array("kitten"), Array("sitting"), countingTranspositions: false) == 3)
  }

  @Test("ties go to the alphabetically first candidate")
  func ties() {
    #expect(closestMatch(to: "cat", among: ["cot", "bat"]) == "bat")
  }
}

@Suite("Did you mean: completions")
struct CompletionTests {
  @Test("a word cut short suggests the first candidate it starts, in the order given")
  func completion() {
    let candidates = ["QueueTime.count", "Visible", "ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesDelayed"]
    #expect(closestMatchOrCompletion(to: "ApproximateNumberOfMessages", among: candidates) == "ApproximateNumberOfMessagesVisible")
    #expect(closestMatchOrCompletion(to: "queuetime", among: candidates) == "QueueTime.count")
    #expect(closestMatchOrCompletion(to: "Visibel", among: candidates) == "Visible")
    #expect(closestMatchOrCompletion(to: "Vis", among: candidates) == nil)
    #expect(closestMatchOrCompletion(to: "Nothing", among: candidates) == nil)
  }
}
