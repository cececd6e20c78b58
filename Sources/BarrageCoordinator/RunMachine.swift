import BarrageCore
import BarrageResults

/// The coordinator's run as a pure state machine: an ``AgentEvent`` and the time it happened go
/// in, ``RunAction``s come out (messages to send, connections to close, log lines, closed
/// seconds, and at last the outcome). It reads no clock and does no I/O, so every path (agent
/// loss at the silence limit, late samples, a second `done`, Ctrl-C while preparing) is tested
/// with a fake clock; ``RunDriver`` performs its actions.
///
/// Stages: connecting (every agent authenticates and syncs clocks) -> settingUp (the file's
/// `setup:` once, on one agent; RunMachine+Setup.swift) -> preparing (`prepare` and data chunks
/// out, `ready` back) -> running (`start` at one instant, samples merged, stops) -> tearingDown
/// (the file's `teardown:` once, after every agent ended its load).
struct RunMachine {
    enum Stage: Int, Comparable {
        case connecting, settingUp, preparing, running, tearingDown

        static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
    }

    static let connectTimeoutMicros: Int64 = 10_000_000
    /// Distinct tagged series merged per run; beyond it further ones are dropped (each costs a
    /// dense histogram), with a note.
    static let maxSeries = 256

    let plan: RunPlan
    let runId: String
    var agents: [AgentRunState]
    var stage = Stage.connecting
    let createdMicros: Int64
    var startAtMicros: Int64 = 0
    /// Why the run is stopping, once it is (Ctrl-C, thresholds, an agent lost with `abort`, a
    /// data set exhausted with `stopTest`); Ctrl-C counts how often it was pressed.
    var stopRequested = 0
    var thresholdsAborted = false
    /// A data set ran out with `onExhausted: stopTest`: the run ended as planned, not interrupted.
    var stoppedByData = false
    var merged = MetricsSnapshot()
    /// http_req_duration of the last seconds, as buckets: the live line's p95 over its window.
    var recentDuration = RecentLatency(windowSeconds: ProgressLine.p95WindowSeconds)
    var timeline = TimelineMerge()
    var notes: [String] = []
    var watch: LoadGeneratorWatch
    /// The watch's findings so far, for the outcome.
    var insights: [LoadGeneratorInsight] = []
    var warnedDropped = false
    /// Cookies the agents' VUs dropped from their jars (their bounds), summed over the run.
    var cookiesDropped: UInt64 = 0
    var seriesKeys: Set<SeriesKey> = []
    var warnedSeriesCap = false
    var lastHeartbeatMicros: Int64 = 0
    var lastProgressMicros: Int64 = 0
    /// How long after each whole second of the run the live line is drawn.
    static let progressDelayMicros: Int64 = 300_000
    var lastThresholdCheckMicros: Int64 = 0
    private var lastEventMicros: Int64 = 0
    /// Time this process was not running (SIGSTOP, swap, a paused VM), which must not count as
    /// agent silence.
    var stalledMicros: Int64 = 0
    /// Data rows not sent yet (RunMachine+Data.swift).
    var dataQueue = DataQueue()
    /// The outcome once the run is over; later events are ignored.
    private(set) var result: Result<RunOutcome, CoordinatorError>?
    /// Actions of the event being handled.
    private var actions: [RunAction] = []
    /// The setup or teardown in flight (RunMachine+Setup.swift).
    var once: OnceRun?
    /// What the setup extracted, sent in every `prepare` (nil without a setup).
    var setupValues: [String: String]?
    /// When the last agent ended its load: the results' end, whatever the teardown takes.
    var loadEndedMicros: Int64 = 0

    /// - Parameters:
    ///   - runId: repeated in every message of the run.
    ///   - now: coordinator wall clock, µs; the connect timeout counts from here.
    init(plan: RunPlan, runId: String, now: Int64) {
        self.plan = plan
        self.runId = runId
        self.createdMicros = now
        self.agents = plan.agents.map(AgentRunState.init(endpoint:))
        // The think time an iteration spends in total: each request's sleep plus the iteration's.
        // Arrival-rate VUs wait for the schedule, not think time, so the network-bound check (which
        // compares iterations with what think time allows) does not apply to them.
        let sleeps = plan.spec.iterationRequests.compactMap(\.sleep) + [plan.spec.thinkTime]
        let think = plan.spec.executorPlan.config.isArrivalRate ? 0 : sleeps.map(\.meanMicros).reduce(0, +)
        self.watch = LoadGeneratorWatch(meanThinkMicros: think, plannedVUs: plan.spec.vus, thresholds: plan.generatorWatch)
    }

