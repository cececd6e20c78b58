/// What one agent (or the local engine) is asked to run: the workload, not where or when.
///
/// The workload travels one way only: the WHOLE test's ``executor`` plus this agent's
/// ``segment`` of it. A plain `--vus N --duration D` run is `constant-vus` like any other; each
/// agent's VUs are `segment.scale(vus)`, never a count written in separately. All durations are in
/// microseconds so the struct travels as plain JSON.
public struct RunSpec: Codable, Sendable, Equatable {
    /// Absolute `http://` or `https://` URL each iteration requests.
    public var url: String
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
    /// Named flows (`flows:` in a file; `default` is the file's `requests:` when it uses any other
    /// step than a request); nil: the one flow is ``requests`` (RunSpec+Flows.swift).
    public var flows: [String: [Step]]?
    /// Per-VU session state: cookies, HTTP options, the agent's identity; nil: the defaults.
    public var session: SessionSpec?
    // Decoded after the fields above (declaration order), so their errors are named first.
    /// How VUs and iterations are scheduled, for the WHOLE test.
    public var executor: ExecutorConfig
    /// This agent's part of ``executor``'s test (``ExecutionSegment/full`` for a single agent).
    public var segment: ExecutionSegment
    /// The test's scenarios, run at the same time (RunSpec+Scenarios.swift); nil: one scenario,
    /// ``executor`` and ``segment`` above.
    public var scenarios: [ScenarioSpec]?
    /// What the test's setup extracted, for `${setup.NAME}` and `setup.NAME` (RunSpec+Setup.swift);
    /// nil without a setup. Before setup runs the coordinator holds the names with empty values.
    public var setupValues: [String: String]?
    /// The file's `setup:` and `teardown:` steps: the coordinator runs each once on one agent
    /// (as a ``OnceStage`` spec); not part of `prepare`, hence no coding key.
    public var setup: [Step]? = nil
    public var teardown: [Step]? = nil

    public init(
        url: String, executor: ExecutorConfig, segment: ExecutionSegment = .full, thinkTime: ThinkTime = .none,
        timeoutMicros: Int64 = 60_000_000, gracefulStopMicros: Int64 = 30_000_000,
        expectedStatuses: [Int] = [], threads: Int = 0
    ) {
        self.url = url
        self.executor = executor
        self.segment = segment
        self.thinkTime = thinkTime
        self.timeoutMicros = timeoutMicros
        self.gracefulStopMicros = gracefulStopMicros
        self.expectedStatuses = expectedStatuses
        self.threads = threads
    }

    /// A `constant-vus` test of `vus` VUs for `durationMicros`, all of it on this agent.
    public init(
        url: String, vus: Int, durationMicros: Int64, thinkTime: ThinkTime = .none,
        timeoutMicros: Int64 = 60_000_000, gracefulStopMicros: Int64 = 30_000_000,
        expectedStatuses: [Int] = [], threads: Int = 0
    ) {
        self.init(
            url: url, executor: .constantVUs(vus: vus, durationMicros: durationMicros), thinkTime: thinkTime,
            timeoutMicros: timeoutMicros, gracefulStopMicros: gracefulStopMicros, expectedStatuses: expectedStatuses,
            threads: threads)
    }

    /// The whole test's most VUs at once (what the coordinator splits across agents): with several
    /// scenarios, the sum of theirs.
    public var vus: Int { scenarios.map(Self.totalVUs) ?? executor.maxVUs }

    /// The whole test's active window, µs: with several scenarios, until the last one's ends.
    public var durationMicros: Int64 { scenarios.map(Self.lastEndMicros) ?? executor.activeWindowMicros }

    /// Every request any iteration may make, in flow order (the default flow's first).
    public var iterationRequests: [RequestSpec] { flowRequests }

    /// Every check name an agent of this run may report (a `sample`'s `checks` keys).
    public var checkNames: Set<String> {
        // With scenarios, each one's names as its loops run them (its own `${env.NAME}` filled in).
        (scenarios == nil ? Set(iterationRequests.flatMap(\.checkNames)) : scenarioCheckNames).union(loopCheckNames)
    }

    /// This agent's schedule: its segment of the executor.
    public var executorPlan: ExecutorPlan { ExecutorPlan(config: executor, segment: segment) }

    /// The wire names (docs/PROTOCOL.md, `prepare.spec`).
    enum CodingKeys: String, CodingKey {
        case url
        case thinkTime = "think_time"
        case timeoutMicros = "timeout_micros"
        case gracefulStopMicros = "graceful_stop_micros"
        case expectedStatuses = "expected_statuses"
        case threads
        case recordPhases = "record_phases"
        case requests, flows, session, executor, segment, scenarios
        case setupValues = "setup_values"
    }
}
