import Histogram
import Testing
@testable import BarrageCoordinator
@testable import BarrageCore

/// The coordinator's setup and teardown phases with a fake clock: setup once on one agent before
/// any `prepare`, its values in every agent's `prepare`, teardown once after every agent ended
/// (also after an abort or one Ctrl-C), and every way they fail.
struct RunMachineSetupTests {
    static let login: RequestSpec = {
        var request = RequestSpec(name: "admin-login", method: "POST", url: "http://127.0.0.1:8080/admin/login")
        request.extract = [Extraction(name: "adminToken", source: .json("$.token"))]
        return request
    }()
    static let cleanup = RequestSpec(
        name: "cleanup", method: "DELETE", url: "http://127.0.0.1:8080/admin/session",
        headers: [HTTPHeader(name: "X-Admin", value: "${setup.adminToken}")])

    static func run(agents: Int = 3, onAgentLoss: RunPlan.AgentLossPolicy = .continue, teardown: Bool = true) -> FakeRun {
        FakeRun(
            agents: agents, vus: 6, onAgentLoss: onAgentLoss, setup: [.request(login)],
            teardown: teardown ? [.request(cleanup)] : nil)
    }

    /// Every agent connects; nothing else yet.
    static func connect(_ run: inout FakeRun) {
        for index in run.machine.agents.indices {
            run.feed(.connected(
                index: index, hello: Message.Hello(agentName: "host\(index)", challenge: "", maxVUs: 1000, cores: 2),
                clock: .init(offsetMicros: 0, roundTripMicros: 1_000)))
        }
    }

    static func runOnces(_ run: FakeRun, to agent: Int) -> [Message.RunOnce] {
        run.sent(to: agent).compactMap { if case .runOnce(let once) = $0 { return once } else { return nil } }
    }

    static func prepares(_ run: FakeRun, to agent: Int) -> [Message.Prepare] {
        run.sent(to: agent).compactMap { if case .prepare(let prepare) = $0 { return prepare } else { return nil } }
    }

