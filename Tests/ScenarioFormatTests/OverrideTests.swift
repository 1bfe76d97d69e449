import SimCore
import SimModels
import Testing

@testable import ScenarioFormat

@Suite("--set overrides")
struct OverrideTests {
  static let base: JSONValue = .object([
    "queues": .array([
      .object(["name": .string("orders"), "visibilityTimeout": .string("30s")]),
      .object(["name": .string("gps.fifo"), "type": .string("fifo")]),
      .object(["name": .string("gps")]),
    ]),
    "consumers": .array([.object(["name": .string("workers"), "count": .integer(4)])]),
    "seed": .integer(1),
  ])

  func value(at keys: [Any], in root: JSONValue) -> JSONValue? {
    var current: JSONValue? = root
    for key in keys {
      if let key = key as? String { current = current?.objectValue?[key] }
      if let index = key as? Int { current = current?.arrayValue.flatMap { index < $0.count ? $0[index] : nil } }
    }
    return current
  }

  @Test("a named element's key is replaced, with JSON values parsed")
  func namedElement() throws {
    let root = try applyOverride("consumers.workers.count=12", to: Self.base)
    #expect(value(at: ["consumers", 0, "count"], in: root) == .integer(12))
  }

  @Test("values that are not JSON5 are plain strings")
  func plainString() throws {
    let root = try applyOverride("queues.orders.visibilityTimeout=45s", to: Self.base)
    #expect(value(at: ["queues", 0, "visibilityTimeout"], in: root) == .string("45s"))
  }

  @Test("JSON5 values of every kind", arguments: [
    ("true", JSONValue.bool(true)),
    ("2.5", .number(2.5)),
    ("\"12\"", .string("12")),
    ("'x y'", .string("x y")),
    ("[1, 2]", .array([.integer(1), .integer(2)])),
    ("{ exponential: '5ms' }", .object(["exponential": .string("5ms")])),
    ("", .string("")),
    ("orders", .string("orders")),
    ("a=b", .string("a=b")),
  ])
  func valueKinds(text: String, expected: JSONValue) throws {
    let root = try applyOverride("seed=\(text)", to: Self.base)
    #expect(value(at: ["seed"], in: root) == expected)
  }

  @Test("dotted names match the longest run of segments")
  func dottedNames() throws {
    let root = try applyOverride("queues.gps.fifo.visibilityTimeout=13s", to: Self.base)
    #expect(value(at: ["queues", 1, "visibilityTimeout"], in: root) == .string("13s"))
    #expect(value(at: ["queues", 2, "visibilityTimeout"], in: root) == nil)
    let other = try applyOverride("queues.gps.delay=1s", to: Self.base)
    #expect(value(at: ["queues", 2, "delay"], in: other) == .string("1s"))
  }

  @Test("numeric segments index arrays")
  func index() throws {
    let root = try applyOverride("queues.2.delay=5s", to: Self.base)
    #expect(value(at: ["queues", 2, "delay"], in: root) == .string("5s"))
  }

  @Test("missing keys and objects are created")
  func newKeys() throws {
    let root = try applyOverride("queues.orders.redrive.maxReceiveCount=5", to: Self.base)
    #expect(value(at: ["queues", 0, "redrive"], in: root) == .object(["maxReceiveCount": .integer(5)]))
    let top = try applyOverride("warmup=5m", to: Self.base)
    #expect(value(at: ["warmup"], in: top) == .string("5m"))
  }

  @Test("an element can be replaced whole")
  func wholeElement() throws {
    let root = try applyOverride("queues.orders={ name: 'orders', delay: '1s' }", to: Self.base)
    #expect(value(at: ["queues", 0], in: root) == .object(["name": .string("orders"), "delay": .string("1s")]))
  }

