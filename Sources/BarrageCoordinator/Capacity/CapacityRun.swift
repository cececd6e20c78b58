import BarrageCore
import BarrageResults
import BarrageWire
import Foundation
import Synchronization

/// `coord capacity` end to end: asks ``CapacitySearch`` for a rate, runs one constant-arrival-rate
/// step at it through a ``RunSession`` (split exactly across the agents by their VUs, journaled in a
/// results folder of its own), judges it with ``CapacityStepJudge``, and goes on until the search
/// ends or is interrupted. Prints nothing itself: see ``Reporter``.
public final class CapacityRun: Sendable {
    public struct Options: Sendable {
        /// The workload whose executor each step replaces: its requests, flows and data.
        public var spec: RunSpec
        public var token: String
        public var thresholds: [Threshold]
        public var data: [DataSource] = []
        public var search: CapacitySearch.Settings
        /// How long each step holds its rate.
        public var stepMicros: Int64
        /// First seconds of each step left out of its verdict.
        public var warmUpSeconds: Int
        public var goalRate: Int?
        /// The folder under which the search's results folder goes (one results folder per step
        /// inside it); nil writes none.
        public var resultsParent: String?
        public var onAgentLoss: RunPlan.AgentLossPolicy = .continue
        public var coordinatorName = "coord"

        public init(spec: RunSpec, token: String, thresholds: [Threshold], search: CapacitySearch.Settings, stepMicros: Int64, warmUpSeconds: Int) {
            self.spec = spec
            self.token = token
            self.thresholds = thresholds
            self.search = search
            self.stepMicros = stepMicros
            self.warmUpSeconds = warmUpSeconds
        }
    }

    /// The agents of one step: dialed endpoints, and joined ones (`--listen-agents`), which must
    /// join again for every step since a run closes their connections. Cancelled by Ctrl-C (throw
    /// ``RunSessionError`` with ``ExitCodes/interrupted`` then).
    public typealias Agents = @Sendable () async throws(RunSessionError) -> StepAgents
    public typealias StepAgents = (endpoints: [AgentEndpoint], joined: (lobby: AgentLobby, members: [AgentLobby.Member])?)

    public struct Reporter: Sendable {
        /// A step is about to run: its number (from 1), rate and VUs.
        public var stepStarting: @Sendable (_ number: Int, _ rate: Int, _ vus: Int) -> Void
        /// A step was judged: its number (from 1) and result.
        public var stepJudged: @Sendable (_ number: Int, CapacityStep) -> Void
        /// What each step's session tells (plan lines, warnings, results folders, progress).
        public var session: RunSession.Reporter

        public init(
            stepStarting: @escaping @Sendable (Int, Int, Int) -> Void, stepJudged: @escaping @Sendable (Int, CapacityStep) -> Void,
            session: RunSession.Reporter
        ) {
            self.stepStarting = stepStarting
            self.stepJudged = stepJudged
            self.session = session
        }
    }

    /// The search's outcome.
    public struct Result: Sendable {
        public var verdict: CapacityVerdict
        /// Every step, repeats included, in order.
        public var steps: [CapacityStep]
        /// The search's results folder (each step's folder inside it).
        public var resultsFolder: String?
        public var thresholds: [Threshold]
        /// 130 when Ctrl-C ended the search; the step's exit code when a step after the first
        /// could not start; else 99 when `--goal` was given and the sustainable rate is below it;
        /// else 0.
        public var exitCode: Int32
        /// Why a step after the first could not start (agents gone, a joined agent not back in
        /// time): the search ended there, its verdict marked interrupted.
        public var stoppedBy: String?
    }

    public let options: Options
    private let agents: Agents
    private let reporter: Reporter
    /// The step's session or its wait for agents, whichever runs, for Ctrl-C.
    private let control = Mutex<(session: RunSession?, cancelWait: (@Sendable () -> Void)?, interrupted: Bool)>((nil, nil, false))

    public init(options: Options, agents: @escaping Agents, reporter: Reporter) {
        self.options = options
        self.agents = agents
        self.reporter = reporter
    }

    /// Ctrl-C: stops the step running at once and ends the search with what it found.
    public func interrupt() {
        let (session, cancelWait) = control.withLock { state in
            state.interrupted = true
            return (state.session, state.cancelWait)
        }
        cancelWait?()
        // Twice: the step's numbers are not needed past the moment, and a graceful stop would hold.
        session?.interrupt()
        session?.interrupt()
    }

    private var interrupted: Bool { control.withLock { $0.interrupted } }

