import ArgumentParser
import BarrageAgent
import BarrageCore
import BarrageCoordinator
import BarrageResults
import BarrageWire
import Foundation

/// `coord run`: runs a test on agents (or on this machine) and prints one merged k6-style summary.
///
/// Local mode starts an in-process agent on 127.0.0.1:0, so one code path serves both.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a load test across agents (or locally) and print a merged k6-style summary."
    )

    @OptionGroup var load: LoadOptions
    @OptionGroup var distribution: DistributionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        MallocTuning.apply()
        let trendStats: [TrendStat]
        do {
            trendStats = try output.summaryTrendStats.map { try TrendStat.parseList($0) } ?? TrendStat.defaults
        } catch let error as TrendStatParseError {
            throw CommandFailure.badInput(error.description)
        }
        let scenario = try load.scenarioFile.map(Self.loadScenario)
        let spec: RunSpec
        do {
            spec = try load.flags(recordPhases: output.verbose).spec(scenario: scenario)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        let thresholds = (scenario?.thresholds ?? []) + output.thresholds()
        let (dialed, token, localAgent) = try await resolveAgents(url: spec.url, timeoutMicros: spec.timeoutMicros)
        defer { localAgent?.cancel() }
        let joined = try await waitForJoiningAgents(token: token)
        defer { joined?.lobby.close() }
        let endpoints = dialed + (joined?.members.map(\.endpoint) ?? [])

        var plan = RunPlan(agents: endpoints, token: token, spec: spec, onAgentLoss: distribution.lossPolicy,
                           coordinatorName: ProcessInfo.processInfo.hostName)
        plan.thresholds = thresholds
        plan.data = scenario?.data ?? []
        plan.scenarioName = scenario?.name
        // Read the baseline first: a bad one fails before any load is sent.
        let baseline = try output.baseline.map { path in
            do { return try ResultsFolder.figures(at: path) } catch let error as JournalError { throw CommandFailure.badInput(error.description) }
        }
        let live = LiveProgress(quiet: output.quiet)
        var options = RunSession.Options(plan: plan, trendStats: trendStats, showPhases: output.verbose, sinks: try sinkSettings())
        options.joined = joined
        options.reportPath = output.report
        options.summaryExportPath = output.summaryExport
        let isLocal = distribution.isLocal
        let session = RunSession(options: options, reporter: RunSession.Reporter(
            log: { kind, line in if kind == .warning || !isLocal { live.note(line) } },
            note: { live.note($0) },
            progress: { live.update($0) },
            progressEnded: { live.finish() },
            finished: { print($0.summaryText) }))
        let watcher = SignalWatcher { count in
            if count == 1 {
                live.note("stopping gracefully (up to \(DurationFormatter.format(.microseconds(spec.gracefulStopMicros)))); Ctrl-C again to stop now")
            }
            session.interrupt()
        }
        defer { watcher.cancel() }

        let result: RunSession.Result
        do {
            result = try await session.run()
        } catch {
            throw CommandFailure(message: error.message, exitCode: error.exitCode)
        }
        if let folder = result.resultsFolder { StandardError.send("results: \(folder)\n") }
        var baselineFailure: CommandFailure?
        if let baseline, let path = output.baseline {
            let export = SummaryExport.json(result.finished.outcome.report, trendStats: trendStats, includePhases: output.verbose)
            do {
                print("")
                try CompareCommand.compare(
                    baseline, baseName: path, try RunFigures.parse(export, file: "this run"),
                    newName: result.resultsFolder ?? "this run", thresholds: output.baselineThresholds())
            } catch let failure as CommandFailure {
                baselineFailure = failure
            }
        }
        if result.thresholdsFailed {
            throw CommandFailure(message: "some thresholds have failed", exitCode: result.exitCode)
        }
        if let baselineFailure { throw baselineFailure }
    }

    /// Where the outputs go, from the flags (validated already).
    func sinkSettings() throws -> RunSinks.Settings {
        var settings = RunSinks.Settings()
        settings.targets = output.outputTargets()
        settings.hdrLog = distribution.hdrLog
        settings.dashboard = try output.dashboard.map(OutputOptions.dashboardAddress)
        settings.resultsParent = output.noResults ? nil : output.results
        settings.environment = ProcessInfo.processInfo.environment
        return settings
    }

    /// Reads a scenario file; its errors name the file, line and key (exit 2).
    static func loadScenario(_ path: String) throws -> Scenario {
        do {
            return try ScenarioFile.load(path: path)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
    }

    /// The agents to run on, the token, and the in-process agent's task in local mode.

    private func resolveAgents(url: String, timeoutMicros: Int64) async throws -> ([AgentEndpoint], String, Task<Void, any Error>?) {
        if distribution.isLocal {
            let token = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
            var configuration = AgentConfiguration(host: "127.0.0.1", port: 0, name: "local", token: token)
            configuration.logging = false
            let server = try await AgentServer.bind(configuration)
            let task = Task { try await server.run() }
            return ([AgentEndpoint(name: "local", host: "127.0.0.1", port: server.port)], token, task)
        }
        guard let tokenPath = distribution.tokenFile else { throw CommandFailure.badInput("--token-file is required") }
        let token = try AgentSource.token(path: tokenPath)
        // With --listen-agents alone, every agent joins: none is dialed.
        guard distribution.agents != nil || distribution.agentsFile != nil else { return ([], token, nil) }
        var endpoints = try AgentSource.endpoints(list: distribution.agents, file: distribution.agentsFile)
        if distribution.weights == "auto" {
            // Probe first, then split the VUs in proportion to what each agent could download.
            let settings = AgentProbe.Settings(url: url, durationMicros: 3_000_000, timeoutMicros: timeoutMicros)
            let probed = try await AgentSource.probe(endpoints, token: token, settings: settings)
            StandardError.send(CapacityEstimate.render(probed.capacities, pageBytes: probed.meanResponseBytes, goal: nil) + "\n")
            for (index, weight) in CapacityEstimate.weights(probed.capacities).enumerated() { endpoints[index].weight = weight }
        }
        return (endpoints, token, nil)
    }

    /// With `--listen-agents`: listens, prints each agent as it joins, and returns once
    /// `--expect-agents` have (exit 1 at `--agents-timeout`, naming how many are missing).
    private func waitForJoiningAgents(token: String) async throws -> (lobby: AgentLobby, members: [AgentLobby.Member])? {
        guard let address = distribution.listenAgents else { return nil }
        let (host, port) = try AgentEndpoint.parseAddress(address, listening: true)
        let lobby: AgentLobby
        do {
            lobby = try await AgentLobby.open(
                host: host, port: port, token: token, coordinatorName: ProcessInfo.processInfo.hostName,
                log: { StandardError.send($0 + "\n") })
        } catch {
            throw CommandFailure(message: "cannot listen for agents on \(address): \(error)", exitCode: ExitCodes.failure)
        }
        let expected = distribution.expectAgents ?? 1
        let shown = AgentEndpoint(name: "", host: host, port: lobby.port).address
        StandardError.send("waiting for \(expected) agent\(expected == 1 ? "" : "s") to join on \(shown) (up to \(DurationFormatter.format(distribution.agentsTimeoutDuration)))\n")
        do {
            return (lobby, try await lobby.waitForAgents(count: expected, timeout: distribution.agentsTimeoutDuration))
        } catch {
            lobby.close()
            throw CommandFailure(message: error.description, exitCode: ExitCodes.failure)
        }
    }
}
