import Testing
@testable import BarrageCoordinator
@testable import BarrageCore

/// When a merged second may close: as soon as every running agent has reported it.
struct RunMachineTimelineTests {
    static func driver(_ latest: [(phase: AgentRunState.Phase, seq: UInt64?)]) -> RunMachine {
        let agents = latest.enumerated().map { index, agent in
            var state = AgentRunState(endpoint: AgentEndpoint(name: "a\(index + 1)", host: "127.0.0.1", port: 7071 + index))
            state.phase = agent.phase
            state.latest = agent.seq.map {
                Message.Sample(
                    runId: "r", seq: $0, intervalStartMicros: 0, intervalMicros: 1_000_000, counters: Counters(), histograms: [:],
                    activeVUs: 1, processCPUPercent: 0, hostCPUPercent: 0, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
            }
            return state
        }
        let plan = RunPlan(agents: agents.map(\.endpoint), token: "t", spec: RunSpec(url: "http://127.0.0.1/", vus: 2, durationMicros: 10_000_000))
        var machine = RunMachine(plan: plan, runId: "r", now: 0)
        machine.agents = agents
        return machine
    }

    @Test func closesWhatEveryRunningAgentHasReported() {
        #expect(Self.driver([(.running, 4), (.running, 6)]).closableSeq(newest: 6) == 5)
        #expect(Self.driver([(.running, 9), (.running, 9)]).closableSeq(newest: 9) == 10)
    }

    /// An agent that sent nothing yet holds the seconds back, up to three behind the newest.
    @Test func anAgentWithoutASampleHoldsBackUpToThreeSeconds() {
        #expect(Self.driver([(.running, nil), (.running, 6)]).closableSeq(newest: 6) == 3)
        #expect(Self.driver([(.running, nil), (.running, 2)]).closableSeq(newest: 2) == 0)
    }

    /// Finished and lost agents send nothing more: they do not hold the timeline back.
    @Test func finishedAgentsDoNotCount() {
        #expect(Self.driver([(.done, 1), (.lost, nil), (.running, 7)]).closableSeq(newest: 7) == 8)
    }

    /// A laggard never keeps a second open past three seconds behind the newest.
    @Test func aLaggardIsPassedAfterThreeSeconds() {
        #expect(Self.driver([(.running, 1), (.running, 10)]).closableSeq(newest: 10) == 7)
    }
}
