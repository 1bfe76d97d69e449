import Dispatch
import Foundation
import Synchronization

/// SIGINT, SIGTERM and SIGHUP during `msgsim run`: instead of dying on the
/// spot (and leaving a temporary report folder behind), the process notes
/// the signal; the simulation stops at its next check (`World.run(every:observe:)`),
/// or the report writer removes its temporary folder, and the run exits
/// 128 + the signal's number (130, 143, 129) without a report.
///
/// The handlers are dispatch signal sources on a global queue (the signals
/// themselves are set to be ignored first, so none can kill the process
/// before a source is listening); they only set an atomic flag, which the
/// run reads. A signal that was ignored when msgsim started (`nohup`, a
/// background job of a non-interactive shell) stays ignored.
enum Interrupts {
  /// The signals a run stops cleanly on.
  static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// The first signal received, 0 before any.
  private static let received = Atomic<Int32>(0)
  private static let sources = Mutex<[DispatchSourceSignal]>([])

  /// The signal that asked the run to stop, if one did.
  static var signal: Int32? {
    let value = received.load(ordering: .relaxed)
    return value == 0 ? nil : value
  }

  /// Notes `signal` (the first one wins).
  static func note(_ signal: Int32) {
    _ = received.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
  }

  /// Installs the handlers (once per process). SIGPIPE is ignored too, so a
  /// closed stdout or stderr is a failed write the run handles (after its
  /// report is written), not a death in the middle of writing it.
  static func install() {
    sources.withLock { sources in
      guard sources.isEmpty else { return }
      Foundation.signal(SIGPIPE, SIG_IGN)
      for number in handled {
        let previous = Foundation.signal(number, SIG_IGN)
        if isIgnored(previous) { continue }
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { Interrupts.note(number) }
        source.resume()
        sources.append(source)
      }
      #if os(Linux)
        // libdispatch registers a source asynchronously, installing its own
        // handler (which passes the signal to a signalfd); until then the
        // signal is ignored and would be lost. Wait (briefly) for it.
        let listening = sources.map { Int32($0.handle) }
        for _ in 0..<200 where listening.contains(where: { isIgnored(currentHandler($0)) }) {
          usleep(500)
        }
      #endif
    }
  }

  /// Whether a signal handler (as `signal` or `sigaction` return it) is SIG_IGN.
  private static func isIgnored<Handler>(_ handler: Handler) -> Bool {
    MemoryLayout<Handler>.size == MemoryLayout<Int>.size && unsafeBitCast(handler, to: Int.self) == 1
  }

  #if os(Linux)
    private static func currentHandler(_ number: Int32) -> sighandler_t? {
      var action = sigaction()
      guard sigaction(number, nil, &action) == 0 else { return nil }
      return action.__sigaction_handler.sa_handler
    }
  #endif

  /// The conventional exit status for a run stopped by `signal`: 128 + its number.
  static func exitStatus(_ signal: Int32) -> Int32 { 128 + signal }

  /// `SIGINT`, `SIGTERM`, `SIGHUP`.
  static func name(_ signal: Int32) -> String {
    switch signal {
    case SIGINT: return "SIGINT"
    case SIGTERM: return "SIGTERM"
    case SIGHUP: return "SIGHUP"
    case SIGKILL: return "SIGKILL"
    default: return "signal \(signal)"
    }
  }
}
