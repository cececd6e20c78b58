import ArgumentParser
import BarrageAgent
import BarrageCore
import BarrageCoordinator
import BarrageWire
import Foundation

/// `coord agent`: a long-lived load generator that coordinators connect to.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Serve as a load-generating agent for coordinators (one run at a time)."
    )

    @Option(help: "Address to listen on; binding beyond loopback must be explicit, e.g. 0.0.0.0:7070.")
    var listen: String = "127.0.0.1:7070"

    @Option(name: .customLong("token-file"), help: "File holding the shared token coordinators must prove they know.")
    var tokenFile: String

    @Option(name: .customLong("allow-target"), parsing: .singleValue,
            help: "A host runs may target (repeatable); default: any host.")
    var allowTarget: [String] = []

    @Option(name: .customLong("max-vus"), help: "Most VUs this agent accepts for one run.")
    var maxVUs: Int = 100_000

    @Option(help: "Name shown in coordinators' summaries; default: the host name.")
    var name: String?

    mutating func validate() throws {
        do { _ = try AgentEndpoint.parseAddress(listen, listening: true) } catch { throw ValidationError("--listen: \(error.description)") }
        guard maxVUs >= 1 else { throw ValidationError("--max-vus must be at least 1, but is \(maxVUs)") }
    }

    func run() async throws {
        MallocTuning.apply()
        let token = try AgentSource.token(path: tokenFile)
        let (host, port) = try AgentEndpoint.parseAddress(listen, listening: true)
        let configuration = AgentConfiguration(
            host: host, port: port, name: name ?? ProcessInfo.processInfo.hostName, token: token,
            allowedTargets: allowTarget, maxVUs: maxVUs)
        let server: AgentServer
        do {
            server = try await AgentServer.bind(configuration)
        } catch {
            throw CommandFailure(message: "cannot listen on \(listen): \(error)", exitCode: ExitCodes.failure)
        }
        StandardOutput.line("agent listening on \(AgentEndpoint(name: "", host: host, port: server.port).address)")
        let serving = Task { try await server.run() }
        let watcher = SignalWatcher { _ in serving.cancel() }
        defer { watcher.cancel() }
        _ = await serving.result
    }
}
