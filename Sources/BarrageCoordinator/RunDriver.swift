import BarrageCore
import BarrageWire
import Histogram

/// The coordinator's run state machine: consumes ``AgentEvent``s in order and issues commands.
struct RunDriver {
    enum Stage: Int, Comparable {
        case connecting, preparing, running

        static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
    }

    let plan: RunPlan
    var agents: [AgentRunState]
    let log: @Sendable (RunCoordinator.LogKind, String) -> Void
    let progress: @Sendable (ProgressLine) -> Void
    /// Receives each merged second once it closes (exact: every live agent has reported it).
    var onSecond: @Sendable (TimelineInterval) -> Void = { _ in }
    /// Receives the start instant and the split once every agent is told to start.
    var onStart: @Sendable (RunStart) -> Void = { _ in }
    /// Receives an agent's share of a second that had already closed.
    var onLate: @Sendable (UInt64, JournalAgentSecond) -> Void = { _, _ in }

    private var stage = Stage.connecting
    let runId: String
    private let createdMicros = WallClock.nowMicros()
    private(set) var startAtMicros: Int64 = 0
    private var stopRequested = 0
    private var merged = MetricsSnapshot()
    /// Seconds still receiving samples, merged as histograms; older ones are encoded (``closeTimeline``).
    private var openTimeline: [UInt64: (interval: TimelineInterval, metrics: MetricsSnapshot)] = [:]
    private var timeline: [UInt64: TimelineInterval] = [:]
    private var activeBySeq: [UInt64: Int] = [:]
    private var allocatedBySeq: [UInt64: Int] = [:]
    private var lastHeartbeatMicros: Int64 = 0
    private var lastProgressMicros: Int64 = 0
    private var notes: [String] = []
    private var watch: LoadGeneratorWatch
    private var warnedDropped = false
    private var thresholdsAborted = false
    private var lastThresholdCheckMicros: Int64 = 0
    private var lastEventMicros: Int64 = 0
    /// Time the coordinator itself was not running (SIGSTOP, swap, a paused VM), which must not
    /// count as agent silence.
    private var stalledMicros: Int64 = 0
    /// Distinct tagged series merged so far; beyond ``maxSeries`` further ones are dropped (each
    /// costs a dense histogram), with a note.
    private var seriesKeys: Set<SeriesKey> = []
    private var warnedSeriesCap = false
    static let maxSeries = 256
    /// Data rows not sent yet (RunDriver+Data.swift).
    var dataQueue = DataQueue()

    static let connectTimeoutMicros: Int64 = 10_000_000

    init(plan: RunPlan, agents: [AgentRunState], log: @escaping @Sendable (RunCoordinator.LogKind, String) -> Void, progress: @escaping @Sendable (ProgressLine) -> Void) {
        self.plan = plan
        self.agents = agents
        self.log = log
        self.progress = progress
        self.runId = "run-\(UInt32.random(in: 0...UInt32.max))"
        // The think time an iteration spends in total: each request's sleep plus the iteration's.
        // Arrival-rate VUs wait for the schedule, not think time, so the network-bound check (which
        // compares iterations with what think time allows) does not apply to them.
        let sleeps = plan.spec.iterationRequests.compactMap(\.sleep) + [plan.spec.thinkTime]
        let think = plan.spec.executorPlan.config.isArrivalRate ? 0 : sleeps.map(\.meanMicros).reduce(0, +)
        self.watch = LoadGeneratorWatch(meanThinkMicros: think, plannedVUs: plan.spec.vus)
    }

