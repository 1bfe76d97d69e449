import Foundation

/// Closed-form queueing results that the simulation tests validate against.
///
/// Units are whatever the caller uses consistently: rates (`lambda`, `mu`)
/// per unit of time, times (`service`, results) in that same unit. All
/// formulas are for the steady state of a stable queue (utilisation below
/// 1); an unstable queue reports a waiting probability of 1 and infinite
/// waits and lengths.
///
/// Notation: `c` servers, arrival rate `λ`, service rate per server `μ`,
/// offered load `a = λ/μ` (Erlangs), utilisation `ρ = a/c`.
enum QueueingTheory {
  /// Erlang B: the blocking probability of an M/M/c/c loss system.
  ///
  /// Uses the recursion `B(0) = 1`, `B(k) = a·B(k−1) / (k + a·B(k−1))`,
  /// which stays in `[0, 1]` and never forms `a^c` or `c!`, so it is stable
  /// for thousands of servers. O(c).
  static func erlangB(servers c: Int, offeredLoad a: Double) -> Double {
    precondition(c >= 0 && a >= 0, "servers and load must be non-negative")
    var b = 1.0
    if c > 0 {
      for k in 1 ... c { b = a * b / (Double(k) + a * b) }
    }
    return b
  }

  /// Erlang C: the probability that an arrival must wait in an M/M/c queue,
  /// `C = c·B / (c − a·(1 − B))` with `B` the Erlang B value. Returns 1 when
  /// `a ≥ c` (no steady state: everyone eventually waits). O(c).
  static func erlangC(servers c: Int, offeredLoad a: Double) -> Double {
    precondition(c >= 1 && a >= 0, "need at least one server and a non-negative load")
    if a >= Double(c) { return 1 }
    let b = erlangB(servers: c, offeredLoad: a)
    return Double(c) * b / (Double(c) - a * (1 - b))
  }

  /// M/M/c mean time in queue (excluding service), `Wq = C / (cμ − λ)`;
  /// infinite when `λ ≥ cμ`.
  static func mmcMeanWait(lambda: Double, mu: Double, c: Int) -> Double {
    let drain = Double(c) * mu - lambda
    guard drain > 0 else { return .infinity }
    return erlangC(servers: c, offeredLoad: lambda / mu) / drain
  }

  /// The `q`-quantile of the M/M/c waiting time in queue (`q` in `0 ..< 1`).
  ///
  /// The waiting time has an atom at 0 of mass `1 − C` and the tail
  /// `P(W > t) = C·e^{−(cμ−λ)t}`, so the smallest `t` with `P(W ≤ t) ≥ q`
  /// is `ln(C / (1 − q)) / (cμ − λ)`, and 0 when `C ≤ 1 − q`.
  static func mmcWaitQuantile(lambda: Double, mu: Double, c: Int, q: Double) -> Double {
    precondition(q >= 0 && q <= 1, "quantile must be in 0 ... 1")
    let drain = Double(c) * mu - lambda
    guard drain > 0 else { return .infinity }
    let waitProbability = erlangC(servers: c, offeredLoad: lambda / mu)
    if waitProbability <= 1 - q { return 0 }
    return log(waitProbability / (1 - q)) / drain  // q = 1 gives +∞
  }

  /// M/M/c mean number waiting in queue, `Lq = λ·Wq` (Little's law).
  static func mmcMeanQueueLength(lambda: Double, mu: Double, c: Int) -> Double {
    lambda * mmcMeanWait(lambda: lambda, mu: mu, c: c)
  }

  /// M/M/c mean response (sojourn) time, `W = Wq + 1/μ`.
  static func mmcMeanResponse(lambda: Double, mu: Double, c: Int) -> Double {
    mmcMeanWait(lambda: lambda, mu: mu, c: c) + 1 / mu
  }

  /// M/D/1 mean time in queue (Pollaczek–Khinchine with deterministic
  /// service `D`): `Wq = ρ·D / (2(1 − ρ))`, `ρ = λD`; infinite when `ρ ≥ 1`.
  static func md1MeanWait(lambda: Double, service: Double) -> Double {
    mg1MeanWait(lambda: lambda, meanService: service, serviceSCV: 0)
  }

  /// M/G/1 mean time in queue (Pollaczek–Khinchine):
  /// `Wq = ρ·(1 + SCV)·E[S] / (2(1 − ρ))`, `ρ = λ·E[S]`, where `SCV` is the
  /// squared coefficient of variation of the service time, `Var[S]/E[S]²`
  /// (0 deterministic, 1 exponential). Infinite when `ρ ≥ 1`.
  static func mg1MeanWait(lambda: Double, meanService: Double, serviceSCV: Double) -> Double {
    precondition(lambda >= 0 && meanService >= 0 && serviceSCV >= 0)
    let rho = lambda * meanService
    guard rho < 1 else { return .infinity }
    return rho * (1 + serviceSCV) * meanService / (2 * (1 - rho))
  }
}
