import ArgumentParser
import BarrageCore
import BarrageCoordinator

/// Where `coord run` runs: on agents, or on this machine through an in-process agent. The agent
/// flags themselves are ``AgentFlags`` (shared with `coord agents`), read through as
/// `distribution.agents` and so on.
@dynamicMemberLookup
struct DistributionOptions: ParsableArguments {
    @OptionGroup var source: AgentFlags

    // Read before parsing (ProjectArguments), listed here so --help shows it.
    @Option(help: "A project file of defaults (keys are these flags' long names); default: ./barrage.yaml if it exists.")
    var config: String?

    @Option(name: .customLong("on-agent-loss"), help: "When an agent is lost mid-run: continue on the others, or abort.")
    var onAgentLoss: String = "continue"

    @Option(help: "VU weights: 'file' (equal, or from --agents-file), or 'auto' (probe each agent's download rate first).")
    var weights: String = "file"

    @Option(name: .customLong("hdr-log"), help: "Write the merged http_req_duration per second as an HdrHistogram interval log.")
    var hdrLog: String?

    mutating func validate() throws {
        guard weights == "file" || weights == "auto" else {
            throw ValidationError("--weights must be 'file' or 'auto', but is '\(weights)'")
        }
        if weights == "auto", source.isLocal { throw ValidationError("--weights auto needs --agents or --agents-file") }
        guard RunPlan.AgentLossPolicy(rawValue: onAgentLoss) != nil else {
            throw ValidationError("--on-agent-loss must be 'continue' or 'abort', but is '\(onAgentLoss)'")
        }
    }

    subscript<Value>(dynamicMember keyPath: KeyPath<AgentFlags, Value>) -> Value { source[keyPath: keyPath] }

    /// How long to wait for joining agents.
    var agentsTimeoutDuration: Duration { source.agentsTimeoutDuration(default: .seconds(300)) }
    var lossPolicy: RunPlan.AgentLossPolicy { RunPlan.AgentLossPolicy(rawValue: onAgentLoss) ?? .continue }
}
