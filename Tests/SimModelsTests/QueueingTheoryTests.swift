import Foundation
import Testing

/// `|actual − expected| ≤ tolerance · |expected|`.
private func close(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-12) -> Bool {
  abs(actual - expected) <= tolerance * abs(expected)
}

@Suite struct QueueingTheoryTests {
  // MARK: Erlang B and C

  @Test func erlangCTwoServersOneErlang() {
    // By hand: B(2, 1) = (1/2) / (1 + 1 + 1/2) = 1/5, and
    // C = 2·(1/5) / (2 − 1·(4/5)) = (2/5) / (6/5) = 1/3.
    #expect(close(QueueingTheory.erlangB(servers: 2, offeredLoad: 1), 0.2))
    #expect(close(QueueingTheory.erlangC(servers: 2, offeredLoad: 1), 1.0 / 3))
  }

  @Test func erlangCEightServersAtNinetyPercent() {
    // c = 8, ρ = 0.9, so a = 7.2 Erlangs. Reference computed independently
    // in Python with exact rational arithmetic (fractions.Fraction) from
    // the textbook sum, not the recursion used here:
    //   top = a^8/8! · 8/(8 − a);  C = top / (Σ_{k<8} a^k/k! + top)
    //   = 4897760256 / 6981510955 = 0.7015329901462569…
    // and Erlang B(8, 7.2) = 0.19031316866395676 the same way.
    #expect(close(QueueingTheory.erlangC(servers: 8, offeredLoad: 7.2), 4_897_760_256.0 / 6_981_510_955.0))
    #expect(close(QueueingTheory.erlangC(servers: 8, offeredLoad: 7.2), 0.7015329901462569))
    #expect(close(QueueingTheory.erlangB(servers: 8, offeredLoad: 7.2), 0.19031316866395676))
    // With μ = 1, λ = 7.2 (same Python script):
    //   Wq = C / (8 − 7.2) = 0.8769162376828213, Lq = λ·Wq = 6.313796911316314,
    //   W = Wq + 1 = 1.876916237682821,
    //   t₀.₉₉ = ln(C / 0.01) / 0.8 = 5.313353541810946,
    //   t₀.₅ = ln(C / 0.5) / 0.8 = 0.4233247850257627.
    #expect(close(QueueingTheory.mmcMeanWait(lambda: 7.2, mu: 1, c: 8), 0.8769162376828213))
    #expect(close(QueueingTheory.mmcMeanQueueLength(lambda: 7.2, mu: 1, c: 8), 6.313796911316314))
    #expect(close(QueueingTheory.mmcMeanResponse(lambda: 7.2, mu: 1, c: 8), 1.876916237682821))
    #expect(close(QueueingTheory.mmcWaitQuantile(lambda: 7.2, mu: 1, c: 8, q: 0.99), 5.313353541810946))
    #expect(close(QueueingTheory.mmcWaitQuantile(lambda: 7.2, mu: 1, c: 8, q: 0.5), 0.4233247850257627))
    // Only ≈ 70 % wait, so the 0.25-quantile of the wait is 0.
    #expect(QueueingTheory.mmcWaitQuantile(lambda: 7.2, mu: 1, c: 8, q: 0.25) == 0)
  }

  @Test func textbookTableValues() {
    // Erlang B tables: 10 trunks carry 4.46 Erlangs at 1 % blocking, and
    // 10 Erlangs on 10 trunks block 21.46 % (exact: 0.21458234310734733).
    #expect(abs(QueueingTheory.erlangB(servers: 10, offeredLoad: 4.46) - 0.01) < 2e-5)
    #expect(close(QueueingTheory.erlangB(servers: 10, offeredLoad: 10), 0.21458234310734733))
    // Erlang C tables: 10 Erlangs on 11 agents wait with probability 0.682
    // (exact rational in Python: 0.6821182046893324).
    #expect(close(QueueingTheory.erlangC(servers: 11, offeredLoad: 10), 0.6821182046893324))
    // Further Python exact-rational values.
    #expect(close(QueueingTheory.erlangC(servers: 3, offeredLoad: 2.4), 0.647191011235955))
    #expect(close(QueueingTheory.erlangC(servers: 100, offeredLoad: 95), 0.5064568539130206, 1e-11))
  }

  @Test func erlangCIsStableForThousandsOfServers() {
    // a^1000 and 1000! overflow Double; the recursion does not. Python
    // exact rationals give C(1000, 950) = 0.06825341537714143.
    let value = QueueingTheory.erlangC(servers: 1_000, offeredLoad: 950)
    #expect(value.isFinite)
    #expect(close(value, 0.06825341537714143, 1e-10))
    #expect(QueueingTheory.erlangB(servers: 5_000, offeredLoad: 4_000).isFinite)
  }

  @Test func erlangCStructuralProperties() {
    // One server: C = ρ.
    for rho in stride(from: 0.05, to: 1, by: 0.05) {
      #expect(close(QueueingTheory.erlangC(servers: 1, offeredLoad: rho), rho))
    }
    // More servers at the same load wait less; more load waits more.
    var previous = 1.0
    for c in 5 ... 30 {
      let value = QueueingTheory.erlangC(servers: c, offeredLoad: 4.5)
      #expect(value < previous && value > 0)
      previous = value
    }
    #expect(QueueingTheory.erlangC(servers: 4, offeredLoad: 4) == 1)
    #expect(QueueingTheory.erlangC(servers: 4, offeredLoad: 5) == 1)
    #expect(QueueingTheory.erlangC(servers: 4, offeredLoad: 0) == 0)
  }

