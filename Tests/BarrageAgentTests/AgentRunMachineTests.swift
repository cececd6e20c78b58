import BarrageCore
import BarrageEngine
import Testing
@testable import BarrageAgent

/// The agent's protocol decisions with a fake clock: every timeout exactly at its limit and one
/// microsecond after, stops in each phase, and the samples of a run.
struct AgentRunMachineTests {
    static let second: Int64 = 1_000_000

    func kinds(_ messages: [Message]) -> [String] { messages.map(\.kind.rawValue) }

    func errorKind(_ message: Message?) -> ProtocolErrorMessage.Kind? {
        if case .error(let error) = message { error.kind } else { nil }
    }

    // MARK: Handshake

    @Test func helloThenAuthOkWithTheRightToken() throws {
        var run = MachineHarness()
        try run.authenticate()
        #expect(kinds(run.takeSent()) == ["hello", "auth_ok"])
        #expect(run.authenticatedSeen)
        #expect(run.machine.phase == .idle)
    }

    @Test func aWrongTokenIsRefusedAndCloses() {
        var run = MachineHarness()
        run.feed(.opened(cores: 2, busyRunId: nil))
        run.message(.auth(.init(coordinatorName: "coord", response: "not-the-response")))
        #expect(errorKind(run.takeSent().last) == .authFailed)
        #expect(!run.authenticatedSeen)
        #expect(!run.machine.keepsReading)
        #expect(run.machine.isOver)
    }

    @Test func authTimeoutExactlyAtTheLimitAndOneMicrosecondAfter() {
        var run = MachineHarness()
        run.advance(run.configuration.authTimeout)
        run.tick()
        #expect(!run.machine.isOver)
        run.advance(.microseconds(1))
        run.tick()
        #expect(errorKind(run.takeSent().last) == .authFailed)
        #expect(run.machine.isOver)
    }

    // MARK: Prepare

