import BarrageCore

/// Setup and teardown, each once in the whole test on one agent (`run_once` → `once_done`):
/// setup after every agent connected and before any `prepare` (its values go out in every
/// `prepare.spec.setup_values`), teardown once every agent has ended its load, also after
/// `abortOnFail`, an agent loss with `abort` or one Ctrl-C. A second Ctrl-C skips (or cuts short)
/// the teardown. Their requests count in the test's totals; their iteration does not.
extension RunMachine {
    /// What a setup or teardown in flight is: which agent runs it, since when, and its spec.
    struct OnceRun {
        let stage: RunSpec.OnceStage
        let agent: Int
        let spec: RunSpec
        let startedMicros: Int64
        var check: SampleCheck
    }

    /// How long past its own limit a setup or teardown may take before its agent counts as gone.
    static let onceMarginMicros: Int64 = 15_000_000

    /// Every agent connected: run the setup first, if the test has one, else prepare.
    mutating func beginSetupOrPrepare(now: Int64) throws {
        guard let spec = plan.spec.onceSpec(.setup) else { return try prepare() }
        runOnce(.setup, spec: spec, on: 0, now: now)
    }

    /// Every agent ended its load: run the teardown on an agent still connected, or finish.
    mutating func endLoad(now: Int64) {
        loadEndedMicros = now
        // The last live line has every agent's last sample: its totals are the summary's.
        emit(.progress(progressLine(now: now)))
        guard var spec = plan.spec.onceSpec(.teardown) else { return finish(.success(outcome(endMicros: now))) }
        guard stopRequested < 2 else {
            note("teardown skipped: Ctrl-C was pressed twice")
            return finish(.success(outcome(endMicros: now)))
        }
        guard let agent = agents.indices.first(where: { agents[$0].phase == .done }) else {
            note("teardown skipped: no agent is connected any more")
            return finish(.success(outcome(endMicros: now)))
        }
        spec.setupValues = setupValues ?? spec.setupValues
        runOnce(.teardown, spec: spec, on: agent, now: now)
    }

    private mutating func runOnce(_ stage: RunSpec.OnceStage, spec: RunSpec, on agent: Int, now: Int64) {
        // Groups and request tags in the steps send tag parts, as in the load.
        let check = SampleCheck(
            requestNames: Set(spec.iterationRequests.map(\.name)), checkNames: spec.checkNames, maxVUs: 1,
            tags: spec.metricTags)
        once = OnceRun(stage: stage, agent: agent, spec: spec, startedMicros: now, check: check)
        self.stage = stage == .setup ? .settingUp : .tearingDown
        emit(.log(.plan, "\(stage.rawValue): \(spec.iterationRequests.count) requests on agent \(agents[agent].endpoint.name)"))
        emit(.send(agent: agent, .runOnce(.init(runId: "\(runId)-\(stage.rawValue)", stage: stage, spec: spec))))
    }

    /// A message from the agent running the setup or teardown; true when it was handled here.
    mutating func receiveOnce(_ message: Message, from index: Int, now: Int64) throws -> Bool {
        guard let once, index == once.agent else { return false }
        switch message {
        case .onceDone(let done) where done.runId == "\(runId)-\(once.stage.rawValue)" && done.stage == once.stage:
            self.once = nil
            try finishOnce(once, done, now: now)
            return true
        case .onceDone(let done):
            // Another run's or stage's answer from the agent running this one: broken or hostile.
            self.once = nil
            try onceFailed(once, "agent \(agents[index].endpoint.name) answered the \(once.stage.rawValue) with a once_done for run '\(PeerText.escape(done.runId, limit: 80))' (\(done.stage.rawValue))")
            return true
        case .error(let error) where error.kind == .unknownType && error.message.contains(Message.Kind.runOnce.rawValue):
            // A build from before setup/teardown: it cannot run them, and says so in these words.
            self.once = nil
            try onceFailed(once, "agent \(agents[index].endpoint.name) cannot run a \(once.stage.rawValue): it is a build without setup/teardown (it answered: \(PeerText.escape(error.message, limit: 120))); update it")
            return true
        case .error(let error) where once.stage == .teardown:
            self.once = nil
            note("teardown failed: agent \(agents[index].endpoint.name) refused: \(PeerText.escape(error.message, limit: 300)) (\(error.kind.rawValue))")
            finish(.success(outcome(endMicros: loadEndedMicros)))
            return true
        default:
            return false
        }
    }

    private mutating func finishOnce(_ run: OnceRun, _ done: Message.OnceDone, now: Int64) throws {
        let name = agents[run.agent].endpoint.name
        var check = run.check
        if let problem = check.problem(with: done.sample) {
            return try onceFailed(run, "agent \(name) sent an invalid once_done sample: \(problem)")
        }
        do { try RunSpec.checkSetupValues("once_done.values", done.values) } catch {
            return try onceFailed(run, "agent \(name) sent invalid values: \(error.description)")
        }
        if let problem = absorbOnce(done.sample, run: run) {
            return try onceFailed(run, "agent \(name) sent a once_done sample whose \(problem)")
        }
        let expected = run.stage == .setup ? RunSpec.extractedNames(in: plan.spec.setup ?? []) : []
        if let problem = OnceVerdict.problem(of: done, spec: run.spec, expected: expected) {
            return try onceFailed(run, problem)
        }
        switch run.stage {
        case .setup:
            setupValues = done.values.filter { expected.contains($0.key) }
            emit(.log(.plan, "setup done: \(done.values.count) values extracted (\(done.values.keys.sorted().joined(separator: ", ")))"))
            try prepare()
        case .teardown:
            emit(.log(.plan, "teardown done"))
            finish(.success(outcome(endMicros: loadEndedMicros)))
        }
    }

