import Testing

@testable import MsgsimCLI

@Suite("msgsim metrics")
struct MetricsCommandTests {
  @Test("--conservation lists the whole-run checks CI reads, from the typed enums")
  func conservation() {
    let output = executeMsgsim(["metrics", "--conservation"])
    #expect(output.status == 0)
    #expect(
      output.stdout
        == "queue\tMessagesLost\nqueue\tCountIdentityError\ntopic\tMessagesLost\ntopic\tFilterAccountingErrors\n"
        + "producer\tRecordsUnaccounted\nconsumer\tRecordsUnaccounted\nfirehose\tRecordsUnaccounted\n")
  }

  @Test("every kind's names, in summary order, FIFO-only names last; one kind with --kind")
  func names() {
    let all = executeMsgsim(["metrics"]).stdout.split(separator: "\n")
    #expect(all.first == "queue\tNumberOfMessagesSent")
    #expect(all.contains("queue\tMessagesPerSecond.sent"))
    #expect(all.contains("consumer\tUtilization"))
    let producer = executeMsgsim(["metrics", "--kind", "producer"]).stdout.split(separator: "\n")
    // 11 of producers sending to queues and topics, 7 more of producers
    // writing to streams, 1 more (PutRecordBatchCalls) of producers writing
    // to Firehose streams.
    #expect(producer.count == 19)
    #expect(producer.contains("producer\tPutRecordBatchCalls"))
    #expect(all.contains("firehose\tBufferFlushes.interval"))
    #expect(producer.contains("producer\tRecordsDropped"))
    #expect(all.contains("stream\tIncomingRecords.maxPerSecond"))
    #expect(producer.allSatisfy { $0.hasPrefix("producer\t") })
  }

  @Test("a bad kind or option is exit 2 with a suggestion")
  func badInput() {
    let output = executeMsgsim(["metrics", "--kind", "queues"])
    #expect(output.status == 2)
    #expect(output.stderr.contains("unknown kind 'queues' (did you mean 'queue'?)"))
    #expect(executeMsgsim(["metrics", "--fifo"]).status == 2)
  }
}
