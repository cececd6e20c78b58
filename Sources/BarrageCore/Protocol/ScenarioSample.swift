/// One scenario's part of a ``Message/Sample`` in a test of several scenarios: its requests and
/// iterations of the interval, so the coordinator merges `http_reqs{scenario:NAME}`,
/// `iterations{scenario:NAME}` and `http_req_duration{scenario:NAME}` across agents.
public struct ScenarioSample: Codable, Sendable, Equatable {
    /// The scenario's name (a key of the run's `spec.scenarios`).
    public var name: String
    public var counters: Counters
    /// http_req_duration of its requests: base64 HdrHistogram V2, as in ``Message/Sample/histograms``.
    public var httpReqDuration: String
    /// iteration_duration of its iterations, in the same encoding.
    public var iterationDuration: String

    public init(name: String, counters: Counters, httpReqDuration: String, iterationDuration: String) {
        self.name = name
        self.counters = counters
        self.httpReqDuration = httpReqDuration
        self.iterationDuration = iterationDuration
    }

    enum CodingKeys: String, CodingKey {
        case name, counters
        case httpReqDuration = "http_req_duration"
        case iterationDuration = "iteration_duration"
    }

    /// The trend metrics a scenario's part carries.
    public static let trends: [TrendMetric] = [.httpReqDuration, .iterationDuration]
}
