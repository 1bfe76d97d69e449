import SimCore
import SimModels

/// Queue keys that only FIFO queues accept: AWS's FIFO-only attributes and
/// the FIFO throughput quotas (defaults from the scenario's Region).
let fifoQueueKeys = [
  "contentBasedDeduplication", "deduplicationScope", "fifoThroughputLimit", "transactionsPerSecond",
  "highThroughputTransactionsPerSecond", "partitionTransactionsPerSecond",
]

/// A throughput quota set in the scenario: above 0, at most 10 million per
/// second.
let quotaBounds = Bounds<Double>(lower: 0, lowerIsExclusive: true, upper: 10_000_000)

extension ScenarioReader {
  /// Reads the FIFO-only keys of a queue object.
  ///
  /// - Parameter isFIFO: The queue's type as written; `nil` when the type
  ///   itself is invalid (then nothing is checked, to avoid a cascade).
  func readFIFOSettings(_ object: ObjectReader, isFIFO: Bool?) -> FIFOQueueSettings {
    var settings = FIFOQueueSettings()
    guard let isFIFO else { return settings }
    guard isFIFO else {
      for key in fifoQueueKeys where object.contains(key) {
        object[key]?.report("'\(key)' applies only to FIFO queues (add type: 'fifo')")
      }
      return settings
    }
    if let v = object["contentBasedDeduplication"]?.bool() { settings.contentBasedDeduplication = v }
    var scopeIsValid = true
    if let f = object["deduplicationScope"] {
      if let v = f.choice(["queue", "messageGroup"]).flatMap(DeduplicationScope.init(rawValue:)) {
        settings.deduplicationScope = v
      } else {
        scopeIsValid = false
      }
    }
    if let f = object["fifoThroughputLimit"],
      let v = f.choice(["perQueue", "perMessageGroupId"]).flatMap(FifoThroughputLimit.init(rawValue:))
    {
      if v == .perMessageGroupId, scopeIsValid, settings.deduplicationScope != .messageGroup {
        f.report("'perMessageGroupId' requires deduplicationScope 'messageGroup' (AWS accepts FifoThroughputLimit perMessageGroupId only with DeduplicationScope messageGroup)")
      } else {
        settings.throughputLimit = v
      }
    }
    if let v = object["transactionsPerSecond"]?.number(quotaBounds) { settings.transactionsPerSecond = v }
    if let v = object["highThroughputTransactionsPerSecond"]?.number(quotaBounds) {
      settings.highThroughputTransactionsPerSecond = v
    }
    if let v = object["partitionTransactionsPerSecond"]?.number(quotaBounds) {
      settings.partitionTransactionsPerSecond = v
    }
    return settings
  }
}

/// Why `name` is not a valid SQS queue or SNS topic name, or `nil`: 1 to
/// `maximumLength` characters of `[A-Za-z0-9_-]`, FIFO names ending in
/// `.fifo` (counted).
func resourceNameProblem(_ name: String, isFIFO: Bool, kind: String, maximumLength: Int) -> String? {
  let shown = quoted(name)
  let base = isFIFO && name.hasSuffix(".fifo") ? String(name.dropLast(5)) : name
  if name.isEmpty { return "a \(kind) name cannot be empty" }
  if !isFIFO, name.hasSuffix(".fifo"), name.count > 5 {
    return "\(shown) ends in '.fifo' but the \(kind) is standard (add type: 'fifo')"
  }
  if isFIFO, !name.hasSuffix(".fifo") {
    return "\(shown) must end in '.fifo' because the \(kind) is FIFO"
  }
  if base.isEmpty || !base.unicodeScalars.allSatisfy(isNameScalar) {
    return "\(shown) is not a valid \(kind) name: use letters, digits, '-' and '_'\(isFIFO ? " before '.fifo'" : "")"
  }
  if name.utf8.count > maximumLength {
    return "\(shown) is longer than \(maximumLength) characters (\(kind) names are 1 to \(maximumLength) characters\(isFIFO ? ", '.fifo' included" : ""))"
  }
  return nil
}
