extension Message {
    /// `ping`, coordinator → agent: a clock-sync probe, and the heartbeat during a run.
    ///
    /// The coordinator sends several before `prepare` to estimate the agent's clock offset from
    /// round trips, and at least every ``ProtocolLimits/heartbeatIntervalMicros`` during a run.
    public struct Ping: Codable, Sendable, Equatable {
        /// Increases by one per `ping` on a connection, starting at 0.
        public var seq: UInt64
        /// The coordinator's wall clock when sent, µs since the Unix epoch.
        public var sentMicros: Int64
        /// `false` on a run's heartbeat: the agent answers nothing (its samples already say it is
        /// alive, and a pong per agent every 3 s was a quarter of the frames a coordinator read).
        /// Absent (nil) means answer, as for clock-sync probes.
        public var reply: Bool?

        public init(seq: UInt64, sentMicros: Int64, reply: Bool? = nil) {
            self.seq = seq
            self.sentMicros = sentMicros
            self.reply = reply
        }

        /// Whether the agent answers with a `pong`.
        public var wantsReply: Bool { reply ?? true }

        enum CodingKeys: String, CodingKey {
            case seq
            case sentMicros = "sent_micros"
            case reply
        }
    }

    /// `pong`, agent → coordinator: the answer to one `ping`.
    public struct Pong: Codable, Sendable, Equatable {
        /// The `seq` of the `ping` answered.
        public var seq: UInt64
        /// The `ping`'s `sent_micros`, echoed (coordinator clock).
        public var sentMicros: Int64
        /// The agent's wall clock when it answered, µs since the Unix epoch.
        public var agentMicros: Int64

        public init(seq: UInt64, sentMicros: Int64, agentMicros: Int64) {
            self.seq = seq
            self.sentMicros = sentMicros
            self.agentMicros = agentMicros
        }

        enum CodingKeys: String, CodingKey {
            case seq
            case sentMicros = "sent_micros"
            case agentMicros = "agent_micros"
        }
    }
}
