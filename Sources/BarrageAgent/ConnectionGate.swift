import BarrageCore
import Synchronization

/// Counts the agent's connections that have not authenticated yet and refuses more than
/// ``BarrageCore/ProtocolLimits/maxUnauthenticatedConnections`` (sshd's MaxStartups): anyone who
/// can reach the port can open connections, so before auth each one is cheap and few are kept.
final class ConnectionGate: Sendable {
    private let unauthenticated = Atomic<Int>(0)
    private let nextId = Atomic<UInt64>(1)
    let limit: Int

    init(limit: Int = ProtocolLimits.maxUnauthenticatedConnections) {
        self.limit = limit
    }

    /// A new connection's id, or nil when the gate is full (close the connection at once).
    func admit() -> UInt64? {
        let (admitted, _) = unauthenticated.wrappingAdd(1, ordering: .relaxed)
        guard admitted < limit else {
            unauthenticated.wrappingSubtract(1, ordering: .relaxed)
            return nil
        }
        return nextId.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// The connection authenticated or ended before it did: it no longer counts.
    func leave() {
        unauthenticated.wrappingSubtract(1, ordering: .relaxed)
    }

    var waiting: Int { unauthenticated.load(ordering: .relaxed) }

    private let refused = Atomic<Int>(0)

    /// Counts one refused connection; returns the count so far.
    func countRefusal() -> Int { refused.wrappingAdd(1, ordering: .relaxed).newValue }

    var refusals: Int { refused.load(ordering: .relaxed) }
}
