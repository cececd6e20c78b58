import BarrageCore

/// How an agent serves: where it listens, whom it trusts, what it agrees to run.
public struct AgentConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var name: String
    /// The shared secret a coordinator must prove it knows.
    public var token: String
    /// Hosts runs may target; empty allows any host.
    public var allowedTargets: [String]
    public var maxVUs: Int
    /// Silence from the coordinator after which load stops (the dead-man switch).
    public var coordinatorTimeout: Duration
    /// How long a new connection has to authenticate.
    public var authTimeout: Duration
    /// Log events to stderr; off for the in-process agent of local mode.
    public var logging = true
    /// The most data-set bytes (fields and offsets) one run may send this agent.
    public var maxDataBytes = 1 << 30

    public init(
        host: String = "127.0.0.1", port: Int = 7070, name: String, token: String,
        allowedTargets: [String] = [], maxVUs: Int = 100_000,
        coordinatorTimeout: Duration = .microseconds(ProtocolLimits.coordinatorLostAfterMicros), authTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.name = name
        self.token = token
        self.allowedTargets = allowedTargets
        self.maxVUs = maxVUs
        self.coordinatorTimeout = coordinatorTimeout
        self.authTimeout = authTimeout
    }

    /// Whether a run against `host` is allowed.
    public func allows(host: String) -> Bool {
        allowedTargets.isEmpty || allowedTargets.contains { $0.lowercased() == host.lowercased() }
    }
}
