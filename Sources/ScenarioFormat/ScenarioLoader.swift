import Foundation
import SimCore
import SimModels

/// Reads scenario files: JSON5 text, `--set` overrides, then strict
/// validation into a `Scenario`.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(
///   path: "Scenarios/quickstart.json5", overrides: ["consumers.workers.count=12"])
/// ```
///
/// Every problem is collected before anything is thrown, so one run of
/// `msgsim validate` lists them all.
public enum ScenarioLoader {
  /// The top-level keys of a scenario: its settings, one per resource
  /// section (`ResourceSection.all`, those not simulated yet included) and
  /// `expect`.
  static let topLevelKeys =
    ["name", "duration", "seed", "metricsPeriod", "warmup", "region"] + ResourceSection.all.compactMap(\.key)
    + ["expect"]

  /// Reads, overrides and validates the scenario file at `path`. Relative
  /// file names inside it are resolved against its directory. Files above
  /// 16 MiB are refused before they are read whole.
  ///
  /// - Parameters:
  ///   - path: The scenario file, as the user named it (used in messages).
  ///   - overrides: `PATH=VALUE` assignments, applied in order (see
  ///     `applyOverride(_:to:)`).
  /// - Throws: `ScenarioError` naming `path` with every problem found; a
  ///   problem in a value an override wrote names that `--set` argument.
  public static func load(path: String, overrides: [String] = []) throws -> Scenario {
    let data: Data
    switch readFile(atPath: path, maximumBytes: maximumScenarioFileBytes) {
    case .success(let d): data = d
    case .failure(let failure):
      // `the file is 17,825,792 bytes, above the maximum of 16 MiB ...`;
      // `cannot read the file: no such file`.
      let isTooLarge = if case .tooLarge = failure { true } else { false }
      let reason = failure.reason(
        subject: isTooLarge ? "the file" : "it", maximumBytes: maximumScenarioFileBytes, kind: "scenario file")
      throw ScenarioError(
        file: path, message: isTooLarge ? reason ?? "" : "cannot read the file" + (reason.map { ": " + $0 } ?? ""))
    }
    let directory = (path as NSString).deletingLastPathComponent
    return try decode(data, file: path, baseDirectory: directory.isEmpty ? "." : directory, overrides: overrides)
  }

  /// Decodes, overrides and validates scenario text.
  ///
  /// - Parameters:
  ///   - data: The file's bytes: JSON5 (or JSON) in UTF-8, or UTF-16 with a
  ///     byte-order mark.
  ///   - file: The file name for messages; its stem is the default `name`.
  ///   - baseDirectory: Where relative CSV file names are looked up.
  ///   - overrides: `PATH=VALUE` assignments, applied in order.
  /// - Throws: `ScenarioError` with every problem found.
  public static func decode(
    _ data: Data, file: String, baseDirectory: String, overrides: [String] = []
  ) throws -> Scenario {
    let text: String
    switch JSON5Reading.text(from: data) {
    case .success(let t): text = t
    case .failure(let failure): throw ScenarioError(file: file, message: failure.reason)
    }
    let document: JSON5Reading.Document
    switch JSON5Reading.parse(text) {
    case .success(let d): document = d
    case .failure(let failure):
      throw ScenarioError(file: file, path: failure.path?.description ?? "", message: failure.reason)
    }
    var root = document.value
    var numberTexts = document.numberTexts
    var overrideProblems: [ScenarioError.Problem] = []
    // Where each override wrote, in order: a problem found at or under one
    // of these places is in the value the last such override wrote.
    var written: [(target: JSONPath, source: String)] = []
    for assignment in overrides {
      do {
        let located = try locatedOverride(assignment, to: root)
        root = located.root
        written.append((located.target, overrideSource(assignment)))
        // The value replaced the file's numbers there, texts and all.
        let place = located.written.components
        numberTexts = numberTexts.filter { !$0.key.components.starts(with: place) }
        for (path, text) in located.numberTexts {
          numberTexts[JSONPath(components: place + path.components)] = text
        }
      } catch let error as ScenarioError {
        overrideProblems += error.problems
      }
    }
    if !overrideProblems.isEmpty { throw ScenarioError(file: overrideFileName, problems: overrideProblems) }

    let log = ProblemLog()
    log.numberTexts = numberTexts
    // Duplicate keys are in the file's text, whatever an override replaced.
    for (path, key) in document.duplicateKeys {
      log.add(path, "duplicate key \(quoted(key))")
    }
    let fileProblems = log.count
    let scenario = read(root, log: log, file: file, baseDirectory: baseDirectory)
    if !written.isEmpty {
      log.attribute(from: fileProblems) { path in
        written.last { path.components.starts(with: $0.target.components) }?.source
      }
    }
    guard log.isEmpty, let scenario else {
      throw ScenarioError(file: file, problems: log.sortedProblems())
    }
    return scenario
  }

