import BarrageCore
import Synchronization

/// The longest frame a connection accepts now, shared by its ``LineFrameDecoder`` (which reads it
/// on the channel's event loop) and the session code (which raises it once the peer is
/// authenticated, from its own task), hence an atomic.
///
/// Before authentication a peer is anyone who can reach the port (sshd's pre-auth stance): it
/// gets ``ProtocolLimits/preAuthMaxFrameBytes``, enough for `hello` and `auth`, so a flood of
/// unauthenticated connections cannot make the agent buffer megabytes each.
public final class FrameLimit: Sendable {
    private let bytes: Atomic<Int>

    public init(bytes: Int) {
        self.bytes = Atomic(bytes)
    }

    /// The current limit in bytes.
    public var current: Int { bytes.load(ordering: .relaxed) }

    /// Sets the limit, e.g. to ``ProtocolLimits/defaultMaxFrameBytes`` after authentication.
    public func set(_ newBytes: Int) {
        bytes.store(newBytes, ordering: .relaxed)
    }
}
