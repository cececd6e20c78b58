import BarrageCore

/// Everything the report page and the live dashboard draw, as one JSON object.
///
/// ```
/// {"title": "...", "url": "...", "live": false, "agents": ["a", "b"],
///  "summary": "<the text summary>", "thresholds": [{"metric": "http_req_duration", "expression": "p(95)<500",
///  "passed": true, "observed": "p(95)=41ms"}], "notes": [...],
///  "seconds": [<SecondRow objects, see SecondRow+JSON>], "requests": [<RequestRow objects>],
///  "views": [<ReportView objects: the whole run, then each scenario>],
///  "status": {"elapsed_seconds": 3.2, "planned_seconds": 30, "finished": false,
///             "agents": [{"name": "a", "state": "running", "vus": 50}]}}
/// ```
/// `status` is the dashboard's; a finished report has `finished: true`.
public struct ReportData: Sendable {
    /// One agent's line in the status block.
    public struct AgentStatus: Sendable, Equatable {
        public var name: String
        /// `running`, `done`, `lost`, `waiting`, ...
        public var state: String
        public var activeVUs: Int

        public init(name: String, state: String, activeVUs: Int) {
            self.name = name
            self.state = state
            self.activeVUs = activeVUs
        }
    }

    public var title: String
    public var url: String
    /// Whether the page polls `/data` (the dashboard) or is a finished report.
    public var live: Bool
    /// Agent names in the order given.
    public var agents: [String]
    /// The text summary, as printed (plain, no colors); empty while running.
    public var summary: String
    public var thresholds: [ThresholdResult]
    public var notes: [String]
    public var seconds: [SecondRow]
    public var requests: [RequestRow]
    /// The KPI tiles, checks and per-name rows: the whole run first, then each scenario.
    public var views: [ReportView]
    public var elapsedMicros: Int64
    public var plannedMicros: Int64
    public var finished: Bool
    public var agentStatus: [AgentStatus]

    public init(
        title: String, url: String, live: Bool, agents: [String], summary: String = "", thresholds: [ThresholdResult] = [],
        notes: [String] = [], seconds: [SecondRow], requests: [RequestRow] = [], views: [ReportView] = [], elapsedMicros: Int64,
        plannedMicros: Int64, finished: Bool, agentStatus: [AgentStatus] = []
    ) {
        self.views = views
        self.title = title
        self.url = url
        self.live = live
        self.agents = agents
        self.summary = summary
        self.thresholds = thresholds
        self.notes = notes
        self.seconds = seconds
        self.requests = requests
        self.elapsedMicros = elapsedMicros
        self.plannedMicros = plannedMicros
        self.finished = finished
        self.agentStatus = agentStatus
    }

    /// The object on one line.
    public func json() -> String {
        JSONValue.object([
            "title": .string(title),
            "url": .string(url),
            "live": .bool(live),
            "agents": .array(agents.map(JSONValue.string)),
            "summary": .string(summary),
            "thresholds": .array(thresholds.map { result in
                .object([
                    "metric": .string(result.metricName), "expression": .string(result.text),
                    "passed": .bool(result.passed), "observed": .string(result.observedText),
                ])
            }),
            "notes": .array(notes.map(JSONValue.string)),
            "seconds": .array(seconds.map(\.json)),
            "requests": .array(requests.map(\.json)),
            "views": .array(views.map(\.json)),
            "status": .object([
                "elapsed_seconds": .rounded(Double(elapsedMicros) / 1_000_000, places: 1),
                "planned_seconds": .rounded(Double(plannedMicros) / 1_000_000, places: 1),
                "finished": .bool(finished),
                "agents": .array(agentStatus.map { agent in
                    .object(["name": .string(agent.name), "state": .string(agent.state), "vus": .integer(Int64(agent.activeVUs))])
                }),
            ]),
        ]).compact()
    }
}
