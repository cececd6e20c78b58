import BarrageCore

/// One agent's share of one second of a run: what the per-agent columns of the outputs show.
public struct AgentSecond: Sendable, Equatable {
    /// The agent's name as given on the command line (or `local`).
    public var name: String
    /// The length of the agent's sample interval, µs.
    public var lengthMicros: Int64
    /// Requests, iterations, bytes and errors the agent counted in that second.
    public var counters: Counters
    /// VUs running on the agent at the end of the second.
    public var activeVUs: Int
    /// CPU used by the agent process; 100 is one full core.
    public var processCPUPercent: Double
    /// CPU used by the agent's whole host, 0...100 across all cores.
    public var hostCPUPercent: Double
    /// Bytes received on the agent's network interfaces during the second (0 for its first sample).
    public var netRxBytes: UInt64
    /// Bytes sent on the agent's network interfaces during the second (0 for its first sample).
    public var netTxBytes: UInt64

    public init(
        name: String, lengthMicros: Int64, counters: Counters, activeVUs: Int, processCPUPercent: Double,
        hostCPUPercent: Double, netRxBytes: UInt64, netTxBytes: UInt64
    ) {
        self.name = name
        self.lengthMicros = lengthMicros
        self.counters = counters
        self.activeVUs = activeVUs
        self.processCPUPercent = processCPUPercent
        self.hostCPUPercent = hostCPUPercent
        self.netRxBytes = netRxBytes
        self.netTxBytes = netTxBytes
    }

    /// Requests per second of this agent.
    public var requestsPerSecond: Double { SecondRow.rate(counters.httpReqs, lengthMicros: lengthMicros) }
    /// Interface bytes received per second.
    public var netRxBytesPerSecond: Double { SecondRow.rate(netRxBytes, lengthMicros: lengthMicros) }
    /// Interface bytes sent per second.
    public var netTxBytesPerSecond: Double { SecondRow.rate(netTxBytes, lengthMicros: lengthMicros) }
}
