import SimCore
import Testing

@testable import ScenarioFormat

/// `--set` paths are capped (64 segments, 1,024 characters) and matched in
/// time linear in the path and the names it is matched against.
@Suite("--set path limits")
struct OverridePathTests {
  static let base: JSONValue = .object([
    "a": .object(["b": .integer(1)]),
    "a.b": .object(["c.d": .object([:]), "c": .integer(2)]),
    "queues": .array([
      .object(["name": .string("x.y.z")]),
      .object(["name": .string("x.y")]),
      .object(["name": .string("x")]),
    ]),
  ])

  func problem(_ assignment: String) -> String? {
    do {
      _ = try applyOverride(assignment, to: Self.base)
      return nil
    } catch let error as ScenarioError {
      #expect(error.file == "--set")
      return error.problems.first?.message
    } catch {
      return "unexpected error \(error)"
    }
  }

  @Test("more than 64 segments is an error that names the cap")
  func tooManySegments() {
    let path = Array(repeating: "a", count: 65).joined(separator: ".")
    #expect(problem(path + "=1") == "the path has 65 segments, above the maximum of 64")
    let longest = Array(repeating: "a", count: 64).joined(separator: ".")
    #expect(problem(longest + "=1") == nil)
  }

  @Test("more than 1,024 characters is an error that names the cap")
  func tooLong() {
    let path = String(repeating: "k", count: 1_025)
    #expect(problem(path + "=1") == "the path is 1,025 characters long, above the maximum of 1,024")
    #expect(problem(String(repeating: "k", count: 1_024) + "=1") == nil)
  }

  @Test("a path of 65,000 segments is refused, not a crash")
  func hugePath() {
    let path = Array(repeating: "a", count: 65_000).joined(separator: ".")
    #expect(problem(path + "=1") == "the path is 129,999 characters long, above the maximum of 1,024")
    let assignment = path + "=1"
    #expect(
      errorLines("{}", overrides: [assignment])
        == ["\(overrideSource(assignment)): the path is 129,999 characters long, above the maximum of 1,024"])
  }

  @Test("the longest run of segments naming a key or an element wins, at every level")
  func longestRun() throws {
    let root = try applyOverride("a.b.c.d.e=5", to: Self.base)
    #expect(root.objectValue?["a.b"]?.objectValue?["c.d"] == .object(["e": .integer(5)]))
    #expect(root.objectValue?["a"] == .object(["b": .integer(1)]))
    let shorter = try applyOverride("a.b.c=3", to: Self.base)
    #expect(shorter.objectValue?["a.b"]?.objectValue?["c"] == .integer(3))
    let queues = try applyOverride("queues.x.y.z.delay=1s", to: Self.base).objectValue?["queues"]?.arrayValue
    #expect(queues?[0].objectValue?["delay"] == .string("1s"))
    let middle = try applyOverride("queues.x.y.delay=1s", to: Self.base).objectValue?["queues"]?.arrayValue
    #expect(middle?[1].objectValue?["delay"] == .string("1s"))
    #expect(problem("queues.x.y.z.w.v=1") == nil)
  }

  @Test("the path a message shows up to a problem is the text the user wrote")
  func walkedText() {
    #expect(problem("a.b.c.d.q.r=1") == nil)
    #expect(problem("a.b.c.z=1") == "cannot set 'z' inside 'a.b.c', which is number 2")
    #expect(problem("queues.x.y.9=1") == nil)
  }
}