    mutating func drive(_ events: AsyncStream<AgentEvent>) async -> Result<RunOutcome, CoordinatorError> {
        for await event in events {
            let now = WallClock.nowMicros()
            noticeStall(now: now)
            do {
                switch event {
                case .connected(let index, let hello, let clock):
                    agents[index].phase = .connected
                    agents[index].hello = hello
                    agents[index].clock = clock
                    agents[index].lastHeardMicros = now
                    if agents.allSatisfy({ $0.phase == .connected }) { try prepare() }
                case .message(let index, let message):
                    agents[index].lastHeardMicros = now
                    try receive(message, from: index, now: now)
                case .closed(let index, let detail, let error):
                    guard !agents[index].isFinished else { break }
                    if stage < .running {
                        throw error ?? .protocolFailure(
                            agent: agents[index].endpoint.name, address: agents[index].endpoint.address, detail: detail)
                    }
                    markLost(index, detail: detail, now: now)
                case .tick:
                    try tick(now: now)
                case .interrupt:
                    stopRequested += 1
                    guard stage == .running else { throw CoordinatorError.interrupted }
                    let graceful = stopRequested == 1 ? plan.spec.gracefulStopMicros : 0
                    if stopRequested == 1 { notes.append("interrupted: stopped early by Ctrl-C") }
                    for agent in agents where !agent.isFinished {
                        agent.send(.stop(.init(runId: runId, gracefulStopMicros: graceful)))
                    }
                }
            } catch let error as CoordinatorError {
                return .failure(error)
            } catch {
                return .failure(.protocolFailure(agent: "?", address: "?", detail: "\(error)"))
            }
            if stage == .running, agents.allSatisfy(\.isFinished) { break }
        }
        return .success(outcome(endMicros: WallClock.nowMicros()))
    }

    // MARK: Stages

    private mutating func prepare() throws {
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
        for index in agents.indices {
            let agent = agents[index]
            agents[index].vus = split[index]
            let offset = agent.clock.map { "clock offset \(DurationFormatter.format(micros: Double(abs($0.offsetMicros)))) ±\(DurationFormatter.format(micros: Double($0.uncertaintyMicros)))" } ?? ""
            log(.plan, "agent \(agent.endpoint.name) \(agent.endpoint.address) \(split[index]) VUs (\(PeerText.escape(agent.hello?.agentName ?? "?", limit: 64)), \(agent.hello?.cores ?? 0) cores, \(offset))")
            if split[index] == 0 {
                agents[index].phase = .done
                continue
            }
            guard let segment = segments[index] else { continue }
            var spec = plan.spec
            spec.segment = segment
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
                maxVUs: max(plan.spec.executorPlan.config.maxVUs, plan.spec.vus))
            agent.send(.prepare(.init(runId: runId, agentIndex: index, spec: spec)))
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
        startAtMicros = now + max(500_000, 4 * slowestRoundTrip + 200_000)
        for index in agents.indices where agents[index].phase == .ready {
            let agentStart = agents[index].clock?.agentTime(forCoordinatorTime: startAtMicros) ?? startAtMicros
            agents[index].phase = .running
            agents[index].lastHeardMicros = now
            agents[index].send(.start(.init(runId: runId, startAtMicros: agentStart)))
        }
        stage = .running
        onStart(runStart())
        lastProgressMicros = startAtMicros
        lastThresholdCheckMicros = startAtMicros
    }

