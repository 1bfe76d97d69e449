import SimCore

/// Arrivals per second a producer may ask for.
let maximumArrivalRate = 1e7
/// Latest `time_s` a trace row may have.
let maximumTraceTime = 1e9
/// Most arrivals one trace row may have.
let maximumTraceCount = 1_000_000_000

/// Reads a producer's `arrivals`:
/// `{ process: "poisson" | "constant", rate: N }`,
/// `{ process, schedule: [{ at: DURATION, rate: N }, ...] }` or
/// `{ trace: "file.csv", spread: "random" | "even" }`.
func readArrivals(_ field: Field, baseDirectory: String) -> ArrivalProcess? {
  guard let object = field.object(keys: ["process", "rate", "schedule", "trace", "spread"]) else { return nil }
  let forms = ["rate", "schedule", "trace"].filter(object.contains)
  guard forms.count == 1, let form = forms.first else {
    if forms.isEmpty {
      field.report("expected one of 'rate', 'schedule' or 'trace'")
    } else {
      field.report("'rate', 'schedule' and 'trace' are mutually exclusive, got \(listOfQuoted(forms, conjunction: "and"))")
    }
    return nil
  }
  if form == "trace" {
    if let process = object["process"] {
      process.report("'process' applies to 'rate' and 'schedule', not to 'trace'")
    }
    let spread = object["spread"].map { $0.choice(["random", "even"]) } ?? "random"
    let rows = object["trace"].flatMap { readTrace($0, baseDirectory: baseDirectory) }
    guard let rows, let spread else { return nil }
    return .trace(rows: rows, randomSpread: spread == "random")
  }
  if let spread = object["spread"] {
    spread.report("'spread' applies only to 'trace'")
  }
  let process = object["process"].map { $0.choice(["poisson", "constant"]) } ?? "poisson"
  let rateBounds = Bounds<Double>.closed(0, maximumArrivalRate)
  let steps: [RateStep]?
  if let rate = object["rate"] {
    steps = rate.number(rateBounds).map { [RateStep(start: .zero, rate: $0)] }
  } else {
    steps = object["schedule"].flatMap { readSchedule($0, rateBounds: rateBounds) }
  }
  guard let process, let steps else { return nil }
  return process == "poisson" ? .poisson(schedule: steps) : .constant(schedule: steps)
}

/// Reads `[{ at, rate }, ...]`; a first `at` after zero gets a rate-0 step
/// before it.
private func readSchedule(_ field: Field, rateBounds: Bounds<Double>) -> [RateStep]? {
  guard let elements = field.array() else { return nil }
  guard !elements.isEmpty else {
    field.report("the schedule is empty; give at least one { at, rate } step")
    return nil
  }
  var steps: [RateStep] = []
  var isValid = true
  var previous: (at: SimDuration, text: String)?
  for element in elements {
    guard let step = element.object(keys: ["at", "rate"]) else {
      isValid = false
      continue
    }
    let atField = step.required("at")
    let at = atField?.duration(.any)
    let rate = step.required("rate")?.number(rateBounds)
    guard let atField, let at, let rate else {
      isValid = false
      previous = nil
      continue
    }
    if let previous, at <= previous.at {
      atField.report("'\(sanitized(atField.value.stringValue ?? ""))' is not after the previous step's '\(sanitized(previous.text))'")
      isValid = false
    }
    previous = (at, atField.value.stringValue ?? "")
    steps.append(RateStep(start: SimTime(nanoseconds: at.nanoseconds), rate: rate))
  }
  guard isValid, let first = steps.first else { return nil }
  if first.start > .zero { steps.insert(RateStep(start: .zero, rate: 0), at: 0) }
  return steps
}

/// Reads a `time_s,count` CSV trace; see `TraceRow` for the intervals.
private func readTrace(_ field: Field, baseDirectory: String) -> [TraceRow]? {
  guard let name = field.string(expected: "a CSV file name such as 'sent-per-minute.csv'") else { return nil }
  guard var file = CSVFile(named: name, at: field, baseDirectory: baseDirectory) else { return nil }
  var times: [Int64] = []
  var counts: [Int] = []
  var previousTime: (nanoseconds: Int64, text: Substring)?
  for (position, line) in file.lines.enumerated() {
    let columns = line.text.split(separator: ",", omittingEmptySubsequences: false).map(trimmedField)
    if position == 0, columns.first.flatMap({ parsePlainNumber($0) }) == nil {
      continue  // a header line
    }
    guard columns.count == 2 else {
      let count = columns.count
      file.report(line: line.number) { _ in "expected 2 values 'time_s,count', got \(count)" }
      continue
    }
    let (timeText, countText) = (columns[0], columns[1])
    guard let seconds = parsePlainNumber(timeText) else {
      file.report(line: line.number) { quote in "\(quote.labelled("time_s", timeText)) is not a number" }
      continue
    }
    guard seconds >= 0, seconds <= maximumTraceTime else {
      file.report(line: line.number) { quote in
        seconds < 0
          ? "\(quote.labelled("time_s", timeText)) is negative"
          : "\(quote.labelled("time_s", timeText)) is above the maximum of \(showNumber(maximumTraceTime))"
      }
      continue
    }
    let nanoseconds = clampedNanoseconds(seconds * 1e9)
    var rowIsValid = true
    if let previousTime, nanoseconds <= previousTime.nanoseconds {
      let previousText = previousTime.text
      file.report(line: line.number) { quote in
        "\(quote.labelled("time_s", timeText)) is not after the previous row's\(quote(previousText).map { " " + $0 } ?? "")"
      }
      rowIsValid = false
    }
    previousTime = (nanoseconds, timeText)
    guard let count = parsePlainNumber(countText), count == count.rounded() else {
      file.report(line: line.number) { quote in "\(quote.labelled("count", countText)) is not a whole number" }
      continue
    }
    guard count >= 0, count <= Double(maximumTraceCount) else {
      file.report(line: line.number) { quote in
        count < 0
          ? "\(quote.labelled("count", countText)) is negative"
          : "\(quote.labelled("count", countText)) is above the maximum of \(maximumTraceCount)"
      }
      continue
    }
    if rowIsValid { file.noteValidRow() }
    times.append(nanoseconds)
    counts.append(Int(count))
  }
  file.finish()
  guard !file.hasRowProblems else { return nil }
  guard !times.isEmpty else {
    field.report("\(quoted(name)) has no rows")
    return nil
  }
  var rows: [TraceRow] = []
  for index in times.indices {
    let interval: Int64
    if index + 1 < times.count {
      interval = times[index + 1] - times[index]
    } else if index > 0 {
      interval = times[index] - times[index - 1]
    } else {
      interval = 60_000_000_000
    }
    rows.append(TraceRow(start: SimTime(nanoseconds: times[index]), count: counts[index], interval: SimDuration(nanoseconds: interval)))
  }
  return rows
}
