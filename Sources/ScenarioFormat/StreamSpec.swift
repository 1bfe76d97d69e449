import SimCore
import SimModels

/// The keys of a stream object.
let streamKeys = ["name", "mode", "shards", "retentionPeriod", "reshards", "previousPeak"]

/// The stream capacity modes a scenario may name (`StreamMode`).
let streamModes = ["provisioned", "on-demand"]

/// The shortest retention: 24 h, which is also AWS's default
/// (`KinesisLimits.defaultRetention`; AWS's range is 24 h … 8,760 h).
let minimumStreamRetention = KinesisLimits.defaultRetention

/// The keys of a producer writing to a stream (`target: 'stream:NAME'`):
/// those of `producerKeys` that PutRecord and PutRecords have a use for.
let streamProducerKeys = [
  "name", "target", "arrivals", "messageSize", "batch", "apiLatency", "errorRate", "retry", "keys",
  "sendDiscipline", "aggregation", "explicitHashKeys",
]

/// The keys of a consumer reading a stream (`source: 'stream:NAME'`): a
/// Kinesis Client Library application polling with GetRecords.
let streamConsumerKeys = [
  "name", "source", "count", "processingTime", "apiLatency", "maxRecords", "idleTimeBetweenReads",
  "batchProcessingTime", "initialPosition", "initialTimestamp", "crashRate", "restartDelay", "failoverTime", "checkpointRecords",
  "checkpointInterval", "enhancedFanOut", "resets", "lambda",
]

/// The keys of a stream consumer with `lambda` (an event source mapping)
/// that apply only to KCL applications. `enhancedFanOut` applies to both: a
/// mapping may read through a registered stream consumer. `apiLatency` is
/// KCL's own calls: a mapping's poller is Lambda's, its time is in
/// `lambda.duration`.
let kclOnlyConsumerKeys = [
  "count", "apiLatency", "processingTime", "batchProcessingTime", "maxRecords", "idleTimeBetweenReads", "failoverTime",
  "crashRate", "restartDelay", "checkpointRecords", "checkpointInterval", "resets",
]

/// The consumer keys only a consumer reading a stream accepts.
let streamOnlyConsumerKeys = streamConsumerKeys.filter { !consumerKeys.contains($0) }

/// The initial positions msgsim simulates (`InitialPositionInStream`).
let initialPositions = [
  InitialPosition.latest.rawValue, InitialPosition.trimHorizon.rawValue, InitialPosition.atTimestamp.rawValue,
]

/// `InitialPositionInStream` values KCL has that msgsim does not simulate
/// yet.
let unsupportedInitialPositions: [String] = []

/// The longest `idleTimeBetweenReads`: 1 h (msgsim's bound, as for
/// `emptyReceiveDelay`; KCL sets none).
let maximumIdleTimeBetweenReads = SimDuration.seconds(3_600)

/// The messages for keys that do not apply to the kind of producer or
/// consumer an object is, by key: each of `keys` not in `applicable`.
func inapplicableKeyMessages(_ keys: [String], except applicable: [String], message: (String) -> String)
  -> [String: String]
{
  Dictionary(uniqueKeysWithValues: keys.filter { !applicable.contains($0) }.map { ($0, message($0)) })
}

extension ScenarioReader {
  /// Reads the `streams` list; `nil` if any stream has a problem.
  func readStreams(_ list: Field?) -> [StreamConfig]? {
    guard let list else { return [] }
    declareNames(of: .stream, in: list)
    guard let elements = list.array(expected: "an array of streams") else { return nil }
    var result: [StreamConfig] = []
    var isValid = true
    for element in elements {
      if let stream = readStream(element) {
        result.append(stream)
        if streams[stream.name] == nil { streams[stream.name] = stream }
      } else {
        isValid = false
      }
    }
    return isValid ? result : nil
  }

