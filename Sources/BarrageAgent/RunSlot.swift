import Synchronization

/// The agent's one run slot: an agent never runs two tests at once, whichever connections ask.
final class RunSlot: Sendable {
    private let holder = Mutex<String?>(nil)

    /// Takes the slot for `runId`; false if another run holds it.
    func acquire(_ runId: String) -> Bool {
        holder.withLock { holder in
            guard holder == nil || holder == runId else { return false }
            holder = runId
            return true
        }
    }

    func release(_ runId: String) {
        holder.withLock { holder in
            if holder == runId { holder = nil }
        }
    }

    var current: String? { holder.withLock { $0 } }
}
