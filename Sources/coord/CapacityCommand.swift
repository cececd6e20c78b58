import ArgumentParser
import BarrageCore
import BarrageCoordinator
import BarrageResults
import Foundation
import Synchronization

/// `coord capacity`: finds the highest arrival rate the target sustains within its thresholds,
/// and says whose limit that was (the target's, the load generator's, or `--max-rate`).
///
/// Parses flags, resolves the agents and prints; the search itself is ``CapacityRun`` (steps run
/// through ``RunSession``) and ``CapacitySearch`` (the pure state machine).
struct CapacityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Find the highest rate the target sustains within its thresholds, and whose limit it was.",
        discussion: """
            Steps of constant arrival rate (iterations per second, split across the agents) grow from
            --start-rate until a step fails, then bisect between the last pass and the first fail
            until they are within --precision. Each step's first seconds are a warm-up left out of its
            verdict. A step the load generator could not carry (CPU, event loop, network, VUs) is never
            blamed on the target: the verdict then says 'limit: load-generator'.
            """
    )

    @Argument(help: "A scenario file (YAML): its requests, flows and data; its executor is replaced by the steps.")
    var scenarioFile: String?

    @Option(help: "The URL each iteration requests; with a scenario file, the base that replaces its target.")
    var url: String?

    @Option(name: .customLong("threshold"), parsing: .singleValue,
            help: "A pass/fail criterion on each step, e.g. 'http_req_duration:p(95)<500' (repeatable; default: p(95)<1000 and http_req_failed rate<0.01, unless the file has thresholds).")
    var thresholdFlags: [String] = []

    @Option(name: .customLong("start-rate"), help: "Iterations per second of the first step.")
    var startRate: Int = 10

    @Option(name: .customLong("max-rate"), help: "The highest rate tried.")
    var maxRate: Int = 100_000

    @Option(help: "How long each step holds its rate, e.g. 10s.", transform: parseDuration)
    var step: Duration = .seconds(10)

    @Option(name: .customLong("warm-up"), help: "First seconds of each step left out of its verdict (default: a quarter of the step, 1s to 3s).", transform: parseDuration)
    var warmUp: Duration?

    @Option(help: "How close the last pass and the first fail must be, relative to the pass: 5% or 0.05.")
    var precision: String = "5%"

    @Option(help: "Exit 99 when the sustainable rate is below this (iterations per second).")
    var goal: Int?

    @Option(help: "Per-request timeout (default: 60s).", transform: parseDuration)
    var timeout: Duration?

    @Option(help: "Event loops (threads) per machine; default: one per core.")
    var threads: Int = 0

    @Option(help: "Write the search as JSON to this file.")
    var export: String?

    @Option(help: "Write an HTML page (latency-vs-rate chart, steps table) to this file.")
    var report: String?

    @Option(help: "The folder under which the search writes its results folder (one results folder per step inside).")
    var results: String = "results"

    @Flag(name: .customLong("no-results"), help: "Write no results folder.")
    var noResults = false

    @Flag(name: .shortAndLong, help: "No live progress on stderr.")
    var quiet = false

    @OptionGroup var distribution: DistributionOptions

    mutating func validate() throws {
        if scenarioFile == nil, url == nil { throw ValidationError("give --url URL or a scenario file") }
        if let url {
            do { _ = try TargetURL(url) } catch { throw ValidationError(error.description) }
        }
        for flag in thresholdFlags {
            do { _ = try Threshold.parse(flag: flag) } catch { throw ValidationError(error.description) }
        }
        guard (1...ExecutorConfig.maximumRate).contains(startRate) else {
            throw ValidationError("--start-rate must be from 1 to \(ExecutorConfig.maximumRate), but is \(startRate)")
        }
        guard (startRate...ExecutorConfig.maximumRate).contains(maxRate) else {
            throw ValidationError("--max-rate must be from --start-rate (\(startRate)) to \(ExecutorConfig.maximumRate), but is \(maxRate)")
        }
        guard step >= .seconds(2), step <= .seconds(3600) else {
            throw ValidationError("--step must be from 2s to 1h, but is \(DurationFormatter.format(step))")
        }
        if let warmUp, warmUp < .zero || warmUp >= step {
            throw ValidationError("--warm-up must be at least 0s and shorter than --step, but is \(DurationFormatter.format(warmUp))")
        }
        _ = try Self.parsePrecision(precision)
        if let goal, !(1...ExecutorConfig.maximumRate).contains(goal) {
            throw ValidationError("--goal must be from 1 to \(ExecutorConfig.maximumRate), but is \(goal)")
        }
        if let timeout, timeout <= .zero { throw ValidationError("--timeout must be positive") }
        guard threads >= 0 else { throw ValidationError("--threads must be 0 (one per core) or more, but is \(threads)") }
        if distribution.hdrLog != nil { throw ValidationError("--hdr-log is not supported by coord capacity (each step's results folder has its interval log)") }
        if distribution.weights == "auto" { throw ValidationError("--weights auto is not supported by coord capacity: the steps are split by --agents-file weights") }
    }

    /// `5%` or `0.05`, from 0.1% to 50%.
    static func parsePrecision(_ text: String) throws -> Double {
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let number = Double(trimmed), number.isFinite else {
            throw ValidationError("--precision must be a percentage such as 5% or a fraction such as 0.05, but is '\(text)'")
        }
        let fraction = text.hasSuffix("%") ? number / 100 : number
        guard (0.001...0.5).contains(fraction) else {
            throw ValidationError("--precision must be from 0.1% to 50%, but is '\(text)'")
        }
        return fraction
    }

    func run() async throws {
        MallocTuning.apply()
        let scenario = try scenarioFile.map(RunCommand.loadScenario)
        var flags = WorkloadFlags()
        flags.url = url
        flags.timeoutMicros = timeout?.microseconds
        flags.threads = threads
        let spec: RunSpec
        do { spec = try flags.spec(scenario: scenario) } catch { throw CommandFailure.badInput(error.description) }
        let given = (scenario?.thresholds ?? []) + thresholdFlags.compactMap { try? Threshold.parse(flag: $0) }
        let thresholds = given.isEmpty ? CapacityDefaults.thresholds : given

        let (endpoints, token, localAgent) = try await distribution.resolveAgents(url: spec.url, timeoutMicros: spec.timeoutMicros)
        defer { localAgent?.cancel() }
        let joined = try await distribution.waitForJoiningAgents(token: token, log: Self.firstJoinsOnly())
        defer { joined?.lobby.close() }
        var search = CapacitySearch.Settings(startRate: startRate, maxRate: maxRate, precision: try Self.parsePrecision(precision))
        search.confirmFailures = true
        let stepSeconds = Int(step.microseconds / 1_000_000)
        let warmUpSeconds = warmUp.map { Int($0.microseconds / 1_000_000) } ?? max(1, min(3, stepSeconds / 4))
        var options = CapacityRun.Options(
            spec: spec, token: token, thresholds: thresholds, search: search, stepMicros: step.microseconds, warmUpSeconds: warmUpSeconds)
        options.data = scenario?.data ?? []
        options.goalRate = goal
        options.resultsParent = noResults ? nil : results
        options.onAgentLoss = distribution.lossPolicy
        options.coordinatorName = ProcessInfo.processInfo.hostName

        let agents: CapacityRun.Agents
        if let joined {
            agents = Self.rejoining(joined.lobby, dialed: endpoints, distribution: distribution)
        } else {
            agents = { () async throws(RunSessionError) -> CapacityRun.StepAgents in (endpoints, nil) }
        }
        let live = LiveProgress(quiet: quiet)
        let started = Date()
        let capacity = CapacityRun(
            options: options, agents: agents,
            reporter: CapacityRun.Reporter(
                stepStarting: { number, rate, vus in
                    if number == 1 { StandardOutput.line(CapacityTable.header) }
                    live.note("step \(number): \(rate) iterations/s for \(DurationFormatter.format(step)) (up to \(vus) VUs)")
                },
                stepJudged: { number, judged in StandardOutput.line(CapacityTable.row(judged, number: number)) },
                session: RunSession.Reporter(
                    log: { kind, line in if kind == .warning { live.note(line) } },
                    note: { line in if !line.hasPrefix("results: ") { live.note(line) } },
                    progress: { live.update($0) },
                    progressEnded: { live.finish() })))
        let watcher = SignalWatcher { count in
            if count == 1 { live.note("stopping the search: the steps so far are kept") }
            capacity.interrupt()
        }
        defer { watcher.cancel() }
        live.note("capacity search on \(spec.url): from \(startRate) to at most \(maxRate) iterations/s, \(DurationFormatter.format(step)) steps (\(warmUpSeconds)s warm-up), precision \(precision)")

        var result: CapacityRun.Result
        do {
            result = try await capacity.run()
        } catch {
            throw CommandFailure(message: error.message, exitCode: error.exitCode)
        }
        result.verdict.unit = CapacityVerdict.unit(oneRequestPerIteration: spec.flows == nil && (spec.requests?.count ?? 1) == 1)
        print("")
        print(CapacityTable.render(result.steps))
        print("")
        print(result.verdict.line)
        StandardError.send("\(result.steps.count) steps in \(DurationFormatter.format(.seconds(Int(Date().timeIntervalSince(started)))))\n")
        let json = CapacityExport.json(result)
        let page = CapacityReportPage.html(result, title: "Barrage capacity: \(spec.url)")
        if let folder = result.resultsFolder {
            let saved = ResultsFolder(path: folder)
            try write(json, to: saved.file("capacity.json"))
            try write(page, to: saved.file("capacity.html"))
            StandardError.send("results: \(folder)\n")
        }
        if let export { try write(json, to: export) }
        if let report { try write(page, to: report) }
        if let stoppedBy = result.stoppedBy {
            throw CommandFailure(message: "the search stopped before its end: \(stoppedBy)", exitCode: result.exitCode)
        }
        if result.exitCode == ExitCodes.interrupted {
            throw CommandFailure(message: "interrupted: the search stopped before its end", exitCode: result.exitCode)
        }
        if result.exitCode != ExitCodes.ok, let goal {
            throw CommandFailure(message: "the sustainable rate \(result.verdict.sustainableRate) is below the goal \(goal)", exitCode: result.exitCode)
        }
    }

    /// With `--listen-agents` each step waits for `--expect-agents` to join again: a run closes
    /// their connections, and they join again about a second after it.
    static func rejoining(_ lobby: AgentLobby, dialed: [AgentEndpoint], distribution: DistributionOptions) -> CapacityRun.Agents {
        let (expected, timeout) = (distribution.expectAgents ?? 1, distribution.agentsTimeoutDuration)
        return { () async throws(RunSessionError) -> CapacityRun.StepAgents in
            do {
                let members = try await lobby.waitForAgents(count: expected, timeout: timeout)
                return (dialed + members.map(\.endpoint), (lobby, members))
            } catch {
                if case .interrupted? = error as? CoordinatorError {
                    throw RunSessionError(message: "\(error)", exitCode: ExitCodes.interrupted)
                }
                throw RunSessionError(message: "\(error)", exitCode: ExitCodes.failure)
            }
        }
    }

    /// The lobby's lines, but an agent joining again for the next step (under a name already
    /// seen) is not news.
    static func firstJoinsOnly() -> @Sendable (String) -> Void {
        let seen = Mutex<Set<Substring>>([])
        return { line in
            if line.hasPrefix("agent "), let end = line.range(of: " joined from ") {
                let name = line[line.index(line.startIndex, offsetBy: 6)..<end.lowerBound]
                guard seen.withLock({ $0.insert(name).inserted }) else { return }
            }
            StandardError.send(line + "\n")
        }
    }

    private func write(_ text: String, to path: String) throws {
        do { try RunSession.write(text, to: path) } catch { throw CommandFailure(message: error.message, exitCode: error.exitCode) }
    }

}
