/// What one agent (or the local engine) is asked to run: the workload, not where or when.
///
/// The coordinator builds one per agent from the user's flags and the VU split; all durations are
/// in microseconds so the struct travels as plain JSON.
public struct RunSpec: Codable, Sendable, Equatable {
    /// Absolute `http://` or `https://` URL each iteration requests.
    public var url: String
    /// The VUs this agent runs.
    public var vus: Int
    public var durationMicros: Int64
    public var thinkTime: ThinkTime
    public var timeoutMicros: Int64
    public var gracefulStopMicros: Int64
    /// Statuses that pass the default check; empty means any 2xx.
    public var expectedStatuses: [Int]
    /// Event loops (threads) on the agent; 0 means one per core.
    public var threads: Int
    /// Also record the HTTP phases that only the verbose summary shows (blocked, connecting,
    /// tls_handshaking, sending); nil means no. Waiting and receiving are always recorded.
    public var recordPhases: Bool?
    /// The requests of one iteration; nil means one GET of ``url`` checked against
    /// ``expectedStatuses`` (the command-line workload).
    public var requests: [RequestSpec]?
    /// How VUs and iterations are scheduled, for the WHOLE test; nil means `constant-vus` with
    /// ``vus`` for ``durationMicros`` (this agent's VUs, already split).
    public var executor: ExecutorConfig?
    /// This agent's part of ``executor``'s test; nil means all of it.
    public var segment: ExecutionSegment?

    public init(
        url: String, vus: Int, durationMicros: Int64, thinkTime: ThinkTime = .none,
        timeoutMicros: Int64 = 60_000_000, gracefulStopMicros: Int64 = 30_000_000,
        expectedStatuses: [Int] = [], threads: Int = 0
    ) {
        self.url = url
        self.vus = vus
        self.durationMicros = durationMicros
        self.thinkTime = thinkTime
        self.timeoutMicros = timeoutMicros
        self.gracefulStopMicros = gracefulStopMicros
        self.expectedStatuses = expectedStatuses
        self.threads = threads
    }

    /// The requests each iteration makes, in order.
    public var iterationRequests: [RequestSpec] {
        requests ?? [RequestSpec(name: url, url: url, checks: RequestChecks(statuses: expectedStatuses))]
    }

    /// Every check name an agent of this run may report (a `sample`'s `checks` keys).
    public var checkNames: Set<String> { Set(iterationRequests.flatMap(\.checkNames)) }

    /// This agent's schedule: its segment of the executor.
    public var executorPlan: ExecutorPlan {
        ExecutorPlan(config: executor ?? .constantVUs(vus: vus, durationMicros: durationMicros), segment: segment ?? .full)
    }

    /// The wire names (docs/PROTOCOL.md, `prepare.spec`).
    enum CodingKeys: String, CodingKey {
        case url, vus
        case durationMicros = "duration_micros"
        case thinkTime = "think_time"
        case timeoutMicros = "timeout_micros"
        case gracefulStopMicros = "graceful_stop_micros"
        case expectedStatuses = "expected_statuses"
        case threads
        case recordPhases = "record_phases"
        case requests, executor, segment
    }
}