    /// Runs the search.
    /// - Throws: ``RunSessionError`` when the first step could not run at all (bad outputs, agents
    ///   that cannot be reached). A later step that cannot start ends the search with what the
    ///   steps before it found (``Result/stoppedBy``).
    public func run() async throws(RunSessionError) -> Result {
        var search = CapacitySearch(settings: options.search)
        let folder: ResultsFolder?
        do {
            folder = try options.resultsParent.map {
                try ResultsFolder.create(parent: $0, nowMicros: WallClock.nowMicros(), id: "capacity-" + ResultsFolder.shortId())
            }
        } catch {
            throw .badInput("\(error)")
        }
        var decision = search.start()
        var stopped: RunSessionError?
        while case .run(let rate) = decision {
            if interrupted { break }
            let step: CapacityStep
            do {
                step = try await runStep(rate: rate, number: search.steps.count + 1, latencyMicros: CapacityVUs.latency(for: search), folder: folder)
            } catch where interrupted && error.exitCode == ExitCodes.interrupted {
                break  // Ctrl-C before the step started: the steps before it stand.
            } catch where !search.steps.isEmpty {
                stopped = error  // The steps before it stand too.
                break
            }
            // A step cut short by Ctrl-C says nothing about its rate: it is journaled, not judged.
            if interrupted { break }
            reporter.stepJudged(search.steps.count + 1, step)
            decision = search.record(step)
            if !step.passed, case .run = decision { await rest(after: step) }
        }
        let verdict: CapacityVerdict
        if case .done(let done) = decision, !interrupted, stopped == nil { verdict = done } else { verdict = search.interrupt() }
        let missedGoal = options.goalRate.map { verdict.sustainableRate < $0 } ?? false
        // As `coord run`: a search cut short is not a passing one, whatever it found.
        let exitCode = stopped?.exitCode ?? (verdict.interrupted ? ExitCodes.interrupted : missedGoal ? ExitCodes.thresholdsFailed : ExitCodes.ok)
        return Result(
            verdict: verdict, steps: search.steps, resultsFolder: folder?.path, thresholds: options.thresholds, exitCode: exitCode,
            stoppedBy: stopped?.message)
    }

    /// After an overloaded step the target still holds its queue: the next step waits about as
    /// long as the slowest requests took (its p99, 0.5 s to 10 s), so it does not measure that tail.
    private func rest(after step: CapacityStep) async {
        let micros = min(max(Int64(step.p99Micros), 500_000), 10_000_000)
        try? await Task.sleep(for: .microseconds(micros))
    }

    /// ``agents``, in a task Ctrl-C cancels: joining agents may take a while to come back.
    private func stepAgents() async throws(RunSessionError) -> StepAgents {
        let agents = self.agents
        let waiting = Task { () async throws -> StepAgents in try await agents() }
        let alreadyInterrupted = control.withLock { state -> Bool in
            state.cancelWait = { waiting.cancel() }
            return state.interrupted
        }
        if alreadyInterrupted { waiting.cancel() }
        defer { control.withLock { $0.cancelWait = nil } }
        do {
            return try await waiting.value
        } catch let error as RunSessionError {
            throw error
        } catch {
            throw RunSessionError(message: "interrupted", exitCode: ExitCodes.interrupted)
        }
    }

    private func runStep(rate: Int, number: Int, latencyMicros: Double?, folder: ResultsFolder?) async throws(RunSessionError) -> CapacityStep {
        let (endpoints, joined) = try await stepAgents()
        let vus = CapacityVUs.size(rate: rate, latencyMicros: latencyMicros, agents: endpoints.count)
        var spec = options.spec
        spec.executor = .constantArrivalRate(
            rate: rate, timeUnitMicros: 1_000_000, durationMicros: options.stepMicros, preAllocatedVUs: vus.preAllocated, maxVUs: vus.max)
        // The tail is left out of the verdict: in-flight iterations get a moment, not k6's 30 s.
        spec.gracefulStopMicros = min(spec.gracefulStopMicros, 2_000_000)
        var plan = RunPlan(agents: endpoints, token: options.token, spec: spec, onAgentLoss: options.onAgentLoss, coordinatorName: options.coordinatorName)
        plan.thresholds = options.thresholds
        plan.data = options.data
        plan.generatorWatch.warmUp = options.warmUpSeconds
        plan.generatorWatch.window = max(2, min(5, Int(options.stepMicros / 1_000_000) - options.warmUpSeconds - 1))
        var sessionOptions = RunSession.Options(plan: plan)
        sessionOptions.joined = joined
        sessionOptions.sinks.resultsParent = folder?.path
        reporter.stepStarting(number, rate, vus.max)
        let seconds = Mutex<[SecondRow]>([])
        var sessionReporter = reporter.session
        let forward = sessionReporter.second
        sessionReporter.second = { row in
            seconds.withLock { $0.append(row) }
            forward(row)
        }
        let session = RunSession(options: sessionOptions, reporter: sessionReporter)
        let alreadyInterrupted = control.withLock { state -> Bool in
            state.session = session
            return state.interrupted
        }
        if alreadyInterrupted { session.interrupt(); session.interrupt() }
        defer { control.withLock { $0.session = nil } }
        let result = try await session.run()
        let report = result.finished.outcome.report
        var settings = CapacityStepJudge.Settings(warmUpSeconds: options.warmUpSeconds, thresholds: options.thresholds, goalRate: options.goalRate)
        settings.cpuPercent = plan.generatorWatch.cpuPercent
        var step = CapacityStepJudge.judge(
            rate: rate, seconds: seconds.withLock { $0 }, agentVUs: report.agents.map { ($0.name, $0.vus) },
            insights: result.finished.outcome.insights, settings: settings)
        step.resultsFolder = result.resultsFolder
        return step
    }
}