    private mutating func receive(_ message: Message, from index: Int, now: Int64) throws {
        let agent = agents[index]
        switch message {
        case .ready(let ready) where ready.runId == runId && agent.phase == .preparing:
            agents[index].phase = .ready
            if agents.allSatisfy({ $0.phase == .ready || $0.phase == .done }) { start(now: now) }
        case .started(let started) where started.runId == runId:
            agents[index].startedAtMicros = agent.clock?.coordinatorTime(forAgentTime: started.startedAtMicros) ?? started.startedAtMicros
        case .sample(var sample) where sample.runId == runId:
            guard agent.phase == .running, var check = agent.sampleCheck else { break }
            if let problem = check.problem(with: sample) {
                markLost(index, detail: "sent an invalid sample: \(problem)", now: now)
                return
            }
            agents[index].sampleCheck = check
            sample.series = capSeries(sample.series, agent: agent.endpoint.name)
            let previousNetRx = agent.latest?.netRxBytes
            let interval: SparseSample
            do {
                interval = try agents[index].absorb(sample)
            } catch {
                markLost(index, detail: "sent a histogram that does not decode: \(error)", now: now)
                return
            }
            merged.merge(interval)
            if sample.counters.droppedIterations > 0, !warnedDropped {
                warnedDropped = true
                let warning = "agent \(agent.endpoint.name) dropped \(sample.counters.droppedIterations) iterations in one second: all of its \(agent.vus) VUs were busy; raise maxVUs (dropped_iterations counts them)"
                notes.append(warning)
                log(.warning, warning)
            }
            let start = agent.clock?.coordinatorTime(forAgentTime: sample.intervalStartMicros) ?? sample.intervalStartMicros
            if timeline[sample.seq] == nil {
                var bucket = openTimeline[sample.seq] ?? (
                    TimelineInterval(seq: sample.seq, startMicros: start, lengthMicros: sample.intervalMicros,
                                     counters: Counters(), httpReqDurationBase64: ""),
                    MetricsSnapshot())
                bucket.interval.startMicros = min(bucket.interval.startMicros, start)
                bucket.interval.lengthMicros = max(bucket.interval.lengthMicros, sample.intervalMicros)
                bucket.interval.counters.add(sample.counters)
                bucket.metrics.merge(interval, metrics: [.httpReqDuration])
                bucket.interval.activeVUs += sample.activeVUs
                addAgentSecond(sample, from: index, previous: agent.latest, to: &bucket.interval)
                openTimeline[sample.seq] = bucket
                closeTimeline(before: closableSeq(newest: sample.seq))
            } else {
                onLate(sample.seq, share(sample, from: index, previous: agent.latest))
            }
            activeBySeq[sample.seq, default: 0] += sample.activeVUs
            if let allocated = sample.vusMax { allocatedBySeq[sample.seq, default: 0] += allocated }
            let observation = AgentObservation(
                activeVUs: sample.activeVUs, intervalMicros: sample.intervalMicros, iterations: sample.counters.iterations,
                receivedBytes: Self.receivedBytes(sample, previousNetRx: previousNetRx), hostCPUPercent: sample.hostCPUPercent,
                processCPUPercent: sample.processCPUPercent, loopLagMicros: sample.loopLagMicros,
                meanWaitingMicros: interval.mean(.httpReqWaiting),
                meanReceivingMicros: interval.mean(.httpReqReceiving))
            for insight in watch.observe(agent: agent.endpoint.name, observation) {
                notes.append(insight.description)
                log(.warning, insight.description)
            }
        case .done(let done) where done.runId == runId:
            agents[index].phase = .done
            if done.reason == .coordinatorLost {
                notes.append(stalledMicros > 0
                    ? "agent \(agent.endpoint.name) stopped its load on its own (dead-man switch) while this coordinator was stalled; what it measured until then is included"
                    : "agent \(agent.endpoint.name) stopped on its own: it lost the coordinator")
            }
        case .error(let error):
            if stage < .running {
                throw CoordinatorError.refused(agent: agent.endpoint.name, address: agent.endpoint.address, error: error)
            }
            markLost(index, detail: "\(error.kind.rawValue): \(error.message)", now: now)
        default:
            break  // pongs (heartbeat replies) and messages of other runs need nothing.
        }
    }

    /// Drops series beyond ``maxSeries`` distinct ones in the run (their requests still count in
    /// the totals), noting it once.
    private mutating func capSeries(_ series: [SeriesSample]?, agent: String) -> [SeriesSample]? {
        guard let series else { return nil }
        let kept = series.filter { entry in
            let key = SeriesKey(name: entry.name, method: entry.method, status: entry.status)
            if seriesKeys.contains(key) { return true }
            guard seriesKeys.count < Self.maxSeries else { return false }
            seriesKeys.insert(key)
            return true
        }
        if kept.count < series.count, !warnedSeriesCap {
            warnedSeriesCap = true
            let note = "agent \(agent) reported more than \(Self.maxSeries) distinct name/method/status series; the rest are counted in the totals only"
            notes.append(note)
            log(.warning, note)
        }
        return kept
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
        let note = "this coordinator stalled for \(DurationFormatter.format(micros: Double(gap))) (not scheduled: SIGSTOP, swap or a paused VM); the agents were not at fault"
        notes.append(note)
        log(.warning, note)
    }

