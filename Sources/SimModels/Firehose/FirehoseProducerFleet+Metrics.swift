import SimCore

/// Rows of producers writing to Firehose streams in `metrics.csv` and
/// `summary.csv` (docs/model.md §11.5): `RecordProducerMetrics` with
/// PutRecord and PutRecordBatch calls.
extension FirehoseProducerFleet: RecordProducerMetrics, ServiceModel {
  /// The counter rows, in `MetricCatalogue.firehoseProducerMetrics` order.
  static func rows(_ d: FirehoseProducerCounters) -> [(ProducerMetric, Double)] {
    [
      (.messagesCreated, Double(d.created)), (.recordsPut, Double(d.put)),
      (.putRecordCalls, Double(d.putRecordCalls)), (.putRecordBatchCalls, Double(d.putRecordBatchCalls)),
      (.sendErrors, Double(d.callErrors)), (.retries, Double(d.retries)), (.messagesRejected, Double(d.rejected)),
      (.recordsThrottled, Double(d.throttled)), (.recordsDropped, Double(d.dropped)),
    ]
  }
}

extension FirehoseProducerCounters: RecordProducerCounters {
  mutating func countCall(isBatch: Bool) {
    if isBatch { putRecordBatchCalls += 1 } else { putRecordCalls += 1 }
  }
}

extension FirehoseProducerState: RecordProducerState, RecordCallState {}
