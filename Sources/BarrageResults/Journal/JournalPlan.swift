import BarrageCore

/// The first line of a run's journal: what was run, on which agents, split how, and how the
/// summary is to be shown, so that ``JournalReplay`` can rebuild the run's summary from the file alone.
public struct JournalPlan: Codable, Sendable, Equatable {
    /// One agent of the run and its share of the VUs.
    public struct Agent: Codable, Sendable, Equatable {
        public var name: String
        /// `host:port` the coordinator reached it at.
        public var address: String
        public var vus: Int

        public init(name: String, address: String, vus: Int) {
            self.name = name
            self.address = address
            self.vus = vus
        }
    }

    /// A threshold as written (``Threshold`` itself is parsed again on replay).
    public struct ThresholdSource: Codable, Sendable, Equatable {
        /// The metric with its tag selector, e.g. `http_req_duration{name:feed}`.
        public var metric: String
        public var expressions: [String]
        public var abortOnFail: Bool
        public var delayAbortEvalMicros: Int64?

        public init(_ threshold: Threshold) {
            metric = threshold.name
            expressions = threshold.expressions.map(\.source)
            abortOnFail = threshold.abortOnFail
            delayAbortEvalMicros = threshold.delayAbortEvalMicros
        }

        enum CodingKeys: String, CodingKey {
            case metric, expressions
            case abortOnFail = "abort_on_fail"
            case delayAbortEvalMicros = "delay_abort_eval_micros"
        }
    }

    /// The journal format; a reader refuses a later one.
    public static let currentVersion = 1

    public var version: Int
    /// The short id in the results folder's name.
    public var runId: String
    /// The instant every agent was told to start, µs since the Unix epoch (coordinator clock).
    public var startMicros: Int64
    /// The whole test (its `vus` is the total, before the split).
    public var spec: RunSpec
    public var agents: [Agent]
    public var thresholds: [ThresholdSource]
    /// The summary's trend stats, k6 spelling (`avg`, `p(95)`).
    public var trendStats: [String]
    /// Whether the summary shows the HTTP phase metrics (`--verbose`).
    public var showPhases: Bool

    public init(
        runId: String, startMicros: Int64, spec: RunSpec, agents: [Agent], thresholds: [Threshold],
        trendStats: [TrendStat], showPhases: Bool
    ) {
        version = Self.currentVersion
        self.runId = runId
        self.startMicros = startMicros
        self.spec = spec
        self.agents = agents
        self.thresholds = thresholds.map(ThresholdSource.init)
        self.trendStats = trendStats.map(\.description)
        self.showPhases = showPhases
    }

    enum CodingKeys: String, CodingKey {
        case version
        case runId = "run_id"
        case startMicros = "start_micros"
        case spec, agents, thresholds
        case trendStats = "trend_stats"
        case showPhases = "show_phases"
    }
}
