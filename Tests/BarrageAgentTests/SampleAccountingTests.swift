import BarrageCore
import BarrageEngine
import BarrageTarget
import BarrageTestSupport
import BarrageWire
import Foundation
import Testing
@testable import BarrageAgent

/// The machine with a real engine against the in-process demo target: the samples it sends must
/// add up exactly to what the engine counted and the target served (each report merged once,
/// none lost between the engine's polls and collections, none counted twice).
@Suite(.serialized, .tags(.timing))
struct SampleAccountingTests {
    /// Performs the machine's actions with a real ``Engine`` and the real clocks, as ``AgentSession`` does.
    struct Driver {
        var machine: AgentRunMachine
        var engine: Engine?
        var sent: [Message] = []
        let clock = ContinuousClock()
        let origin: ContinuousClock.Instant

        init() {
            origin = clock.now
            machine = AgentRunMachine(
                configuration: AgentConfiguration(name: "agent-1", token: MachineHarness.token), peer: "test",
                challenge: MachineHarness.challenge, now: .init(monotonic: .zero, wallMicros: WallClock.nowMicros()))
        }

        mutating func feed(_ event: AgentRunMachine.Event) {
            let now = AgentRunMachine.Now(monotonic: clock.now - origin, wallMicros: WallClock.nowMicros())
            for action in machine.receive(event, now: now) {
                if let answer = perform(action) { feed(answer) }
            }
        }

        mutating func perform(_ action: AgentRunMachine.Action) -> AgentRunMachine.Event? {
            switch action {
            case .send(let message): sent.append(message)
            case .log, .authenticated, .releaseSlot: break
            case .acquireSlot: return .slot(acquired: true, holder: nil)
            case .buildEngine(_, let spec, let data):
                do {
                    engine = try Engine(spec: spec, data: data)
                    return .engineBuilt(error: nil)
                } catch {
                    return .engineBuilt(error: error.description)
                }
            case .buildOnceEngine(_, let spec):
                do {
                    engine = try Engine(spec: spec, capturesValues: true)
                    return .engineBuilt(error: nil)
                } catch {
                    return .engineBuilt(error: error.description)
                }
            case .startEngine(let delayMicros): engine?.start(delayMicros: delayMicros)
            case .stopEngine(let gracefulMicros): engine?.stop(gracefulMicros: gracefulMicros)
            case .dropEngine: engine = nil
            case .collect:
                guard let engine else { return nil }
                return .collected(engine.collect(), .init(processCPUPercent: 0, hostCPUPercent: 0, netRxBytes: 0, netTxBytes: 0))
            }
            return nil
        }
    }

    @Test func samplesAddUpExactlyToTheEngineAndTheTarget() async throws {
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 1)
        var driver = Driver()
        var served = RequestCounts()
        do {
            driver.feed(.opened(cores: 2, busyRunId: nil))
            let response = try ChallengeResponse.response(challenge: MachineHarness.challenge, token: MachineHarness.token)
            driver.feed(.message(.auth(.init(coordinatorName: "coord", response: response))))
            let spec = RunSpec(
                url: "http://127.0.0.1:\(target.port)/healthz", vus: 4, durationMicros: 2_600_000,
                thinkTime: .fixed(micros: 20_000), threads: 2)
            driver.feed(.message(.prepare(.init(runId: "run-1", agentIndex: 0, spec: spec))))
            driver.feed(.message(.start(.init(runId: "run-1", startAtMicros: WallClock.nowMicros() + 100_000))))
            let deadline = Date().addingTimeInterval(30)
            while driver.machine.phase != .idle, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                // A live coordinator: no dead-man stop.
                driver.feed(.message(.ping(.init(seq: 1, sentMicros: 1))))
                driver.feed(.tick(engine: driver.engine?.poll()))
            }
            served = target.requestCounts
        } catch {
            try await target.shutdown()
            throw error
        }
        try await target.shutdown()

        #expect(driver.machine.phase == .idle)
        let samples = driver.sent.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
        // How many samples the 2.6 s run takes depends on when this task gets a core (in a full
        // parallel run on 2 cores it may be starved until the engine is done and send one); the
        // per-second tiling is covered by AgentRunMachineTests' fake clock. What must hold
        // whatever the scheduling: nothing lost, nothing counted twice.
        #expect(samples.count >= 1)
        #expect(samples.map(\.seq) == Array(1...UInt64(samples.count)))
        var total = MetricsSnapshot()
        for sample in samples { total.merge(try SampleHistograms.snapshot(of: sample)) }
        #expect(total.counters.httpReqs > 50)
        #expect(total.counters.httpReqs == UInt64(served.healthz))
        #expect(total.counters.iterations == total.counters.httpReqs)
        #expect(total.counters.httpReqFailed == 0)
        #expect(total.histogram(.httpReqDuration).totalCount == total.counters.httpReqs)
        #expect(driver.sent.last == .done(.init(runId: "run-1", reason: .completed, samplesSent: UInt64(samples.count))))
    }
}
