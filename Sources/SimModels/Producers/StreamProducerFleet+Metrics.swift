import SimCore

/// Rows of producers writing to streams in `metrics.csv` and `summary.csv`
/// (docs/model.md §8.11): `RecordProducerMetrics` with user and Kinesis
/// records, PutRecord and PutRecords calls, and reorders.
extension StreamProducerFleet: RecordProducerMetrics, ServiceModel {
  /// The counter rows, in `MetricCatalogue.streamProducerMetrics` order.
  static func rows(_ d: StreamProducerCounters) -> [(ProducerMetric, Double)] {
    [
      (.messagesCreated, Double(d.created)), (.recordsPut, Double(d.put)),
      (.kinesisRecordsPut, Double(d.kinesisRecordsPut)),
      (.putRecordCalls, Double(d.putRecordCalls)), (.putRecordsCalls, Double(d.putRecordsCalls)),
      (.sendErrors, Double(d.callErrors)), (.retries, Double(d.retries)), (.messagesRejected, Double(d.rejected)),
      (.recordsThrottled, Double(d.throttled)), (.recordsDropped, Double(d.dropped)),
      (.producerReorders, Double(d.reorders)),
    ]
  }
}

extension StreamProducerCounters: RecordProducerCounters {
  mutating func countCall(isBatch: Bool) {
    if isBatch { putRecordsCalls += 1 } else { putRecordCalls += 1 }
  }
}

extension StreamProducerState: RecordProducerState, RecordCallState {}
