import SimCore
import SimModels

/// The keys of a Firehose stream object (`firehoses:`).
let firehoseKeys = [
  "name", "bufferSize", "bufferInterval", "recordsPerSecondLimit", "putRequestsPerSecondLimit",
  "bytesPerSecondLimit", "transform", "destination", "source",
]

/// Firehose stream keys msgsim knows but does not simulate yet, with what
/// to tell the user.
let unsupportedFirehoseKeys: [String: String] = [:]

/// The keys of a Firehose stream's `transform` (a Lambda function).
let firehoseTransformKeys = ["latency", "failureRate", "numberOfRetries"]

/// The keys of a Firehose stream's `destination`.
let firehoseDestinationKeys = ["latency", "failureRate", "retryDuration"]

/// The keys of a producer writing to a Firehose stream (`target:
/// 'firehose:NAME'`): those of `producerKeys` that PutRecord and
/// PutRecordBatch have a use for (Firehose records have no key).
let firehoseProducerKeys = ["name", "target", "arrivals", "messageSize", "batch", "apiLatency", "errorRate", "retry"]

/// The largest Direct PUT quota a scenario may set per second, records or
/// requests (msgsim's bound).
let maximumFirehoseRateLimit = 1_000_000_000

/// The largest Direct PUT byte quota a scenario may set per second: 1 TiB
/// (msgsim's bound).
let maximumFirehoseBytesPerSecond = 1_099_511_627_776

extension ScenarioReader {
  /// Reads the `firehoses` list; `nil` if any Firehose stream has a problem.
  func readFirehoses(_ list: Field?) -> [FirehoseConfig]? {
    defer { checkFirehoseSubscriptions() }
    guard let list else { return [] }
    declareNames(of: .firehose, in: list)
    guard let elements = list.array(expected: "an array of Firehose streams") else { return nil }
    let firehoses = elements.map(readFirehose)
    return firehoses.allSatisfy { $0 != nil } ? firehoses.compactMap { $0 } : nil
  }

  /// Checks the topics' Firehose subscriptions against the declared
  /// streams: each names one, with a Direct PUT source (AWS requires it).
  private func checkFirehoseSubscriptions() {
    for field in firehoseSubscriptions {
      guard let name = field.value.stringValue, isDeclared(name, as: .firehose, reportingAt: field) else { continue }
      if firehosesReadingStreams.contains(name) {
        field.report("Firehose stream \(quoted(name)) reads a Kinesis data stream; an SNS topic can deliver only to a Firehose stream with a Direct PUT source")
      }
    }
  }

