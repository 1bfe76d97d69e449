import SimCore

/// FIFO message groups: order within a group, one group in flight at a
/// time (docs/model.md §3.2).
extension SQSModel {
  /// Puts a visible message at the back of its group (sends come in order).
  mutating func appendToGroup(_ ref: MessageRef, in q: Int, kernel: inout Kernel) {
    let g = queues[q].fifo!.group(for: kernel.store[ref.slot].orderKey)
    queues[q].fifo!.groups[g].messages.append(VisibleEntry(ref: ref, stamp: kernel.store[ref.slot].receiveCount))
    listIfAvailable(q, group: g, kernel: &kernel)
  }

  /// A message whose visibility timeout ran out goes back to its place in
  /// its group: before every later message of the group.
  mutating func returnToGroup(_ ref: MessageRef, in q: Int, kernel: inout Kernel) {
    let g = queues[q].fifo!.group(for: kernel.store[ref.slot].orderKey)
    let sequence = kernel.store[ref.slot].acceptedSequence
    var earlier: [VisibleEntry] = []
    while let first = queues[q].fifo!.groups[g].messages.first {
      guard isCurrent(first, in: q, kernel: kernel) else {
        queues[q].fifo!.groups[g].messages.popFirst()
        continue
      }
      guard kernel.store[first.ref.slot].acceptedSequence < sequence else { break }
      earlier.append(first)
      queues[q].fifo!.groups[g].messages.popFirst()
    }
    queues[q].fifo!.groups[g].messages.prepend(VisibleEntry(ref: ref, stamp: kernel.store[ref.slot].receiveCount))
    for entry in earlier.reversed() { queues[q].fifo!.groups[g].messages.prepend(entry) }
  }

  /// Lists group `g` as available if it has a visible message and nothing
  /// in flight.
  mutating func listIfAvailable(_ q: Int, group g: Int, kernel: inout Kernel) {
    guard queues[q].fifo!.groups[g].inFlight == 0, !queues[q].fifo!.groups[g].isListed else { return }
    while let first = queues[q].fifo!.groups[g].messages.first, !isCurrent(first, in: q, kernel: kernel) {
      queues[q].fifo!.groups[g].messages.popFirst()
    }
    guard !queues[q].fifo!.groups[g].messages.isEmpty else { return }
    queues[q].fifo!.groups[g].isListed = true
    queues[q].fifo!.available.append(Int32(g))
  }

  /// A message of `q` left the in-flight state (deleted, expired, or back
  /// to visible): its group may become available again.
  mutating func leaveFlight(_ ref: MessageRef, in q: Int, kernel: inout Kernel) {
    let g = queues[q].fifo!.group(for: kernel.store[ref.slot].orderKey)
    queues[q].fifo!.groups[g].inFlight -= 1
    if queues[q].fifo!.groups[g].inFlight == 0 {
      queues[q].fifo!.groupsWithInflight -= 1
      listIfAvailable(q, group: g, kernel: &kernel)
    }
  }

  /// A message of `q` is handed to a receiver: its group is blocked.
  mutating func enterFlight(_ ref: MessageRef, in q: Int, kernel: inout Kernel) {
    let g = queues[q].fifo!.group(for: kernel.store[ref.slot].orderKey)
    queues[q].fifo!.groups[g].inFlight += 1
    if queues[q].fifo!.groups[g].inFlight == 1 { queues[q].fifo!.groupsWithInflight += 1 }
  }
}
