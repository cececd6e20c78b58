import ArgumentParser
import BarrageCoordinator
import BarrageCore
import Foundation

/// `coord agents`: who is there. Lists the agents of `--agents`/`--agents-file` (handshake and
/// clock sync with each, in parallel) and, with `--listen-agents`, those that join; exit 1 when an
/// expected agent is missing. Takes the same flags and project file as `coord run`.
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "List the agents a run would use: name, address, version, cores, state, clock offset, round trip."
    )

    /// The project file keys this command uses; the others are for `coord run`.
    static let projectKeys: Set<String> = ["agents", "agents-file", "token-file", "listen-agents", "expect-agents", "agents-timeout"]

    @Option(help: "Agents to check: host:port,host:port,...")
    var agents: String?

    @Option(name: .customLong("agents-file"), help: "A YAML file listing agents.")
    var agentsFile: String?

    @Option(name: .customLong("token-file"), help: "The agents' shared token.")
    var tokenFile: String?

    @Option(name: .customLong("listen-agents"), help: "Also wait for agents that join on this address.")
    var listenAgents: String?

    @Option(name: .customLong("expect-agents"), help: "With --listen-agents: how many should join (default 1).")
    var expectAgents: Int?

    @Option(name: .customLong("agents-timeout"), help: "With --listen-agents: how long to wait (default 30s here).")
    var agentsTimeout: String?

    mutating func validate() throws {
        guard agents != nil || agentsFile != nil || listenAgents != nil else {
            throw ValidationError("give --agents, --agents-file or --listen-agents (or put them in barrage.yaml)")
        }
        guard tokenFile != nil else { throw ValidationError("--token-file is required") }
        try JoinFlags.validate(listenAgents: listenAgents, expectAgents: expectAgents, agentsTimeout: agentsTimeout)
    }

    func run() async throws {
        let token = try AgentSource.token(path: tokenFile ?? "")
        var entries: [AgentRoster.Entry] = []
        if agents != nil || agentsFile != nil {
            let endpoints = try AgentSource.endpoints(list: agents, file: agentsFile)
            entries = try await AgentRoster.check(endpoints, token: token)
        }
        if let listenAgents {
            let (host, port) = try AgentEndpoint.parseAddress(listenAgents, listening: true)
            let lobby = try await AgentLobby.open(
                host: host, port: port, token: token, coordinatorName: ProcessInfo.processInfo.hostName,
                log: { StandardError.send($0 + "\n") })
            defer { lobby.close() }
            let expected = expectAgents ?? 1
            let timeout = agentsTimeout.flatMap { try? DurationParser.parse($0) } ?? .seconds(30)
            do {
                let members = try await lobby.waitForAgents(count: expected, timeout: timeout)
                entries += members.map { AgentRoster.Entry(endpoint: $0.endpoint, hello: $0.hello, clock: $0.clock, problem: nil) }
            } catch {
                print(AgentRoster.render(entries))
                throw CommandFailure(message: error.description, exitCode: ExitCodes.failure)
            }
        }
        print(AgentRoster.render(entries))
        let missing = entries.filter { $0.hello == nil }
        if !missing.isEmpty {
            throw CommandFailure(message: "\(missing.count) of \(entries.count) agents missing: \(missing.map(\.endpoint.name).joined(separator: ", "))", exitCode: ExitCodes.failure)
        }
    }
}
