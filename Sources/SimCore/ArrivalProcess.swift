import Foundation

/// One piece of a piecewise-constant arrival rate.
public struct RateStep: Sendable, Equatable {
  /// When this rate starts to apply.
  public var start: SimTime
  /// Arrivals per second from `start` until the next step (0 pauses).
  public var rate: Double

  /// Creates a step.
  public init(start: SimTime, rate: Double) {
    self.start = start
    self.rate = rate
  }
}

/// One row of a replayed trace: `count` arrivals in `[start, start + interval)`.
public struct TraceRow: Sendable, Equatable {
  /// Start of the row's interval.
  public var start: SimTime
  /// Number of arrivals in the interval.
  public var count: Int
  /// Length of the interval.
  public var interval: SimDuration

  /// Creates a row.
  public init(start: SimTime, count: Int, interval: SimDuration) {
    self.start = start
    self.count = count
    self.interval = interval
  }
}

/// When arrivals happen: a rate over time, or a replayed trace.
///
/// Rate-driven processes invert the cumulative intensity Λ(t) = ∫ rate:
/// a `constant` process arrives each time Λ grows by exactly 1, a `poisson`
/// process each time Λ grows by an exponential(1) amount. A piecewise
/// `schedule` is therefore exact for both (no thinning, no lost phase at a
/// rate change), and a single step is the ordinary fixed-rate process.
public enum ArrivalProcess: Sendable, Equatable {
  /// Evenly spaced arrivals; the first at 1/rate.
  case constant(schedule: [RateStep])
  /// A (possibly non-homogeneous) Poisson process.
  case poisson(schedule: [RateStep])
  /// Replays `rows`; within each row the arrivals are spread uniformly at
  /// random (`randomSpread`) or evenly at the centres of `count` equal slots.
  case trace(rows: [TraceRow], randomSpread: Bool)

  /// A fixed-rate Poisson process.
  public static func poisson(rate: Double) -> ArrivalProcess {
    .poisson(schedule: [RateStep(start: .zero, rate: rate)])
  }

  /// A fixed-rate constant process.
  public static func constant(rate: Double) -> ArrivalProcess {
    .constant(schedule: [RateStep(start: .zero, rate: rate)])
  }

  /// The expected number of arrivals in `[0, end)`.
  public func expectedArrivals(until end: SimTime) -> Double {
    switch self {
    case .constant(let steps), .poisson(let steps):
      var total = 0.0
      for (i, step) in steps.enumerated() where step.start < end {
        let stop = i + 1 < steps.count ? min(steps[i + 1].start, end) : end
        total += step.rate * (stop - step.start).seconds
      }
      return total
    case .trace(let rows, _):
      return Double(rows.filter { $0.start < end }.reduce(0) { $0 + $1.count })
    }
  }
}

/// The running state of one arrival process: call `next(using:)` for each
/// successive arrival time.
public struct ArrivalClock: Sendable {
  // The Poisson fast path's state first: a Poisson arrival inside its
  // rate step reads these 24 bytes and nothing else of the clock (an owner
  // that keeps the clock right after its generator reads one cache line
  // for both).
  @usableFromInline var last: SimTime = .zero
  /// The current Poisson step's rate, set with `stepEnd` (0: not known
  /// yet, a zero-rate step, or not a Poisson process), so an arrival inside
  /// the step reads neither the schedule nor the enum's payload.
  @usableFromInline var stepRate = 0.0
  /// The current Poisson step's end (`Int64.max`: the last step).
  @usableFromInline var stepEnd = Int64.min
  /// The process being generated.
  public let process: ArrivalProcess
  @usableFromInline var stepIndex = 0
  // Constant-process state: arrivals so far, and Λ at the current step's start.
  @usableFromInline var emitted = 0
  @usableFromInline var intensityAtStep = 0.0
  // Trace state.
  @usableFromInline var rowIndex = 0
  @usableFromInline var emittedInRow = 0
  @usableFromInline var positionInRow = 0.0

  /// Creates the clock at time zero.
  public init(_ process: ArrivalProcess) {
    self.process = process
  }

