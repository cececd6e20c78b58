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
        let (dialed, token, localAgent) = try await distribution.resolveAgents(url: spec.url, timeoutMicros: spec.timeoutMicros)
        defer { localAgent?.cancel() }
        let joined = try await distribution.waitForJoiningAgents(token: token)
        defer { joined?.lobby.close() }
        let endpoints = dialed + (joined?.members.map(\.endpoint) ?? [])

        var plan = RunPlan(agents: endpoints, token: token, spec: spec, onAgentLoss: distribution.lossPolicy,
                           coordinatorName: ProcessInfo.processInfo.hostName)
        plan.thresholds = thresholds
        plan.data = scenario?.data ?? []
        plan.scenarioName = scenario?.name
        plan.scenarioTags = scenario?.scenarios.first?.tags ?? [:]
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
        if result.interrupted {
            // The summary already says "interrupted (Ctrl-C)"; only the exit code remains to tell.
            if result.thresholdsFailed { printError("some thresholds have failed") }
            throw ExitCode(result.exitCode)
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
        let suffix = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if path.contains("."), ["js", "mjs", "cjs", "ts"].contains(suffix) {
            throw CommandFailure.badInput(
                "\(path) looks like a k6 script: Barrage does not run JavaScript. Describe the test in a scenario file "
                    + "(README, \"Scenario files, executors and thresholds\"), or write one from a HAR, OpenAPI or curl "
                    + "command with `coord import`")
        }
        do {
            return try ScenarioFile.load(path: path)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
    }
}
