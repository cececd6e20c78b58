import Testing
@testable import BarrageCoordinator
@testable import BarrageCore

/// The coordinator's side of several scenarios: every agent gets each scenario with its own
/// segment, scenario parts merge across agents, and `{scenario:NAME}` selects them.
struct RunMachineScenariosTests {
    static let scenarios = [
        ScenarioSpec(name: "browsers", executor: .constantVUs(vus: 4, durationMicros: 10_000_000)),
        ScenarioSpec(name: "buyers", executor: .sharedIterations(vus: 2, iterations: 9, maxDurationMicros: 10_000_000), startTimeMicros: 1_000_000),
    ]

    /// A sample whose requests all belong to `scenario`.
    static func part(_ sample: Message.Sample, scenario: String) -> Message.Sample {
        var sample = sample
        sample.scenarios = [ScenarioSample(
            name: scenario, counters: sample.counters, httpReqDuration: sample.histograms[TrendMetric.httpReqDuration.name] ?? "",
            iterationDuration: sample.histograms[TrendMetric.httpReqDuration.name] ?? "")]
        return sample
    }

    @Test func eachAgentGetsEveryScenarioWithItsSegmentAndTheirPartsMerge() throws {
        let threshold = try Threshold.parse(metric: "http_reqs{scenario:buyers}", expressions: ["count==30"])
        let iterations = try Threshold.parse(metric: "iterations{scenario:browsers}", expressions: ["count==20"])
        var run = FakeRun(agents: 2, thresholds: [threshold, iterations], scenarios: Self.scenarios)
        run.startAll()
        let prepares = (0..<2).compactMap { agent in
            run.sent(to: agent).compactMap { if case .prepare(let prepare) = $0 { return prepare } else { return nil } }.first
        }
        #expect(prepares.count == 2)
        for prepare in prepares {
            #expect(prepare.spec.scenarios?.map(\.name) == ["browsers", "buyers"])
            #expect(prepare.spec.scenarios?.allSatisfy { $0.segment == prepare.spec.segment } == true)
        }
        // The six VUs split 3 + 3: half of each scenario on each agent.
        #expect(prepares.map { $0.spec.scenarios?.map(\.executorPlan.maxVUs) ?? [] } == [[2, 1], [2, 1]])
        run.advance(1_000_000)
        run.feed(.message(index: 0, .sample(Self.part(run.sample(from: 0, requests: 20), scenario: "browsers"))))
        run.feed(.message(index: 1, .sample(Self.part(run.sample(from: 1, requests: 30), scenario: "buyers"))))
        // A part naming no scenario of the run loses the agent, not the run.
        run.feed(.message(index: 1, .sample(Self.part(run.sample(from: 1, requests: 5), scenario: "admins"))))
        #expect(run.machine.agents[1].phase == .lost)
        run.feed(.message(index: 0, .done(.init(runId: run.runId, reason: .stopped, samplesSent: 1))))
        let outcome = try #require(run.outcome)
        #expect(outcome.report.metrics.scenarios["buyers"]?.counters.httpReqs == 30)
        #expect(outcome.report.metrics.scenarios["browsers"]?.counters.iterations == 20)
        #expect(outcome.report.thresholdResults.map(\.passed) == [true, true])
    }

    /// A file's only scenario: `{scenario:NAME}` selects every metric.
    @Test func aSingleScenarioIsEveryMetric() throws {
        let threshold = try Threshold.parse(metric: "http_reqs{scenario:feed}", expressions: ["count==25"])
        var run = FakeRun(agents: 1, thresholds: [threshold], scenarioName: "feed")
        run.startAll()
        run.advance(1_000_000)
        run.feed(.message(index: 0, .sample(run.sample(from: 0, requests: 25))))
        run.feed(.message(index: 0, .done(.init(runId: run.runId, reason: .completed, samplesSent: 1))))
        let outcome = try #require(run.outcome)
        #expect(outcome.report.thresholdResults.map(\.passed) == [true])
        #expect(outcome.report.metrics.scenarios["feed"]?.counters.httpReqs == 25)
    }
}
