import BarrageCore

/// Watches each agent's per-second observations and says when the load generator itself is the
/// limit: its CPU is saturated, its event loop lags, or its network link is full.
///
/// Each finding needs several consecutive seconds of evidence, so a spike does not warn, and is
/// reported once per agent and resource. Network-bound means: the agent's received rate holds
/// steady (a plateau) while its VUs complete clearly fewer iterations than their count and think
/// time allow, and responses spend longer arriving than waiting for the server's first byte. A slow
/// server shows the opposite: time goes to waiting, and the received rate follows the iterations.
public struct LoadGeneratorWatch: Sendable {
    public struct Thresholds: Sendable {
        public var cpuPercent = 90.0
        public var loopLagMicros: Int64 = 100_000
        /// Seconds of evidence before a finding.
        public var window = 5
        /// First seconds of each agent not judged: every VU connects at once at the start.
        public var warmUp = 3
        /// Achieved over possible iteration rate below this, with a flat received rate: network-bound.
        public var iterationShortfall = 0.8
        /// Largest relative spread of the received rate that still counts as a plateau.
        public var plateauSpread = 0.25

        public init() {}
    }

    public let thresholds: Thresholds
    /// Mean think time per iteration, µs; with VUs it bounds the iteration rate.
    public let meanThinkMicros: Double
    /// All VUs of the run, to estimate the agents needed.
    public let plannedVUs: Int
    private var history: [String: [AgentObservation]] = [:]
    private var seen: [String: Int] = [:]
    private var reported: Set<String> = []

    public init(meanThinkMicros: Double, plannedVUs: Int, thresholds: Thresholds = Thresholds()) {
        self.meanThinkMicros = meanThinkMicros
        self.plannedVUs = plannedVUs
        self.thresholds = thresholds
    }

    /// Adds one second of `agent` and returns any new finding.
    public mutating func observe(agent: String, _ observation: AgentObservation) -> [LoadGeneratorInsight] {
        seen[agent, default: 0] += 1
        guard (seen[agent] ?? 0) > thresholds.warmUp else { return [] }
        var recent = history[agent, default: []]
        recent.append(observation)
        if recent.count > thresholds.window { recent.removeFirst(recent.count - thresholds.window) }
        history[agent] = recent
        guard recent.count == thresholds.window, recent.allSatisfy({ $0.activeVUs > 0 }) else { return [] }

        var findings: [LoadGeneratorInsight] = []
        // The agent's own process: host CPU also counts whatever else runs there (a lab on one
        // machine, the target itself), which shows up as event-loop lag if it starves the agent.
        if recent.allSatisfy({ $0.processCPUPercent >= thresholds.cpuPercent }) {
            let mean = recent.map(\.processCPUPercent).reduce(0, +) / Double(recent.count)
            let host = recent.map(\.hostCPUPercent).reduce(0, +) / Double(recent.count)
            findings.append(LoadGeneratorInsight(
                agent: agent, resource: .cpu,
                evidence: "its process used \(Int(mean.rounded()))% of the machine's CPU for \(recent.count)s "
                    + "(threshold \(Int(thresholds.cpuPercent))%, host \(Int(host.rounded()))%)",
                agentsNeeded: agentsNeeded(recent)))
        }
        if recent.allSatisfy({ $0.loopLagMicros >= thresholds.loopLagMicros }) {
            let worst = recent.map(\.loopLagMicros).max() ?? 0
            findings.append(LoadGeneratorInsight(
                agent: agent, resource: .eventLoop,
                evidence: "VUs woke up to \(worst / 1000)ms late for \(recent.count)s (threshold \(thresholds.loopLagMicros / 1000)ms)",
                agentsNeeded: agentsNeeded(recent)))
        }
        if let evidence = networkBound(recent) {
            findings.append(LoadGeneratorInsight(agent: agent, resource: .network, evidence: evidence, agentsNeeded: agentsNeeded(recent)))
        }
        return findings.filter { reported.insert("\($0.agent)/\($0.resource.rawValue)").inserted }
    }

    /// The iteration rate `vus` VUs could reach if only think time held them back.
    private func possibleRate(vus: Int) -> Double? {
        meanThinkMicros > 0 ? Double(vus) / (meanThinkMicros / 1e6) : nil
    }

    private func networkBound(_ recent: [AgentObservation]) -> String? {
        let rates = recent.map(\.receivedBytesPerSecond)
        guard let low = rates.min(), let high = rates.max(), high > 0 else { return nil }
        let mean = rates.reduce(0, +) / Double(rates.count)
        guard (high - low) / mean <= thresholds.plateauSpread else { return nil }
        let achieved = recent.map(\.iterationsPerSecond).reduce(0, +) / Double(recent.count)
        guard let vus = recent.last?.activeVUs, let possible = possibleRate(vus: vus),
              achieved < thresholds.iterationShortfall * possible else { return nil }
        let receiving = recent.map(\.meanReceivingMicros).reduce(0, +) / Double(recent.count)
        let waiting = recent.map(\.meanWaitingMicros).reduce(0, +) / Double(recent.count)
        guard receiving > waiting else { return nil }
        return "receiving a steady \(ByteFormatter.format(mean))/s (\(Self.megabits(mean)) Mbit/s) while its \(vus) VUs complete "
            + "\(Int(achieved.rounded())) iterations/s of the \(Int(possible.rounded())) their think time allows; "
            + "responses spend \(DurationFormatter.format(micros: receiving)) arriving vs \(DurationFormatter.format(micros: waiting)) waiting for the first byte"
    }

    /// How many agents achieving this agent's rate the whole test needs.
    private func agentsNeeded(_ recent: [AgentObservation]) -> Int? {
        let achieved = recent.map(\.iterationsPerSecond).reduce(0, +) / Double(recent.count)
        guard achieved > 0, let possible = possibleRate(vus: plannedVUs) else { return nil }
        return max(Int((possible / achieved).rounded(.up)), 1)
    }

    static func megabits(_ bytesPerSecond: Double) -> String {
        DecimalFormatter.padded(bytesPerSecond * 8 / 1e6, decimals: 1)
    }
}
