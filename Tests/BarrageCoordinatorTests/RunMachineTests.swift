import Testing
@testable import BarrageCoordinator
@testable import BarrageCore

/// The coordinator's run state machine with a fake clock.
struct RunMachineTests {
    @Test func preparesEveryAgentThenStartsThemAtOneInstant() {
        var run = FakeRun(agents: 3, vus: 6)
        run.startAll()
        var starts: [Int64] = []
        for agent in 0..<3 {
            let sent = run.sent(to: agent)
            guard case .prepare(let prepare)? = sent.first, case .start(let start)? = sent.last else {
                Issue.record("agent \(agent) got \(sent)")
                return
            }
            #expect(prepare.agentIndex == agent)
            #expect(prepare.spec.executorPlan.config.maxVUs == 6)
            // Agent i's clock is i ms ahead: its start instant is the same moment in its own clock.
            starts.append(start.startAtMicros - Int64(agent) * 1_000)
        }
        #expect(Set(starts).count == 1)
        #expect(starts[0] == run.now + 500_000)
        #expect(run.machine.stage == .running)
        #expect(run.actions.contains { if case .started(let start) = $0 { start.agents.map(\.vus) == [2, 2, 2] } else { false } })
    }

    /// From `prepare` on every agent gets a heartbeat at least every 3 s, one that asks for no
    /// answer (an agent's samples already say it is alive).
    @Test func heartbeatsGoEveryThreeSecondsAndAskForNoAnswer() {
        var run = FakeRun(agents: 2, durationMicros: 30_000_000)
        run.startAll()
        let before = (0..<2).map { run.sent(to: $0).count }
        for _ in 0..<9 {
            run.advance(1_000_000)
            for agent in 0..<2 { run.feed(.message(index: agent, .sample(run.sample(from: agent, requests: 1)))) }
        }
        for agent in 0..<2 {
            let pings = run.sent(to: agent).dropFirst(before[agent]).compactMap { message -> Message.Ping? in
                if case .ping(let ping) = message { ping } else { nil }
            }
            #expect(pings.count == 3, "agent \(agent): \(pings)")
            #expect(pings.allSatisfy { !$0.wantsReply && $0.reply == false })
        }
    }

    /// An agent is lost when it has been silent for longer than the limit (3 s), not at it.
    @Test func anAgentIsLostJustAfterThreeSecondsOfSilence() {
        var run = FakeRun(agents: 2)
        run.startAll()
        // Ticks every 200 ms, as the driver's (a jump of seconds would be this process stalling).
        run.advance(3_000_000)
        #expect(run.machine.agents[1].phase == .running)
        run.now += 1
        run.feed(.tick)
        #expect(run.machine.agents.map(\.phase) == [.lost, .lost])
        #expect(Set(run.closes) == [0, 1])
        #expect(run.warnings.contains { $0.contains("agent a2") && $0.contains("sent nothing for 3s") })
        #expect(run.outcome?.report.agents.allSatisfy(\.lost) == true)
    }

    /// A sample resets the silence: the agent that reports stays, the silent one goes.
    @Test func onlyTheSilentAgentIsLost() {
        var run = FakeRun(agents: 2)
        run.startAll()
        for _ in 0..<4 {
            run.advance(1_000_000)
            let sample = run.sample(from: 0, requests: 10)
            run.feed(.message(index: 0, .sample(sample)))
        }
        #expect(run.machine.agents.map(\.phase) == [.running, .lost])
        // Last heard at the start message (0.5 s before the start), lost at the tick 3.2 s later.
        #expect(run.machine.agents[1].lostAtMicros == 2_700_000)
        #expect(run.result == nil)
    }

    /// A sample of a second that had closed reaches the totals and the outputs as a late share,
    /// and never reopens the second.
    @Test func aLateSampleCountsInTheTotalsAndGoesOutAsLate() {
        var run = FakeRun(agents: 2)
        run.startAll()
        // Three seconds in (no tick, so agent 2 is not judged silent): five samples fit the time.
        run.now = run.machine.startAtMicros + 3_000_000
        for _ in 0..<5 {
            let sample = run.sample(from: 0, requests: 10)
            run.feed(.message(index: 0, .sample(sample)))
        }
        // Agent 2 has not reported: seconds close three behind the newest (seq 5), so 1 is closed.
        #expect(run.closedSeconds.map(\.seq) == [1])
        let late = run.sample(from: 1, requests: 7)
        run.feed(.message(index: 1, .sample(late)))
        #expect(run.lateShares.map(\.0) == [1])
        #expect(run.lateShares.first?.1.counters.httpReqs == 7)
        #expect(run.closedSeconds.map(\.seq) == [1])
        #expect(run.machine.merged.counters.httpReqs == 57)
        #expect(run.machine.agents[1].totals.counters.httpReqs == 7)
    }

