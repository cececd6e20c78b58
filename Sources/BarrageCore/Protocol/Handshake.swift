extension Message {
    /// `hello`, agent → coordinator: the first frame on every connection.
    public struct Hello: Codable, Sendable, Equatable {
        /// The protocol version the agent speaks (``ProtocolVersion/current``).
        public var version: Int
        /// A name for logs and the summary, e.g. the host name.
        public var agentName: String
        /// ``ProtocolLimits/challengeBytes`` random bytes as lower-case hex, fresh per connection.
        public var challenge: String
        /// The most VUs this agent accepts in one `prepare`.
        public var maxVUs: Int
        /// CPU cores the agent can use.
        public var cores: Int
        /// The run the agent is busy with (prepared or running, for another connection); absent
        /// when idle. `coord agents` shows it.
        public var busyRunId: String?

        public init(
            version: Int = ProtocolVersion.current, agentName: String, challenge: String, maxVUs: Int, cores: Int,
            busyRunId: String? = nil
        ) {
            self.version = version
            self.agentName = agentName
            self.challenge = challenge
            self.maxVUs = maxVUs
            self.cores = cores
            self.busyRunId = busyRunId
        }

        enum CodingKeys: String, CodingKey {
            case version
            case agentName = "agent_name"
            case challenge
            case maxVUs = "max_vus"
            case cores
            case busyRunId = "busy_run_id"
        }
    }

    /// `auth`, coordinator → agent: proves the coordinator holds the shared token.
    public struct Auth: Codable, Sendable, Equatable {
        /// The protocol version the coordinator speaks.
        public var version: Int
        /// A name for the agent's logs.
        public var coordinatorName: String
        /// Lower-case hex of HMAC-SHA256 with the token's bytes as key over the challenge's bytes.
        public var response: String

        public init(version: Int = ProtocolVersion.current, coordinatorName: String, response: String) {
            self.version = version
            self.coordinatorName = coordinatorName
            self.response = response
        }

        enum CodingKeys: String, CodingKey {
            case version
            case coordinatorName = "coordinator_name"
            case response
        }
    }

    /// `auth_ok`, agent → coordinator: the response matched; the connection is authenticated.
    public struct AuthOk: Codable, Sendable, Equatable {
        public init() {}
    }
}
