import BarrageCore

/// One second of a run, merged over every agent: one CSV row, one JSON line, one batch of
/// InfluxDB points, one point on each chart, one interval of the HDR log and the journal.
///
/// A closed second is a value: writers that need bytes (the journal, `--hdr-log`) encode
/// ``httpReqDuration`` themselves; nothing upstream encodes it.
public struct SecondRow: Sendable, Equatable {
    /// The agents' sample sequence number of this second (0 for the first).
    public var seq: UInt64 = 0
    /// When the second began, µs since the Unix epoch (coordinator clock).
    public var startMicros: Int64
    /// Its length, µs (the last one of a run may be shorter).
    public var lengthMicros: Int64
    /// Requests, iterations, bytes, checks and errors of the second, summed over agents.
    public var counters: Counters
    /// VUs running at the end of the second, summed over agents.
    public var activeVUs: Int
    /// The merged http_req_duration of the second.
    public var latency: LatencySummary
    /// Each agent's share, in the order the agents were given.
    public var agents: [AgentSecond]
    /// The second's requests per `name`/`method`/`status` (empty when not recorded).
    public var series: [SeriesSecond] = []
    /// The merged http_req_duration, as its non-empty buckets. Handed to the outputs with the
    /// second, then dropped from the run's timeline, as are ``shares``.
    public var httpReqDuration: SparseHistogram?
    /// Each agent's sample of the second, lossless, in the order the agents were given: what
    /// the journal keeps.
    public var shares: [JournalAgentSecond] = []

    public init(startMicros: Int64, lengthMicros: Int64, counters: Counters, activeVUs: Int, latency: LatencySummary, agents: [AgentSecond]) {
        self.startMicros = startMicros
        self.lengthMicros = lengthMicros
        self.counters = counters
        self.activeVUs = activeVUs
        self.latency = latency
        self.agents = agents
    }

    /// http_reqs in the second divided by its length.
    public var requestsPerSecond: Double { Self.rate(counters.httpReqs, lengthMicros: lengthMicros) }

    /// The start as Unix seconds with a fraction.
    public var unixSeconds: Double { Double(startMicros) / 1_000_000 }

    /// `count` per second over `lengthMicros`; 0 for an empty interval.
    static func rate(_ count: UInt64, lengthMicros: Int64) -> Double {
        lengthMicros > 0 ? Double(count) / (Double(lengthMicros) / 1_000_000) : 0
    }
}
