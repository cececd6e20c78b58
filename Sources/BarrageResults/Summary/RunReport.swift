import BarrageCore

/// A finished (or interrupted) run, reduced to the values the end-of-test summary needs.
///
/// The input to ``SummaryRenderer`` and ``SummaryExport``: built once by whoever ran the test
/// (the coordinator, or the CLI in local mode) after the last snapshot arrived. Pure data, so the
/// summary can be rendered and tested without a run.
public struct RunReport: Sendable {
    /// Counters and histograms merged over all agents and the whole run.
    public var metrics: MetricsSnapshot
    /// Wall time of the run actually measured; every per-second rate divides by this.
    public var elapsedMicros: Int64
    /// The duration the user asked for.
    public var plannedDurationMicros: Int64
    /// VUs running at the end (the value of k6's `vus` gauge).
    public var vus: Int
    /// Smallest and largest number of VUs seen during the run (the `vus` gauge's min and max).
    public var vusMin: Int
    public var vusMax: Int
    /// The URL every iteration requested.
    public var url: String
    /// Per-agent breakdown, in the order the agents were given; one entry in local mode.
    public var agents: [AgentReport]
    /// Largest minus smallest actual start time across agents, or `nil` if unknown.
    public var startSkewMicros: Int64?
    /// The largest estimated clock offset between the coordinator and an agent, or `nil` if unknown.
    public var maxClockOffsetMicros: Int64?
    /// Whether the run was stopped early by Ctrl-C.
    public var interrupted: Bool
    /// Warnings to print after the summary, one line each (e.g. an agent was lost).
    public var notes: [String]
    /// The scenario's request names in iteration order, for the per-name breakdown; empty for a
    /// command-line run (its one request is the URL).
    public var requestNames: [String] = []
    /// The plan's most VUs at once, for the header; nil shows ``vusMax``.
    public var plannedVUs: Int?
    /// VUs allocated across agents at most (k6's `vus_max`); nil shows ``vusMax``.
    public var vusAllocated: Int?
    /// The check names in the order the scenario defines them (k6 lists checks in that order);
    /// empty lists them sorted.
    public var checkNames: [String] = []
    /// The thresholds evaluated on the merged result (also written to the JSON export).
    public var thresholdResults: [ThresholdResult] = []
    /// The scenarios run, in file order, for the per-scenario table and export (their metrics are
    /// ``MetricsSnapshot/scenarios``); empty for a command-line run.
    public var scenarios: [ScenarioSpec] = []
    /// The group paths the flows declare (`::checkout`), for the per-group table and export
    /// (their metrics are the `group` parts of ``MetricsSnapshot/tagged``); a group never passed
    /// still gets its row.
    public var groupPaths: [String] = []

    public init(
        metrics: MetricsSnapshot, elapsedMicros: Int64, plannedDurationMicros: Int64,
        vus: Int, vusMin: Int, vusMax: Int, url: String, agents: [AgentReport] = [],
        startSkewMicros: Int64? = nil, maxClockOffsetMicros: Int64? = nil,
        interrupted: Bool = false, notes: [String] = []
    ) {
        self.metrics = metrics
        self.elapsedMicros = elapsedMicros
        self.plannedDurationMicros = plannedDurationMicros
        self.vus = vus
        self.vusMin = vusMin
        self.vusMax = vusMax
        self.url = url
        self.agents = agents
        self.startSkewMicros = startSkewMicros
        self.maxClockOffsetMicros = maxClockOffsetMicros
        self.interrupted = interrupted
        self.notes = notes
    }
}