  private func readStream(_ field: Field) -> StreamConfig? {
    guard let object = field.object(keys: streamKeys, expected: "a stream such as { name: 'gps', shards: 4 }")
    else { return nil }
    let problemsBefore = log.count
    var stream = StreamConfig(name: "")
    if let nameField = object.required("name"), let name = nameField.string() {
      stream.name = name
      if let problem = streamNameProblem(name) { nameField.report(problem) }
    }
    // `nil`: an invalid mode (reported).
    var mode: StreamMode? = .provisioned
    if let f = object["mode"] {
      mode = f.choice(streamModes).flatMap(StreamMode.init(rawValue:))
    }
    if let mode { stream.mode = mode }
    let shardBounds = Bounds.closed(
      1, KinesisLimits.maxShardsPerStream, note: "ShardCount is 1 to \(formatCount(KinesisLimits.maxShardsPerStream))")
    if mode == .onDemand {
      // AWS sets an on-demand stream's shards itself.
      stream.shards = KinesisLimits.onDemandInitialShards
      for key in ["shards", "reshards"] {
        object[key]?.report("'\(key)' applies only to provisioned streams: an on-demand stream starts with 4 shards and splits them itself")
      }
    } else if let f = object["previousPeak"] {
      f.report("'previousPeak' applies only to on-demand streams")
    }
    if mode == .onDemand, let f = object["previousPeak"], let peak = f.object(keys: ["bytesPerSecond", "recordsPerSecond"]) {
      if let g = peak["bytesPerSecond"], let v = readDistribution(g, .size, baseDirectory: baseDirectory) {
        if case .constant(let bytes) = v, bytes >= 0 { stream.previousPeakBytesPerSecond = bytes } else {
          g.report("expected a size per second such as '2MiB'")
        }
      }
      if let v = peak["recordsPerSecond"]?.number(.closed(0, 1e9)) { stream.previousPeakRecordsPerSecond = v }
    }
    if mode == .onDemand {
    } else if let f = object["shards"] {
      if let v = f.integer(shardBounds) { stream.shards = v }
    } else if mode == .provisioned {
      // AWS requires ShardCount for a provisioned stream.
      field.report("missing required key 'shards' (a provisioned stream needs ShardCount, 1 to \(formatCount(KinesisLimits.maxShardsPerStream)))")
    }
    if let f = object["retentionPeriod"], let v = readRetentionPeriod(f) { stream.retention = v }
    if let f = object["reshards"], log.count == problemsBefore, let v = readReshards(f, shards: stream.shards) {
      stream.reshards = v
    }
    return log.count == problemsBefore ? stream : nil
  }

  /// Reads `reshards`: `[{ at, updateShardCount: N }`, `{ at, splitShard:
  /// 'shardId-…', newStartingHashKey?: '…' }` or `{ at, mergeShards:
  /// ['shardId-…', 'shardId-…'] }]`, in time order, each checked as AWS
  /// would at its time (`ShardSet.apply`) and not while the previous one
  /// is under way (the stream is `UPDATING` for
  /// `KinesisLimits.reshardDuration`).
  private func readReshards(_ field: Field, shards: Int) -> [Reshard]? {
    guard let elements = field.array() else { return nil }
    var set = ShardSet(count: shards)
    var reshards: [Reshard] = []
    let kinds = ["updateShardCount", "splitShard", "mergeShards"]
    for element in elements {
      guard let object = element.object(keys: ["at"] + kinds + ["newStartingHashKey"]),
        let atField = object.required("at"), let at = atField.duration(.any)
      else { return nil }
      let given = kinds.filter { object.contains($0) }
      guard given.count == 1 else {
        element.report("a reshard has exactly one of 'updateShardCount', 'splitShard' or 'mergeShards'")
        return nil
      }
      if object.contains("newStartingHashKey") && given[0] != "splitShard" {
        object["newStartingHashKey"]?.report("'newStartingHashKey' applies only to 'splitShard'")
        return nil
      }
      let change: Reshard.Change
      let changeField = object[given[0]]!
      switch given[0] {
      case "updateShardCount":
        guard let v = changeField.integer(.closed(1, KinesisLimits.maxShardsPerStream)) else { return nil }
        change = .updateShardCount(target: v)
      case "splitShard":
        guard let shard = readShardId(changeField) else { return nil }
        var key: UInt128?
        if let f = object["newStartingHashKey"] {
          guard let text = f.string(), let v = UInt128(text), String(v) == text else {
            f.report("expected a decimal hash key from 0 to 2^128 - 1 (NewStartingHashKey)")
            return nil
          }
          key = v
        }
        change = .split(shard: shard, newStartingHashKey: key)
      default:
        guard let pair = changeField.array(), pair.count == 2, let a = readShardId(pair[0]), let b = readShardId(pair[1])
        else {
          if changeField.value.arrayValue?.count ?? 2 != 2 { changeField.report("expected two shard ids") }
          return nil
        }
        change = .merge(shard: a, adjacentShard: b)
      }
      let reshard = Reshard(at: SimTime(nanoseconds: at.nanoseconds), change: change)
      if let previous = reshards.last, at.nanoseconds < previous.at.nanoseconds + KinesisLimits.reshardDuration.nanoseconds {
        atField.report(
          "the stream is still UPDATING from the reshard at \(SimDuration(nanoseconds: previous.at.nanoseconds)) for \(KinesisLimits.reshardDuration) (ResourceInUseException)")
        return nil
      }
      if let problem = set.apply(reshard) {
        changeField.report(problem)
        return nil
      }
      reshards.append(reshard)
    }
    return reshards
  }