    private mutating func tick(now: Int64) throws {
        if stage == .connecting, now - createdMicros > Self.connectTimeoutMicros {
            let waiting = agents.first { $0.phase == .connecting }
            throw CoordinatorError.connectFailed(
                agent: waiting?.endpoint.name ?? "?", address: waiting?.endpoint.address ?? "?",
                detail: "no handshake within \(Self.connectTimeoutMicros / 1_000_000)s")
        }
        guard stage >= .preparing else { return }
        sendQueuedData()
        if now - lastHeartbeatMicros >= 1_000_000 {
            lastHeartbeatMicros = now
            for agent in agents where !agent.isFinished {
                agent.send(.ping(.init(seq: 0, sentMicros: now)))
            }
        }
        guard stage == .running, now >= startAtMicros else { return }
        for index in agents.indices where agents[index].phase == .running {
            if now - agents[index].lastHeardMicros > plan.agentSilenceMicros {
                markLost(index, detail: "sent nothing for \(DurationFormatter.format(micros: Double(plan.agentSilenceMicros)))", now: now)
            }
        }
        // A run that outlives its duration, graceful stop and a margin has agents that will not finish.
        let hardEnd = startAtMicros + plan.spec.durationMicros + plan.spec.gracefulStopMicros + 15_000_000 + stalledMicros
        if now > hardEnd {
            for index in agents.indices where !agents[index].isFinished {
                markLost(index, detail: "did not finish within the duration and graceful stop", now: now)
            }
        }
        if now - lastProgressMicros >= 1_000_000 {
            lastProgressMicros = now
            progress(progressLine(now: now))
        }
        if now - lastThresholdCheckMicros >= 1_000_000 {
            lastThresholdCheckMicros = now
            abortOnFailedThresholds(now: now)
        }
    }

    /// k6's `abortOnFail`, evaluated on the data merged from every agent so far (k6-operator can
    /// only evaluate it per runner): a failed threshold past its `delayAbortEval` stops all agents.
    private mutating func abortOnFailedThresholds(now: Int64) {
        guard stopRequested == 0, plan.thresholds.contains(where: \.abortOnFail) else { return }
        let metrics = merged
        let aborting = plan.thresholds.filter { $0.abortOnFail && ThresholdEvaluator.hasObservations($0, in: metrics) }
        guard !aborting.isEmpty else { return }
        let elapsed = now - startAtMicros
        let running = agents.filter { $0.phase == .running }.compactMap(\.latest)
        let results = ThresholdEvaluator.evaluate(
            aborting, metrics: metrics, elapsedMicros: elapsed, vus: running.map(\.activeVUs).reduce(0, +),
            vusMax: running.map { $0.vusMax ?? $0.activeVUs }.reduce(0, +),
            subMetrics: { metrics.subMetric($0) })
        guard let failed = ThresholdEvaluator.abortingResult(results: results, elapsedMicros: elapsed) else { return }
        stopRequested = 1
        thresholdsAborted = true
        let note = "thresholds aborted the run at \(DurationFormatter.format(micros: Double(elapsed))): \(failed.metricName) \(failed.text) failed (\(failed.observedText)) on the merged data of all agents"
        notes.append(note)
        log(.warning, note)
        for agent in agents where !agent.isFinished {
            agent.send(.stop(.init(runId: runId, gracefulStopMicros: 0)))
        }
    }

    private mutating func markLost(_ index: Int, detail: String, now: Int64) {
        let agent = agents[index]
        agents[index].phase = .lost
        agents[index].lostAtMicros = now - (startAtMicros > 0 ? startAtMicros : createdMicros)
        agents[index].lossDetail = detail
        agent.commands.yield(.close)
        let at = DurationFormatter.format(micros: Double(max(agents[index].lostAtMicros ?? 0, 0)))
        let note = "agent \(agent.endpoint.name) \(agent.endpoint.address) lost at \(at) (\(detail)); its numbers stop there"
        notes.append(note)
        log(.warning, note)
        if plan.onAgentLoss == .abort, stopRequested == 0 {
            stopRequested = 1
            notes.append("run aborted because an agent was lost (--on-agent-loss abort)")
            for other in agents where !other.isFinished {
                other.send(.stop(.init(runId: runId, gracefulStopMicros: 0)))
            }
        }
    }

