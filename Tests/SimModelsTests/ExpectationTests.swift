import Testing
import SimModels

@Suite("Expectations")
struct ExpectationTests {
  @Test("expectations check bounds; a missing figure fails")
  func bounds() {
    let result = RunResult(
      name: "t", metrics: [], summary: [SummaryRow(resource: "queue/q", metric: "MessagesLost", value: 0)],
      events: [], processedEvents: 0, peakMessageSlots: 0)
    let outcomes = checkExpectations(
      [
        Expectation(resource: "queue/q", metric: "MessagesLost", equals: 0),
        Expectation(resource: "queue/q", metric: "MessagesLost", min: 1),
        Expectation(resource: "queue/q", metric: "Nope", max: 1),
      ], against: result)
    #expect(outcomes.map(\.isMet) == [true, false, false])
    #expect(outcomes.map(\.value) == [0, 0, nil])
  }

  @Test("equals holds within the tolerance, 1e-9 unless set")
  func tolerance() {
    var expectation = Expectation(resource: "queue/q", metric: "MessagesLost", equals: 1)
    #expect(expectation.isMet(by: 1 + 1e-10))
    #expect(!expectation.isMet(by: 1.001))
    expectation.tolerance = 0.01
    #expect(expectation.isMet(by: 1.001))
  }
}
