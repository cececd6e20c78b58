import ArgumentParser
import BarrageCoordinator

/// Where `coord run` runs: on agents, or on this machine through an in-process agent.
struct DistributionOptions: ParsableArguments {
    @Option(help: "Agents to run on: host:port,host:port,...; default: this machine only.")
    var agents: String?

    @Option(name: .customLong("agents-file"), help: "A YAML file listing agents (address, optional name and weight).")
    var agentsFile: String?

    @Option(name: .customLong("token-file"), help: "The agents' shared token (required with --agents or --agents-file).")
    var tokenFile: String?

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
        if agents != nil || agentsFile != nil, tokenFile == nil {
            throw ValidationError("--token-file is required with --agents or --agents-file")
        }
        guard weights == "file" || weights == "auto" else {
            throw ValidationError("--weights must be 'file' or 'auto', but is '\(weights)'")
        }
        if weights == "auto", isLocal { throw ValidationError("--weights auto needs --agents or --agents-file") }
        guard RunPlan.AgentLossPolicy(rawValue: onAgentLoss) != nil else {
            throw ValidationError("--on-agent-loss must be 'continue' or 'abort', but is '\(onAgentLoss)'")
        }
    }

    var isLocal: Bool { agents == nil && agentsFile == nil }
    var lossPolicy: RunPlan.AgentLossPolicy { RunPlan.AgentLossPolicy(rawValue: onAgentLoss) ?? .continue }
}
