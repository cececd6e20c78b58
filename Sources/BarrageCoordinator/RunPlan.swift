import BarrageCore
import BarrageResults

/// Everything the coordinator needs to run a test across agents.
public struct RunPlan: Sendable {
    public enum AgentLossPolicy: String, Sendable, CaseIterable {
        case `continue`, abort
    }

    public var agents: [AgentEndpoint]
    public var token: String
    /// The whole test; its `vus` is divided among the agents.
    public var spec: RunSpec
    public var onAgentLoss: AgentLossPolicy
    /// An agent silent for this long during a run is marked lost.
    public var agentSilenceMicros: Int64
    public var coordinatorName: String
    /// Thresholds; those with `abortOnFail` are evaluated on the merged live data each second and
    /// stop every agent when they fail.
    public var thresholds: [Threshold] = []
    /// The data sets' rows (the whole files); each agent is sent its slice after `prepare`.
    public var data: [DataSource] = []
    /// When the load-generator watch speaks up: `coord capacity`'s short steps need a shorter
    /// warm-up and window than a whole run.
    public var generatorWatch = LoadGeneratorWatch.Thresholds()
    /// The name of a file's only scenario (`{scenario:NAME}` then selects every metric); nil for a
    /// command-line run or when `spec.scenarios` names the scenarios.
    public var scenarioName: String?
    /// That scenario's `tags:` (`{team:payments}` then selects every metric).
    public var scenarioTags: [String: String] = [:]

    public init(
        agents: [AgentEndpoint], token: String, spec: RunSpec, onAgentLoss: AgentLossPolicy = .continue,
        agentSilenceMicros: Int64 = 3_000_000, coordinatorName: String = "coord"
    ) {
        self.agents = agents
        self.token = token
        self.spec = spec
        self.onAgentLoss = onAgentLoss
        self.agentSilenceMicros = agentSilenceMicros
        self.coordinatorName = coordinatorName
    }
}