  /// Returns the next arrival time, or `nil` when no more arrivals will
  /// ever happen. Times never decrease.
  public mutating func next(using rng: inout SeededGenerator) -> SimTime? {
    // Only a Poisson process sets a positive `stepRate`, always with its
    // `stepEnd`: this is the first step of `nextByIntensity`, the same
    // arithmetic.
    if stepRate > 0 {
      let need = -log(rng.nextOpenUnitInterval())
      let candidate = last + SimDuration.seconds(need / stepRate)
      if candidate.nanoseconds <= stepEnd {
        last = max(candidate, last)
        return last
      }
      return nextPoisson(need: need)
    }
    switch process {
    case .constant(let steps):
      return nextConstant(steps)
    case .poisson:
      return nextPoisson(need: -log(rng.nextOpenUnitInterval()))
    case .trace(let rows, let randomSpread):
      return nextFromTrace(rows, randomSpread: randomSpread, rng: &rng)
    }
  }

  /// A Poisson arrival `need` units of intensity on, past the fast path:
  /// across steps, and learning the step it lands in.
  mutating func nextPoisson(need: Double) -> SimTime? {
    guard case .poisson(let steps) = process else { return nil }
    let time = nextByIntensity(steps, need: need)
    if stepIndex < steps.count {
      stepRate = steps[stepIndex].rate
      stepEnd = stepIndex + 1 < steps.count ? steps[stepIndex + 1].start.nanoseconds : .max
    }
    return time
  }

  /// The next arrival of a constant process: the *n*-th is at
  /// Λ⁻¹(n) = start + (n − Λ(start)) / rate within its step, computed from
  /// *n* and rounded once to the nanosecond, so rounding never accumulates
  /// (300,000 msg/s over 10 s makes 2,999,999 arrivals before 10 s, the
  /// 3,000,000th at exactly 10 s).
  mutating func nextConstant(_ steps: [RateStep]) -> SimTime? {
    let n = Double(emitted + 1)
    while stepIndex < steps.count {
      let step = steps[stepIndex]
      let end: SimTime? = stepIndex + 1 < steps.count ? steps[stepIndex + 1].start : nil
      if step.rate > 0 {
        let offset = max(0, (n - intensityAtStep) / step.rate * 1e9)
        let candidate = step.start.nanoseconds &+ Int64(min(offset.rounded(), 9e18))
        // One due exactly at a step's end happens there (inf{t : Λ(t) ≥ n}).
        if end == nil || candidate <= end!.nanoseconds {
          emitted += 1
          last = max(SimTime(nanoseconds: candidate), last)
          return last
        }
      } else if end == nil {
        return nil
      }
      intensityAtStep += step.rate * (end! - step.start).seconds
      stepIndex += 1
    }
    return nil
  }

  mutating func nextByIntensity(_ steps: [RateStep], need: Double) -> SimTime? {
    var remaining = need
    var t = last
    while stepIndex < steps.count {
      let rate = steps[stepIndex].rate
      let end: SimTime? = stepIndex + 1 < steps.count ? steps[stepIndex + 1].start : nil
      if rate > 0 {
        let candidate = t + SimDuration.seconds(remaining / rate)
        // The k-th arrival is at inf{t : Λ(t) ≥ k}: one due exactly at a
        // segment's end happens there, not in the next positive segment.
        if let end, candidate > end {
          remaining -= rate * (end - t).seconds
          t = end
        } else {
          last = max(candidate, last)
          return last
        }
      } else {
        guard let end else { return nil }
        t = end
      }
      stepIndex += 1
    }
    return nil
  }

  mutating func nextFromTrace(
    _ rows: [TraceRow], randomSpread: Bool, rng: inout SeededGenerator
  ) -> SimTime? {
    while rowIndex < rows.count && emittedInRow >= rows[rowIndex].count {
      rowIndex += 1
      emittedInRow = 0
      positionInRow = 0
    }
    guard rowIndex < rows.count else { return nil }
    let row = rows[rowIndex]
    let remaining = row.count - emittedInRow
    if randomSpread {
      // Next order statistic of `remaining` uniforms on (position, 1).
      let u = rng.nextOpenUnitInterval()
      positionInRow += (1 - positionInRow) * (1 - pow(u, 1 / Double(remaining)))
    } else {
      positionInRow = (Double(emittedInRow) + 0.5) / Double(row.count)
    }
    emittedInRow += 1
    let offset = SimDuration(nanoseconds: clampedNanoseconds(positionInRow * Double(row.interval.nanoseconds)))
    last = max(last, row.start + offset)
    return last
  }
}
