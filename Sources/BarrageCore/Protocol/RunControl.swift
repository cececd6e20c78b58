extension Message {
    /// `prepare`, coordinator → agent: the workload of one run. Answered by `ready` or `error`.
    public struct Prepare: Codable, Sendable, Equatable {
        /// Identifies the run in every later message; chosen by the coordinator.
        public var runId: String
        /// This agent's position in the coordinator's agent list, from 0.
        public var agentIndex: Int
        /// What this agent runs: its share of the VUs and the workload.
        public var spec: RunSpec

        public init(runId: String, agentIndex: Int, spec: RunSpec) {
            self.runId = runId
            self.agentIndex = agentIndex
            self.spec = spec
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case agentIndex = "agent_index"
            case spec
        }
    }

    /// `ready`, agent → coordinator: the run is prepared (VUs allocated) and can start.
    public struct Ready: Codable, Sendable, Equatable {
        public var runId: String

        public init(runId: String) { self.runId = runId }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
        }
    }

    /// `start`, coordinator → agent: begin load at a given time on the agent's own clock.
    public struct Start: Codable, Sendable, Equatable {
        public var runId: String
        /// When to begin, agent wall clock, µs since the Unix epoch (coordinator time plus the
        /// offset measured with `ping`/`pong`). A time in the past means "now".
        public var startAtMicros: Int64

        public init(runId: String, startAtMicros: Int64) {
            self.runId = runId
            self.startAtMicros = startAtMicros
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case startAtMicros = "start_at_micros"
        }
    }

    /// `started`, agent → coordinator: load actually began.
    public struct Started: Codable, Sendable, Equatable {
        public var runId: String
        /// When the first VU started, agent wall clock, µs since the Unix epoch.
        public var startedAtMicros: Int64

        public init(runId: String, startedAtMicros: Int64) {
            self.runId = runId
            self.startedAtMicros = startedAtMicros
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case startedAtMicros = "started_at_micros"
        }
    }

    /// `stop`, coordinator → agent: end the run before its duration is over (e.g. Ctrl-C).
    public struct Stop: Codable, Sendable, Equatable {
        public var runId: String
        /// How long running iterations may take to finish, µs; 0 interrupts them now.
        public var gracefulStopMicros: Int64

        public init(runId: String, gracefulStopMicros: Int64) {
            self.runId = runId
            self.gracefulStopMicros = gracefulStopMicros
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case gracefulStopMicros = "graceful_stop_micros"
        }
    }

    /// `done`, agent → coordinator: the run is over; no `sample` for it follows.
    public struct Done: Codable, Sendable, Equatable {
        /// Why the run ended.
        public enum Reason: String, Codable, Sendable, CaseIterable {
            /// The duration (plus graceful stop) elapsed.
            case completed
            /// The coordinator sent `stop`.
            case stopped
            /// No frame from the coordinator for ``ProtocolLimits/coordinatorLostAfterMicros``.
            case coordinatorLost = "coordinator_lost"
        }

        public var runId: String
        public var reason: Reason
        /// How many `sample`s the agent sent for this run, so the coordinator can tell none was lost.
        public var samplesSent: UInt64

        public init(runId: String, reason: Reason, samplesSent: UInt64) {
            self.runId = runId
            self.reason = reason
            self.samplesSent = samplesSent
        }

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case reason
            case samplesSent = "samples_sent"
        }
    }
}
