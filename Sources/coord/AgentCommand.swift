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
            help: "What runs may target (repeatable or comma-separated): host, host:port, an address, a CIDR block (10.0.0.0/8), [IPv6]:port; default: anything.")
    var allowTarget: [String] = []

    @Option(name: .customLong("max-vus"), help: "Most VUs this agent accepts for one run.")
    var maxVUs: Int = 100_000

    @Option(help: "Name shown in coordinators' summaries; default: the host name.")
    var name: String?

    @Option(name: .customLong("idle-timeout"), help: "Close an authenticated connection without a run after this much silence (default 60s).")
    var idleTimeout: String = "60s"

    @Option(help: "Dial the coordinator at HOST:PORT ('coord run --listen-agents') instead of listening; joins again after each run.")
    var join: String?

    mutating func validate() throws {
        do { _ = try AgentEndpoint.parseAddress(listen, listening: true) } catch { throw ValidationError("--listen: \(error.description)") }
        if let join {
            do { _ = try AgentEndpoint.parseAddress(join) } catch { throw ValidationError("--join: \(error.description)") }
        }
        guard maxVUs >= 1 else { throw ValidationError("--max-vus must be at least 1, but is \(maxVUs)") }
        do { _ = try TargetAllowList(parsing: allowTarget) } catch { throw ValidationError(error.description) }
        do {
            let idle = try DurationParser.parse(idleTimeout)
            guard idle >= .seconds(1) else { throw ValidationError("--idle-timeout must be at least 1s, but is \(idleTimeout)") }
        } catch let error as DurationParseError {
            throw ValidationError("--idle-timeout: \(error.description)")
        }
    }

    func run() async throws {
        MallocTuning.apply()
        let token = try AgentSource.token(path: tokenFile)
        let (host, port) = try AgentEndpoint.parseAddress(listen, listening: true)
        let allowList: TargetAllowList
        do { allowList = try TargetAllowList(parsing: allowTarget) } catch { throw CommandFailure.badInput(error.description) }
        let configuration = AgentConfiguration(
            host: host, port: port, name: name ?? ProcessInfo.processInfo.hostName, token: token,
            allowList: allowList, maxVUs: maxVUs, idleTimeout: try DurationParser.parse(idleTimeout))
        if let join {
            let (joinHost, joinPort) = try AgentEndpoint.parseAddress(join)
            let dialer: AgentDialer
            do { dialer = try AgentDialer(configuration: configuration, host: joinHost, port: joinPort) } catch {
                throw CommandFailure(message: "cannot set up TLS: \(error)", exitCode: ExitCodes.failure)
            }
            StandardOutput.line("agent joining \(join)")
            let dialing = Task { await dialer.run() }
            let watcher = SignalWatcher { _ in dialing.cancel() }
            defer { watcher.cancel() }
            _ = await dialing.result
            return
        }
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