    @Test func stopWhileDataChunksArriveAnswersDoneAndFreesTheSlot() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare(rows: 4)
        #expect(run.machine.phase == .receivingData(runId: "run-1"))
        #expect(run.slotHolder == "run-1")
        run.message(.dataChunk(.init(runId: "run-1", set: "users", firstRow: 0, rows: [["a"], ["b"]])))
        #expect(run.machine.phase == .receivingData(runId: "run-1"))
        _ = run.takeSent()
        run.message(.stop(.init(runId: "run-1", gracefulStopMicros: 0)))
        #expect(run.takeSent() == [.done(.init(runId: "run-1", reason: .stopped, samplesSent: 0))])
        #expect(run.slotHolder == nil)
        #expect(run.takeEngineCalls().isEmpty)
        #expect(run.machine.phase == .idle)
        #expect(run.machine.receivedData.isEmpty)
        // The connection stays: the next run can be prepared.
        run.prepare(runId: "run-2")
        #expect(run.takeSent() == [.ready(.init(runId: "run-2"))])
    }

    @Test func theLastDataChunkBuildsTheEngineWithEveryRow() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare(rows: 3)
        run.message(.dataChunk(.init(runId: "run-1", set: "users", firstRow: 0, rows: [["a"], ["b"]])))
        run.message(.dataChunk(.init(runId: "run-1", set: "users", firstRow: 2, rows: [["c"]])))
        #expect(run.takeEngineCalls() == [.build(runId: "run-1", rows: [3])])
        #expect(run.takeSent().last == .ready(.init(runId: "run-1")))
        #expect(run.machine.phase == .prepared(runId: "run-1"))
    }

    @Test func aChunkOutOfOrderClosesAndFreesTheSlot() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare(rows: 3)
        run.message(.dataChunk(.init(runId: "run-1", set: "users", firstRow: 1, rows: [["b"]])))
        #expect(errorKind(run.takeSent().last) == .badSpec)
        #expect(run.slotHolder == nil)
        #expect(run.machine.isOver)
    }

    @Test func stopBeforeStartDropsTheEngine() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare()
        _ = run.takeEngineCalls()
        run.message(.stop(.init(runId: "run-1", gracefulStopMicros: 0)))
        #expect(run.takeSent().last == .done(.init(runId: "run-1", reason: .stopped, samplesSent: 0)))
        #expect(run.takeEngineCalls() == [.drop])
        #expect(run.slotHolder == nil)
        #expect(run.machine.phase == .idle)
    }

    @Test func aBusySlotIsRefusedAndTheConnectionStays() throws {
        var run = MachineHarness()
        run.slotHolder = "other-run"
        try run.authenticate()
        _ = run.takeSent()
        run.prepare()
        guard case .error(let error) = run.takeSent().last else { Issue.record("no error"); return }
        #expect(error.kind == .busy)
        #expect(error.message.contains("other-run"))
        #expect(run.machine.phase == .idle)
        #expect(run.slotHolder == "other-run")
    }

    @Test func aFailedEngineBuildIsRefusedAndFreesTheSlot() throws {
        var run = MachineHarness()
        run.engineError = "no such thing"
        try run.authenticate()
        run.prepare()
        #expect(errorKind(run.takeSent().last) == .badSpec)
        #expect(run.slotHolder == nil)
        #expect(run.machine.phase == .idle)
    }

    @Test func anUnexpectedMessageWhilePreparedClosesAndFreesTheSlot() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare()
        _ = run.takeEngineCalls()
        // A stop for another run: not this connection's run, the connection closes...
        run.message(.stop(.init(runId: "run-9", gracefulStopMicros: 0)))
        #expect(errorKind(run.takeSent().last) == .unexpectedMessage)
        #expect(run.machine.isOver)
        // ...and the agent is not left busy for every later coordinator.
        #expect(run.slotHolder == nil)
        #expect(run.takeEngineCalls() == [.drop])
    }

    @Test func aPreparedRunIsDroppedExactlyAfterTheDeadManLimit() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare()
        _ = run.takeEngineCalls()
        run.advance(run.configuration.coordinatorTimeout)
        run.tick()
        #expect(!run.machine.isOver)
        run.advance(.microseconds(1))
        run.tick()
        #expect(run.machine.isOver)
        #expect(run.slotHolder == nil)
        #expect(run.takeEngineCalls() == [.drop])
    }

    // MARK: Start

    @Test func aStartInThePastBeginsNowAndSamplesFromTheStartInstant() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare()
        _ = run.takeEngineCalls()
        let startAt = run.wallMicros - 5 * Self.second
        run.message(.start(.init(runId: "run-1", startAtMicros: startAt)))
        #expect(run.takeEngineCalls() == [.start(delayMicros: 0)])
        // The first sample is due 1 s after the start plus the lag after the loops' tick.
        run.advance(.milliseconds(1_150) - .microseconds(1))
        run.tick()
        #expect(run.takeEngineCalls().isEmpty)
        run.advance(.microseconds(1))
        run.tick()
        #expect(run.takeEngineCalls() == [.collect])
        let sample = try #require(run.samples.first)
        #expect(sample.intervalStartMicros == startAt)
        #expect(sample.intervalMicros == Self.second)
    }

    @Test func aStartInTheFutureWaitsAndSamplesOneSecondAfterIt() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare()
        _ = run.takeEngineCalls()
        let startAt = run.wallMicros + 2 * Self.second
        run.message(.start(.init(runId: "run-1", startAtMicros: startAt)))
        #expect(run.takeEngineCalls() == [.start(delayMicros: 2 * Self.second)])
        run.advance(.milliseconds(3_150) - .microseconds(1))
        run.tick()
        #expect(run.takeEngineCalls().isEmpty)
        run.advance(.microseconds(1))
        run.tick()
        #expect(run.takeEngineCalls() == [.collect])
        let sample = try #require(run.samples.first)
        #expect(sample.intervalStartMicros == startAt)
        #expect(sample.intervalMicros == Self.second)
    }

    @Test func aStartMoreThanAnHourAwayIsRefusedAndTheRunStaysPrepared() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.prepare()
        _ = run.takeEngineCalls()
        _ = run.takeSent()
        run.message(.start(.init(runId: "run-1", startAtMicros: run.wallMicros + Message.Start.maxDistanceMicros + 1)))
        #expect(errorKind(run.takeSent().last) == .badSpec)
        #expect(run.takeEngineCalls().isEmpty)
        #expect(run.machine.phase == .prepared(runId: "run-1"))
    }

    // MARK: Running

    @Test func samplesCountUpByOneAndTileTimeThenTheLastOneAndDone() throws {
        var run = MachineHarness()
        try run.startRun()
        run.progress.startedAtWallMicros = run.wallMicros
        run.interval.startedAtWallMicros = run.wallMicros
        for second in 1...4 {
            run.interval.metrics.counters.httpReqs = UInt64(second)
            run.advance(.seconds(1))
            // The ping of a live coordinator.
            run.message(.ping(.init(seq: UInt64(second), sentMicros: 1)))
            run.advance(.milliseconds(150))
            run.tick()
            run.advance(.milliseconds(-150))
        }
        run.interval.metrics.counters.httpReqs = 7
        run.progress.finished = true
        run.advance(.milliseconds(400))
        run.tick()
        let samples = run.samples
        #expect(samples.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(samples.map(\.counters.httpReqs) == [1, 2, 3, 4, 7])
        for (earlier, later) in zip(samples, samples.dropFirst()) {
            #expect(later.intervalStartMicros == earlier.intervalStartMicros + earlier.intervalMicros)
        }
        #expect(samples.dropLast().allSatisfy { $0.intervalMicros == Self.second })
        let sent = run.takeSent()
        #expect(kinds(sent).filter { $0 == "started" }.count == 1)
        #expect(kinds(sent).firstIndex(of: "started") ?? 99 < kinds(sent).firstIndex(of: "sample") ?? 0)
        #expect(sent.last == .done(.init(runId: "run-1", reason: .completed, samplesSent: 5)))
        #expect(run.takeEngineCalls().last == .drop)
        #expect(run.slotHolder == nil)
        #expect(run.machine.phase == .idle)
    }

    @Test func aStopGivesTheLastSampleThenDone() throws {
        var run = MachineHarness()
        try run.startRun()
        run.message(.stop(.init(runId: "run-1", gracefulStopMicros: 2 * Self.second)))
        #expect(run.takeEngineCalls() == [.stop(gracefulMicros: 2 * Self.second)])
        run.interval.metrics.counters.iterations = 3
        run.progress.finished = true
        run.advance(.milliseconds(300))
        run.tick()
        let sent = run.takeSent()
        #expect(kinds(sent) == ["sample", "done"])
        if case .sample(let sample) = sent.first {
            #expect(sample.seq == 1)
            #expect(sample.counters.iterations == 3)
            #expect(sample.intervalMicros == 300_000)
        }
        #expect(sent.last == .done(.init(runId: "run-1", reason: .stopped, samplesSent: 1)))
        #expect(run.machine.phase == .idle)
    }

    /// A `stop` that crosses the agent's `done` on the wire (the coordinator stopping every agent
    /// as one agent's data runs out) is ignored: no error, the connection stays for the next run.
    @Test func aStopCrossingDoneIsIgnored() throws {
        var run = MachineHarness()
        try run.startRun()
        run.progress.finished = true
        run.advance(.milliseconds(300))
        run.tick()
        #expect(kinds(run.takeSent()) == ["sample", "done"])
        run.message(.stop(.init(runId: "run-1", gracefulStopMicros: Self.second)))
        #expect(run.takeSent().isEmpty)
        #expect(run.machine.keepsReading)
        #expect(run.machine.phase == .idle)
        run.message(.stop(.init(runId: "run-9", gracefulStopMicros: Self.second)))
        #expect(errorKind(run.takeSent().first) == .unexpectedMessage)
    }

    @Test func aDuplicateStopStopsAgainAndKeepsTheConnection() throws {
        var run = MachineHarness()
        try run.startRun()
        run.message(.stop(.init(runId: "run-1", gracefulStopMicros: Self.second)))
        run.message(.stop(.init(runId: "run-1", gracefulStopMicros: 0)))
        #expect(run.takeEngineCalls() == [.stop(gracefulMicros: Self.second), .stop(gracefulMicros: 0)])
        #expect(run.takeSent().isEmpty)
        #expect(run.machine.keepsReading)
        run.progress.finished = true
        run.tick()
        #expect(run.takeSent().last == .done(.init(runId: "run-1", reason: .stopped, samplesSent: 1)))
    }

    @Test func aStopForAnotherRunClosesAndStopsTheLoadAtOnce() throws {
        var run = MachineHarness()
        try run.startRun()
        run.message(.stop(.init(runId: "run-2", gracefulStopMicros: Self.second)))
        #expect(errorKind(run.takeSent().last) == .unexpectedMessage)
        #expect(run.takeEngineCalls() == [.stop(gracefulMicros: 0)])
        #expect(!run.machine.keepsReading)
        // The reader stops; the connection ends and the run finishes as lost.
        run.feed(.connectionEnded(.closed))
        run.progress.finished = true
        run.tick()
        let sent = run.takeSent()
        #expect(kinds(sent) == ["done"])
        #expect(sent.last == .done(.init(runId: "run-1", reason: .coordinatorLost, samplesSent: 1)))
        #expect(run.machine.isOver)
        #expect(run.slotHolder == nil)
    }

    @Test func theDeadManSwitchFiresOneMicrosecondAfterTheLimitAndTheLastSamplesStillGo() throws {
        var run = MachineHarness()
        try run.startRun()
        let limit = run.configuration.coordinatorTimeout
        run.advance(limit)
        run.tick()
        #expect(!run.takeEngineCalls().contains(.stop(gracefulMicros: 0)))
        run.advance(.microseconds(1))
        run.tick()
        #expect(run.takeEngineCalls().contains(.stop(gracefulMicros: 0)))
        #expect(run.logs.contains { $0.0 == .error && $0.1.contains("nothing heard from the coordinator") })
        // Once only.
        run.advance(.milliseconds(50))
        run.tick()
        #expect(!run.takeEngineCalls().contains(.stop(gracefulMicros: 0)))
        // The engine winds down: samples and done are still written for a stalled coordinator.
        _ = run.takeSent()
        run.interval.metrics.counters.httpReqs = 2
        run.progress.finished = true
        run.tick()
        let sent = run.takeSent()
        #expect(kinds(sent) == ["sample", "done"])
        if case .done(let done) = sent.last { #expect(done.reason == .coordinatorLost) }
        #expect(run.machine.isOver)
        #expect(run.slotHolder == nil)
    }

    @Test func aLostConnectionStopsTheLoadAndWritesNoSample() throws {
        var run = MachineHarness()
        try run.startRun()
        run.feed(.connectionEnded(.failed("connection reset by peer")))
        #expect(run.takeEngineCalls() == [.stop(gracefulMicros: 0)])
        run.progress.finished = true
        run.tick()
        #expect(kinds(run.takeSent()) == ["done"])
        #expect(run.machine.isOver)
    }

    @Test func aStopTestReasonGoesOnTheNextSampleOnly() throws {
        var run = MachineHarness()
        try run.startRun()
        run.interval.stopTest = "data set 'users' ran out (onExhausted: stopTest)"
        run.advance(.milliseconds(1_150))
        run.tick()
        run.advance(.seconds(1))
        run.tick()
        let samples = run.samples
        #expect(samples.map(\.stopTest) == ["data set 'users' ran out (onExhausted: stopTest)", nil])
    }

    @Test func failedWritesStopSamplesButNotTheRun() throws {
        var run = MachineHarness()
        try run.startRun()
        run.writesFail = true
        run.advance(.milliseconds(1_150))
        run.tick()
        #expect(!run.machine.connectionOpen)
        #expect(run.takeEngineCalls() == [.collect])
        #expect(run.machine.phase == .running(runId: "run-1"))
    }

    // MARK: Idle

    @Test func anIdleConnectionClosesOneMicrosecondAfterTheIdleTimeout() throws {
        var run = MachineHarness()
        try run.authenticate()
        run.advance(run.configuration.idleTimeout)
        run.tick()
        #expect(!run.machine.isOver)
        run.advance(.microseconds(1))
        run.tick()
        #expect(run.machine.isOver)
        #expect(run.logs.last?.1.contains("idle for") == true)
    }

    @Test func aPingKeepsAnIdleConnectionAndIsAnsweredWithTheWallClock() throws {
        var run = MachineHarness()
        try run.authenticate()
        _ = run.takeSent()
        run.advance(run.configuration.idleTimeout)
        run.message(.ping(.init(seq: 4, sentMicros: 77)))
        #expect(run.takeSent() == [.pong(.init(seq: 4, sentMicros: 77, agentMicros: run.wallMicros))])
        run.advance(run.configuration.idleTimeout)
        run.tick()
        #expect(!run.machine.isOver)
    }

    /// A run's heartbeat (`reply: false`) is not answered, yet keeps the dead-man switch from firing.
    @Test func aHeartbeatIsNotAnsweredButKeepsTheRunAlive() throws {
        var run = MachineHarness()
        try run.startRun()
        _ = run.takeSent()
        for _ in 0..<4 {
            run.advance(.seconds(3))
            run.message(.ping(.init(seq: 0, sentMicros: 5, reply: false)))
            run.tick()
        }
        #expect(!run.takeSent().contains { if case .pong = $0 { true } else { false } })
        #expect(!run.machine.isOver)
        #expect(!run.takeEngineCalls().contains(.stop(gracefulMicros: 0)))
        run.message(.ping(.init(seq: 9, sentMicros: 6, reply: true)))
        #expect(run.takeSent().contains(.pong(.init(seq: 9, sentMicros: 6, agentMicros: run.wallMicros))))
    }
}
