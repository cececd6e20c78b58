import BarrageCore
import BarrageResults
import Foundation
import Synchronization

/// One run owned end to end, for `coord run`, `coord capacity` and tests: opens the outputs (the
/// journal, the dashboard, `--out`), runs the plan on its agents through a ``RunCoordinator``,
/// finishes every sink, writes the report and summary export, and says which exit code the run
/// ends with. It prints nothing itself: what the user sees goes through its ``Reporter``.
///
/// The agents are resolved before (dialed endpoints in the plan, joined ones in ``Options/joined``):
/// local mode's in-process agent lives in the engine, which the coordinator never imports.
public final class RunSession: Sendable {
    /// What the run is and where its results go.
    public struct Options: Sendable {
        public var plan: RunPlan
        /// Agents that joined (`--listen-agents`): the last entries of the plan's agents.
        public var joined: (lobby: AgentLobby, members: [AgentLobby.Member])?
        public var trendStats: [TrendStat]
        /// Also show the HTTP phase metrics (`--verbose`).
        public var showPhases: Bool
        public var sinks: RunSinks.Settings
        /// `--report`: the HTML report page.
        public var reportPath: String?
        /// `--summary-export`: the summary as JSON.
        public var summaryExportPath: String?

        public init(plan: RunPlan, trendStats: [TrendStat] = TrendStat.defaults, showPhases: Bool = false, sinks: RunSinks.Settings = .init()) {
            self.plan = plan
            self.trendStats = trendStats
            self.showPhases = showPhases
            self.sinks = sinks
        }
    }

    /// Where the session's messages go (the CLI prints them; tests keep them).
    public struct Reporter: Sendable {
        /// The coordinator's plan lines and warnings, one line each.
        public var log: @Sendable (RunCoordinator.LogKind, String) -> Void
        /// The session's own messages: the results folder, the dashboard's address, sinks' warnings.
        public var note: @Sendable (String) -> Void
        /// The merged live status, once a second.
        public var progress: @Sendable (ProgressLine) -> Void
        /// The live status is over (the run ended, or could not start).
        public var progressEnded: @Sendable () -> Void
        /// The finished run with every sink's notes, before any file is written: `coord run` prints
        /// its summary here, so a file that cannot be written loses nothing.
        public var finished: @Sendable (FinishedRun) -> Void
        /// Each closed second, merged over every agent (after the sinks are handed it).
        public var second: @Sendable (SecondRow) -> Void

        public init(
            log: @escaping @Sendable (RunCoordinator.LogKind, String) -> Void = { _, _ in },
            note: @escaping @Sendable (String) -> Void = { _ in },
            progress: @escaping @Sendable (ProgressLine) -> Void = { _ in },
            progressEnded: @escaping @Sendable () -> Void = {},
            finished: @escaping @Sendable (FinishedRun) -> Void = { _ in },
            second: @escaping @Sendable (SecondRow) -> Void = { _ in }
        ) {
            self.log = log
            self.note = note
            self.progress = progress
            self.progressEnded = progressEnded
            self.finished = finished
            self.second = second
        }
    }

    /// A run that produced a report.
    public struct Result: Sendable {
        /// The outcome with every sink's notes.
        public var finished: FinishedRun
        /// The run's results folder, if it wrote one.
        public var resultsFolder: String?
        /// A threshold failed, or `abortOnFail` stopped the run.
        public var thresholdsFailed: Bool
        /// Ctrl-C (or SIGTERM) stopped the run before its end.
        public var interrupted: Bool { finished.outcome.report.interrupted }
        /// 0; 130 when ``interrupted``; else 99 when ``thresholdsFailed``.
        public var exitCode: Int32 {
            interrupted ? ExitCodes.interrupted : thresholdsFailed ? ExitCodes.thresholdsFailed : ExitCodes.ok
        }
    }

    public let options: Options
    private let reporter: Reporter
    /// The running coordinator, or whether an interrupt came before it existed.
    private let control = Mutex<(coordinator: RunCoordinator?, interrupts: Int)>((nil, 0))

