import BarrageCore
import BarrageResults

/// Judges one step of a capacity search from its closed seconds: the warm-up seconds (and a short
/// last one) are left out, the thresholds are evaluated on the merged data of the rest alone, and
/// each agent is asked whether it, not the target, was the limit. Pure: seconds in, step out.
public enum CapacityStepJudge {
    public struct Settings: Sendable {
        /// First seconds of the step not judged: connections open and pools fill.
        public var warmUpSeconds: Int
        public var thresholds: [Threshold]
        /// The rate the agents-needed estimate is for (`--goal`); the step's rate when nil.
        public var goalRate: Int?
        /// An agent's process CPU (0-100 over all cores) at or above this is CPU-bound; the same
        /// figure the run's load-generator watch uses.
        public var cpuPercent = LoadGeneratorWatch.Thresholds().cpuPercent
        /// Achieved below this share of the asked rate (less two iterations of rounding) is short.
        public var shortfall = 0.95

        public init(warmUpSeconds: Int, thresholds: [Threshold], goalRate: Int? = nil) {
            self.warmUpSeconds = warmUpSeconds
            self.thresholds = thresholds
            self.goalRate = goalRate
        }
    }

    /// One agent's judged seconds, summed.
    struct AgentTally {
        var micros: Int64 = 0
        var iterations: UInt64 = 0
        var dropped: UInt64 = 0
        var receivedBytes: UInt64 = 0
        var cpuSum = 0.0
        var seconds = 0
        var metrics = MetricsSnapshot()

        var lengthSeconds: Double { Double(max(micros, 1)) / 1e6 }
        var iterationsPerSecond: Double { Double(iterations) / lengthSeconds }
        var bytesPerSecond: Double { Double(receivedBytes) / lengthSeconds }
        var meanCPU: Double { seconds > 0 ? cpuSum / Double(seconds) : 0 }
    }

    /// - Parameters:
    ///   - rate: iterations per second asked of all agents.
    ///   - seconds: the step's closed seconds, with their agents' shares.
    ///   - agentVUs: each agent's VUs (the rate is split in proportion to them), in plan order.
    ///   - insights: the run's own load-generator findings (CPU, event-loop lag).
    public static func judge(
        rate: Int, seconds: [SecondRow], agentVUs: [(name: String, vus: Int)], insights: [LoadGeneratorInsight], settings: Settings
    ) -> CapacityStep {
        let judged = judgedSeconds(seconds, warmUp: settings.warmUpSeconds)
        var merged = MetricsSnapshot()
        var agents: [String: AgentTally] = [:]
        var micros: Int64 = 0
        for row in judged {
            micros = micros.addingSaturating(row.lengthMicros)
            for share in row.shares {
                // Each share decoded once already when the run merged it; one that does not now is left out.
                guard let snapshot = try? share.snapshot() else { continue }
                merged.merge(snapshot)
                var tally = agents[share.name, default: AgentTally()]
                tally.micros = tally.micros.addingSaturating(share.lengthMicros)
                tally.iterations = tally.iterations.addingSaturating(share.counters.iterations)
                tally.dropped = tally.dropped.addingSaturating(share.counters.droppedIterations)
                // The host's interfaces count a link's framing too; fewer bytes there than the agent
                // received means its traffic went over loopback, which they leave out.
                tally.receivedBytes = tally.receivedBytes.addingSaturating(max(share.netRxBytes, share.counters.dataReceivedBytes))
                tally.cpuSum += share.processCPUPercent
                tally.seconds += 1
                tally.metrics.merge(snapshot)
                agents[share.name] = tally
            }
        }
        let lengthSeconds = Double(max(micros, 1)) / 1e6
        let duration = merged.histogram(.httpReqDuration)
        let counters = merged.counters
        let metrics = merged
        let results = ThresholdEvaluator.evaluate(
            settings.thresholds, metrics: metrics, elapsedMicros: max(micros, 1),
            vus: judged.last?.activeVUs ?? 0, vusMax: judged.map(\.activeVUs).max() ?? 0,
            subMetrics: { metrics.subMetric($0) })
        var step = CapacityStep(
            rate: rate, achievedRate: Double(counters.iterations) / lengthSeconds,
            p50Micros: Double(duration.valueAtPercentile(50)), p95Micros: Double(duration.valueAtPercentile(95)),
            p99Micros: Double(duration.valueAtPercentile(99)),
            failedRate: counters.httpReqs > 0 ? Double(counters.httpReqFailed) / Double(counters.httpReqs) : 0,
            dropped: counters.droppedIterations,
            failedThresholds: results.filter { !$0.passed }.map { "\($0.metricName) \($0.observedText) (\($0.text) failed)" })
        step.limits = limits(
            step, agents: agents, agentVUs: agentVUs, insights: insights, lengthSeconds: lengthSeconds, settings: settings)
        return step
    }