    /// Closed seconds are exact sums of the agents' samples, with their histograms and shares.
    @Test func aSecondClosesOnceEveryAgentReportedIt() {
        var run = FakeRun(agents: 2)
        run.startAll()
        let first = run.sample(from: 0, requests: 10, latencyMicros: 1_000)
        run.feed(.message(index: 0, .sample(first)))
        #expect(run.closedSeconds.isEmpty)
        let second = run.sample(from: 1, requests: 30, latencyMicros: 9_000)
        run.feed(.message(index: 1, .sample(second)))
        guard let row = run.closedSeconds.first else {
            Issue.record("second 0 did not close")
            return
        }
        #expect(row.counters.httpReqs == 40)
        #expect(row.activeVUs == 4)
        #expect(row.httpReqDuration?.totalCount == 40)
        #expect(row.shares.map(\.name) == ["a1", "a2"])
        #expect(row.agents.map(\.counters.httpReqs) == [10, 30])
        // The kept timeline drops the histogram and shares.
        #expect(run.machine.timeline.rows.first?.httpReqDuration == nil)
        #expect(run.machine.timeline.rows.first?.shares.isEmpty == true)
    }

    /// `done` twice from one agent changes nothing; the run ends once, when all are done.
    @Test func aDuplicateDoneIsHarmless() {
        var run = FakeRun(agents: 2)
        run.startAll()
        let sample = run.sample(from: 0, requests: 3)
        run.feed(.message(index: 0, .sample(sample)))
        let done = Message.done(.init(runId: run.runId, reason: .completed, samplesSent: 1))
        run.feed(.message(index: 0, done))
        run.feed(.message(index: 0, done))
        #expect(run.result == nil)
        run.feed(.message(index: 1, .done(.init(runId: run.runId, reason: .completed, samplesSent: 0))))
        #expect(run.outcome?.report.metrics.counters.httpReqs == 3)
        #expect(run.feed(.message(index: 1, done)).isEmpty)
        #expect(run.feed(.tick).isEmpty)
        #expect(run.actions.filter { if case .finished = $0 { true } else { false } }.count == 1)
    }

    @Test func ctrlCWhilePreparingEndsTheRunWithoutStarting() {
        var run = FakeRun(agents: 2)
        for index in 0..<2 {
            run.feed(.connected(index: index, hello: Message.Hello(agentName: "h", challenge: "", maxVUs: 10, cores: 1),
                                clock: .init(offsetMicros: 0, roundTripMicros: 100)))
        }
        run.feed(.message(index: 0, .ready(.init(runId: run.runId))))
        run.feed(.interrupt)
        guard case .failure(.interrupted)? = run.result else {
            Issue.record("expected an interrupted failure, got \(String(describing: run.result))")
            return
        }
        #expect(!run.sent(to: 0).contains { if case .start = $0 { true } else { false } })
        #expect(run.closes.sorted() == [0, 1])
        // A ready arriving afterwards starts nothing.
        #expect(run.feed(.message(index: 1, .ready(.init(runId: run.runId)))).isEmpty)
    }

