import SimCore

/// What a distribution's values measure, and so how they are written.
enum Quantity {
  /// Durations: strings such as `'200ms'`; stored in nanoseconds.
  case duration
  /// Sizes: strings such as `'2KiB'`; stored in bytes.
  case size

  /// `'200ms'` or `'2KiB'`, for messages.
  var example: String { self == .duration ? "'200ms'" : "'2KiB'" }

  /// `duration` or `size`.
  var noun: String { self == .duration ? "duration" : "size" }

  /// A value written with a unit, in base units.
  func read(_ field: Field) -> Double? {
    switch self {
    case .duration: return field.duration(.any).map { Double($0.nanoseconds) }
    case .size: return field.size(.any).map(Double.init)
    }
  }

  /// A CSV value in base units: with a unit, or a bare number of seconds
  /// (durations) or bytes (sizes), read as the file reads the same value:
  /// `2.5` as `'2.5s'` (exact, to the nanosecond or byte), `1.5e-1`
  /// (which a duration string cannot write) through `Double`. A failure
  /// has the file's reason for the same value.
  func csvValue(_ text: Substring) -> Result<Double, QuantityParseFailure> {
    if let number = parsePlainNumber(text) {
      guard number >= 0 else { return .failure(.init(reason: "\(noun)s cannot be negative")) }
      let unsigned = text.first == "+" || text.first == "-" ? text.dropFirst() : text
      if !unsigned.contains(where: { $0 == "e" || $0 == "E" }) {
        return read(String(unsigned) + (self == .duration ? "s" : "B"))
      }
      let base = ((self == .duration ? number * 1e9 : number) + 0).rounded()  // + 0: -0 is 0
      // Int64.max and Int.max round up to 2⁶³ as Doubles: below it fits.
      guard base < 9_223_372_036_854_775_808.0 else { return .failure(.init(reason: "too large")) }
      return .success(base)
    }
    switch read(String(text)) {
    case .success(let value): return .success(value)
    case .failure(let failure) where failure.reason.hasPrefix("expected a number followed by a unit"):
      let bare = self == .duration ? "seconds" : "bytes"
      return .failure(.init(reason: failure.reason + " or a bare number of \(bare)"))
    case .failure(let failure): return .failure(failure)
    }
  }

  /// A value written with a unit, in base units, or the file's reason it
  /// is none.
  private func read(_ text: String) -> Result<Double, QuantityParseFailure> {
    switch self {
    case .duration: return durationValue(text).map { Double($0.nanoseconds) }
    case .size: return sizeValue(text).map(Double.init)
    }
  }

  /// A value in base units as messages show it: `30s`, `1MiB`.
  func format(_ value: Double) -> String {
    switch self {
    case .duration: return formatDuration(.seconds(value / 1e9))
    case .size: return value < 9e18 && value == value.rounded() ? formatSize(Int(value)) : "\(showNumber(value))B"
    }
  }
}

/// The distribution kinds a scenario may name.
let distributionKinds = ["exponential", "uniform", "normal", "lognormal", "empirical"]

/// Reads a distribution of `quantity`: a bare string is a constant;
/// otherwise an object with exactly one of `distributionKinds`.
///
/// Values are checked against `bounds` where the distribution has a known
/// range (constant, uniform, empirical); exponential, normal and lognormal
/// tails are not bounded here.
///
/// With `wholeSeconds` (a duration AWS takes in whole seconds, such as a
/// message's `DelaySeconds`), every value the file writes as one is checked
/// to be whole: a constant, both ends of a uniform range, each empirical
/// sample. Draws cannot be checked: a uniform or empirical draw falls
/// between its whole-second ends, and exponential, normal and lognormal
/// parameters are not values a draw takes. The model uses each draw as it
/// falls (clamped to the range); rounding draws down to whole seconds, as
/// an SDK sending `DelaySeconds` would, is the model's to do.
func readDistribution(
  _ field: Field, _ quantity: Quantity, bounds: Bounds<Double> = .any, wholeSeconds: WholeSeconds? = nil,
  baseDirectory: String
) -> Distribution? {
  if case .string(let text) = field.value {
    guard let value = quantity.read(field) else { return nil }
    if let wholeSeconds, !WholeSeconds.isWhole(nanoseconds: value) {
      field.report(wholeSeconds.fractionMessage(shown: sanitized(text)))
      return nil
    }
    return check(.constant(value), bounds, quantity, at: field) ? .constant(value) : nil
  }
  guard case .object(let members) = field.value else {
    field.reportType(
      expected: "a \(quantity.noun) such as \(quantity.example) or a distribution such as { exponential: \(quantity.example) }")
    return nil
  }
  guard let object = field.object(keys: distributionKinds) else { return nil }
  let present = distributionKinds.filter { members[$0] != nil }
  guard present.count == 1, let kind = present.first, let inner = object[kind] else {
    if present.count > 1 {
      field.report("a distribution has exactly one kind, got \(listOfQuoted(present.sorted(), conjunction: "and"))")
    } else if members.keys.allSatisfy({ distributionKinds.contains($0) }) {
      field.report("expected one of \(listOfQuoted(distributionKinds))")
    }
    return nil
  }
  let distribution: Distribution?
  switch kind {
  case "exponential":
    distribution = quantity.read(inner).flatMap { mean in
      guard mean > 0 else {
        inner.report("the mean must be greater than \(quantity.format(0))")
        return nil
      }
      return .exponential(mean: mean)
    }
  case "uniform":
    distribution = readUniform(inner, quantity, wholeSeconds: wholeSeconds)
  case "normal":
    guard let parts = inner.object(keys: ["mean", "stddev"]) else { return nil }
    let mean = parts.required("mean").flatMap(quantity.read)
    let stddev = parts.required("stddev").flatMap(quantity.read)
    guard let mean, let stddev else { return nil }
    distribution = .normal(mean: mean, stddev: stddev)
  case "lognormal":
    distribution = readLognormal(inner, quantity)
  default:
    distribution = readEmpirical(inner, quantity, wholeSeconds: wholeSeconds, baseDirectory: baseDirectory)
  }
  guard let distribution else { return nil }
  return check(distribution, bounds, quantity, at: inner) ? distribution : nil
}

