import SimModels

/// One kind of resource a scenario declares, registered once: its
/// top-level key, the singular its names are registered and referred to
/// by, the `target:` / `source:` / `expect` forms that may name it, and how
/// its list is read.
///
/// `ResourceSection.all` is the table. Reading a scenario goes through it
/// in order (`ScenarioLoader.read`), and so do the top-level keys, the
/// "not supported yet" check of reserved keys, the name registry
/// (`ScenarioReader.names(of:)`), producers' targets and consumers' sources
/// (`ScenarioReader.readEndpoint(_:role:)`), `expect` resources
/// (`KIND/NAME`) and the kind `--set` names in "no queue named 'x' in
/// 'queues'". In ScenarioFormat a new kind is one entry here plus its
/// `*Spec.swift` file.
///
/// What does not vary by kind is not in an entry: every section is an
/// array of objects named by their `name` member (`nameKey`), which is
/// what the registry reads and what `--set queues.orders.delay=1s` matches
/// (`elementName(_:)`).
struct ResourceSection: Sendable {
  /// The top-level key of the section's list (`queues`), or `nil` for a
  /// kind declared inside another section: endpoints, in the topics'
  /// subscriptions.
  let key: String?
  /// The singular (`queue`): in messages (`unknown queue 'x'`, `duplicate
  /// queue name`), in references (`queue:NAME`) and in `expect` resources
  /// and `summary.csv` (`queue/NAME`).
  let kind: String
  /// What a producer's `target: 'KIND:NAME'` makes of a declared name;
  /// `nil` when producers cannot send to this kind.
  let target: (@Sendable (String) -> Endpoint)?
  /// What a consumer's `source: 'KIND:NAME'` makes of a declared name;
  /// `nil` when consumers cannot read from this kind.
  let source: (@Sendable (String) -> Endpoint)?
  /// The `summary.csv` rows that `expect` entries name as `KIND/NAME`
  /// (`MetricCatalogue`); `nil` when `expect` cannot name this kind.
  let summaryKind: MetricCatalogue.ResourceKind?
  /// Whether msgsim simulates this kind. A section that is not simulated
  /// yet keeps its key reserved: a non-empty list is "not supported yet",
  /// and so is a reference to one of its resources.
  let isSimulated: Bool
  /// Reads the section's list into the world: `false` when it has a
  /// problem (reported). `nil` for a kind read by another section, or not
  /// simulated.
  let read: (@Sendable (ScenarioReader, Field?, inout WorldConfig) -> Bool)?

  /// The member that names an element of every section.
  static let nameKey = "name"

  private init(
    key: String?, kind: String, target: (@Sendable (String) -> Endpoint)? = nil,
    source: (@Sendable (String) -> Endpoint)? = nil, summaryKind: MetricCatalogue.ResourceKind? = nil,
    isSimulated: Bool = true, read: (@Sendable (ScenarioReader, Field?, inout WorldConfig) -> Bool)? = nil
  ) {
    (self.key, self.kind, self.target, self.source) = (key, kind, target, source)
    (self.summaryKind, self.isSimulated, self.read) = (summaryKind, isSimulated, read)
  }

  /// SQS queues (`queues`).
  static let queue = ResourceSection(
    key: "queues", kind: "queue", target: { .queue($0) }, source: { .queue($0) }, summaryKind: .queue,
    read: { store($0.readQueues($1), in: &$2.queues) })
  /// SNS topics (`topics`), which also declare the endpoints.
  static let topic = ResourceSection(
    key: "topics", kind: "topic", target: { .topic($0) }, summaryKind: .topic,
    read: { store($0.readTopics($1), in: &$2.topics) })
  /// Lambda and HTTP/S endpoints, declared by topics' subscriptions.
  static let endpoint = ResourceSection(key: nil, kind: "endpoint", summaryKind: .endpoint)
  /// Producers (`producers`).
  static let producer = ResourceSection(
    key: "producers", kind: "producer", summaryKind: .producer,
    read: { store($0.readProducers($1), in: &$2.producers) })
  /// Consumer fleets (`consumers`).
  static let consumer = ResourceSection(
    key: "consumers", kind: "consumer", summaryKind: .consumer,
    read: { store($0.readConsumers($1), in: &$2.consumers) })
  /// Kinesis data streams (`streams`). `expect` also names their shards
  /// (`stream/NAME/shardId-000000000003`, `ScenarioReader.checkShard`).
  static let stream = ResourceSection(
    key: "streams", kind: "stream", target: { .stream($0) }, source: { .stream($0) }, summaryKind: .stream,
    read: { store($0.readStreams($1), in: &$2.streams) })
  /// Amazon Data Firehose streams (`firehoses`), Direct PUT: producers
  /// write to them.
  static let firehose = ResourceSection(
    key: "firehoses", kind: "firehose", target: { .firehose($0) }, summaryKind: .firehose,
    read: { store($0.readFirehoses($1), in: &$2.firehoses) })
  /// CloudWatch alarms (`alarms`): reserved.
  static let alarm = ResourceSection(key: "alarms", kind: "alarm", isSimulated: false)
  /// Auto-scaling groups (`autoScalingGroups`): reserved.
  static let autoScalingGroup = ResourceSection(
    key: "autoScalingGroups", kind: "autoScalingGroup", isSimulated: false)

  /// Every kind, in reading order: queues first (topics, producers and
  /// consumers refer to them), then topics (and their endpoints), streams
  /// (producers and consumers refer to them too), Firehose streams
  /// (producers write to them), producers and consumers.
  /// The order is also that of the forms listed in messages
  /// (`'queue:NAME', 'topic:NAME', 'stream:NAME' or 'firehose:NAME'`).
  static let all: [ResourceSection] = [
    .queue, .topic, .endpoint, .stream, .firehose, .producer, .consumer, .alarm, .autoScalingGroup,
  ]

  /// The section whose top-level key is `key`, if any.
  static func listed(at key: String) -> ResourceSection? {
    all.first { $0.key == key }
  }
}

/// How a producer or consumer names what it sends to or reads from.
enum EndpointRole: String {
  /// A producer's `target`.
  case target
  /// A consumer's `source`.
  case source
}

extension ResourceSection {
  /// What a reference in `role` makes of a declared name, or `nil` when
  /// that role cannot name this kind.
  func endpoint(for role: EndpointRole) -> (@Sendable (String) -> Endpoint)? {
    role == .target ? target : source
  }
}

/// Puts `value` in `place` and returns `true`, or returns `false` when
/// there is no value (the list had a problem).
private func store<Value>(_ value: Value?, in place: inout Value) -> Bool {
  guard let value else { return false }
  place = value
  return true
}
