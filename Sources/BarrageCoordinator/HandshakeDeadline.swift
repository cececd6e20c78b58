import BarrageCore
import NIOCore
import Synchronization

/// Closes a connection that has not finished its handshake (TLS, `hello`/`auth`, clock sync)
/// within ``BarrageCore/ProtocolLimits/handshakeTimeoutMicros``: before auth anyone can connect,
/// so a silent peer must not hold a socket, a task and TLS state for ever.
final class HandshakeDeadline: Sendable {
    static let expiredText = "no handshake within \(ProtocolLimits.handshakeTimeoutMicros / 1_000_000)s (closed)"

    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    private let task: Scheduled<Void>
    private let fired: Flag

    init(_ channel: any Channel) {
        let fired = Flag()
        self.fired = fired
        task = channel.eventLoop.scheduleTask(in: .microseconds(ProtocolLimits.handshakeTimeoutMicros)) {
            fired.value.store(true, ordering: .relaxed)
            channel.close(promise: nil)
        }
    }

    /// The handshake finished (or the connection ended): the deadline no longer applies.
    func cancel() { task.cancel() }

    /// Whether the deadline closed the connection.
    var expired: Bool { fired.value.load(ordering: .relaxed) }
}
