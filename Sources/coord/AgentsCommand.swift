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

    /// The project file keys this command uses (its flags); the others are for `coord run`.
    static let projectKeys = OptionTable.of(AgentsCommand.self).valued

    @OptionGroup var source: AgentFlags

    mutating func validate() throws {
        // The group checked the values; here at least one source is needed, so a token too.
        guard !source.isLocal else {
            throw ValidationError("give --agents, --agents-file or --listen-agents (or put them in barrage.yaml)")
        }
    }

    func run() async throws {
        let token = try AgentSource.token(path: source.tokenFile ?? "")
        var entries: [AgentRoster.Entry] = []
        if source.agents != nil || source.agentsFile != nil {
            let endpoints = try AgentSource.endpoints(list: source.agents, file: source.agentsFile)
            entries = try await AgentRoster.check(endpoints, token: token)
        }
        if let listenAgents = source.listenAgents {
            let (host, port) = try AgentEndpoint.parseAddress(listenAgents, listening: true)
            let lobby = try await AgentLobby.open(
                host: host, port: port, token: token, coordinatorName: ProcessInfo.processInfo.hostName,
                log: { StandardError.send($0 + "\n") })
            defer { lobby.close() }
            let expected = source.expectAgents ?? 1
            let timeout = source.agentsTimeoutDuration(default: .seconds(30))
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
