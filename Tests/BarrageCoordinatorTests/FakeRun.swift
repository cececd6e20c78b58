import Histogram
@testable import BarrageCoordinator
@testable import BarrageCore
@testable import BarrageResults

/// A ``RunMachine`` driven by hand with a fake clock: events go in at chosen instants and every
/// action that comes out is kept for the test to inspect.
struct FakeRun {
    var machine: RunMachine
    /// Coordinator wall clock, µs.
    var now: Int64 = 1_000_000_000_000
    /// Every action so far, in order.
    var actions: [RunAction] = []
    /// The next seq each agent's sample gets.
    private var nextSeq: [UInt64]
    let runId = "run-test"

    init(agents count: Int, vus: Int = 4, durationMicros: Int64 = 10_000_000, thresholds: [Threshold] = [],
         onAgentLoss: RunPlan.AgentLossPolicy = .continue, scenarios: [ScenarioSpec]? = nil, scenarioName: String? = nil,
         flows: [String: [Step]]? = nil, setup: [Step]? = nil, teardown: [Step]? = nil) {
        let endpoints = (0..<count).map { AgentEndpoint(name: "a\($0 + 1)", host: "127.0.0.1", port: 7071 + $0) }
        var spec = RunSpec(url: "http://127.0.0.1:8080/", vus: vus, durationMicros: durationMicros, gracefulStopMicros: 2_000_000)
        spec.scenarios = scenarios
        spec.flows = flows
        spec.setup = setup
        spec.teardown = teardown
        var plan = RunPlan(agents: endpoints, token: "t", spec: spec, onAgentLoss: onAgentLoss)
        plan.thresholds = thresholds
        plan.scenarioName = scenarioName
        machine = RunMachine(plan: plan, runId: runId, now: now)
        nextSeq = Array(repeating: 1, count: count)  // agents number samples from 1 (SampleCheck)
    }

    /// Feeds `event` at the current instant and returns its actions.
    @discardableResult
    mutating func feed(_ event: AgentEvent) -> [RunAction] {
        let out = machine.handle(event, now: now)
        actions += out
        return out
    }

    /// Moves the clock on by `micros`, ticking every 200 ms as the driver does.
    @discardableResult
    mutating func advance(_ micros: Int64) -> [RunAction] {
        var out: [RunAction] = []
        let end = now + micros
        while now + 200_000 <= end {
            now += 200_000
            out += feed(.tick)
        }
        if now < end {
            now = end
            out += feed(.tick)
        }
        return out
    }

    /// Every agent connects (agent i's clock `i` ms ahead, 1 ms round trip) and becomes ready.
    mutating func startAll() {
        for index in machine.agents.indices {
            feed(.connected(
                index: index, hello: Message.Hello(agentName: "host\(index)", challenge: "", maxVUs: 1000, cores: 2),
                clock: .init(offsetMicros: Int64(index) * 1_000, roundTripMicros: 1_000)))
        }
        for index in machine.agents.indices { feed(.message(index: index, .ready(.init(runId: runId)))) }
    }

    /// A one-second sample from agent `agent` with `requests` requests of `latencyMicros` each.
    mutating func sample(from agent: Int, requests: UInt64, latencyMicros: UInt64 = 2_000, stopTest: String? = nil) -> Message.Sample {
        var histogram = MetricsSnapshot().histogram(.httpReqDuration)
        for _ in 0..<requests { _ = histogram.record(latencyMicros) }
        var counters = Counters()
        counters.httpReqs = requests
        counters.iterations = requests
        let seq = nextSeq[agent]
        nextSeq[agent] += 1
        var sample = Message.Sample(
            runId: runId, seq: seq, intervalStartMicros: machine.startAtMicros + Int64(seq - 1) * 1_000_000 + Int64(agent) * 1_000,
            intervalMicros: 1_000_000, counters: counters,
            histograms: requests > 0 ? [TrendMetric.httpReqDuration.name: HdrV2Codec.encodeBase64(histogram)] : [:],
            activeVUs: 2, processCPUPercent: 10, hostCPUPercent: 5, netRxBytes: 1_000 * seq, netTxBytes: 100 * seq,
            loopLagMicros: 0)
        sample.stopTest = stopTest
        return sample
    }

    /// Messages sent to agent `agent` so far.
    func sent(to agent: Int) -> [Message] {
        actions.compactMap { if case .send(agent, let message) = $0 { return message } else { return nil } }
    }

    /// Stop messages sent to agent `agent` so far.
    func stops(to agent: Int) -> [Message.Stop] {
        sent(to: agent).compactMap { if case .stop(let stop) = $0 { return stop } else { return nil } }
    }

    var closedSeconds: [SecondRow] { actions.compactMap { if case .second(let row) = $0 { return row } else { return nil } } }
    var lateShares: [(UInt64, JournalAgentSecond)] {
        actions.compactMap { if case .lateShare(let seq, let share) = $0 { return (seq, share) } else { return nil } }
    }
    var warnings: [String] { actions.compactMap { if case .log(.warning, let line) = $0 { return line } else { return nil } } }
    var closes: [Int] { actions.compactMap { if case .close(let agent) = $0 { return agent } else { return nil } } }
    var result: Result<RunOutcome, CoordinatorError>? {
        actions.lazy.compactMap { if case .finished(let result) = $0 { return result } else { return nil } }.first
    }
    var outcome: RunOutcome? { if case .success(let outcome)? = result { return outcome } else { return nil } }
}
