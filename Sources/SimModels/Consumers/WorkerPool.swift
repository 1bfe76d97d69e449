import SimCore

/// How a worker leaves its pool (docs/model.md §6.5).
enum StopMode: Sendable {
  /// At once: the worker drops what it holds, which reappears after its
  /// visibility timeout, as after a crash (but it is not counted as a
  /// crash and is not restarted). EC2 Auto Scaling terminating an instance
  /// with no lifecycle hook.
  case abandon
  /// After what it holds: the worker makes no new receive, finishes
  /// processing and deleting the messages it holds, then stops. A
  /// termination lifecycle hook, or ECS draining a task.
  case finish
}

/// The worker slots of one consumer fleet: which of them run, and how much
/// worker time the pool had.
///
/// A fleet's workers are `first ..< first + capacity` of the fleets' shared
/// worker storage, all made at the start of the run (`capacity` is
/// `ConsumerConfig.maxCount`), so starting and stopping workers never
/// allocates. Each slot is stopped, running, or draining (stopping with
/// `StopMode.finish`, still holding messages). The pool's *members* are
/// the running and draining workers; a member that crashed or sits out an
/// outage stays a member (it comes back by itself).
///
/// The pool knows nothing of SQS. A stream consumer (workers holding
/// shard leases) or a Lambda event source mapping's pollers would reuse
/// all of it: the slots and their counts, the choice of which workers a
/// resize starts and stops (`lowest(_:from:)`, `highest(_:below:)`), and
/// the worker-time integral behind `Utilization` (`PoolTime`). What stays
/// with each kind of consumer is its loop: what a worker holds, how it
/// receives, and what stopping does to what it holds.
///
/// Utilization divides busy time by the time integral of the members,
/// ∫ members dt, kept exactly (in worker-nanoseconds, `Int128`): with a
/// pool that never changes size it is `count × span` to the bit.
struct WorkerPool: Sendable {
  /// What a worker slot is doing.
  enum Slot: UInt8, Sendable {
    /// Not a member: does nothing, holds nothing, has no live events.
    case stopped
    /// A member that takes new work.
    case running
    /// A member stopping with `StopMode.finish`: no new work.
    case draining
  }

  /// The pool's first worker in the fleets' shared worker storage.
  let first: Int
  /// One slot per worker.
  private(set) var slots: [Slot]
  /// Running workers: what a resize sets.
  private(set) var running: Int
  /// Draining workers.
  private(set) var draining: Int
  /// ∫ members dt from the start of the run to `changedAt`, in
  /// worker-nanoseconds.
  private var settledMemberNanos: Int128 = 0
  /// When the number of members last changed.
  private var changedAt: Int64 = 0
  /// Processing time finished so far by the pool's workers, in
  /// nanoseconds (the owner adds each stretch as it ends, and what is
  /// under way when it reads the total).
  var busyNanos: Int64 = 0

  /// A pool of `capacity` workers from worker `first`, of which the first
  /// `running` run.
  init(first: Int, capacity: Int, running: Int) {
    precondition(0 <= running && running <= capacity, "\(running) running workers of \(capacity)")
    self.first = first
    slots = Array(repeating: .stopped, count: capacity)
    for i in 0..<running { slots[i] = .running }
    self.running = running
    draining = 0
  }

  /// The number of worker slots.
  var capacity: Int { slots.count }

  /// The pool's workers, in the fleets' shared worker storage.
  var workers: Range<Int> { first..<(first + slots.count) }

  /// Running and draining workers.
  var members: Int { running + draining }

  /// The slot of worker `w` (an index of the shared storage).
  subscript(w: Int) -> Slot { slots[w - first] }

  /// ∫ members dt from the start of the run to `now`, in
  /// worker-nanoseconds.
  func memberNanos(at now: Int64) -> Int128 {
    settledMemberNanos + Int128(now - changedAt) * Int128(members)
  }

  /// Worker `w` (stopped or draining) runs from `now`.
  mutating func start(_ w: Int, at now: Int64) {
    switch self[w] {
    case .stopped:
      settle(at: now)
      running += 1
    case .draining:
      draining -= 1
      running += 1
    case .running:
      preconditionFailure("worker \(w) is running already")
    }
    slots[w - first] = .running
  }

  /// Running worker `w` drains from `now`: still a member, no new work.
  mutating func drain(_ w: Int) {
    precondition(self[w] == .running, "worker \(w) is not running")
    running -= 1
    draining += 1
    slots[w - first] = .draining
  }

  /// Worker `w` (running or draining) stops at `now`.
  mutating func stop(_ w: Int, at now: Int64) {
    settle(at: now)
    switch self[w] {
    case .running: running -= 1
    case .draining: draining -= 1
    case .stopped: preconditionFailure("worker \(w) is stopped already")
    }
    slots[w - first] = .stopped
  }

  /// `n` clamped to what the pool can run, 0 ... `capacity`.
  func clamped(_ n: Int) -> Int { min(max(n, 0), capacity) }

  /// The lowest-numbered worker from `w` on whose slot is `slot`.
  ///
  /// - Complexity: O(*k*), *k* the workers passed over; a resize that
  ///   resumes each scan where the last one stopped is O(`capacity`).
  func lowest(_ slot: Slot, from w: Int) -> Int? {
    var i = w - first
    while i < slots.count {
      if slots[i] == slot { return first + i }
      i += 1
    }
    return nil
  }

  /// The highest-numbered worker below `w` whose slot is `slot`.
  ///
  /// - Complexity: O(*k*), *k* the workers passed over.
  func highest(_ slot: Slot, below w: Int) -> Int? {
    var i = w - first - 1
    while i >= 0 {
      if slots[i] == slot { return first + i }
      i -= 1
    }
    return nil
  }

  /// Whether `running` and `draining` count the slots (for the invariant
  /// checker).
  ///
  /// - Complexity: O(`capacity`).
  var isConsistent: Bool {
    running == slots.count(where: { $0 == .running }) && draining == slots.count(where: { $0 == .draining })
  }

  /// Adds the member time up to `now`, before the number of members changes.
  private mutating func settle(at now: Int64) {
    settledMemberNanos = memberNanos(at: now)
    changedAt = now
  }
}

/// A pool's busy time and member time up to an instant: what
/// `Utilization` divides, as a difference of two readings.
struct PoolTime: Sendable {
  /// Processing time, finished or under way, in nanoseconds.
  var busyNanos: Int64 = 0
  /// ∫ members dt, in worker-nanoseconds.
  var memberNanos: Int128 = 0

  /// Busy time over member time between `start` and `self`; 0 when the
  /// pool had no member time.
  func utilization(since start: PoolTime) -> Double {
    let members = memberNanos - start.memberNanos
    return members > 0 ? Double(busyNanos - start.busyNanos) / Double(members) : 0
  }
}