  @Test("malformed assignments and unknown elements are errors naming the path", arguments: [
    ("queues.ordrs.delay=1s", "--set queues.ordrs.delay=1s: no queue named 'ordrs' in 'queues' (did you mean 'orders'?)"),
    ("queues.gsp.fifo.delay=1s", "--set queues.gsp.fifo.delay=1s: no queue named 'gsp' in 'queues' (did you mean 'gps.fifo'?)"),
    ("consumers.nobody.count=1", "--set consumers.nobody.count=1: no consumer named 'nobody' in 'consumers'"),
    ("queues.3.delay=1s", "--set queues.3.delay=1s: index 3 is out of range: 'queues' has 3 elements"),
    ("seed.value=1", "--set seed.value=1: cannot set 'value' inside 'seed', which is number 1"),
    ("count", "--set count: 'count' is not an assignment: expected PATH=VALUE"),
    ("=5", "--set =5: '=5' has no PATH before '='"),
    ("queues..delay=1", "--set queues..delay=1: the path has an empty segment"),
  ])
  func errors(assignment: String, expected: String) {
    #expect(throws: (any Error).self) { try applyOverride(assignment, to: Self.base) }
    do {
      _ = try applyOverride(assignment, to: Self.base)
    } catch let error as ScenarioError {
      #expect(error.description == expected)
      #expect(error.file == "--set")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test("overrides apply before validation, in order")
  func throughTheLoader() throws {
    let source = "{ queues: [{ name: 'orders' }], consumers: [{ name: 'workers', source: 'queue:orders', waitTime: '20s' }] }"
    let scenario = try decodeScenario(
      source, overrides: ["consumers.workers.count=12", "queues.orders.visibilityTimeout=45s", "consumers.workers.count=13"])
    #expect(scenario.world.consumers[0].count == 13)
    #expect(scenario.world.queues[0].visibilityTimeout == .seconds(45))
  }

  @Test("an overridden value is validated like the file's own; its problems name the --set argument")
  func validatedAfterwards() {
    let source = "{ queues: [{ name: 'orders' }] }"
    #expect(
      errorLines(source, overrides: ["queues.orders.visibilityTimeout=13h", "queues.orders.visiblityTimeout=1s"]) == [
        "--set queues.orders.visibilityTimeout=13h: queues[0].visibilityTimeout: '13h' is above the maximum of 12h (VisibilityTimeout is 0 s to 43,200 s)",
        "--set queues.orders.visiblityTimeout=1s: queues[0].visiblityTimeout: unknown key (did you mean 'visibilityTimeout'?)",
      ])
    #expect(
      errorLines(source, overrides: ["queues.orders.visibilityTimeout=abc"]) == [
        "--set queues.orders.visibilityTimeout=abc: queues[0].visibilityTimeout: 'abc' is not a valid duration: expected a number followed by a unit (ns, us, ms, s, m, h or d)"
      ])
  }

  @Test("problems in the file keep the file's name, in document order with the --set ones")
  func mixedSources() {
    let source = "{ queues: [{ name: 'orders', delay: '20m', visibilityTimeout: '1s', visibilityTimeout: '2s' }], seed: -1 }"
    #expect(
      errorLines(source, overrides: ["queues.orders.visibilityTimeout=abc", "queues.orders.messageRetention=1s"]) == [
        "test.json5: queues[0]: duplicate key 'visibilityTimeout'",
        "test.json5: queues[0].delay: '20m' is above the maximum of 15m (DelaySeconds is 0 s to 900 s)",
        "--set queues.orders.messageRetention=1s: queues[0].messageRetention: '1s' is below the minimum of 1m (MessageRetentionPeriod is 60 s to 1,209,600 s)",
        "--set queues.orders.visibilityTimeout=abc: queues[0].visibilityTimeout: 'abc' is not a valid duration: expected a number followed by a unit (ns, us, ms, s, m, h or d)",
        "test.json5: seed: '-1' is below the minimum of 0 (a seed is a whole number from 0 to 18446744073709551615)",
      ])
  }

  @Test("a problem belongs to the last --set that wrote its place")
  func lastWriterWins() {
    let source = "{ queues: [{ name: 'orders' }] }"
    #expect(
      errorLines(source, overrides: ["queues.orders.delay=1x", "queues.orders={ name: 'orders', delay: '2x' }"]) == [
        "--set queues.orders={ name: 'orders', delay: '2x' }: queues[0].delay: '2x' is not a valid duration: unknown unit 'x' (use ns, us, ms, s, m, h or d)"
      ])
    #expect(
      errorLines(source, overrides: ["queues.orders={ name: 'orders', delay: '2x' }", "queues.orders.delay=1x"]) == [
        "--set queues.orders.delay=1x: queues[0].delay: '1x' is not a valid duration: unknown unit 'x' (use ns, us, ms, s, m, h or d)"
      ])
    #expect(
      errorLines(source, overrides: ["queues=5"]) == ["--set queues=5: queues: expected an array of queues, got number 5"])
    // An object the --set had to create is all the --set's.
    #expect(
      errorLines(source, overrides: ["queues.orders.redrive.maxReceiveCount=5"]) == [
        "--set queues.orders.redrive.maxReceiveCount=5: queues[0].redrive: missing required key 'deadLetterQueue'"
      ])
    // A duplicate key is in the file even where a --set replaced the object.
    #expect(
      errorLines("{ queues: [{ name: 'orders', delay: '1s', delay: '2s' }] }", overrides: ["queues.orders={ name: 'orders' }"])
        == ["test.json5: queues[0]: duplicate key 'delay'"])
  }

  @Test("all bad overrides are reported together")
  func collectsAll() {
    #expect(
      errorLines("{ queues: [{ name: 'orders' }] }", overrides: ["x", "queues.nope.delay=1s"]) == [
        "--set x: 'x' is not an assignment: expected PATH=VALUE",
        "--set queues.nope.delay=1s: no queue named 'nope' in 'queues'",
      ])
  }

  @Test("null removes a value so the default applies")
  func nullRemoves() throws {
    let scenario = try decodeScenario("{ seed: 9 }", overrides: ["seed=null"])
    #expect(scenario.world.seed == 1)
  }
}
