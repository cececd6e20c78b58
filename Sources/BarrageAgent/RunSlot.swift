import Synchronization

/// The agent's one run slot: an agent never runs two tests at once, whichever connections ask.
///
/// The slot belongs to the connection that took it, not to a run id: four connections preparing
/// the same `run_id` would otherwise each get `ready` and together exceed `--max-vus`.
final class RunSlot: Sendable {
    private struct Holder {
        var runId: String
        var owner: UInt64
    }

    private let holder = Mutex<Holder?>(nil)

    /// Takes the slot for `runId` on behalf of connection `owner`; false if anyone holds it.
    func acquire(_ runId: String, owner: UInt64) -> Bool {
        holder.withLock { holder in
            guard holder == nil else { return false }
            holder = Holder(runId: runId, owner: owner)
            return true
        }
    }

    /// Frees the slot if `owner` holds it.
    func release(owner: UInt64) {
        holder.withLock { holder in
            if holder?.owner == owner { holder = nil }
        }
    }

    var current: String? { holder.withLock { $0?.runId } }
}
