/// One of the test's scenarios as it travels in `prepare.spec.scenarios`: its executor for the
/// WHOLE test plus this agent's segment of it, the flow its VUs run, when it starts and how long
/// its iterations may run on at its end (k6's `scenarios.NAME` keys).
///
/// Every scenario of a test runs at the same time, each with its own executor and VUs; the test
/// ends when every scenario has. All durations are in microseconds.
public struct ScenarioSpec: Codable, Sendable, Equatable {
    /// The key under `scenarios:` (the `scenario` tag of its metrics).
    public var name: String
    /// How the scenario's VUs and iterations are scheduled, for the WHOLE test.
    public var executor: ExecutorConfig
    /// This agent's part of ``executor`` (``ExecutionSegment/full`` for a single agent).
    public var segment: ExecutionSegment
    /// The flow its VUs run; ``defaultFlow`` is the file's top-level `requests:`.
    public var exec: String
    /// k6's `startTime`: the scenario begins this long after the test's start, µs.
    public var startTimeMicros: Int64
    /// k6's `gracefulStop`: iterations in flight at the end of its window may run this long, µs.
    public var gracefulStopMicros: Int64
    /// Tags added to every metric of the scenario, besides `scenario: NAME`.
    public var tags: [String: String]
    /// The values of `${env.NAME}` inside this scenario (k6's per-scenario `env`).
    public var env: [String: String]

    /// The flow named by top-level `requests:`.
    public static let defaultFlow = "default"

    public init(
        name: String, executor: ExecutorConfig, segment: ExecutionSegment = .full, exec: String = ScenarioSpec.defaultFlow,
        startTimeMicros: Int64 = 0, gracefulStopMicros: Int64 = 30_000_000, tags: [String: String] = [:],
        env: [String: String] = [:]
    ) {
        self.name = name
        self.executor = executor
        self.segment = segment
        self.exec = exec
        self.startTimeMicros = startTimeMicros
        self.gracefulStopMicros = gracefulStopMicros
        self.tags = tags
        self.env = env
    }

    /// This agent's schedule: its segment of the scenario's executor.
    public var executorPlan: ExecutorPlan { ExecutorPlan(config: executor, segment: segment) }

    /// When the scenario's window ends, µs from the test's start (saturating).
    public var endMicros: Int64 { startTimeMicros.addingSaturating(executor.activeWindowMicros) }

    /// The wire names (docs/PROTOCOL.md, `prepare.spec.scenarios`).
    enum CodingKeys: String, CodingKey {
        case name, executor, segment, exec
        case startTimeMicros = "start_time_micros"
        case gracefulStopMicros = "graceful_stop_micros"
        case tags, env
    }
}