  // MARK: M/M/c

  @Test func mm1AtEightyPercent() {
    // M/M/1, μ = 1, λ = 0.8: Wq = ρ/(μ − λ) = 4, Lq = ρ²/(1 − ρ) = 3.2,
    // W = 1/(μ − λ) = 5, and P(W > t) = 0.8·e^{−0.2t}, so
    // t₀.₉ = 5·ln 8 = 10.397207708399177.
    #expect(close(QueueingTheory.mmcMeanWait(lambda: 0.8, mu: 1, c: 1), 4))
    #expect(close(QueueingTheory.mmcMeanQueueLength(lambda: 0.8, mu: 1, c: 1), 3.2))
    #expect(close(QueueingTheory.mmcMeanResponse(lambda: 0.8, mu: 1, c: 1), 5))
    #expect(close(QueueingTheory.mmcWaitQuantile(lambda: 0.8, mu: 1, c: 1, q: 0.9), 5 * log(8.0)))
    #expect(QueueingTheory.mmcWaitQuantile(lambda: 0.8, mu: 1, c: 1, q: 0.1) == 0)
    #expect(QueueingTheory.mmcWaitQuantile(lambda: 0.8, mu: 1, c: 1, q: 0.2) == 0)
    #expect(QueueingTheory.mmcWaitQuantile(lambda: 0.8, mu: 1, c: 1, q: 1) == .infinity)
    // Scaling time: μ = 10/s, λ = 8/s gives a tenth of the waits.
    #expect(close(QueueingTheory.mmcMeanWait(lambda: 8, mu: 10, c: 1), 0.4))
  }

  @Test(arguments: [(1, 0.5), (2, 0.8), (8, 0.9), (50, 0.95)])
  func waitQuantilesIntegrateToTheMean(c: Int, rho: Double) {
    // E[W] = ∫₀¹ Q(q) dq: a midpoint rule over the quantile function must
    // reproduce Wq (the top sliver holds ≈ 1/steps of the mass).
    let mu = 2.0
    let lambda = rho * Double(c) * mu
    let steps = 200_000
    var integral = 0.0
    for i in 0 ..< steps {
      let q = (Double(i) + 0.5) / Double(steps)
      integral += QueueingTheory.mmcWaitQuantile(lambda: lambda, mu: mu, c: c, q: q)
    }
    integral /= Double(steps)
    let wq = QueueingTheory.mmcMeanWait(lambda: lambda, mu: mu, c: c)
    #expect(close(integral, wq, 1e-4), "∫Q = \(integral), Wq = \(wq)")
  }

  @Test func unstableQueuesReportInfinity() {
    #expect(QueueingTheory.mmcMeanWait(lambda: 2, mu: 1, c: 2) == .infinity)
    #expect(QueueingTheory.mmcMeanQueueLength(lambda: 3, mu: 1, c: 2) == .infinity)
    #expect(QueueingTheory.mmcWaitQuantile(lambda: 3, mu: 1, c: 2, q: 0.5) == .infinity)
    #expect(QueueingTheory.md1MeanWait(lambda: 1, service: 1) == .infinity)
    #expect(QueueingTheory.mg1MeanWait(lambda: 2, meanService: 1, serviceSCV: 1) == .infinity)
  }

  // MARK: Pollaczek–Khinchine

  @Test func md1AtFiftyPercent() {
    // ρ = 0.5, D = 1: Wq = 0.5·1 / (2·0.5) = 0.5, half the M/M/1 value.
    #expect(close(QueueingTheory.md1MeanWait(lambda: 0.5, service: 1), 0.5))
    #expect(close(QueueingTheory.mmcMeanWait(lambda: 0.5, mu: 1, c: 1), 1))
    // ρ = 0.8, D = 0.1 s: Wq = 0.8·0.1 / 0.4 = 0.2 s.
    #expect(close(QueueingTheory.md1MeanWait(lambda: 8, service: 0.1), 0.2))
  }

  @Test func mg1ReducesToTheSpecialCases() {
    for rho in stride(from: 0.1, to: 0.96, by: 0.05) {
      let s = 0.25
      let lambda = rho / s
      // SCV 1 (exponential) is M/M/1; SCV 0 is M/D/1.
      #expect(close(
        QueueingTheory.mg1MeanWait(lambda: lambda, meanService: s, serviceSCV: 1),
        QueueingTheory.mmcMeanWait(lambda: lambda, mu: 1 / s, c: 1), 1e-12))
      #expect(close(
        QueueingTheory.mg1MeanWait(lambda: lambda, meanService: s, serviceSCV: 0),
        QueueingTheory.md1MeanWait(lambda: lambda, service: s)))
    }
    // Erlang-2 service (SCV 1/2), ρ = 0.5, E[S] = 1: Wq = 0.5·1.5/1 = 0.75.
    #expect(close(QueueingTheory.mg1MeanWait(lambda: 0.5, meanService: 1, serviceSCV: 0.5), 0.75))
    #expect(QueueingTheory.mg1MeanWait(lambda: 0, meanService: 1, serviceSCV: 4) == 0)
  }
}