    /// Handles one event that happened at `now` (µs, coordinator wall clock).
    mutating func handle(_ event: AgentEvent, now: Int64) -> [RunAction] {
        guard result == nil else { return [] }
        noticeStall(now: now)
        do {
            try apply(event, now: now)
            if stage == .running, agents.allSatisfy(\.isFinished) { endLoad(now: now) }
        } catch let error as CoordinatorError {
            finish(.failure(error))
        } catch {
            finish(.failure(.protocolFailure(agent: "?", address: "?", detail: "\(error)")))
        }
        defer { actions.removeAll(keepingCapacity: true) }
        return actions
    }

    private mutating func apply(_ event: AgentEvent, now: Int64) throws {
        switch event {
        case .connected(let index, let hello, let clock):
            guard agents.indices.contains(index), agents[index].phase == .connecting else { return }
            agents[index].phase = .connected
            agents[index].hello = hello
            agents[index].clock = clock
            agents[index].lastHeardMicros = now
            if agents.allSatisfy({ $0.phase == .connected }) {
                adoptAgentNames()
                try beginSetupOrPrepare(now: now)
            }
        case .message(let index, let message):
            guard agents.indices.contains(index) else { return }
            if try receiveOnce(message, from: index, now: now) { return }
            guard !agents[index].isFinished else { return }
            agents[index].lastHeardMicros = now
            try receive(message, from: index, now: now)
        case .closed(let index, let detail, let error):
            guard agents.indices.contains(index) else { return }
            if try onceAgentClosed(index, detail: detail, error: error) { return }
            guard !agents[index].isFinished else { return }
            if stage < .running {
                throw error ?? .protocolFailure(
                    agent: agents[index].endpoint.name, address: agents[index].endpoint.address, detail: detail)
            }
            markLost(index, detail: detail, now: now)
        case .tick:
            try tick(now: now)
        case .interrupt:
            stopRequested += 1
            if stage == .tearingDown { return interruptTeardown() }
            guard stage == .running else { throw CoordinatorError.interrupted }
            if stopRequested == 1 { note("interrupted: stopped early by Ctrl-C", log: false) }
            stopAll(gracefulMicros: stopRequested == 1 ? plan.spec.gracefulStopMicros : 0)
        }
    }

    mutating func emit(_ action: RunAction) { actions.append(action) }

    /// Records a note for the summary, logging it as a warning unless `log` is false.
    mutating func note(_ text: String, log: Bool = true) {
        notes.append(text)
        if log { emit(.log(.warning, text)) }
    }

    /// Ends the run: closes every connection, then hands over the result.
    mutating func finish(_ result: Result<RunOutcome, CoordinatorError>) {
        self.result = result
        for index in agents.indices { emit(.close(agent: index)) }
        emit(.finished(result))
    }

    /// Tells every agent still going to stop, within `gracefulMicros`.
    mutating func stopAll(gracefulMicros: Int64) {
        for index in agents.indices where !agents[index].isFinished {
            emit(.send(agent: index, .stop(.init(runId: runId, gracefulStopMicros: gracefulMicros))))
        }
    }

    // MARK: Stages