    /// The seconds a step is judged on: after the warm-up, and without a last second cut short
    /// (the graceful stop's tail). A step too short for that is judged on all it has.
    static func judgedSeconds(_ seconds: [SecondRow], warmUp: Int) -> [SecondRow] {
        var rows = seconds.sorted { $0.seq < $1.seq }
        if rows.count > 1, let last = rows.last, last.lengthMicros < 900_000 { rows.removeLast() }
        let kept = Array(rows.dropFirst(max(warmUp, 0)))
        return kept.isEmpty ? rows : kept
    }

    /// Which agents could not carry the step: the run's CPU and event-loop findings; a full
    /// link (responses spend longer arriving than waiting for the server while the step is in
    /// trouble); and, when the thresholds held, dropped iterations (VUs ran out) or a short rate.
    static func limits(
        _ step: CapacityStep, agents: [String: AgentTally], agentVUs: [(name: String, vus: Int)],
        insights: [LoadGeneratorInsight], lengthSeconds: Double, settings: Settings
    ) -> [GeneratorLimit] {
        let totalVUs = max(agentVUs.map(\.vus).reduce(0, +), 1)
        let goal = settings.goalRate ?? step.rate
        let shortBy = 2 / max(lengthSeconds, 1)
        let short = step.achievedRate < Double(step.rate) * settings.shortfall - shortBy
        let troubled = !step.failedThresholds.isEmpty || short || step.dropped > 0
        var found: [GeneratorLimit] = []
        func needed(_ tally: AgentTally) -> Int? {
            let capacities = [AgentCapacity(agent: "", address: "", bytesPerSecond: tally.bytesPerSecond, requestsPerSecond: tally.iterationsPerSecond, errors: 0)]
            return CapacityEstimate.agentsNeeded(forRequestsPerSecond: Double(goal), capacities: capacities)
        }
        for insight in insights where insight.resource != .network {
            let reason: GeneratorLimit.Reason = insight.resource == .cpu ? .cpu : .eventLoop
            let tally = agents[insight.agent]
            found.append(GeneratorLimit(
                agent: insight.agent, reason: reason, detail: "\(insight.resource.rawValue)-bound (\(insight.evidence))",
                agentsNeeded: tally.flatMap(needed), forRate: goal))
        }
        for (name, _) in agentVUs {
            guard let tally = agents[name], !found.contains(where: { $0.agent == name && $0.reason == .cpu }) else { continue }
            if tally.meanCPU >= settings.cpuPercent {
                found.append(GeneratorLimit(
                    agent: name, reason: .cpu, detail: "CPU-bound (its process used \(Int(tally.meanCPU.rounded()))% of the machine's CPU)",
                    agentsNeeded: needed(tally), forRate: goal))
            }
            guard troubled else { continue }
            let receiving = tally.metrics.histogram(.httpReqReceiving).mean
            let waiting = tally.metrics.histogram(.httpReqWaiting).mean
            if receiving > waiting, receiving >= 1_000 {
                found.append(GeneratorLimit(
                    agent: name, reason: .network,
                    detail: "network-bound at \(DecimalFormatter.padded(tally.bytesPerSecond / 1e6, decimals: 1)) MB/s (\(DecimalFormatter.padded(tally.bytesPerSecond * 8 / 1e6, decimals: 1)) Mbit/s; "
                        + "responses spend \(DurationFormatter.format(micros: receiving)) arriving vs \(DurationFormatter.format(micros: waiting)) waiting)",
                    agentsNeeded: needed(tally), forRate: goal))
            }
        }
        guard found.isEmpty, step.failedThresholds.isEmpty else { return found }
        // The target answered within the thresholds, yet the rate was not carried.
        for (name, vus) in agentVUs {
            guard let tally = agents[name] else { continue }
            if tally.dropped > 0 {
                found.append(GeneratorLimit(
                    agent: name, reason: .vus, detail: "dropped \(tally.dropped) iterations: its \(vus) VUs were all busy"))
            } else if short {
                let asked = Double(step.rate) * Double(vus) / Double(totalVUs)
                if tally.iterationsPerSecond < asked * settings.shortfall - shortBy {
                    found.append(GeneratorLimit(
                        agent: name, reason: .schedule,
                        detail: "started \(DecimalFormatter.fixed(tally.iterationsPerSecond, decimals: 0)) of its \(DecimalFormatter.fixed(asked, decimals: 0)) iterations/s",
                        agentsNeeded: needed(tally), forRate: goal))
                }
            }
        }
        return found
    }
}