    public init(options: Options, reporter: Reporter) {
        self.options = options
        self.reporter = reporter
    }

    /// Ctrl-C: the first stops every agent gracefully, the second at once; the run still returns
    /// what it measured.
    public func interrupt() {
        let coordinator = control.withLock { state -> RunCoordinator? in
            state.interrupts += 1
            return state.coordinator
        }
        coordinator?.interrupt()
    }

    /// Runs the plan to its end.
    /// - Throws: ``RunSessionError``: bad outputs (2) before any load is sent; a run that could not
    ///   start (1, or 2 for a plan the agents refuse); a report or export that cannot be written (1,
    ///   after ``Reporter/finished`` had the run).
    public func run() async throws(RunSessionError) -> Result {
        let plan = options.plan
        let reporter = self.reporter
        // Every file written at the end is checked now: a run is expensive to lose to a typo.
        for path in [options.reportPath, options.summaryExportPath].compactMap({ $0 }) {
            if let problem = WritablePath.problem(path) { throw .badInput(problem) }
        }
        let sinks = try await RunSinks.make(
            options.sinks, spec: plan.spec, thresholds: plan.thresholds, trendStats: options.trendStats,
            showPhases: options.showPhases, agents: plan.agents, warn: reporter.note)
        if let journal = sinks.journal { reporter.note("results: \(journal.folder.path)") }
        // First, so the reporter sees a second no later than the outputs do.
        let outputs = OutputSinks([SecondForwarder(forward: reporter.second)] + sinks.all)
        let dashboard = sinks.dashboard
        let coordinator = RunCoordinator(
            plan: plan,
            log: { kind, line in
                reporter.log(kind, line)
                // Journalled as they happen, so a partial journal's summary still shows them.
                if kind == .warning { outputs.note(line) }
            },
            progress: { line in reporter.progress(line); dashboard?.progress(line) },
            outputs: outputs,
            joined: options.joined)
        let early = control.withLock { state -> Int in
            state.coordinator = coordinator
            return state.interrupts
        }
        for _ in 0..<min(early, 2) { coordinator.interrupt() }

        let outcome: RunOutcome
        do {
            outcome = try await coordinator.run()
        } catch {
            reporter.progressEnded()
            await outputs.finish(nil)
            guard let error = error as? CoordinatorError else {
                throw RunSessionError(message: "\(error)", exitCode: ExitCodes.failure)
            }
            if case .interrupted = error { throw RunSessionError(message: error.description, exitCode: ExitCodes.interrupted) }
            throw RunSessionError(message: error.description, exitCode: error.isBadInput ? ExitCodes.badInput : ExitCodes.failure)
        }
        reporter.progressEnded()
        let initial = FinishedRun(outcome: outcome, trendStats: options.trendStats, showPhases: options.showPhases)
        let finished = await outputs.finish(initial) ?? initial
        reporter.finished(finished)
        if let path = options.reportPath { try Self.write(finished.reportPage(), to: path) }
        if let path = options.summaryExportPath {
            try Self.write(
                SummaryExport.json(finished.outcome.report, trendStats: options.trendStats, includePhases: options.showPhases) + "\n",
                to: path)
        }
        return Result(
            finished: finished, resultsFolder: sinks.journal?.folder.path,
            thresholdsFailed: ThresholdEvaluator.anyFailed(finished.outcome.report.thresholdResults) || outcome.abortedByThresholds)
    }

    /// Writes a file of the run's results.
    /// - Throws: exit 1: the summary is already out, so nothing measured is lost, but the file failed.
    public static func write(_ text: String, to path: String) throws(RunSessionError) {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw RunSessionError(message: "cannot write \(path): \(error.localizedDescription)", exitCode: ExitCodes.failure)
        }
    }
}

/// Hands each closed second to the session's reporter.
private struct SecondForwarder: OutputSink {
    let forward: @Sendable (SecondRow) -> Void

    func record(_ second: SecondRow) { forward(second) }
    func finish(_ run: FinishedRun?) async -> [String] { [] }
}
