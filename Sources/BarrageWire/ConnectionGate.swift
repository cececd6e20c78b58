import BarrageCore
import Synchronization

/// Counts the connections that have not authenticated yet and refuses more than `limit`
/// (sshd's MaxStartups): anyone who can reach a listening port can open connections, so before
/// auth each one is cheap and few are kept. The agent's listener and the coordinator's join
/// listener (`--listen-agents`) both use one.
public final class ConnectionGate: Sendable {
    private let unauthenticated = Atomic<Int>(0)
    private let nextId = Atomic<UInt64>(1)
    private let refused = Atomic<Int>(0)
    public let limit: Int

    public init(limit: Int = ProtocolLimits.maxUnauthenticatedConnections) {
        self.limit = limit
    }

    /// A new connection's id, or nil when the gate is full (close the connection at once).
    public func admit() -> UInt64? {
        let (admitted, _) = unauthenticated.wrappingAdd(1, ordering: .relaxed)
        guard admitted < limit else {
            unauthenticated.wrappingSubtract(1, ordering: .relaxed)
            return nil
        }
        return nextId.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// The connection authenticated or ended before it did: it no longer counts. Call once per
    /// admitted connection (``Admission`` does that for callers with several exits).
    public func leave() {
        unauthenticated.wrappingSubtract(1, ordering: .relaxed)
    }

    /// How many admitted connections have not authenticated yet.
    public var waiting: Int { unauthenticated.load(ordering: .relaxed) }

    /// Counts one refused connection; returns the count so far.
    public func countRefusal() -> Int { refused.wrappingAdd(1, ordering: .relaxed).newValue }

    /// How many connections were refused so far.
    public var refusals: Int { refused.load(ordering: .relaxed) }

    /// One admitted connection's place in the gate, given back exactly once however many of its
    /// paths (authenticated, closed, timed out) call ``leave()``.
    public final class Admission: Sendable {
        private let gate: ConnectionGate
        private let left = Atomic<Bool>(false)
        public let id: UInt64

        /// Admits one connection, or nil when `gate` is full.
        public init?(_ gate: ConnectionGate) {
            guard let id = gate.admit() else { return nil }
            self.gate = gate
            self.id = id
        }

        public func leave() {
            guard !left.exchange(true, ordering: .relaxed) else { return }
            gate.leave()
        }
    }
}
