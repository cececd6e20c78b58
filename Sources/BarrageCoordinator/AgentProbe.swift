import BarrageCore
import BarrageResults

/// `coord probe`: measures how fast each agent can download the test's page, one agent at a time
/// so agents do not compete for the target, by running a short no-think-time test on it alone.
public enum AgentProbe {
    public struct Settings: Sendable {
        public var url: String
        public var vusPerAgent: Int
        public var durationMicros: Int64
        public var timeoutMicros: Int64

        public init(url: String, vusPerAgent: Int = 50, durationMicros: Int64 = 5_000_000, timeoutMicros: Int64 = 10_000_000) {
            self.url = url
            self.vusPerAgent = vusPerAgent
            self.durationMicros = durationMicros
            self.timeoutMicros = timeoutMicros
        }
    }

    /// - Returns: each agent's capacity and the mean response size seen (bytes).
    /// - Throws: ``CoordinatorError`` when an agent cannot be reached or refuses.
    public static func run(
        agents: [AgentEndpoint], token: String, settings: Settings, log: @escaping @Sendable (String) -> Void
    ) async throws -> (capacities: [AgentCapacity], meanResponseBytes: Double) {
        var capacities: [AgentCapacity] = []
        var bytes: UInt64 = 0
        var responses: UInt64 = 0
        for agent in agents {
            log("probing agent \(agent.name) \(agent.address) for \(DurationFormatter.format(.microseconds(settings.durationMicros)))")
            let spec = RunSpec(
                url: settings.url, vus: settings.vusPerAgent, durationMicros: settings.durationMicros,
                timeoutMicros: settings.timeoutMicros, gracefulStopMicros: settings.timeoutMicros)
            let coordinator = RunCoordinator(
                plan: RunPlan(agents: [agent], token: token, spec: spec, coordinatorName: "coord-probe"),
                log: { _, _ in }, progress: { _ in })
            let report = try await coordinator.run().report
            let counters = report.metrics.counters
            // Over the planned duration: the graceful tail would only dilute the rate.
            let seconds = Double(min(report.elapsedMicros, settings.durationMicros)) / 1e6
            capacities.append(AgentCapacity(
                agent: agent.name, address: agent.address,
                bytesPerSecond: Double(counters.dataReceivedBytes) / seconds,
                requestsPerSecond: Double(counters.httpReqs - counters.httpReqFailed) / seconds,
                errors: counters.httpReqFailed))
            bytes += counters.dataReceivedBytes
            responses += counters.httpReqs - counters.httpReqFailed
        }
        return (capacities, responses > 0 ? Double(bytes) / Double(responses) : 0)
    }
}