    /// What a setup's or teardown's agent sends back: `requests` of request `name` with `status`
    /// (failed unless 2xx/3xx), and the checks given.
    static func onceDone(
        _ run: FakeRun, _ stage: RunSpec.OnceStage, request: RequestSpec, status: Int = 200, values: [String: String] = [:],
        checks: [String: CheckTally] = [:], iterations: UInt64 = 1
    ) -> Message.OnceDone {
        var histogram = MetricsSnapshot().histogram(.httpReqDuration)
        _ = histogram.record(3_000)
        let encoded = HdrV2Codec.encodeBase64(histogram)
        var counters = Counters()
        counters.httpReqs = 1
        counters.iterations = iterations
        if status >= 400 || status == 0 {
            counters.httpReqFailed = 1
            counters.errors[status == 0 ? .timeout : ErrorKind.forStatus(status) ?? .other] = 1
        }
        var sample = Message.Sample(
            runId: "\(run.runId)-\(stage.rawValue)", seq: 1, intervalStartMicros: run.now, intervalMicros: 40_000,
            counters: counters, histograms: [TrendMetric.httpReqDuration.name: encoded, TrendMetric.iterationDuration.name: encoded],
            activeVUs: 0, processCPUPercent: 1, hostCPUPercent: 1, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
        sample.series = [SeriesSample(name: request.name, method: request.method, status: status, counters: counters, httpReqDuration: encoded)]
        sample.checks = checks.isEmpty ? nil : checks
        return Message.OnceDone(runId: "\(run.runId)-\(stage.rawValue)", stage: stage, values: values, sample: sample)
    }

    /// Every prepared agent is ready, runs, sends one sample of 10 requests and is done.
    static func load(_ run: inout FakeRun) {
        for index in run.machine.agents.indices { run.feed(.message(index: index, .ready(.init(runId: run.runId)))) }
        run.advance(1_000_000)
        for index in run.machine.agents.indices {
            run.feed(.message(index: index, .sample(run.sample(from: index, requests: 10))))
            run.feed(.message(index: index, .done(.init(runId: run.runId, reason: .completed, samplesSent: 1))))
        }
    }

    /// Connected, set up (token `t`), every agent ready and one second into the load.
    static func running(onAgentLoss: RunPlan.AgentLossPolicy = .continue) -> FakeRun {
        var run = Self.run(onAgentLoss: onAgentLoss)
        Self.connect(&run)
        run.feed(.message(index: 0, .onceDone(Self.onceDone(run, .setup, request: Self.login, values: ["adminToken": "t"]))))
        for index in 0..<3 { run.feed(.message(index: index, .ready(.init(runId: run.runId)))) }
        run.advance(1_000_000)
        return run
    }

    static func failure(_ run: FakeRun) -> CoordinatorError? {
        if case .failure(let error)? = run.result { return error }
        return nil
    }

    @Test func setupRunsOnceBeforeAnyPrepareAndTeardownOnceAfterEveryAgent() throws {
        var run = Self.run()
        Self.connect(&run)
        // Setup: to the first agent only, before any prepare.
        let setup = try #require(Self.runOnces(run, to: 0).first)
        #expect(setup.stage == .setup && setup.runId == "run-test-setup")
        #expect(setup.spec.executor == .sharedIterations(vus: 1, iterations: 1, maxDurationMicros: RunSpec.SetupLimits.maxRunMicros))
        #expect(setup.spec.iterationRequests.map(\.name) == ["admin-login"])
        #expect(setup.spec.setupValues == nil)
        try setup.validate()
        #expect((0..<3).allSatisfy { Self.prepares(run, to: $0).isEmpty })
        #expect(Self.runOnces(run, to: 1).isEmpty && Self.runOnces(run, to: 2).isEmpty)
        // Heartbeats reach the setup's agent while it runs.
        run.advance(1_500_000)
        #expect(run.sent(to: 0).contains { if case .ping = $0 { return true } else { return false } })

        run.feed(.message(index: 0, .onceDone(Self.onceDone(run, .setup, request: Self.login, values: ["adminToken": "t0k"]))))
        for index in 0..<3 {
            let prepare = try #require(Self.prepares(run, to: index).first)
            #expect(prepare.spec.setupValues == ["adminToken": "t0k"])
            #expect(prepare.spec.iterationRequests.map(\.name) == ["http://127.0.0.1:8080/"])
        }
        Self.load(&run)
        // Teardown: once, on the first agent still connected, with the setup's values; the run
        // is not over until it reports.
        #expect(run.result == nil)
        let teardown = try #require(Self.runOnces(run, to: 0).last)
        #expect(teardown.stage == .teardown && teardown.spec.setupValues == ["adminToken": "t0k"])
        #expect(teardown.spec.iterationRequests.map(\.name) == ["cleanup"])
        #expect(Self.runOnces(run, to: 0).count == 2 && Self.runOnces(run, to: 1).isEmpty)
        run.advance(500_000)
        run.feed(.message(index: 0, .onceDone(Self.onceDone(run, .teardown, request: Self.cleanup))))
        let outcome = try #require(run.outcome)
        // 30 requests of load plus one setup and one teardown request; their iterations do not count.
        #expect(outcome.report.metrics.counters.httpReqs == 32)
        #expect(outcome.report.metrics.counters.iterations == 30)
    }

    @Test func aFailedSetupRequestStopsTheTestBeforeAnyLoad() throws {
        var run = Self.run()
        Self.connect(&run)
        run.feed(.message(index: 0, .onceDone(Self.onceDone(run, .setup, request: Self.login, status: 500))))
        let error = try #require(Self.failure(run))
        guard case .setupFailed(let detail) = error else { Issue.record("got \(error)"); return }
        #expect(detail.contains("step 'admin-login'") && detail.contains("status 500"))
        #expect(!error.description.contains("\n"))
        #expect((0..<3).allSatisfy { Self.prepares(run, to: $0).isEmpty })
    }

    @Test func aFailedExtractionOrAMissingValueFailsTheSetup() throws {
        var run = Self.run()
        Self.connect(&run)
        let check = "admin-login: extract adminToken"
        run.feed(.message(index: 0, .onceDone(Self.onceDone(
            run, .setup, request: Self.login, checks: [check: CheckTally(passes: 0, fails: 1)]))))
        guard case .setupFailed(let detail)? = Self.failure(run) else { Issue.record("no setup failure"); return }
        #expect(detail.contains("check '\(check)' failed"))

        var quiet = Self.run()
        Self.connect(&quiet)
        quiet.feed(.message(index: 0, .onceDone(Self.onceDone(quiet, .setup, request: Self.login))))
        guard case .setupFailed(let missing)? = Self.failure(quiet) else { Issue.record("no setup failure"); return }
        #expect(missing.contains("'adminToken' was not extracted"))
    }

    @Test func hostileOnceDoneFailsTheSetupWithOneLine() throws {
        var run = Self.run()
        Self.connect(&run)
        run.feed(.message(index: 0, .onceDone(Self.onceDone(
            run, .setup, request: Self.login, values: ["adminToken": "a\r\nX-Evil: 1"]))))
        guard case .setupFailed(let detail)? = Self.failure(run) else { Issue.record("no setup failure"); return }
        #expect(detail.contains("invalid values") && detail.contains("control character"))
        #expect(!detail.contains("\n"))

        var foreign = Self.run()
        Self.connect(&foreign)
        let other = RequestSpec(name: "not-a-step", url: "http://127.0.0.1:8080/x")
        foreign.feed(.message(index: 0, .onceDone(Self.onceDone(foreign, .setup, request: other, values: ["adminToken": "t"]))))
        guard case .setupFailed(let invalid)? = Self.failure(foreign) else { Issue.record("no setup failure"); return }
        #expect(invalid.contains("invalid once_done sample"))

        // Another run's answer fails the setup at once, rather than waiting out its limit.
        var stale = Self.run()
        Self.connect(&stale)
        var forged = Self.onceDone(stale, .setup, request: Self.login, values: ["adminToken": "t"])
        forged.runId = "old-run\u{1b}[2J-setup"
        stale.feed(.message(index: 0, .onceDone(forged)))
        guard case .setupFailed(let wrong)? = Self.failure(stale) else { Issue.record("no setup failure"); return }
        #expect(wrong.contains("a once_done for run 'old-run") && !wrong.contains("\u{1b}"), "\(wrong)")
    }

    /// An agent built before setup/teardown answers `unknown_type`: one line saying to update it.
    @Test func anAgentWithoutSetupSupportIsNamed() throws {
        var run = Self.run()
        Self.connect(&run)
        let unknown = ProtocolError.unknownType("run_once").errorMessage(blaming: .client)
        run.feed(.message(index: 0, .error(unknown)))
        guard case .setupFailed(let detail)? = Self.failure(run) else { Issue.record("no setup failure"); return }
        #expect(detail.contains("agent a1 cannot run a setup") && detail.contains("update it"), "\(detail)")
    }

    @Test func anAgentLostDuringSetupFailsTheTest() throws {
        var run = Self.run()
        Self.connect(&run)
        run.feed(.closed(index: 0, detail: "connection reset", error: nil))
        guard case .setupFailed(let detail)? = Self.failure(run) else { Issue.record("no setup failure"); return }
        #expect(detail.contains("agent a1") && detail.contains("lost during the setup"))

        // A setup that never answers fails at its limit.
        var silent = Self.run()
        Self.connect(&silent)
        silent.advance(RunSpec.SetupLimits.maxRunMicros + RunMachine.onceMarginMicros + 1_000_000)
        guard case .setupFailed(let late)? = Self.failure(silent) else { Issue.record("no setup failure"); return }
        #expect(late.contains("did not finish"))
    }

    @Test func teardownRunsAfterAnAbort() throws {
        var run = Self.running(onAgentLoss: .abort)
        // Agent a2 is lost: every agent is stopped, then the teardown runs on a connected one.
        run.feed(.closed(index: 1, detail: "gone", error: nil))
        #expect(!run.stops(to: 0).isEmpty)
        run.feed(.message(index: 0, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 0))))
        run.feed(.message(index: 2, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 0))))
        #expect(run.result == nil)
        #expect(Self.runOnces(run, to: 0).map(\.stage) == [.setup, .teardown])
        run.feed(.message(index: 0, .onceDone(Self.onceDone(run, .teardown, request: Self.cleanup))))
        #expect(run.outcome != nil)
    }

    @Test func teardownRunsAfterOneCtrlCAndASecondCutsItShort() throws {
        var run = Self.running()
        run.feed(.interrupt)
        for index in 0..<3 { run.feed(.message(index: index, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 0)))) }
        #expect(Self.runOnces(run, to: 0).map(\.stage) == [.setup, .teardown])
        #expect(run.result == nil)
        // Ctrl-C again: the teardown is stopped and the results stand.
        run.feed(.interrupt)
        #expect(run.stops(to: 0).contains { $0.runId == "run-test-teardown" })
        let outcome = try #require(run.outcome)
        #expect(outcome.report.notes.contains { $0.contains("teardown cut short by Ctrl-C") })
    }

    @Test func twoCtrlCsDuringTheLoadSkipTheTeardown() throws {
        var run = Self.running()
        run.feed(.interrupt)
        run.feed(.interrupt)
        for index in 0..<3 { run.feed(.message(index: index, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 0)))) }
        #expect(Self.runOnces(run, to: 0).map(\.stage) == [.setup])
        let outcome = try #require(run.outcome)
        #expect(outcome.report.notes.contains { $0.contains("teardown skipped") })
    }

    @Test func aTeardownThatFailsOrLosesItsAgentIsANoteNotALostRun() throws {
        var run = Self.run()
        Self.connect(&run)
        run.feed(.message(index: 0, .onceDone(Self.onceDone(run, .setup, request: Self.login, values: ["adminToken": "t"]))))
        Self.load(&run)
        run.feed(.closed(index: 0, detail: "reset", error: nil))
        let outcome = try #require(run.outcome)
        #expect(outcome.report.metrics.counters.httpReqs == 31)
        #expect(outcome.report.notes.contains { $0.contains("teardown failed: agent a1 was lost") })

        var failing = Self.run()
        Self.connect(&failing)
        failing.feed(.message(index: 0, .onceDone(Self.onceDone(failing, .setup, request: Self.login, values: ["adminToken": "t"]))))
        Self.load(&failing)
        failing.feed(.message(index: 0, .onceDone(Self.onceDone(failing, .teardown, request: Self.cleanup, status: 404))))
        let failed = try #require(failing.outcome)
        #expect(failed.report.notes.contains { $0.contains("teardown failed: step 'cleanup'") && $0.contains("status 404") })
    }

    /// The setup's and teardown's requests are k6's `group: ::setup` / `::teardown`: their parts
    /// carry the requests sent outside any group of the steps and one pass each (group_duration),
    /// a group in the setup is nested under it, and thresholds select them.
    @Test func setupAndTeardownRequestsAreTaggedWithTheirGroups() throws {
        let warm = RequestSpec(name: "warm", url: "http://127.0.0.1:8080/warm")
        let thresholds = try [
            Threshold.parse(metric: "http_reqs{group:::setup}", expressions: ["count==1"]),
            Threshold.parse(metric: "group_duration{group:::setup}", expressions: ["max<10"]),
            Threshold.parse(metric: "http_reqs{group:::setup::warm}", expressions: ["count==1"]),
            Threshold.parse(metric: "http_reqs{group:::teardown}", expressions: ["count==1"]),
            Threshold.parse(metric: "http_reqs{group:::setup}", expressions: ["count==2"]),
        ]
        var run = FakeRun(
            agents: 3, vus: 6, thresholds: thresholds,
            setup: [.request(Self.login), .group(FlowGroup(name: "warm", steps: [.request(warm)]))],
            teardown: [.request(Self.cleanup)])
        Self.connect(&run)
        let setup = try #require(Self.runOnces(run, to: 0).first)
        #expect(setup.spec.metricTags == [Threshold.Tag(key: "group", value: "::warm")])
        // What the agent measures: login outside any group, warm in `::warm` (its own part and
        // one group pass, also in the overall group_duration).
        var done = Self.onceDone(run, .setup, request: Self.login, values: ["adminToken": "t"])
        let pass = try #require(done.sample.histograms[TrendMetric.iterationDuration.name])
        var one = Counters()
        one.httpReqs = 1
        done.sample.counters.httpReqs = 2
        done.sample.series?.append(SeriesSample(name: "warm", method: "GET", status: 200, counters: one, httpReqDuration: pass))
        done.sample.histograms[TrendMetric.groupDuration.name] = pass
        done.sample.tags = [TagSample(key: "group", value: "::warm", counters: one, httpReqDuration: pass, groupDuration: pass)]
        run.feed(.message(index: 0, .onceDone(done)))
        #expect(Self.prepares(run, to: 0).count == 1, "\(String(describing: Self.failure(run)))")
        Self.load(&run)
        run.feed(.message(index: 0, .onceDone(Self.onceDone(run, .teardown, request: Self.cleanup))))
        let outcome = try #require(run.outcome)
        let metrics = outcome.report.metrics
        let groups = Dictionary(uniqueKeysWithValues: metrics.groups.map { ($0.path, $0.part) })
        #expect(groups.keys.sorted() == ["::setup", "::setup::warm", "::teardown"])
        #expect(groups["::setup"]?.counters.httpReqs == 1)
        #expect(groups["::setup"]?.histogram(.httpReqDuration).totalCount == 1)
        #expect(groups["::setup"]?.histogram(.groupDuration).totalCount == 1)
        #expect(groups["::setup::warm"]?.counters.httpReqs == 1)
        #expect(groups["::setup::warm"]?.histogram(.groupDuration).totalCount == 1)
        #expect(groups["::teardown"]?.counters.httpReqs == 1)
        #expect(groups["::teardown"]?.histogram(.groupDuration).totalCount == 1)
        // Three passes in all (setup, warm, teardown); 30 load requests plus three, 30 iterations.
        #expect(metrics.histogram(.groupDuration).totalCount == 3)
        #expect(metrics.counters.httpReqs == 33 && metrics.counters.iterations == 30)
        #expect(metrics.histogram(.iterationDuration).totalCount == 0)
        #expect(outcome.report.thresholdResults.map(\.passed) == [true, true, true, true, false])
    }

    /// A tag part the steps do not declare (or a group forged as `::setup`) fails the setup.
    @Test func anUndeclaredTagPartFailsTheSetup() throws {
        for value in ["::invented", "::setup"] {
            var run = Self.run()
            Self.connect(&run)
            var done = Self.onceDone(run, .setup, request: Self.login, values: ["adminToken": "t"])
            let text = try #require(done.sample.histograms[TrendMetric.httpReqDuration.name])
            done.sample.tags = [TagSample(key: "group", value: value, counters: Counters(), httpReqDuration: text)]
            run.feed(.message(index: 0, .onceDone(done)))
            guard case .setupFailed(let detail)? = Self.failure(run) else { Issue.record("no setup failure for \(value)"); continue }
            #expect(detail.contains("invalid once_done sample") && detail.contains("tag part"), "\(detail)")
            #expect((0..<3).allSatisfy { Self.prepares(run, to: $0).isEmpty })
        }
    }

    @Test func withoutSetupOrTeardownNothingChanges() throws {
        var run = FakeRun(agents: 2)
        run.startAll()
        #expect(Self.runOnces(run, to: 0).isEmpty)
        #expect(Self.prepares(run, to: 0).first?.spec.setupValues == nil)
    }
}
