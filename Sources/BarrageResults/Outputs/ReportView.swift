import BarrageCore

/// One view of the report page: the whole run, or one scenario of it. The page shows its KPI
/// tiles (requests per second, p95, failed, VUs, data) and, when the view has them, its checks
/// and per-name rows; a tab per view picks which.
///
/// ```
/// {"name": "all", "label": "whole run", "executor": "", "window": "whole run",
///  "kpi": {"http_reqs": 4950, "req_per_s": 408.1, "http_req_failed": 0, "failed_rate": 0, "p95_ms": 3.35,
///          "iterations": 2475, "vus": 23, "vus_max": 25, "data_received_bytes": 120000000,
///          "data_received_per_s": 9900000, "checks_passed": 4950, "checks_failed": 0},
///  "checks": [{"name": "feed: status is 200", "passes": 2475, "fails": 0}],
///  "requests": [<RequestRow objects, the first named "total">]}
/// ```
public struct ReportView: Sendable {
    /// `all`, or the scenario's name.
    public var name: String
    /// What the tab says: `whole run`, or the scenario's name.
    public var label: String
    /// The scenario's executor; empty for the whole run.
    public var executor: String
    /// What the figures cover, e.g. `whole run`, or `last 10 s` on the live page.
    public var window: String
    public var metrics: MetricsSnapshot
    /// The time the rates divide by, µs.
    public var elapsedMicros: Int64
    public var vus: Int
    public var vusMax: Int
    /// Check names in the order the scenario defines them; others follow, sorted.
    public var checkNames: [String]
    public var requests: [RequestRow]

    public init(
        name: String, label: String, executor: String = "", window: String, metrics: MetricsSnapshot, elapsedMicros: Int64,
        vus: Int, vusMax: Int, checkNames: [String] = [], requests: [RequestRow] = []
    ) {
        self.name = name
        self.label = label
        self.executor = executor
        self.window = window
        self.metrics = metrics
        self.elapsedMicros = elapsedMicros
        self.vus = vus
        self.vusMax = vusMax
        self.checkNames = checkNames
        self.requests = requests
    }

    /// The whole run and then each scenario of a finished run, in file order.
    public static func finished(_ report: RunReport) -> [ReportView] {
        let whole = ReportView(
            name: "all", label: "whole run", window: "whole run", metrics: report.metrics, elapsedMicros: report.elapsedMicros,
            vus: report.vus, vusMax: report.vusMaxGauge, checkNames: report.checkNames,
            requests: [RequestRow.wholeRun(report)] + RequestRow.perSeries(report))
        let scenarios = report.scenarios.map { scenario in
            ReportView(
                name: scenario.name, label: scenario.name, executor: scenario.executor.name, window: "whole run",
                metrics: report.metrics.scenarios[scenario.name] ?? MetricsSnapshot(), elapsedMicros: report.elapsedMicros,
                vus: scenario.executor.maxVUs, vusMax: scenario.executor.maxVUs)
        }
        return [whole] + scenarios
    }

    /// Checks in ``checkNames`` order, then any others by name.
    var orderedChecks: [(name: String, tally: CheckTally)] {
        let known = Set(checkNames)
        let names = checkNames.filter { metrics.checks[$0] != nil } + metrics.checks.keys.filter { !known.contains($0) }.sorted()
        return names.compactMap { name in metrics.checks[name].map { (name, $0) } }
    }

    var json: JSONValue {
        let counters = metrics.counters
        let latency = LatencySummary(metrics.histogram(.httpReqDuration))
        let seconds = Double(max(elapsedMicros, 1)) / 1_000_000
        let kpi: [String: JSONValue] = [
            "http_reqs": .count(counters.httpReqs),
            "req_per_s": .rounded(SecondRow.rate(counters.httpReqs, lengthMicros: elapsedMicros), places: 2),
            "http_req_failed": .count(counters.httpReqFailed),
            "failed_rate": .rounded(counters.httpReqs > 0 ? Double(counters.httpReqFailed) / Double(counters.httpReqs) : 0, places: 4),
            "p95_ms": latency.count > 0 ? .rounded(latency.p95Millis) : .null,
            "iterations": .count(counters.iterations),
            "vus": .integer(Int64(vus)),
            "vus_max": .integer(Int64(vusMax)),
            "data_received_bytes": .count(counters.dataReceivedBytes),
            "data_received_per_s": .rounded(Double(counters.dataReceivedBytes) / seconds, places: 0),
            "checks_passed": .count(counters.checksPassed),
            "checks_failed": .count(counters.checksFailed),
        ]
        return .object([
            "name": .string(name), "label": .string(label), "executor": .string(executor), "window": .string(window),
            "kpi": .object(kpi),
            "checks": .array(orderedChecks.map { check in
                .object(["name": .string(check.name), "passes": .count(check.tally.passes), "fails": .count(check.tally.fails)])
            }),
            "requests": .array(requests.map(\.json)),
        ])
    }
}
