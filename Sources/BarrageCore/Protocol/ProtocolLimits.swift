/// Sizes and intervals of the wire protocol that both peers rely on (docs/PROTOCOL.md, "Limits").
public enum ProtocolLimits {
    /// The default maximum length of one frame in bytes, excluding the `\n` (and an optional `\r`)
    /// that ends it. A peer receiving a longer frame sends `frame_too_large` and closes.
    public static let defaultMaxFrameBytes = 4 * 1024 * 1024

    /// The longest frame accepted before the peer has authenticated, in bytes: `hello`, `auth`,
    /// `auth_ok` and the clock-sync `ping`/`pong` fit many times over.
    public static let preAuthMaxFrameBytes = 8 * 1024

    /// The most connections an agent keeps that have not authenticated yet; more are closed at
    /// once, so a flood of connections cannot exhaust its memory or descriptors.
    public static let maxUnauthenticatedConnections = 16

    /// The most connections a coordinator's join listener (`--listen-agents`) keeps that have not
    /// finished the handshake; more are closed at once. A handshake takes milliseconds, so a refused
    /// agent gets in on one of its retries; a flood costs at most this many sockets.
    public static let maxJoiningConnections = 64

    /// How long the coordinator gives a connection to finish TLS, `hello`/`auth` and the clock sync,
    /// in microseconds, before it closes it (the agent gives a coordinator as long to authenticate).
    public static let handshakeTimeoutMicros: Int64 = 10_000_000

    /// How long an authenticated connection with no run may stay silent before the agent closes
    /// it, in microseconds (the coordinator pings every second while connected).
    public static let idleConnectionTimeoutMicros: Int64 = 60_000_000

    /// The longest agent or coordinator name accepted, in characters.
    public static let maxNameLength = 256

    /// The size of the random challenge in `hello`, in bytes (sent as twice as many hex digits).
    public static let challengeBytes = 32

    /// The longest the coordinator waits between two `ping`s during a run, in microseconds: well
    /// inside the agents' 10 s dead-man limit, and no more often than that needs (at 1000 agents
    /// each ping and pong is a TLS record and a write on every connection, the coordinator's largest
    /// cost after reading samples).
    public static let heartbeatIntervalMicros: Int64 = 3_000_000

    /// How often an agent sends a `sample` during a run, in microseconds.
    public static let sampleIntervalMicros: Int64 = 1_000_000

    /// How long an agent with a prepared or running run waits without any frame from the
    /// coordinator before it stops the run with reason `coordinator_lost`, in microseconds.
    public static let coordinatorLostAfterMicros: Int64 = 10_000_000
}
