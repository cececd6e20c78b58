import BarrageCore

/// What a probe learned about one agent: how fast it can download the test's page.
public struct AgentCapacity: Sendable, Equatable {
    public var agent: String
    public var address: String
    public var bytesPerSecond: Double
    public var requestsPerSecond: Double
    public var errors: UInt64

    public init(agent: String, address: String, bytesPerSecond: Double, requestsPerSecond: Double, errors: UInt64) {
        self.agent = agent
        self.address = address
        self.bytesPerSecond = bytesPerSecond
        self.requestsPerSecond = requestsPerSecond
        self.errors = errors
    }
}

/// Turns probed capacities into plans: how many such agents a request rate needs, and VU weights.
public enum CapacityEstimate {
    /// Agents like the probed ones (their mean rate) needed for `requestsPerSecond`; nil if none could download.
    public static func agentsNeeded(forRequestsPerSecond goal: Double, capacities: [AgentCapacity]) -> Int? {
        let usable = capacities.filter { $0.requestsPerSecond > 0 }
        guard !usable.isEmpty, goal > 0 else { return nil }
        let mean = usable.map(\.requestsPerSecond).reduce(0, +) / Double(usable.count)
        return Int((goal / mean).rounded(.up))
    }

    /// Weights proportional to each agent's download rate, for `--weights auto`. An agent that
    /// could not download at all gets a token weight so the split stays defined; the probe's
    /// output says so.
    public static func weights(_ capacities: [AgentCapacity]) -> [Double] {
        let best = capacities.map(\.bytesPerSecond).max() ?? 0
        return capacities.map { best > 0 ? max($0.bytesPerSecond / best, 0.001) : 1 }
    }

    /// The probe's table, one line per agent, then the estimate for `goal` if given.
    public static func render(_ capacities: [AgentCapacity], pageBytes: Double, goal: Double?) -> String {
        var lines = ["  agent  address                 MB/s   req/s  errors"]
        for capacity in capacities {
            lines.append("  " + [
                SummaryRenderer.pad(capacity.agent, to: 6),
                SummaryRenderer.pad(capacity.address, to: 21),
                SummaryRenderer.padLeft(DecimalFormatter.padded(capacity.bytesPerSecond / 1e6, decimals: 1), to: 6),
                SummaryRenderer.padLeft(DecimalFormatter.fixed(capacity.requestsPerSecond, decimals: 0), to: 7),
                SummaryRenderer.padLeft("\(capacity.errors)", to: 7),
            ].joined(separator: " "))
        }
        let total = capacities.map(\.requestsPerSecond).reduce(0, +)
        lines.append("  page size \(ByteFormatter.format(pageBytes)); all agents together: about \(DecimalFormatter.fixed(total, decimals: 0)) req/s of this page")
        if let goal {
            if let needed = agentsNeeded(forRequestsPerSecond: goal, capacities: capacities) {
                lines.append("  \(DecimalFormatter.fixed(goal, decimals: 0)) req/s needs about \(needed) agent\(needed == 1 ? "" : "s") like these")
            } else {
                lines.append("  no agent could download the page: cannot estimate agents for \(DecimalFormatter.fixed(goal, decimals: 0)) req/s")
            }
        }
        return lines.joined(separator: "\n")
    }
}