  /// Reads a shard id `shardId-` + 12 digits; its index.
  private func readShardId(_ field: Field) -> Int? {
    guard let text = field.string() else { return nil }
    let digits = text.dropFirst("shardId-".count)
    guard text.hasPrefix("shardId-"), digits.count == 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
      let index = Int(digits)
    else {
      field.report("expected a shard id such as 'shardId-000000000003'")
      return nil
    }
    return index
  }

  /// Reads `retentionPeriod`: a duration of whole hours within 24 h …
  /// 8,760 h (`RetentionPeriodHours` is an integer). A fraction of an hour
  /// is reported before the range: the note names both.
  private func readRetentionPeriod(_ field: Field) -> SimDuration? {
    guard let duration = field.duration(.any) else { return nil }
    let hour = SimDuration.seconds(3_600).nanoseconds
    let (low, high) = (
      formatCount(Int(minimumStreamRetention.nanoseconds / hour)), formatCount(Int(KinesisLimits.maxRetention.nanoseconds / hour))
    )
    let shown = sanitized(field.value.stringValue ?? "")
    guard duration.nanoseconds % hour == 0 else {
      field.report("'\(shown)' is not a whole number of hours (RetentionPeriodHours is \(low) to \(high) whole hours)")
      return nil
    }
    let bounds = Bounds.closed(minimumStreamRetention, KinesisLimits.maxRetention, note: "RetentionPeriodHours is \(low) h to \(high) h")
    if let problem = bounds.violation(of: duration, shown: shown, format: formatDuration) {
      field.report(problem)
      return nil
    }
    return duration
  }

  /// Reads the keys of a consumer reading a stream into `settings`: GetRecords
  /// polling as the Kinesis Client Library does it.
  func readStreamReadSettings(_ object: ObjectReader) -> StreamReadSettings {
    var settings = StreamReadSettings()
    let records = KinesisLimits.maxGetRecordsRecords
    if let v = object["maxRecords"]?.integer(
      .closed(1, records, note: "GetRecords takes a Limit of 1 to \(formatCount(records)) records"))
    {
      settings.maxRecords = v
    }
    if let v = object["idleTimeBetweenReads"]?.duration(.closed(.zero, maximumIdleTimeBetweenReads)) {
      settings.idleTimeBetweenReads = v
    }
    // msgsim's bounds: KCL sets none.
    if let v = object["failoverTime"]?.duration(.closed(.milliseconds(1), .seconds(3_600))) {
      settings.failoverTime = v
    }
    if let v = object["checkpointRecords"]?.integer(.closed(1, 1_000_000_000)) { settings.checkpointRecords = v }
    if let v = object["enhancedFanOut"]?.bool() { settings.enhancedFanOut = v }
    if let f = object["resets"], let v = readResets(f) { settings.resets = v }
    if let f = object["lambda"], let v = readLambdaMapping(f) {
      settings.lambda = v
      for key in kclOnlyConsumerKeys where object.contains(key) {
        object[key]?.report("'\(key)' applies to KCL applications, not to a Lambda event source mapping ('lambda')")
      }
    }
    if let v = object["checkpointInterval"]?.duration(.closed(.milliseconds(1), .seconds(86_400))) {
      settings.checkpointInterval = v
    }
    if let f = object["batchProcessingTime"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
      settings.batchProcessingTime = v
    }
    if let f = object["initialPosition"] {
      if case .string(let text) = f.value, unsupportedInitialPositions.contains(text) {
        f.report("\(quoted(text)) is not supported yet (initialPosition is \(listOfQuoted(initialPositions)))")
      } else if let v = f.choice(initialPositions).flatMap(InitialPosition.init(rawValue:)) {
        settings.initialPosition = v
        if v == .atTimestamp, let t = object.required("initialTimestamp")?.duration(.any) {
          settings.initialTimestamp = SimTime(nanoseconds: t.nanoseconds)
        }
      }
    }
    if settings.initialPosition != .atTimestamp, let g = object["initialTimestamp"],
      object["initialPosition"].map({ $0.value.stringValue != InitialPosition.atTimestamp.rawValue }) ?? true
    {
      g.report("'initialTimestamp' applies only with initialPosition 'AT_TIMESTAMP'")
    }
    return settings
  }

