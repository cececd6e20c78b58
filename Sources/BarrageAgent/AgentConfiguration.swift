import BarrageCore

/// How an agent serves: where it listens, whom it trusts, what it agrees to run.
public struct AgentConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var name: String
    /// The shared secret a coordinator must prove it knows.
    public var token: String
    /// What runs may target (hosts, host:port, addresses, CIDR blocks); empty allows any.
    public var allowList: TargetAllowList
    public var maxVUs: Int
    /// Silence from the coordinator after which load stops (the dead-man switch).
    public var coordinatorTimeout: Duration
    /// How long a new connection has to finish TLS and authenticate.
    public var authTimeout: Duration
    /// How long an authenticated connection without a run may stay silent.
    public var idleTimeout: Duration
    /// Log events to stderr; off for the in-process agent of local mode.
    public var logging = true
    /// The most data-set bytes (fields and offsets) one run may send this agent.
    public var maxDataBytes = 1 << 30

    public init(
        host: String = "127.0.0.1", port: Int = 7070, name: String, token: String,
        allowList: TargetAllowList = TargetAllowList(entries: []), maxVUs: Int = 100_000,
        coordinatorTimeout: Duration = .microseconds(ProtocolLimits.coordinatorLostAfterMicros), authTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .microseconds(ProtocolLimits.idleConnectionTimeoutMicros)
    ) {
        self.host = host
        self.port = port
        self.name = name
        self.token = token
        self.allowList = allowList
        self.maxVUs = maxVUs
        self.coordinatorTimeout = coordinatorTimeout
        self.authTimeout = authTimeout
        self.idleTimeout = idleTimeout
    }
}
