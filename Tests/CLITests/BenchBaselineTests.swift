import Testing
@testable import MsgsimCLI

/// `run-mmc`'s two yardsticks must be the same queue: the plain-Swift loop
/// and the unsafe-buffer floor differ only in how they store the heap and
/// the line, so they handle the same events and give the same waits.
@Suite("Bench baselines")
struct BenchBaselineTests {
  @Test("the struct-heap loop and the unsafe-buffer floor simulate the same M/M/8 queue")
  func loopsAgree() {
    let yardstick = BenchCommand.timeMMCLoop(StructHeapMMCLoop.self, messages: 20_000)
    let floor = BenchCommand.timeMMCLoop(BareMMCLoop.self, messages: 20_000)
    #expect(yardstick.events == floor.events)
    #expect(yardstick.meanWait == floor.meanWait)
    // Every customer arrives and leaves once; at rho = 0.9 about half of
    // them wait.
    #expect(yardstick.events == 40_000)
    #expect(yardstick.meanWait > 0.5 && yardstick.meanWait < 1.3, "\(yardstick.meanWait) s")
  }
}