  /// Reads the shard part of `stream/NAME/SHARD` in an `expect` resource
  /// (`shardId-000000000003`): `shardId-` and 12 digits, naming one of the
  /// stream's shards when the stream read without problems. `false` after
  /// reporting at `field`.
  func checkShard(_ shard: String, of stream: String, reportingAt field: Field) -> Bool {
    let prefix = "shardId-"
    let digits = Array(shard.utf8.dropFirst(prefix.utf8.count))
    guard shard.utf8.starts(with: prefix.utf8), digits.count == 12,
      digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
      let index = Int(String(decoding: digits, as: UTF8.self))
    else {
      field.report("\(quoted(shard)) is not a shard id such as 'shardId-000000000000' ('shardId-' and 12 digits)")
      return false
    }
    // Every shard the stream will have: its first ones and its reshards'
    // children.
    if let shards = streams[stream]?.shardSlots, index >= shards {
      let plural = shards == 1 ? "shard" : "shards"
      field.report("\(quoted(shard)) is not a shard of stream \(quoted(stream)), which has \(shards) \(plural) (\(shardID(0)) to \(shardID(shards - 1)))")
      return false
    }
    return true
  }
}

/// `shardId-000000000003`: the id of shard `index` of a new stream.
func shardID(_ index: Int) -> String {
  let digits = String(index)
  return "shardId-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
}

/// Why `name` is not a valid Kinesis stream name, or `nil`: 1 to 128
/// characters of `[a-zA-Z0-9_.-]`.
func streamNameProblem(_ name: String) -> String? {
  let longest = KinesisLimits.maxStreamNameLength
  if name.isEmpty { return "a stream name cannot be empty" }
  if !name.unicodeScalars.allSatisfy({ isNameScalar($0) || $0 == "." }) {
    return "\(quoted(name)) is not a valid stream name: use letters, digits, '.', '_' and '-'"
  }
  if name.utf8.count > longest {
    return "\(quoted(name)) is longer than \(longest) characters (stream names are 1 to \(longest) characters)"
  }
  return nil
}

extension ScenarioReader {
  /// Reads a stream producer's `aggregation`: `true` (the KPL defaults),
  /// `false`, or `{ maxSize, maxBufferedTime, collectionMaxCount }`.
  func readAggregation(_ field: Field) -> AggregationPolicy?? {
    switch field.value {
    case .bool(let on): return on ? AggregationPolicy() : .some(nil)
    case .object: break
    default:
      field.reportType(expected: "true, false or { maxSize, maxBufferedTime, collectionMaxCount }")
      return nil
    }
    guard let object = field.object(keys: ["maxSize", "maxBufferedTime", "collectionMaxCount"]) else { return nil }
    var policy = AggregationPolicy()
    let problems = log.count
    if let f = object["maxSize"], let v = readDistribution(f, .size, baseDirectory: baseDirectory) {
      // A size: a constant only, 1 KiB to the 1 MiB record limit.
      if case .constant(let bytes) = v, bytes >= 1_024, bytes <= Double(KinesisLimits.maxRecordSize) {
        policy.maxSize = Int(bytes)
      } else {
        f.report("expected a size from 1KiB to 1MiB (an aggregated record is one Kinesis record, at most 1 MiB)")
      }
    }
    if let v = object["maxBufferedTime"]?.duration(.closed(.milliseconds(1), .seconds(60))) {
      policy.maxBufferedTime = v
    }
    let entries = KinesisLimits.maxPutRecordsEntries
    if let v = object["collectionMaxCount"]?.integer(.closed(1, entries, note: "PutRecords takes 1 to \(entries) records")) {
      policy.collectionMaxCount = v
    }
    return log.count == problems ? .some(policy) : nil
  }
}

