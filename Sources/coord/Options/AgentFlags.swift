import ArgumentParser
import BarrageCore
import BarrageCoordinator

/// Which agents to use and the token to reach them: the flags `coord run`, `coord capacity` and
/// `coord agents` share (one `@OptionGroup`, so all three take and refuse the same values).
struct AgentFlags: ParsableArguments {
    static let expectAgents: ClosedRange<Int> = 1...10_000

    @Option(help: "Agents: host:port,host:port,... (coord run: default this machine only).")
    var agents: String?

    @Option(name: .customLong("agents-file"), help: "A YAML file listing agents (address, optional name and weight).")
    var agentsFile: String?

    @Option(name: .customLong("token-file"), help: "The agents' shared token (required with --agents, --agents-file or --listen-agents).")
    var tokenFile: String?

    @Option(name: .customLong("listen-agents"), help: "Wait for agents started with 'coord agent --join' on this address, e.g. 0.0.0.0:7000.")
    var listenAgents: String?

    @Option(name: .customLong("expect-agents"), help: "With --listen-agents: how many agents must join (default 1).")
    var expectAgents: Int?

    @Option(name: .customLong("agents-timeout"), help: "With --listen-agents: how long to wait for them (default 5m; coord agents: 30s).")
    var agentsTimeout: String?

    mutating func validate() throws {
        if agents != nil, agentsFile != nil { throw ValidationError("give --agents or --agents-file, not both") }
        if let agents {
            do { _ = try AgentEndpoint.parseList(agents) } catch { throw ValidationError(error.description) }
        }
        if !isLocal, tokenFile == nil {
            throw ValidationError("--token-file is required with --agents, --agents-file or --listen-agents")
        }
        if let listenAgents {
            do { _ = try AgentEndpoint.parseAddress(listenAgents, listening: true) } catch {
                throw ValidationError("--listen-agents: \(error.description)")
            }
        } else if expectAgents != nil || agentsTimeout != nil {
            throw ValidationError("--expect-agents and --agents-timeout need --listen-agents")
        }
        if let expectAgents, !Self.expectAgents.contains(expectAgents) {
            throw ValidationError("--expect-agents must be from 1 to 10000, but is \(expectAgents)")
        }
        if let agentsTimeout {
            do { _ = try DurationParser.parse(agentsTimeout) } catch { throw ValidationError("--agents-timeout: \(error.description)") }
        }
    }

    /// No agent given: `coord run` runs on this machine.
    var isLocal: Bool { agents == nil && agentsFile == nil && listenAgents == nil }

    /// How long to wait for joining agents (validated above).
    func agentsTimeoutDuration(default fallback: Duration) -> Duration {
        agentsTimeout.flatMap { try? DurationParser.parse($0) } ?? fallback
    }
}
