import ArgumentParser
import BarrageCore
import BarrageCoordinator

/// Where `coord run` runs: on agents, or on this machine through an in-process agent.
struct DistributionOptions: ParsableArguments {
    @Option(help: "Agents to run on: host:port,host:port,...; default: this machine only.")
    var agents: String?

    @Option(name: .customLong("agents-file"), help: "A YAML file listing agents (address, optional name and weight).")
    var agentsFile: String?

    @Option(name: .customLong("token-file"), help: "The agents' shared token (required with --agents, --agents-file or --listen-agents).")
    var tokenFile: String?

    // Read before parsing (ProjectArguments), listed here so --help shows it.
    @Option(help: "A project file of defaults (keys are these flags' long names); default: ./barrage.yaml if it exists.")
    var config: String?

    @Option(name: .customLong("listen-agents"), help: "Wait for agents started with 'coord agent --join' on this address, e.g. 0.0.0.0:7000.")
    var listenAgents: String?

    @Option(name: .customLong("expect-agents"), help: "With --listen-agents: start once this many agents have joined (default 1).")
    var expectAgents: Int?

    @Option(name: .customLong("agents-timeout"), help: "With --listen-agents: how long to wait for them (default 5m).")
    var agentsTimeout: String?

    @Option(name: .customLong("on-agent-loss"), help: "When an agent is lost mid-run: continue on the others, or abort.")
    var onAgentLoss: String = "continue"

    @Option(help: "VU weights: 'file' (equal, or from --agents-file), or 'auto' (probe each agent's download rate first).")
    var weights: String = "file"

    @Option(name: .customLong("hdr-log"), help: "Write the merged http_req_duration per second as an HdrHistogram interval log.")
    var hdrLog: String?

    mutating func validate() throws {
        if agents != nil, agentsFile != nil { throw ValidationError("give --agents or --agents-file, not both") }
        if let agents {
            do { _ = try AgentEndpoint.parseList(agents) } catch { throw ValidationError(error.description) }
        }
        if agents != nil || agentsFile != nil || listenAgents != nil, tokenFile == nil {
            throw ValidationError("--token-file is required with --agents, --agents-file or --listen-agents")
        }
        try JoinFlags.validate(listenAgents: listenAgents, expectAgents: expectAgents, agentsTimeout: agentsTimeout)
        guard weights == "file" || weights == "auto" else {
            throw ValidationError("--weights must be 'file' or 'auto', but is '\(weights)'")
        }
        if weights == "auto", isLocal { throw ValidationError("--weights auto needs --agents or --agents-file") }
        guard RunPlan.AgentLossPolicy(rawValue: onAgentLoss) != nil else {
            throw ValidationError("--on-agent-loss must be 'continue' or 'abort', but is '\(onAgentLoss)'")
        }
    }

    var isLocal: Bool { agents == nil && agentsFile == nil && listenAgents == nil }

    /// How long to wait for joining agents.
    var agentsTimeoutDuration: Duration { agentsTimeout.flatMap { try? DurationParser.parse($0) } ?? .seconds(300) }
    var lossPolicy: RunPlan.AgentLossPolicy { RunPlan.AgentLossPolicy(rawValue: onAgentLoss) ?? .continue }
}