extension ScenarioReader {
  /// Reads a stream application's `resets`: `[{ at: DURATION, to:
  /// DURATION }]`, in time order, each `to` not after its `at`.
  func readResets(_ field: Field) -> [CheckpointReset]? {
    guard let elements = field.array() else { return nil }
    var resets: [CheckpointReset] = []
    var isValid = true
    for element in elements {
      guard let object = element.object(keys: ["at", "to"]),
        let atField = object.required("at"), let at = atField.duration(.any),
        let toField = object.required("to"), let to = toField.duration(.any)
      else {
        isValid = false
        continue
      }
      if to > at {
        toField.report("a reset goes back in time: 'to' must not be after 'at' (\(at))")
        isValid = false
      }
      if let previous = resets.last, at.nanoseconds < previous.at.nanoseconds {
        atField.report("resets are in time order: this one is before the previous one at \(previous.at)")
        isValid = false
      }
      resets.append(CheckpointReset(at: SimTime(nanoseconds: at.nanoseconds), to: SimTime(nanoseconds: to.nanoseconds)))
    }
    return isValid ? resets : nil
  }
}

extension ScenarioReader {
  /// Reads a stream producer's `explicitHashKeys`: `{ KEY: "HASH", … }`,
  /// each KEY one of the producer's partition keys, each HASH a decimal
  /// ExplicitHashKey (`0|([1-9]\d{0,38})`, at most 2^128 − 1).
  func readExplicitHashKeys(_ field: Field, keys: [String]) -> [String: UInt128]? {
    guard case .object(let members) = field.value else {
      field.reportType(expected: "an object of partition keys and their hash keys, such as { 'truck-1': '0' }")
      return nil
    }
    let known = Set(keys)
    var result: [String: UInt128] = [:]
    var isValid = true
    for key in members.keys.sorted() {
      let member = Field(value: members[key]!, path: field.path.appending(key), log: field.log)
      guard known.contains(key) else {
        member.report("'\(sanitized(key))' is not one of this producer's partition keys")
        isValid = false
        continue
      }
      guard let text = member.string() else {
        isValid = false
        continue
      }
      switch ExplicitHashKeyText(text) {
      case .value(let v): result[key] = v
      case .notThePattern:
        member.report("expected a decimal hash key matching 0|([1-9]\\d{0,38}) (ExplicitHashKey: no sign, no leading zeros)")
        isValid = false
      case .aboveTheMaximum:
        member.report("'\(sanitized(text))' is above the maximum of \(UInt128.max) (hash keys are 0 to 2^128-1)")
        isValid = false
      }
    }
    return isValid ? result : nil
  }
}

extension ScenarioReader {
  /// Reads a Lambda event source mapping: `{ batchSize, batchingWindow,
  /// parallelizationFactor, duration, failureRate, maxRetries,
  /// maximumRecordAge, bisectBatchOnError, onFailureDestination }`, with
  /// AWS's bounds.
  func readLambdaMapping(_ field: Field) -> LambdaMapping? {
    let keys = [
      "batchSize", "batchingWindow", "parallelizationFactor", "duration", "failureRate", "maxRetries",
      "maximumRecordAge", "bisectBatchOnError", "onFailureDestination",
    ]
    guard let object = field.object(keys: keys) else { return nil }
    var mapping = LambdaMapping()
    let problems = log.count
    if let v = object["batchSize"]?.integer(.closed(1, 10_000, note: "BatchSize is 1 to 10,000")) { mapping.batchSize = v }
    if let v = object["batchingWindow"]?.duration(.closed(.zero, .seconds(300))) { mapping.batchingWindow = v }
    if let v = object["parallelizationFactor"]?.integer(.closed(1, 10, note: "ParallelizationFactor is 1 to 10")) {
      mapping.parallelizationFactor = v
    }
    if let f = object["duration"], let v = readDistribution(f, .duration, baseDirectory: baseDirectory) {
      mapping.duration = v
    }
    if let v = object["failureRate"]?.number(.closed(0, 1)) { mapping.failureRate = v }
    if let v = object["maxRetries"]?.integer(.closed(-1, 10_000, note: "MaximumRetryAttempts is -1 (until the records expire) to 10,000")) {
      mapping.maxRetries = v
    }
    if let f = object["maximumRecordAge"] {
      if f.value.doubleValue == -1 {
        mapping.maximumRecordAge = nil
      } else if let v = f.duration(.closed(.seconds(60), .seconds(604_800))) {
        mapping.maximumRecordAge = v
      }
    }
    if let v = object["bisectBatchOnError"]?.bool() { mapping.bisectBatchOnError = v }
    if let v = object["onFailureDestination"]?.bool() { mapping.hasOnFailureDestination = v }
    return log.count == problems ? mapping : nil
  }
}

