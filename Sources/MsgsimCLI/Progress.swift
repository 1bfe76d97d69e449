import Foundation
import SimCore

/// Progress of a long run on stderr: one line, rewritten in place with
/// `\r`, at most four times a second, cleared when the simulation ends:
///
///     simulated 12m05s of 1h (20.1 %), 3.21M events/s, ETA 2m10s
///
/// It is shown only when stderr is a terminal and the run is not `--quiet`,
/// unless `--progress` or `--no-progress` says otherwise; it never goes into
/// the report or stdout. Nothing is shown in the first half second, so
/// short runs do not flicker.
final class ProgressReporter {
  /// Seconds before the first line.
  static let firstAfter = 0.5
  /// Seconds between lines.
  static let every = 0.25

  private let clock: () -> Double
  private let write: (String) -> Bool
  private let started: Double
  private var nextLine: Double
  private var shownWidth = 0
  /// Whether a write to stderr failed (progress then stops).
  private(set) var failed = false

  /// - Parameters:
  ///   - clock: wall time in seconds (any origin).
  ///   - write: writes text to stderr, `false` when that failed.
  init(clock: @escaping () -> Double, write: @escaping (String) -> Bool) {
    self.clock = clock
    self.write = write
    started = clock()
    nextLine = started + Self.firstAfter
  }

  /// Called from `World.run(every:observe:)`: writes a line when one is due.
  func update(now: Int64, end: Int64, events: UInt64) {
    guard !failed else { return }
    let time = clock()
    guard time >= nextLine else { return }
    nextLine = time + Self.every
    let line = progressLine(now: now, end: end, events: events, elapsed: time - started)
    let width = line.count
    // Spaces over the rest of a longer previous line.
    emit("\r" + line + String(repeating: " ", count: max(0, shownWidth - width)))
    shownWidth = width
  }

  /// Clears the line, if one was shown.
  func finish() {
    guard shownWidth > 0, !failed else { return }
    emit("\r" + String(repeating: " ", count: shownWidth) + "\r")
    shownWidth = 0
  }

  private func emit(_ text: String) {
    if !write(text) { failed = true }
  }
}

/// One progress line: simulated time reached, events per second (wall
/// time), and the time left at the pace so far.
func progressLine(now: Int64, end: Int64, events: UInt64, elapsed: Double) -> String {
  let fraction = end > 0 ? min(1, max(0, Double(now) / Double(end))) : 1
  let percent = (fraction * 1000).rounded(.down) / 10
  var line = "simulated \(readableDuration(Double(now) / 1e9)) of \(SimDuration(nanoseconds: end)) (\(percent) %)"
  if elapsed > 0 { line += ", \(formatRate(Double(events) / elapsed)) events/s" }
  if fraction > 0 && elapsed > 0 {
    line += ", ETA \(readableDuration(elapsed * (1 - fraction) / fraction))"
  } else {
    line += ", ETA ?"
  }
  return line
}

/// `850`, `12.3k`, `3.21M`.
private func formatRate(_ rate: Double) -> String {
  func figures(_ value: Double) -> String {
    value >= 100 ? String(format: "%.0f", value) : value >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
  }
  if rate >= 1e9 { return figures(rate / 1e9) + "G" }
  if rate >= 1e6 { return figures(rate / 1e6) + "M" }
  if rate >= 1e3 { return figures(rate / 1e3) + "k" }
  return String(format: "%.0f", rate)
}

/// Whether a run shows progress: `--progress`/`--no-progress` if given
/// (the last one wins), else only on a terminal and not `--quiet`.
func showsProgress(forced: Bool?, quiet: Bool, stderrIsTerminal: Bool) -> Bool {
  forced ?? (!quiet && stderrIsTerminal)
}