    @Test func ctrlCWhileRunningStopsGracefullyThenAtOnce() {
        var run = FakeRun(agents: 2)
        run.startAll()
        run.feed(.interrupt)
        #expect(run.stops(to: 0).map(\.gracefulStopMicros) == [2_000_000])
        run.feed(.interrupt)
        #expect(run.stops(to: 1).map(\.gracefulStopMicros) == [2_000_000, 0])
        run.feed(.message(index: 0, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 0))))
        run.feed(.message(index: 1, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 0))))
        #expect(run.outcome?.report.interrupted == true)
    }

    @Test func aConnectionClosedBeforeTheStartFailsTheRun() {
        var run = FakeRun(agents: 2)
        run.feed(.closed(index: 1, detail: "connection reset", error: nil))
        guard case .failure(.protocolFailure(let agent, _, let detail))? = run.result else {
            Issue.record("got \(String(describing: run.result))")
            return
        }
        #expect(agent == "a2")
        #expect(detail == "connection reset")
    }

    @Test func noHandshakeWithinTenSecondsFailsTheRun() {
        var run = FakeRun(agents: 1)
        run.advance(10_000_000)
        #expect(run.result == nil)
        run.advance(200_000)
        guard case .failure(.connectFailed(let agent, _, _))? = run.result else {
            Issue.record("got \(String(describing: run.result))")
            return
        }
        #expect(agent == "a1")
    }

    /// An agent whose data set ran out with `onExhausted: stopTest` stops every agent.
    @Test func aStopTestSampleStopsEveryAgent() {
        var run = FakeRun(agents: 3, vus: 3)
        run.startAll()
        let sample = run.sample(from: 1, requests: 5, stopTest: "data set users ran out")
        run.feed(.message(index: 1, .sample(sample)))
        for agent in 0..<3 { #expect(run.stops(to: agent).map(\.gracefulStopMicros) == [2_000_000]) }
        #expect(run.warnings.contains { $0.contains("agent a2 stopped the test: data set users ran out") })
        // A second one stops nothing more.
        let again = run.sample(from: 0, requests: 1, stopTest: "data set users ran out")
        run.feed(.message(index: 0, .sample(again)))
        #expect(run.stops(to: 2).count == 1)
        for agent in 0..<3 { run.feed(.message(index: agent, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 1)))) }
        #expect(run.outcome?.report.interrupted == false)
    }

    /// abortOnFail thresholds stop every agent at once; the final evaluation is in the outcome.
    @Test func thresholdsAbortLiveAndAreEvaluatedAtTheEnd() throws {
        let abort = try Threshold.parse(metric: "http_req_duration", expressions: ["p(95)<5"], abortOnFail: true)
        let count = try Threshold.parse(metric: "http_reqs", expressions: ["count>100"])
        var run = FakeRun(agents: 2, thresholds: [abort, count])
        run.startAll()
        run.advance(1_000_000)
        for agent in 0..<2 {
            let sample = run.sample(from: agent, requests: 20, latencyMicros: 50_000)
            run.feed(.message(index: agent, .sample(sample)))
        }
        #expect(run.stops(to: 0).isEmpty)
        run.advance(1_000_000)
        #expect(run.stops(to: 0).map(\.gracefulStopMicros) == [0])
        #expect(run.stops(to: 1).map(\.gracefulStopMicros) == [0])
        for agent in 0..<2 { run.feed(.message(index: agent, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 1)))) }
        let outcome = try #require(run.outcome)
        #expect(outcome.abortedByThresholds)
        #expect(outcome.report.thresholdResults.map(\.passed) == [false, false])
        #expect(outcome.report.thresholdResults.last?.observed == 40)
    }

    /// Time this process did not run is not agent silence.
    @Test func aStalledCoordinatorDoesNotLoseItsAgents() {
        var run = FakeRun(agents: 1)
        run.startAll()
        run.advance(1_000_000)
        run.now += 8_000_000
        run.feed(.tick)
        #expect(run.machine.agents[0].phase == .running)
        #expect(run.warnings.contains { $0.contains("this coordinator stalled for 8") })
    }

    /// A sample that breaks the rules marks only its agent lost.
    @Test func anInvalidSampleLosesItsAgent() {
        var run = FakeRun(agents: 2)
        run.startAll()
        var sample = run.sample(from: 0, requests: 1)
        sample.activeVUs = 1_000_000
        run.feed(.message(index: 0, .sample(sample)))
        #expect(run.machine.agents.map(\.phase) == [.lost, .running])
        #expect(run.warnings.contains { $0.contains("sent an invalid sample: active_vus 1000000") })
    }

    /// Issue #21 item 6: a token-holding agent sending samples faster than one a second is lost
    /// at the first one ahead of the clock; what it sent before counts, the rest is never merged.
    @Test func samplesAheadOfTheRunsClockLoseTheirAgent() {
        var run = FakeRun(agents: 2)
        run.startAll()
        run.now = run.machine.startAtMicros + 1_000_000
        let flood = (0..<100).map { _ in run.sample(from: 0, requests: 1) }
        for sample in flood { run.feed(.message(index: 0, .sample(sample))) }
        #expect(run.machine.agents.map(\.phase) == [.lost, .running])
        // Seq 1...3 fit in 1 s plus the 2 s slack; seq 4 does not.
        #expect(run.machine.agents[0].samples == 3)
        #expect(run.warnings.contains { $0.contains("sent an invalid sample: sample seq 4") }, "\(run.warnings)")
    }

    /// The `started` instant is the agent's word: one outside the run's start and now is refused,
    /// so the summary's elapsed time cannot be made 1 µs.
    @Test func aStartedTimeOutsideTheRunLosesItsAgent() {
        var run = FakeRun(agents: 2)
        run.startAll()
        run.now = run.machine.startAtMicros + 100_000
        run.feed(.message(index: 0, .started(.init(runId: run.runId, startedAtMicros: run.now + 3_600_000_000))))
        run.feed(.message(index: 1, .started(.init(runId: run.runId, startedAtMicros: run.machine.startAtMicros + 1_000 + 2_000))))
        #expect(run.machine.agents.map(\.phase) == [.lost, .running])
        #expect(run.machine.agents[1].startedAtMicros != nil)
        #expect(run.warnings.contains { $0.contains("sent a start time") }, "\(run.warnings)")
    }

    @Test func abortOnAgentLossStopsTheOthers() {
        var run = FakeRun(agents: 3, vus: 3, onAgentLoss: .abort)
        run.startAll()
        run.feed(.closed(index: 0, detail: "connection reset", error: nil))
        #expect(run.stops(to: 1).map(\.gracefulStopMicros) == [0])
        #expect(run.stops(to: 2).map(\.gracefulStopMicros) == [0])
        #expect(run.stops(to: 0).isEmpty)
    }
}
