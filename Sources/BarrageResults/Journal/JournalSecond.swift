import BarrageCore

/// One closed second of a run, as the journal keeps it: every agent's share exactly as it
/// reported it (counters, every histogram, per-series and per-check data), plus the merged
/// counters and http_req_duration for readers that want no merging.
public struct JournalSecond: Codable, Sendable, Equatable {
    public var seq: UInt64
    /// When the second began, µs since the Unix epoch (coordinator clock).
    public var startMicros: Int64
    public var lengthMicros: Int64
    /// The agents' counters summed.
    public var counters: Counters
    /// VUs running at the end of the second, summed over agents.
    public var activeVUs: Int
    /// The merged http_req_duration: base64 HdrHistogram V2.
    public var httpReqDuration: String
    /// Each agent's share, in the order the agents were given.
    public var agents: [JournalAgentSecond]

    public init(
        seq: UInt64, startMicros: Int64, lengthMicros: Int64, counters: Counters, activeVUs: Int,
        httpReqDuration: String, agents: [JournalAgentSecond]
    ) {
        self.seq = seq
        self.startMicros = startMicros
        self.lengthMicros = lengthMicros
        self.counters = counters
        self.activeVUs = activeVUs
        self.httpReqDuration = httpReqDuration
        self.agents = agents
    }

    enum CodingKeys: String, CodingKey {
        case seq
        case startMicros = "start_micros"
        case lengthMicros = "length_micros"
        case counters
        case activeVUs = "active_vus"
        case httpReqDuration = "http_req_duration"
        case agents
    }
}

/// One agent's sample of one second, lossless: what the coordinator merged.
public struct JournalAgentSecond: Codable, Sendable, Equatable {
    public var name: String
    public var lengthMicros: Int64
    public var counters: Counters
    /// Trend metric name → base64 HdrHistogram V2, as the agent sent them.
    public var histograms: [String: String]
    /// The second's requests per `name`/`method`/`status`; absent when there were none.
    public var series: [SeriesSample]?
    public var checks: [String: CheckTally]?
    /// Each scenario's part, in a test of several scenarios (as the sample's `scenarios`); absent otherwise.
    public var scenarios: [ScenarioSample]?
    /// Each group's and request tag's part (as the sample's `tags`); absent when the flows have none.
    public var tags: [TagSample]?
    public var activeVUs: Int
    public var vusMax: Int?
    public var processCPUPercent: Double
    public var hostCPUPercent: Double
    /// Interface bytes during the second (0 for the agent's first).
    public var netRxBytes: UInt64
    public var netTxBytes: UInt64

    public init(
        name: String, lengthMicros: Int64, counters: Counters, histograms: [String: String], series: [SeriesSample]?,
        checks: [String: CheckTally]?, activeVUs: Int, vusMax: Int?, processCPUPercent: Double, hostCPUPercent: Double,
        netRxBytes: UInt64, netTxBytes: UInt64, scenarios: [ScenarioSample]? = nil, tags: [TagSample]? = nil
    ) {
        self.name = name
        self.lengthMicros = lengthMicros
        self.counters = counters
        self.histograms = histograms
        self.series = series
        self.checks = checks
        self.scenarios = scenarios
        self.tags = tags
        self.activeVUs = activeVUs
        self.vusMax = vusMax
        self.processCPUPercent = processCPUPercent
        self.hostCPUPercent = hostCPUPercent
        self.netRxBytes = netRxBytes
        self.netTxBytes = netTxBytes
    }

    /// The share as the outputs show it.
    public var agentSecond: AgentSecond {
        AgentSecond(
            name: name, lengthMicros: lengthMicros, counters: counters, activeVUs: activeVUs,
            processCPUPercent: processCPUPercent, hostCPUPercent: hostCPUPercent, netRxBytes: netRxBytes, netTxBytes: netTxBytes)
    }

    /// Everything the share measured, decoded (its scenario and tag parts too).
    /// - Throws: ``HdrCodecError`` for a histogram that does not decode or has another layout.
    public func snapshot() throws(HdrCodecError) -> MetricsSnapshot {
        var snapshot = MetricsSnapshot(counters: counters, trends: try SampleHistograms.decode(histograms), checks: checks ?? [:])
        for entry in series ?? [] {
            let trends = try SampleHistograms.decode([TrendMetric.httpReqDuration.name: entry.httpReqDuration])
            let key = SeriesKey(name: entry.name, method: entry.method, status: entry.status)
            snapshot.series[key, default: MetricsSnapshot()].merge(MetricsSnapshot(counters: entry.counters, trends: trends))
        }
        try SampleHistograms.merge(scenarios: scenarios, tags: tags, into: &snapshot)
        return snapshot
    }

    enum CodingKeys: String, CodingKey {
        case name
        case lengthMicros = "length_micros"
        case counters, histograms, series, checks, scenarios, tags
        case activeVUs = "active_vus"
        case vusMax = "vus_max"
        case processCPUPercent = "process_cpu_percent"
        case hostCPUPercent = "host_cpu_percent"
        case netRxBytes = "net_rx_bytes"
        case netTxBytes = "net_tx_bytes"
    }
}
