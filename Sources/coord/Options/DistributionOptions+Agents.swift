import BarrageAgent
import BarrageCore
import BarrageCoordinator
import BarrageResults
import Foundation

/// Where the agents of `coord run` and `coord capacity` come from: dialed, started in this
/// process (local mode), or joining.
extension DistributionOptions {
    /// The agents to run on, the token, and the in-process agent's task in local mode.
    func resolveAgents(url: String, timeoutMicros: Int64) async throws -> ([AgentEndpoint], String, Task<Void, any Error>?) {
        if source.isLocal {
            let token = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
            var configuration = AgentConfiguration(host: "127.0.0.1", port: 0, name: "local", token: token)
            configuration.logging = false
            let server = try await AgentServer.bind(configuration)
            let task = Task { try await server.run() }
            return ([AgentEndpoint(name: "local", host: "127.0.0.1", port: server.port)], token, task)
        }
        guard let tokenPath = source.tokenFile else { throw CommandFailure.badInput("--token-file is required") }
        let token = try AgentSource.token(path: tokenPath)
        // With --listen-agents alone, every agent joins: none is dialed.
        guard source.agents != nil || source.agentsFile != nil else { return ([], token, nil) }
        var endpoints = try AgentSource.endpoints(list: source.agents, file: source.agentsFile)
        if weights == "auto" {
            // Probe first, then split the VUs in proportion to what each agent could download.
            let settings = AgentProbe.Settings(url: url, durationMicros: 3_000_000, timeoutMicros: timeoutMicros)
            let probed = try await AgentSource.probe(endpoints, token: token, settings: settings)
            StandardError.send(CapacityEstimate.render(probed.capacities, pageBytes: probed.meanResponseBytes, goal: nil) + "\n")
            for (index, weight) in CapacityEstimate.weights(probed.capacities).enumerated() { endpoints[index].weight = weight }
        }
        return (endpoints, token, nil)
    }

    /// With `--listen-agents`: listens, prints each agent as it joins (through `log`), and returns
    /// once `--expect-agents` have (exit 1 at `--agents-timeout`, naming how many are missing).
    func waitForJoiningAgents(
        token: String, log: @escaping @Sendable (String) -> Void = { StandardError.send($0 + "\n") }
    ) async throws -> (lobby: AgentLobby, members: [AgentLobby.Member])? {
        guard let address = source.listenAgents else { return nil }
        let (host, port) = try AgentEndpoint.parseAddress(address, listening: true)
        let lobby: AgentLobby
        do {
            lobby = try await AgentLobby.open(
                host: host, port: port, token: token, coordinatorName: ProcessInfo.processInfo.hostName,
                log: log)
        } catch {
            throw CommandFailure(message: "cannot listen for agents on \(address): \(error)", exitCode: ExitCodes.failure)
        }
        let expected = source.expectAgents ?? 1
        let shown = AgentEndpoint(name: "", host: host, port: lobby.port).address
        StandardError.send("waiting for \(expected) agent\(expected == 1 ? "" : "s") to join on \(shown) (up to \(DurationFormatter.format(agentsTimeoutDuration)))\n")
        do {
            return (lobby, try await lobby.waitForAgents(count: expected, timeout: agentsTimeoutDuration))
        } catch {
            lobby.close()
            throw CommandFailure(message: error.description, exitCode: ExitCodes.failure)
        }
    }
}
