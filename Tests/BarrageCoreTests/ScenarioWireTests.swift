import Testing
@testable import BarrageCore

/// Protocol 2's scenario fields: requests, executors and segments in `prepare`; tagged series and
/// named checks in `sample`.
struct ScenarioWireTests {
    static let executors: [ExecutorConfig] = [
        .constantVUs(vus: 10, durationMicros: 5_000_000),
        .rampingVUs(startVUs: 0, stages: [.init(durationMicros: 30_000_000, target: 100)], gracefulRampDownMicros: 10_000_000),
        .constantArrivalRate(rate: 50, timeUnitMicros: 1_000_000, durationMicros: 60_000_000, preAllocatedVUs: 10, maxVUs: 100),
        .rampingArrivalRate(startRate: 1, timeUnitMicros: 60_000_000, stages: [.init(durationMicros: 2_000_000, target: 5)], preAllocatedVUs: 2, maxVUs: 3),
        .perVUIterations(vus: 3, iterations: 7, maxDurationMicros: 600_000_000),
        .sharedIterations(vus: 4, iterations: 40, maxDurationMicros: 600_000_000),
    ]

    @Test(arguments: executors)
    func prepareWithAScenarioRoundTrips(executor: ExecutorConfig) throws {
        var spec = RunSpec(url: "http://127.0.0.1:8080/api/posts/", vus: 3, durationMicros: 5_000_000)
        spec.requests = [
            RequestSpec(name: "feed", url: "http://127.0.0.1:8080/api/posts/", headers: [HTTPHeader(name: "Accept", value: "application/json")],
                        checks: RequestChecks(statuses: [200], bodyContains: ["posts"], headerEquals: [HTTPHeader(name: "Content-Type", value: "application/json")], durationBelowMicros: 500_000),
                        sleep: .uniform(minMicros: 1, maxMicros: 2)),
            RequestSpec(name: "create", method: "POST", url: "http://127.0.0.1:8080/api/posts/", body: #"{"a":1}"#),
        ]
        spec.executor = executor
        spec.segment = try ExecutionSegment.fromWeights([1, 2, 3])[1]
        let message = Message.prepare(.init(runId: "r", agentIndex: 1, spec: spec))
        let text = String(decoding: try MessageCoding.encode(message), as: UTF8.self)
        #expect(text.contains(#""executor":"\#(executor.name)""#))
        #expect(try MessageCoding.decode(line: text) == message)
    }

    @Test func anExecutorThatFailsValidationIsABadSpecNotAMalformedFrame() throws {
        let line = #"{"type":"prepare","run_id":"r","agent_index":0,"spec":{"url":"http://x/","vus":1,"duration_micros":1,"think_time":{"fixed_micros":0},"timeout_micros":1000,"graceful_stop_micros":0,"expected_statuses":[],"threads":0,"executor":{"executor":"shared-iterations","vus":5,"iterations":2,"max_duration_micros":10000000},"segment":{"from":{"numerator":0,"denominator":1},"to":{"numerator":1,"denominator":1},"sequence":[{"numerator":0,"denominator":1},{"numerator":1,"denominator":1}]}}}"#
        guard case .prepare(let prepare) = try MessageCoding.decode(line: line) else {
            Issue.record("not a prepare")
            return
        }
        #expect(throws: SpecError.self) { try prepare.spec.validate() }
        #expect((try? prepare.spec.validate()) == nil)
        do { try prepare.spec.validate() } catch { #expect(error.field == "spec.executor") }
        let unknown = line.replacingOccurrences(of: "shared-iterations", with: "open-model")
        #expect(throws: ProtocolError.self) { try MessageCoding.decode(line: unknown) }
    }

    @Test func sampleCarriesSeriesAndChecksLosslessly() throws {
        var snapshot = MetricsSnapshot()
        snapshot.counters.httpReqs = 5
        var feed = MetricsSnapshot()
        feed.counters.httpReqs = 3
        feed.counters.checksPassed = 3
        feed.trends[.httpReqDuration] = HistogramFixtures.histogram([1000, 2000, 3000])
        var failed = MetricsSnapshot()
        failed.counters.httpReqs = 2
        failed.counters.httpReqFailed = 2
        failed.trends[.httpReqDuration] = HistogramFixtures.histogram([9000, 9100])
        snapshot.series = [SeriesKey(name: "feed", method: "GET", status: 200): feed, SeriesKey(name: "feed", method: "GET", status: 503): failed]
        snapshot.checks = ["feed: status is 200": CheckTally(passes: 3, fails: 2)]

        var sample = Message.Sample(
            runId: "r", seq: 0, intervalStartMicros: 0, intervalMicros: 1_000_000, counters: snapshot.counters,
            histograms: SampleHistograms.encode(snapshot), activeVUs: 1, processCPUPercent: 0, hostCPUPercent: 0,
            netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
        sample.series = SampleHistograms.encodeSeries(snapshot)
        sample.checks = snapshot.checks
        guard case .sample(let decoded) = try MessageCoding.decode(line: String(decoding: try MessageCoding.encode(.sample(sample)), as: UTF8.self)) else {
            Issue.record("not a sample")
            return
        }
        let back = try SampleHistograms.snapshot(of: decoded)
        #expect(back.checks == snapshot.checks)
        #expect(back.series.count == 2)
        let byName = try #require(back.subMetric([Threshold.Tag(key: "name", value: "feed")]))
        #expect(byName.counters.httpReqs == 5 && byName.counters.httpReqFailed == 2)
        #expect(byName.histogram(.httpReqDuration).totalCount == 5)
        #expect(back.subMetric([Threshold.Tag(key: "status", value: "503")])?.histogram(.httpReqDuration).min ?? 0 >= 9000)
        #expect(back.subMetric([Threshold.Tag(key: "status", value: "404")])?.counters.httpReqs == 0)
        #expect(back.subMetric([Threshold.Tag(key: "region", value: "x")]) == nil)
        // `group` is k6's tag of groups: a group not passed is empty, not unsupported.
        #expect(back.subMetric([Threshold.Tag(key: "group", value: "::x")])?.counters.httpReqs == 0)
    }

    @Test func mergingKeepsSeriesAndChecksApart() {
        var a = MetricsSnapshot()
        var b = MetricsSnapshot()
        var series = MetricsSnapshot()
        series.counters.httpReqs = 2
        a.series[SeriesKey(name: "x", method: "GET", status: 200)] = series
        b.series[SeriesKey(name: "x", method: "GET", status: 200)] = series
        b.series[SeriesKey(name: "y", method: "POST", status: 201)] = series
        a.checks["x: status is 200"] = CheckTally(passes: 1, fails: 0)
        b.checks["x: status is 200"] = CheckTally(passes: 2, fails: 1)
        a.merge(b)
        #expect(a.series[SeriesKey(name: "x", method: "GET", status: 200)]?.counters.httpReqs == 4)
        #expect(a.series.count == 2)
        #expect(a.checks["x: status is 200"] == CheckTally(passes: 3, fails: 1))
        #expect(a.seriesNames == ["x", "y"])
    }
}
