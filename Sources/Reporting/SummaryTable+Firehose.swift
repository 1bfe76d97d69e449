import SimModels

/// The `run` table's Firehose lines: Firehose streams and the producers
/// writing to them.
extension SummaryTable {
  /// Producers writing to Firehose streams (they report
  /// `PutRecordBatchCalls`, which no other producer does).
  static func firehoseProducers(order: [String], values: [String: MetricValues]) -> Set<String> {
    Set(order.filter { $0.hasPrefix("producer/") && values[$0]![ProducerMetric.putRecordBatchCalls] != nil })
  }

  static func firehoseTables(order: [String], values: [String: MetricValues]) -> String {
    var out = ""
    let firehoses = order.filter { $0.hasPrefix("firehose/") }
    if !firehoses.isEmpty {
      out += "\n" + table(
        [
          "firehose", "records in", "throttled", "flushes size/interval", "delivered", "end-to-end p50/p99",
          "freshness max", "processing failed", "to backup", "left", "unaccounted",
        ],
        firehoses.map { r in
          let v = values[r]!
          return [
            r, count(v[FirehoseMetric.incomingRecords]), count(v[FirehoseMetric.throttledRecords]),
            count(v[FirehoseMetric.bufferFlushesSize]) + " / " + count(v[FirehoseMetric.bufferFlushesInterval]),
            count(v[FirehoseMetric.deliveryToS3Records]),
            durationPair(v[FirehoseMetric.endToEndLatencyP50], v[FirehoseMetric.endToEndLatencyP99]),
            duration(v[FirehoseMetric.deliveryToS3DataFreshness]), count(v[FirehoseMetric.recordsProcessingFailed]),
            count(v[FirehoseMetric.recordsToBackup]),
            count(sum(v[FirehoseMetric.recordsBuffered], v[FirehoseMetric.recordsInDelivery])),
            count(v[FirehoseMetric.recordsUnaccounted]),
          ]
        })
    }
    let writers = firehoseProducers(order: order, values: values)
    let producers = order.filter { writers.contains($0) }
    if !producers.isEmpty {
      out += "\n" + table(
        ["firehose producer", "created", "put", "calls", "throttled", "dropped", "rejected", "unaccounted"],
        producers.map { r in
          let v = values[r]!
          return [
            r, count(v[ProducerMetric.messagesCreated]), count(v[ProducerMetric.recordsPut]),
            count(sum(v[ProducerMetric.putRecordCalls], v[ProducerMetric.putRecordBatchCalls])),
            count(v[ProducerMetric.recordsThrottled]), count(v[ProducerMetric.recordsDropped]),
            count(v[ProducerMetric.messagesRejected]), count(v[ProducerMetric.recordsUnaccounted]),
          ]
        })
    }
    return out
  }
}
