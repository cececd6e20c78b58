import ArgumentParser
import BarrageCore
import BarrageCoordinator
import BarrageResults
import BarrageWire

/// `coord probe`: how fast can each agent download this page, and how many agents a goal needs.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Measure each agent's download capacity for a URL and estimate the agents a request rate needs."
    )

    @Option(help: "The page to download.")
    var url: String

    @Option(help: "Agents to probe: host:port,host:port,...")
    var agents: String?

    @Option(name: .customLong("agents-file"), help: "A YAML file listing agents.")
    var agentsFile: String?

    @Option(name: .customLong("token-file"), help: "The agents' shared token.")
    var tokenFile: String

    @Option(help: "A goal in requests per second: print how many agents like these it needs.")
    var rps: Double?

    @Option(help: "How long each agent downloads (default: 5s).", transform: parseDuration)
    var duration: Duration = .seconds(5)

    @Option(help: "Concurrent downloads per agent (default: 50).")
    var vus: Int = 50

    mutating func validate() throws {
        do { _ = try TargetURL(url) } catch { throw ValidationError(error.description) }
        guard (agents == nil) != (agentsFile == nil) else { throw ValidationError("give exactly one of --agents or --agents-file") }
        if let agents {
            do { _ = try AgentEndpoint.parseList(agents) } catch { throw ValidationError(error.description) }
        }
        if let rps, !(rps > 0) { throw ValidationError("--rps must be a positive number, but is \(rps)") }
        guard vus >= 1 else { throw ValidationError("--vus must be at least 1, but is \(vus)") }
        guard duration >= .milliseconds(500) else { throw ValidationError("--duration must be at least 500ms") }
    }

    func run() async throws {
        let token = try AgentSource.token(path: tokenFile)
        let endpoints = try AgentSource.endpoints(list: agents, file: agentsFile)
        let settings = AgentProbe.Settings(url: url, vusPerAgent: vus, durationMicros: duration.microseconds)
        let result = try await AgentSource.probe(endpoints, token: token, settings: settings)
        print(CapacityEstimate.render(result.capacities, pageBytes: result.meanResponseBytes, goal: rps))
    }
}