  /// Reads the whole document; `nil` when anything is wrong.
  static func read(_ root: JSONValue, log: ProblemLog, file: String, baseDirectory: String) -> Scenario? {
    let rootField = Field(value: root, path: .root, log: log)
    guard let object = rootField.object(
      keys: topLevelKeys, expected: "an object at the top level")
    else { return nil }
    for section in ResourceSection.all where !section.isSimulated {
      if let key = section.key, let field = object[key], field.value != .array([]) {
        field.report("'\(key)' are not supported yet")
      }
    }
    var world = WorldConfig(name: "", duration: .seconds(3_600))
    if let field = object["name"] {
      if let name = field.string() {
        if let problem = scenarioNameProblem(name) { field.report(problem) } else { world.name = name }
      }
    } else {
      let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
      if let problem = scenarioNameProblem(stem) {
        log.add(JSONPath.root.appending("name"), "the default name comes from the file name, but \(problem); set 'name'")
      }
      world.name = stem
    }
    var durationIsValid = true
    if let field = object["duration"] {
      if let v = field.duration(Bounds(lower: .zero, lowerIsExclusive: true, upper: .seconds(2_592_000))) {
        world.duration = v
      } else {
        durationIsValid = false
      }
    }
    if let v = object["seed"]?.seed() { world.seed = v }
    if let v = object["metricsPeriod"]?.duration(.closed(.seconds(1), .seconds(86_400))) { world.metricsPeriod = v }
    if let field = object["warmup"], let v = field.duration(.any) {
      if durationIsValid, v >= world.duration {
        field.report("'\(sanitized(field.value.stringValue ?? ""))' must be less than the duration of \(formatDuration(world.duration))")
      } else {
        world.warmup = v
      }
    }
    let reader = ScenarioReader(log: log, baseDirectory: baseDirectory)
    let region = reader.readRegion(object["region"])
    if let region { reader.region = region }
    var sectionsAreValid = true
    for section in ResourceSection.all {
      guard let key = section.key, let read = section.read else { continue }
      if !read(reader, object[key], &world) { sectionsAreValid = false }
    }
    let expectations = reader.readExpectations(object["expect"])
    guard log.isEmpty, let region, sectionsAreValid, let expectations else { return nil }
    world.region = region
    return Scenario(world: world, expectations: expectations)
  }
}

/// Why `name` cannot name a report folder, or `nil`: 1 to 200 of
/// `[A-Za-z0-9._-]`, not `.` or `..`.
func scenarioNameProblem(_ name: String) -> String? {
  let isValid = !name.isEmpty && name.utf8.count <= 200 && name != "." && name != ".."
    && name.unicodeScalars.allSatisfy { isNameScalar($0) || $0 == "." }
  return isValid ? nil : "\(quoted(name)) is not a valid name: use 1 to 200 letters, digits, '.', '_' or '-' (not '.' or '..')"
}
