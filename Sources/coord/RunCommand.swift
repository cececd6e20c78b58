import ArgumentParser
import BarrageAgent
import BarrageCore
import BarrageCoordinator
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
        let (endpoints, token, localAgent) = try await resolveAgents(url: spec.url, timeoutMicros: spec.timeoutMicros)
        defer { localAgent?.cancel() }

        var plan = RunPlan(agents: endpoints, token: token, spec: spec, onAgentLoss: distribution.lossPolicy,
                           coordinatorName: ProcessInfo.processInfo.hostName)
        plan.thresholds = thresholds
        plan.data = scenario?.data ?? []
        let live = LiveProgress(quiet: output.quiet)
        let outputs = try await RunOutputs(
            targets: output.outputTargets(), dashboardAddress: try output.dashboard.map(OutputOptions.dashboardAddress),
            agents: endpoints.map(\.name), url: spec.url, plannedMicros: spec.durationMicros, warn: { live.note($0) })
        let coordinator = RunCoordinator(
            plan: plan,
            log: { kind, line in if kind == .warning || !distribution.isLocal { live.note(line) } },
            progress: { line in live.update(line); outputs.progress(line) },
            onSecond: { outputs.record($0) })
        let watcher = SignalWatcher { count in
            if count == 1 {
                live.note("stopping gracefully (up to \(DurationFormatter.format(.microseconds(spec.gracefulStopMicros)))); Ctrl-C again to stop now")
            }
            coordinator.interrupt()
        }
        defer { watcher.cancel() }

        var outcome: RunOutcome
        do {
            outcome = try await coordinator.run()
        } catch let error as CoordinatorError {
            live.finish()
            _ = await outputs.finishSeries()
            await outputs.finishDashboard(summary: "")
            throw CommandFailure(message: error.description, exitCode: error.isBadInput ? ExitCodes.badInput : ExitCodes.failure)
        }
        live.finish()
        outcome.report.notes += await outputs.finishSeries()
        let metrics = outcome.report.metrics
        let results = ThresholdEvaluator.evaluate(
            thresholds, metrics: metrics, elapsedMicros: outcome.report.elapsedMicros,
            vus: outcome.report.vus, vusMax: outcome.report.vusMaxGauge, subMetrics: { metrics.subMetric($0) })
        outcome.report.thresholdResults = results
        if spec.requests != nil { outcome.report.requestNames = spec.iterationRequests.map(\.name) }
        outcome.report.checkNames = spec.iterationRequests.flatMap(\.checkNames)
        let renderer = SummaryRenderer(trendStats: trendStats, showPhases: output.verbose)
        let summary = renderer.render(outcome.report)
        print(summary)
        if !results.isEmpty { print("\n" + ThresholdRenderer().render(results)) }
        await outputs.finishDashboard(summary: summary)
        if let path = output.report {
            try write(RunOutputs.reportPage(outcome, summary: summary, thresholds: results, agents: endpoints.map(\.name)), to: path)
        }
        try writeOutputs(outcome, trendStats: trendStats)
        if ThresholdEvaluator.anyFailed(results) || outcome.abortedByThresholds {
            throw CommandFailure(message: "some thresholds have failed", exitCode: ExitCodes.thresholdsFailed)
        }
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

    private func writeOutputs(_ outcome: RunOutcome, trendStats: [TrendStat]) throws {
        if let path = output.summaryExport {
            try write(SummaryExport.json(outcome.report, trendStats: trendStats, includePhases: output.verbose) + "\n", to: path)
        }
        if let path = distribution.hdrLog {
            let start = outcome.timeline.first?.startMicros ?? 0
            var text = HdrIntervalLogWriter.header(startTimeEpochSeconds: Double(start) / 1e6)
            for interval in outcome.timeline {
                guard let histogram = try? HdrV2Codec.decode(base64: interval.httpReqDurationBase64) else { continue }
                text += HdrIntervalLogWriter.line(
                    startOffsetSeconds: Double(interval.startMicros - start) / 1e6,
                    lengthSeconds: Double(interval.lengthMicros) / 1e6, histogram: histogram)
            }
            try write(text, to: path)
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            // The summary is already on stdout: nothing measured is lost, but say the file failed.
            throw CommandFailure(message: "cannot write \(path): \(error.localizedDescription)", exitCode: ExitCodes.failure)
        }
    }
}