    mutating func prepare() throws {
        let split: [Int]
        do {
            split = try VUSplit.split(
                total: plan.spec.vus,
                agents: agents.map { VUSplit.Agent(weight: $0.endpoint.weight, maxVUs: $0.hello?.maxVUs) })
        } catch {
            throw CoordinatorError.plan(error)
        }
        // The executor is split by execution segments in proportion to each agent's VUs, so every
        // agent's share of VUs and iterations is exact at every instant (ExecutionSegment).
        let withVUs = split.indices.filter { split[$0] > 0 }
        var segments: [Int: ExecutionSegment] = [:]
        if !withVUs.isEmpty {
            let cut: [ExecutionSegment]
            do {
                cut = try ExecutionSegment.fromWeights(withVUs.map { Double(split[$0]) })
            } catch {
                throw CoordinatorError.plan(.segments(error))
            }
            for (position, index) in withVUs.enumerated() { segments[index] = cut[position] }
        }
        let metricTags = plan.spec.metricTags
        for index in agents.indices {
            let agent = agents[index]
            agents[index].vus = split[index]
            let offset = agent.clock.map { "clock offset \(DurationFormatter.format(micros: Double(abs($0.offsetMicros)))) ±\(DurationFormatter.format(micros: Double($0.uncertaintyMicros)))" } ?? ""
            // The agent's own name only when the run shows it under another (a1 (host)).
            let own = agent.hello.map(\.agentName).flatMap { $0 == agent.endpoint.name ? nil : PeerText.escape($0, limit: 64) + ", " } ?? ""
            emit(.log(.plan, "agent \(agent.endpoint.name) \(agent.endpoint.address) \(split[index]) VUs (\(own)\(agent.hello?.cores ?? 0) cores, \(offset))"))
            guard split[index] > 0, let segment = segments[index] else {
                agents[index].phase = .done
                continue
            }
            var spec = plan.spec.withSegment(segment)
            if let setupValues { spec.setupValues = setupValues }
            let slices = dataSlices(split: split, agent: index)
            if !slices.isEmpty {
                var session = spec.session ?? SessionSpec()
                session.data = slices.map(\.spec)
                spec.session = session
            }
            agents[index].phase = .preparing
            // An agent's VUs never exceed the whole test's (arrival rates grow up to maxVUs).
            agents[index].sampleCheck = SampleCheck(
                requestNames: Set(plan.spec.iterationRequests.map(\.name)), checkNames: plan.spec.checkNames,
                maxVUs: max(plan.spec.executorPlan.config.maxVUs, plan.spec.vus),
                scenarioNames: Set(plan.spec.scenarios?.map(\.name) ?? []), tags: metricTags)
            emit(.send(agent: index, .prepare(.init(runId: runId, agentIndex: index, spec: spec))))
            queueData(slices, for: index)
        }
        // No agent got any VU (e.g. every agent's --max-vus is 0): nothing would ever start.
        if agents.allSatisfy({ $0.phase == .done }) {
            throw CoordinatorError.plan(.notEnoughCapacity(total: max(plan.spec.vus, 1), capacity: 0))
        }
        stage = .preparing
        sendQueuedData()
    }

    private mutating func start(now: Int64) {
        // Far enough ahead that every start message arrives first, even on a slow link.
        let slowestRoundTrip = agents.compactMap { $0.clock?.roundTripMicros }.max() ?? 0
        startAtMicros = now.addingSaturating(max(500_000, slowestRoundTrip.multipliedSaturating(4).addingSaturating(200_000)))
        for index in agents.indices where agents[index].phase == .ready {
            let agentStart = agents[index].clock?.agentTime(forCoordinatorTime: startAtMicros) ?? startAtMicros
            agents[index].phase = .running
            agents[index].lastHeardMicros = now
            emit(.send(agent: index, .start(.init(runId: runId, startAtMicros: agentStart))))
        }
        stage = .running
        emit(.started(RunStart(startMicros: startAtMicros, agents: agents.map {
            JournalPlan.Agent(name: $0.endpoint.name, address: $0.endpoint.address, vus: $0.vus)
        })))
        // The agents' samples for second N are due at N s: the line drawn at N s raced them and
        // showed the second before (0 requests at 1 s, 40 of 60 at the end); drawn a little later, it has them.
        lastProgressMicros = startAtMicros.addingSaturating(Self.progressDelayMicros)
        lastThresholdCheckMicros = startAtMicros
    }

    private mutating func receive(_ message: Message, from index: Int, now: Int64) throws {
        let agent = agents[index]
        switch message {
        case .ready(let ready) where ready.runId == runId && agent.phase == .preparing:
            agents[index].phase = .ready
            if agents.allSatisfy({ $0.phase == .ready || $0.phase == .done }) { start(now: now) }
        case .started(let started) where started.runId == runId && agent.phase == .running:
            // The agent's word, used for the run's elapsed time and start skew: it must lie
            // between the start instant and now, give or take the clock's slack.
            let at = agent.clock?.coordinatorTime(forAgentTime: started.startedAtMicros) ?? started.startedAtMicros
            let slack = SampleCheck.Timing.slackMicros
            guard at >= startAtMicros.subtractingSaturating(slack), at <= now.addingSaturating(slack) else {
                markLost(index, detail: "sent a start time \(at.subtractingSaturating(startAtMicros) / 1000) ms from the run's start instant, \(now.subtractingSaturating(startAtMicros) / 1000) ms into the run", now: now)
                return
            }
            agents[index].startedAtMicros = at
        case .sample(let sample) where sample.runId == runId && agent.phase == .running:
            absorb(sample, from: index, now: now)
        case .done(let done) where done.runId == runId:
            agents[index].phase = .done
            if done.samplesSent > UInt64(agent.samples) {
                note("agent \(agent.endpoint.name) sent \(done.samplesSent) samples and \(agent.samples) arrived; the missing seconds are not in the results")
            }
            if done.reason == .coordinatorLost {
                note(stalledMicros > 0
                    ? "agent \(agent.endpoint.name) stopped its load on its own (dead-man switch) while this coordinator was stalled; what it measured until then is included"
                    : "agent \(agent.endpoint.name) stopped on its own: it lost the coordinator", log: false)
            }
        case .error(let error):
            if stage < .running {
                throw CoordinatorError.refused(agent: agent.endpoint.name, address: agent.endpoint.address, error: error)
            }
            markLost(index, detail: "\(error.kind.rawValue): \(error.message)", now: now)
        default:
            break  // pongs (heartbeats ask for none) and messages of other runs or phases need nothing.
        }
    }

