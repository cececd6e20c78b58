import BarrageCore

/// One agent's share of a run, for the per-agent table of the summary.
public struct AgentReport: Sendable {
    /// The agent's name as given on the command line (or `local`).
    public var name: String
    /// `host:port` the coordinator reached it at.
    public var address: String
    /// VUs this agent was asked to run.
    public var vus: Int
    /// This agent's own totals (what it reported before the run ended or it was lost).
    public var metrics: MetricsSnapshot
    /// Average CPU use of the agent process over the run, in percent of one core; `nil` if unknown.
    public var cpuPercent: Double?
    /// Whether the coordinator lost the connection to this agent during the run.
    public var lost: Bool
    /// When the agent was lost, as an offset from the run's start; `nil` if not lost or unknown.
    public var lostAtMicros: Int64?

    public init(
        name: String, address: String, vus: Int, metrics: MetricsSnapshot,
        cpuPercent: Double? = nil, lost: Bool = false, lostAtMicros: Int64? = nil
    ) {
        self.name = name
        self.address = address
        self.vus = vus
        self.metrics = metrics
        self.cpuPercent = cpuPercent
        self.lost = lost
        self.lostAtMicros = lostAtMicros
    }
}