    /// Setup fails the test before any load (exit 1, one line); a failed teardown is a note.
    private mutating func onceFailed(_ run: OnceRun, _ problem: String) throws {
        switch run.stage {
        case .setup:
            throw CoordinatorError.setupFailed(problem)
        case .teardown:
            note("teardown failed: \(problem)")
            finish(.success(outcome(endMicros: loadEndedMicros)))
        }
    }

    /// Adds a setup's or teardown's requests, checks and bytes to the test's totals, tagged with
    /// its group (``taggedWithGroup(_:_:nested:)``); not its iteration: k6 counts those of the
    /// load only.
    /// - Returns: nil, or what is wrong with the sample (a histogram that does not decode).
    private mutating func absorbOnce(_ received: Message.Sample, run: OnceRun) -> String? {
        var sample = received
        // Names default to the URL: credentials in it are redacted before anything keeps them.
        sample.series = sample.series?.map { entry in
            var entry = entry
            entry.name = URLRedaction.redact(entry.name)
            return entry
        }
        let decoded: SparseSample
        do {
            decoded = try SparseSample(sample)
        } catch {
            return "histogram does not decode: \(error)"
        }
        let nested = Self.namesInGroups(run.spec).map(URLRedaction.redact)
        var tagged = Self.taggedWithGroup(decoded, run.stage.group, nested: Set(nested))
        tagged.counters.iterations = 0
        tagged.trends[.iterationDuration] = nil
        merged.merge(tagged)
        return nil
    }

    /// The setup's or teardown's part as k6 tags it: its requests outside any group of its own
    /// are the part `group: ::setup` (or `::teardown`), whose one pass (the steps' duration) is
    /// its group_duration and counts in group_duration; a group in the steps is nested under it
    /// (`::warm` becomes `::setup::warm`); request tags keep their pairs.
    /// - Parameter nested: names of the requests sent only inside a group of the steps (their
    ///   series count in that group's part, not in the stage's).
    static func taggedWithGroup(_ sample: SparseSample, _ group: String, nested: Set<String> = []) -> SparseSample {
        var tagged = sample
        tagged.tagged = [:]
        for (tag, part) in sample.tagged {
            let key = tag.key == MetricsSnapshot.groupTag ? Threshold.Tag(key: tag.key, value: group + tag.value) : tag
            tagged.tagged[key] = part
        }
        var direct: (counters: Counters, trends: [TrendMetric: SparseHistogram]) = (Counters(), [:])
        for (key, entry) in sample.series where !nested.contains(key.name) {
            direct.counters.add(entry.counters)
            direct.trends[.httpReqDuration, default: SparseHistogram()].add(entry.duration)
        }
        if let pass = sample.trends[.iterationDuration], pass.totalCount > 0 {
            direct.trends[.groupDuration] = pass
            tagged.trends[.groupDuration, default: SparseHistogram()].add(pass)
        }
        tagged.tagged[Threshold.Tag(key: MetricsSnapshot.groupTag, value: group)] = direct
        return tagged
    }

    /// The names of the requests `spec`'s steps send only inside one of their groups (a name
    /// also used outside any group counts as outside).
    static func namesInGroups(_ spec: RunSpec) -> Set<String> {
        // The plan's own spec, compiled when the file loaded; one that does not compile has no groups.
        guard let program = try? spec.program() else { return [] }
        let outside = Set(program.requests.filter { $0.group == nil }.map(\.spec.name))
        return Set(program.requests.filter { $0.group != nil }.map(\.spec.name)).subtracting(outside)
    }

    /// While a setup or teardown runs: heartbeats to its agent, and its time limit.
    mutating func tickOnce(now: Int64) throws {
        guard let once else { return }
        if now - lastHeartbeatMicros >= ProtocolLimits.heartbeatIntervalMicros {
            lastHeartbeatMicros = now
            emit(.send(agent: once.agent, .ping(.init(seq: 0, sentMicros: now, reply: false))))
        }
        let limit = RunSpec.SetupLimits.maxRunMicros.addingSaturating(Self.onceMarginMicros)
        guard now - once.startedMicros > limit else { return }
        self.once = nil
        let text = "the \(once.stage.rawValue) did not finish within \(DurationFormatter.format(micros: Double(limit)))"
        if once.stage == .setup { throw CoordinatorError.setupFailed(text) }
        note("teardown failed: " + text)
        finish(.success(outcome(endMicros: loadEndedMicros)))
    }

    /// The agent running the setup or teardown closed its connection.
    mutating func onceAgentClosed(_ index: Int, detail: String, error: CoordinatorError?) throws -> Bool {
        guard let once, index == once.agent else { return false }
        self.once = nil
        let name = agents[index].endpoint.name
        switch once.stage {
        case .setup:
            throw CoordinatorError.setupFailed("agent \(name) \(agents[index].endpoint.address) was lost during the setup (\(PeerText.escape(error?.description ?? detail, limit: 300)))")
        case .teardown:
            agents[index].phase = .lost
            note("teardown failed: agent \(name) was lost during it (\(PeerText.escape(detail, limit: 300)))")
            finish(.success(outcome(endMicros: loadEndedMicros)))
            return true
        }
    }

    /// Ctrl-C during the teardown: it is cut short, the results stand.
    mutating func interruptTeardown() {
        if let once { emit(.send(agent: once.agent, .stop(.init(runId: "\(runId)-teardown", gracefulStopMicros: 0)))) }
        once = nil
        note("teardown cut short by Ctrl-C")
        finish(.success(outcome(endMicros: loadEndedMicros)))
    }
}
