import Testing
@testable import BarrageCoordinator
@testable import BarrageCore

/// The coordinator's side of groups and tags: each agent's tag parts merge, thresholds on
/// `{group:}`, a request tag and a scenario tag read the merged data, and a part the run does not
/// declare loses its agent.
struct RunMachineGroupsTests {
    static var flows: [String: [Step]] {
        var order = RequestSpec(name: "order", url: "http://127.0.0.1:8080/order")
        order.tags = [HTTPHeader(name: "kind", value: "write")]
        return ["default": [.group(FlowGroup(name: "checkout", steps: [.request(order)]))]]
    }

    /// `sample` with a `::checkout` part of `passes` passes of `groupMicros` and a `kind:write`
    /// part holding its requests.
    static func tagged(_ sample: Message.Sample, passes: Int, groupMicros: UInt64, extra: [TagSample] = []) -> Message.Sample {
        var groups = LatencyHistogram.make()
        for _ in 0..<passes { _ = groups.record(groupMicros) }
        var sample = sample
        let requests = sample.histograms[TrendMetric.httpReqDuration.name] ?? HdrV2Codec.encodeBase64(LatencyHistogram.make())
        sample.tags = [
            TagSample(key: "group", value: "::checkout", counters: sample.counters, httpReqDuration: requests,
                      groupDuration: HdrV2Codec.encodeBase64(groups)),
            TagSample(key: "kind", value: "write", counters: sample.counters, httpReqDuration: requests),
        ] + extra
        return sample
    }

    @Test func tagPartsMergeAcrossAgentsAndThresholdsReadThem() throws {
        let thresholds = try [
            Threshold.parse(metric: "group_duration{group:::checkout}", expressions: ["p(95)<400", "max<350"]),
            Threshold.parse(metric: "http_reqs{kind:write}", expressions: ["count==30"]),
            Threshold.parse(metric: "http_req_duration{group:::checkout}", expressions: ["p(95)<10"]),
        ]
        var run = FakeRun(agents: 3, thresholds: thresholds, flows: Self.flows)
        run.startAll()
        run.advance(1_000_000)
        run.feed(.message(index: 0, .sample(Self.tagged(run.sample(from: 0, requests: 10), passes: 10, groupMicros: 100_000))))
        run.feed(.message(index: 1, .sample(Self.tagged(run.sample(from: 1, requests: 20), passes: 20, groupMicros: 300_000))))
        // A part the run does not declare loses the agent, not the run.
        let invented = TagSample(key: "group", value: "::invented", counters: Counters(), httpReqDuration: "")
        run.feed(.message(index: 2, .sample(Self.tagged(run.sample(from: 2, requests: 5), passes: 5, groupMicros: 1, extra: [invented]))))
        #expect(run.machine.agents[2].phase == .lost)
        for agent in 0..<2 { run.feed(.message(index: agent, .done(.init(runId: run.runId, reason: .completed, samplesSent: 1)))) }
        let outcome = try #require(run.outcome)
        let checkout = try #require(outcome.report.metrics.groups.first)
        #expect(checkout.path == "::checkout")
        #expect(checkout.part.histogram(.groupDuration).totalCount == 30)
        #expect(outcome.report.metrics.histogram(.groupDuration).totalCount == 0)  // only the parts carry it here
        // p95 of 10 x 100 ms and 20 x 300 ms is 300 ms; the max is 300 ms too, so max<350 passes.
        #expect(outcome.report.thresholdResults.map(\.passed) == [true, true, true, true])
        let failing = try Threshold.parse(metric: "group_duration{group:::checkout}", expressions: ["p(95)<250"])
        var again = outcome.report
        again.evaluate([failing])
        #expect(again.thresholdResults.map(\.passed) == [false])
    }

    @Test func scenarioTagsSelectTheirScenarios() throws {
        var buyers = ScenarioSpec(name: "buyers", executor: .constantVUs(vus: 2, durationMicros: 10_000_000))
        buyers.tags = ["team": "payments"]
        let browsers = ScenarioSpec(name: "browsers", executor: .constantVUs(vus: 2, durationMicros: 10_000_000))
        let threshold = try Threshold.parse(metric: "http_reqs{team:payments}", expressions: ["count==7"])
        var run = FakeRun(agents: 1, thresholds: [threshold], scenarios: [browsers, buyers])
        run.startAll()
        run.advance(1_000_000)
        var sample = run.sample(from: 0, requests: 10)
        let duration = sample.histograms[TrendMetric.httpReqDuration.name] ?? ""
        var seven = Counters(), three = Counters()
        seven.httpReqs = 7
        three.httpReqs = 3
        sample.scenarios = [
            ScenarioSample(name: "buyers", counters: seven, httpReqDuration: duration, iterationDuration: duration),
            ScenarioSample(name: "browsers", counters: three, httpReqDuration: duration, iterationDuration: duration),
        ]
        run.feed(.message(index: 0, .sample(sample)))
        run.feed(.message(index: 0, .done(.init(runId: run.runId, reason: .completed, samplesSent: 1))))
        let outcome = try #require(run.outcome)
        #expect(outcome.report.thresholdResults.map(\.passed) == [true])
        #expect(outcome.report.thresholdResults.first?.observed == 7)
    }
}