    /// Bytes the agent received this second: its interfaces' counter when it moved (smooth, what
    /// the link carried), else the bytes of the responses completed (counted when each ends).
    static func receivedBytes(_ sample: Message.Sample, previousNetRx: UInt64?) -> UInt64 {
        guard let previousNetRx, sample.netRxBytes > previousNetRx else { return sample.counters.dataReceivedBytes }
        return sample.netRxBytes - previousNetRx
    }

    // MARK: Reporting

    /// Encodes the merged seconds before `seq` (``closableSeq(newest:)``: every running agent has
    /// reported them) and hands each to the outputs once, with its agents' lossless shares.
    private mutating func closeTimeline(before seq: UInt64) {
        for key in openTimeline.keys.sorted() where key < seq {
            guard let (interval, metrics) = openTimeline.removeValue(forKey: key) else { continue }
            var closed = interval
            let histogram = metrics.histogram(.httpReqDuration)
            closed.httpReqDurationBase64 = HdrV2Codec.encodeBase64(histogram)
            closed.latency = LatencySummary(histogram)
            closed.series = metrics.series.keys.sorted().compactMap { key in
                metrics.series[key].map { SeriesSecond(key: key, counters: $0.counters, latency: LatencySummary($0.histogram(.httpReqDuration))) }
            }
            onSecond(closed)
            closed.shares = []
            timeline[key] = closed
        }
    }

    private func progressLine(now: Int64) -> ProgressLine {
        let running = agents.filter { $0.phase == .running }
        var requestsPerSecond = 0.0
        var active = 0
        for agent in running {
            guard let sample = agent.latest else { continue }
            active += sample.activeVUs
            if sample.intervalMicros > 0 {
                requestsPerSecond += Double(sample.counters.httpReqs) / (Double(sample.intervalMicros) / 1e6)
            }
        }
        return ProgressLine(
            elapsedMicros: now - startAtMicros, plannedMicros: plan.spec.durationMicros, activeVUs: active,
            plannedVUs: plan.spec.vus, iterations: merged.counters.iterations, requestsPerSecond: requestsPerSecond,
            p95Micros: merged.histogram(.httpReqDuration).valueAtPercentile(95),
            errors: merged.counters.httpReqFailed, agents: agents.count > 1 ? agents.count : nil)
    }

    private mutating func outcome(endMicros: Int64) -> RunOutcome {
        closeTimeline(before: .max)
        let starts = agents.compactMap(\.startedAtMicros)
        let firstStart = starts.min() ?? startAtMicros
        let seqs = activeBySeq.keys.sorted()
        let steadyActive = seqs.dropLast().map { activeBySeq[$0] ?? 0 }
        let reports = agents.map { agent in
            AgentReport(
                name: agent.endpoint.name, address: agent.endpoint.address, vus: agent.vus, metrics: agent.totals,
                cpuPercent: agent.averageCPUPercent, lost: agent.phase == .lost, lostAtMicros: agent.lostAtMicros)
        }
        var report = RunReport(
            metrics: merged, elapsedMicros: max(endMicros - firstStart, 1), plannedDurationMicros: plan.spec.durationMicros,
            vus: plan.spec.vus, vusMin: steadyActive.min() ?? 0, vusMax: max(activeBySeq.values.max() ?? 0, 0),
            url: plan.spec.url, agents: reports,
            startSkewMicros: starts.count > 0 ? (starts.max() ?? 0) - (starts.min() ?? 0) : nil,
            maxClockOffsetMicros: agents.compactMap { $0.clock.map { abs($0.offsetMicros) } }.max(),
            interrupted: stopRequested > 0 && !thresholdsAborted, notes: notes)
        report.vusAllocated = allocatedBySeq.values.max()
        return RunOutcome(
            report: report, timeline: timeline.keys.sorted().compactMap { timeline[$0] }, abortedByThresholds: thresholdsAborted)
    }
}