    /// Events come at least every 200 ms (the ticks); a gap of seconds between two means this
    /// process was not running. Agents are judged on what they sent, read after the gap, not on
    /// the gap itself.
    private mutating func noticeStall(now: Int64) {
        defer { lastEventMicros = now }
        guard lastEventMicros > 0, stage == .running else { return }
        let gap = now - lastEventMicros
        guard gap > 2_000_000 else { return }
        stalledMicros = stalledMicros.addingSaturating(gap)
        for index in agents.indices where !agents[index].isFinished { agents[index].lastHeardMicros = now }
        note("this coordinator stalled for \(DurationFormatter.format(micros: Double(gap))) (not scheduled: SIGSTOP, swap or a paused VM); the agents were not at fault")
    }

    private mutating func tick(now: Int64) throws {
        if stage == .connecting, now - createdMicros > Self.connectTimeoutMicros {
            let waiting = agents.first { $0.phase == .connecting }
            throw CoordinatorError.connectFailed(
                agent: waiting?.endpoint.name ?? "?", address: waiting?.endpoint.address ?? "?",
                detail: "no handshake within \(Self.connectTimeoutMicros / 1_000_000)s")
        }
        if stage == .settingUp || stage == .tearingDown { return try tickOnce(now: now) }
        guard stage >= .preparing else { return }
        sendQueuedData()
        if now - lastHeartbeatMicros >= ProtocolLimits.heartbeatIntervalMicros {
            lastHeartbeatMicros = now
            for index in agents.indices where !agents[index].isFinished {
                emit(.send(agent: index, .ping(.init(seq: 0, sentMicros: now, reply: false))))
            }
        }
        guard stage == .running, now >= startAtMicros else { return }
        for index in agents.indices where agents[index].phase == .running {
            if now - agents[index].lastHeardMicros > plan.agentSilenceMicros {
                markLost(index, detail: "sent nothing for \(DurationFormatter.format(micros: Double(plan.agentSilenceMicros)))", now: now)
            }
        }
        // A run that outlives its duration, graceful stop and a margin has agents that will not finish.
        let hardEnd = startAtMicros.addingSaturating(plan.spec.hardEndMicros)
            .addingSaturating(15_000_000).addingSaturating(stalledMicros)
        if now > hardEnd {
            for index in agents.indices where !agents[index].isFinished {
                markLost(index, detail: "did not finish within the duration and graceful stop", now: now)
            }
        }
        if now - lastProgressMicros >= 1_000_000 {
            // On a fixed beat (a late tick does not shift the next line), past each whole second.
            lastProgressMicros += (now - lastProgressMicros) / 1_000_000 * 1_000_000
            emit(.progress(progressLine(now: now)))
        }
        if now - lastThresholdCheckMicros >= 1_000_000 {
            lastThresholdCheckMicros = now
            abortOnFailedThresholds(now: now)
        }
    }

    mutating func markLost(_ index: Int, detail: String, now: Int64) {
        let agent = agents[index]
        agents[index].phase = .lost
        let lostAt = now - (startAtMicros > 0 ? startAtMicros : createdMicros)
        agents[index].lostAtMicros = lostAt
        agents[index].lossDetail = detail
        emit(.close(agent: index))
        let at = DurationFormatter.format(micros: Double(max(lostAt, 0)))
        note("agent \(agent.endpoint.name) \(agent.endpoint.address) lost at \(at) (\(detail)); its numbers stop there")
        if plan.onAgentLoss == .abort, stopRequested == 0 {
            stopRequested = 1
            note("run aborted because an agent was lost (--on-agent-loss abort)", log: false)
            stopAll(gracefulMicros: 0)
        }
    }
}
