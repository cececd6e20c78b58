/// A test as a scenario file describes it (`coord run config/feed.yaml`), before command-line
/// flags override parts of it. Its keys follow k6's option names.
public struct Scenario: Sendable, Equatable {
    /// The scenario's name (the key under `scenarios:`).
    public var name: String
    /// Base URL that relative request paths resolve against (`target:`), without trailing slashes.
    public var target: String?
    /// The requests of one iteration, in order, with absolute URLs and the file's default headers
    /// already applied (a request's own header of the same name wins).
    public var requests: [RequestSpec]
    /// Think time after each iteration (`sleep:` at the top level), after the requests' own.
    public var iterationSleep: ThinkTime?
    public var executor: ExecutorConfig
    /// k6's `gracefulStop` of the scenario, µs.
    public var gracefulStopMicros: Int64?
    /// Per-request timeout (`timeout:`), µs.
    public var timeoutMicros: Int64?
    public var thresholds: [Threshold]
    /// `cookies:` and `http:`; nil when the file sets neither.
    public var session: SessionSpec?
    /// `data:`: the data sets, read whole (agents get their slices when the run is planned).
    public var data: [DataSource] = []
    /// Every scenario under `scenarios:`, in file order (the first is also ``name``, ``executor``
    /// and ``gracefulStopMicros``); empty for a scenario built in code, which is that one alone.
    public var scenarios: [ScenarioSpec] = []
    /// `flows:` and, when it holds more than requests, `requests:` as the flow `default`; empty
    /// when the file is a plain request list (then ``requests`` is the whole workload).
    public var flows: [String: [Step]] = [:]
    /// `setup:` and `teardown:`: steps run once in the whole test, before and after the load.
    public var setup: [Step]?
    public var teardown: [Step]?

    public init(
        name: String, target: String? = nil, requests: [RequestSpec], iterationSleep: ThinkTime? = nil,
        executor: ExecutorConfig, gracefulStopMicros: Int64? = nil, timeoutMicros: Int64? = nil,
        thresholds: [Threshold] = []
    ) {
        self.name = name
        self.target = target
        self.requests = requests
        self.iterationSleep = iterationSleep
        self.executor = executor
        self.gracefulStopMicros = gracefulStopMicros
        self.timeoutMicros = timeoutMicros
        self.thresholds = thresholds
    }
}