  private func readFirehose(_ field: Field) -> FirehoseConfig? {
    guard let object = field.object(
      keys: firehoseKeys, expected: "a Firehose stream such as { name: 'clicks', bufferSize: '5MiB' }",
      unsupported: unsupportedFirehoseKeys)
    else { return nil }
    let problemsBefore = log.count
    var firehose = FirehoseConfig(name: "")
    if let nameField = object.required("name"), let name = nameField.string() {
      firehose.name = name
      if let problem = firehoseNameProblem(name) { nameField.report(problem) }
    }
    if let f = object["source"], let text = f.string() {
      // Direct PUT (producers and SNS subscriptions: no `source`) or a
      // Kinesis data stream.
      if text.hasPrefix("stream:"), let name = Optional(String(text.dropFirst("stream:".count))),
        streams[name] != nil
      {
        firehose.sourceStream = name
        if !firehose.name.isEmpty { firehosesReadingStreams.insert(firehose.name) }
      } else if text.hasPrefix("stream:") {
        f.report("unknown stream \(quoted(String(text.dropFirst("stream:".count)))) (declare it in 'streams')")
      } else {
        f.report("a Firehose stream's source is 'stream:NAME' (a Kinesis data stream) or none (Direct PUT: producers, and SNS topics that subscribe it with { firehose: NAME })")
      }
    }
    if let f = object["bufferSize"], let v = readBufferSize(f) { firehose.bufferSize = v }
    if let f = object["bufferInterval"], let v = readWholeSeconds(
      f, .closed(.zero, FirehoseLimits.maxBufferInterval, note: "IntervalInSeconds is 0 s to 900 s"),
      note: "IntervalInSeconds is 0 to 900 whole seconds")
    {
      firehose.bufferInterval = v
    }
    let rate = Bounds.closed(1, maximumFirehoseRateLimit)
    if let v = object["recordsPerSecondLimit"]?.integer(rate) { firehose.recordsPerSecondLimit = v }
    if let v = object["putRequestsPerSecondLimit"]?.integer(rate) { firehose.putRequestsPerSecondLimit = v }
    if let v = object["bytesPerSecondLimit"]?.size(.closed(1, maximumFirehoseBytesPerSecond)) {
      firehose.bytesPerSecondLimit = v
    }
    if let f = object["transform"], let transform = f.object(keys: firehoseTransformKeys) {
      var settings = FirehoseTransform()
      if let f = transform["latency"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
        settings.latency = v
      }
      if let v = transform["failureRate"]?.number(.closed(0, 1)) { settings.failureRate = v }
      let retries = FirehoseLimits.maxTransformRetries
      if let v = transform["numberOfRetries"]?.integer(
        .closed(0, retries, note: "NumberOfRetries is 0 to \(retries) in msgsim; AWS's default is 3"))
      {
        settings.numberOfRetries = v
      }
      firehose.transform = settings
    }
    if let f = object["destination"], let destination = f.object(keys: firehoseDestinationKeys) {
      if let f = destination["latency"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
        firehose.destination.latency = v
      }
      if let v = destination["failureRate"]?.number(.closed(0, 1)) { firehose.destination.failureRate = v }
      if let f = destination["retryDuration"], let v = readWholeSeconds(
        f,
        .closed(
          .zero, FirehoseLimits.maxRetryDuration,
          note: "retryDuration is 0 s to 86,400 s: Firehose retries delivery to S3 for up to 24 h"),
        note: "retryDuration is 0 to 86,400 whole seconds")
      {
        firehose.destination.retryDuration = v
      }
    }
    return log.count == problemsBefore ? firehose : nil
  }

  /// Reads `bufferSize`: a size of whole MiB within 1 MiB … 128 MiB
  /// (`SizeInMBs` is an integer). A fraction of a MiB is reported before
  /// the range: the note names both.
  private func readBufferSize(_ field: Field) -> Int? {
    guard let bytes = field.size(.any) else { return nil }
    let shown = sanitized(field.value.stringValue ?? "")
    guard bytes % 1_048_576 == 0 else {
      field.report("'\(shown)' is not a whole number of MiB (SizeInMBs is 1 to 128 whole MiB)")
      return nil
    }
    let bounds = Bounds.closed(
      FirehoseLimits.minBufferSize, FirehoseLimits.maxBufferSize, note: "SizeInMBs is 1 MiB to 128 MiB")
    if let problem = bounds.violation(of: bytes, shown: shown, format: formatSize) {
      field.report(problem)
      return nil
    }
    return bytes
  }

  /// Reads a duration that must be a whole number of seconds within
  /// `bounds` (an integer AWS parameter). A fraction is reported before the
  /// range, with `note`.
  private func readWholeSeconds(_ field: Field, _ bounds: Bounds<SimDuration>, note: String) -> SimDuration? {
    guard let duration = field.duration(.any) else { return nil }
    let shown = sanitized(field.value.stringValue ?? "")
    guard duration.nanoseconds % 1_000_000_000 == 0 else {
      field.report("'\(shown)' is not a whole number of seconds (\(note))")
      return nil
    }
    if let problem = bounds.violation(of: duration, shown: shown, format: formatDuration) {
      field.report(problem)
      return nil
    }
    return duration
  }
}

/// Why `name` is not a valid Firehose stream name, or `nil`: 1 to 64
/// characters of `[a-zA-Z0-9_.-]` (`DeliveryStreamName`).
func firehoseNameProblem(_ name: String) -> String? {
  let longest = FirehoseLimits.maxStreamNameLength
  if name.isEmpty { return "a Firehose stream name cannot be empty" }
  if !name.unicodeScalars.allSatisfy({ isNameScalar($0) || $0 == "." }) {
    return "\(quoted(name)) is not a valid Firehose stream name: use letters, digits, '.', '_' and '-'"
  }
  if name.utf8.count > longest {
    return "\(quoted(name)) is longer than \(longest) characters (Firehose stream names are 1 to \(longest) characters)"
  }
  return nil
}