private func readUniform(_ field: Field, _ quantity: Quantity, wholeSeconds: WholeSeconds?) -> Distribution? {
  guard let ends = field.array(expected: "[LOW, HIGH]") else { return nil }
  guard ends.count == 2 else {
    field.report("expected [LOW, HIGH] with 2 values, got \(ends.count)")
    return nil
  }
  guard let low = quantity.read(ends[0]), let high = quantity.read(ends[1]) else { return nil }
  if let wholeSeconds {
    var isWhole = true
    for (end, value) in zip(ends, [low, high]) where !WholeSeconds.isWhole(nanoseconds: value) {
      end.report(wholeSeconds.fractionMessage(shown: sanitized(end.value.stringValue ?? "")))
      isWhole = false
    }
    guard isWhole else { return nil }
  }
  guard low <= high else {
    ends[1].report("the high end \(quantity.format(high)) is below the low end \(quantity.format(low))")
    return nil
  }
  return .uniform(low: low, high: high)
}

private func readLognormal(_ field: Field, _ quantity: Quantity) -> Distribution? {
  guard let parts = field.object(keys: ["median", "p99"]) else { return nil }
  let medianField = parts.required("median")
  let p99Field = parts.required("p99")
  guard let medianField, let p99Field,
    let median = quantity.read(medianField), let p99 = quantity.read(p99Field)
  else { return nil }
  guard median > 0 else {
    medianField.report("the median must be greater than \(quantity.format(0))")
    return nil
  }
  guard p99 > median else {
    p99Field.report("the p99 \(quantity.format(p99)) must be greater than the median \(quantity.format(median))")
    return nil
  }
  return .lognormal(median: median, p99: p99)
}

private func readEmpirical(
  _ field: Field, _ quantity: Quantity, wholeSeconds: WholeSeconds?, baseDirectory: String
) -> Distribution? {
  guard let name = field.string(expected: "a CSV file name such as 'samples.csv'") else { return nil }
  guard var file = CSVFile(named: name, at: field, baseDirectory: baseDirectory) else { return nil }
  var samples: [Double] = []
  for (position, line) in file.lines.enumerated() {
    let text = trimmedField(line.text)
    switch quantity.csvValue(text) {
    case .success(let value):
      if let wholeSeconds, !WholeSeconds.isWhole(nanoseconds: value) {
        file.report(line: line.number) { quote in
          quote(text).map { "\($0) is not a whole number of seconds (\(wholeSeconds.note))" }
            ?? "the value is not a whole number of seconds (\(wholeSeconds.note))"
        }
      } else {
        file.noteValidRow()
      }
      samples.append(value)
    case .failure where position == 0 && isHeader(text):
      continue  // a header line
    case .failure(let failure):
      let noun = quantity.noun
      let hint = "write one value per line, such as \(quantity.example) or a bare number of \(quantity == .duration ? "seconds" : "bytes")"
      file.report(line: line.number) { quote in
        // The reason may repeat part of the value: only with all of it.
        guard let shown = quote(text) else { return "the value is not a valid \(noun) (\(hint))" }
        guard quote.showsWhole(text) else { return "\(shown) is not a valid \(noun) (\(hint))" }
        return "\(shown) is not a valid \(noun): \(failure.reason)"
      }
    }
  }
  file.finish()
  guard !file.hasRowProblems else { return nil }
  guard !samples.isEmpty else {
    field.report("\(quoted(name)) has no values")
    return nil
  }
  return .empirical(sortedSamples: samples.sorted())
}

/// Whether a first line that is no value is a header (`latency`,
/// `size_bytes`) rather than a value gone wrong (`9e99`, `-2`, `.5x`).
private func isHeader(_ text: Substring) -> Bool {
  guard let first = text.first else { return false }
  return !(first.isASCII && first.isNumber) && !"+-.".contains(first)
}

/// Checks the range a distribution can produce against `bounds`.
private func check(_ distribution: Distribution, _ bounds: Bounds<Double>, _ quantity: Quantity, at field: Field) -> Bool {
  let range: (low: Double, high: Double)?
  switch distribution {
  case .constant(let v): range = (v, v)
  case .uniform(let low, let high): range = (low, high)
  case .empirical(let s): range = s.isEmpty ? nil : (s[0], s[s.count - 1])
  default: range = nil
  }
  guard let range else { return true }
  let isConstant = distribution.isConstant
  for (value, label) in [(range.low, "lowest"), (range.high, "highest")] {
    func shown() -> String {
      isConstant ? (field.value.stringValue.map { sanitized($0) } ?? quantity.format(value)) : quantity.format(value)
    }
    if var problem = bounds.violation(of: value, shown: shown(), format: quantity.format) {
      if !isConstant { problem = "the \(label) value " + problem }
      field.report(problem)
      return false
    }
  }
  return true
}
