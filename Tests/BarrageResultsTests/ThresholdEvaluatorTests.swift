import Testing
@testable import BarrageCore
@testable import BarrageResults

struct ThresholdEvaluatorTests {
    /// http_req_duration of 10, 20, ..., 1000 µs (exact in the histogram), 200 requests of which 3
    /// failed, 99 of 100 checks passed, 100 iterations, 5000 bytes in, 1000 out.
    static func snapshot() -> MetricsSnapshot {
        var snapshot = MetricsSnapshot.empty()
        var histogram = LatencyHistogram.make()
        for k in 1...100 { histogram.recordClamped(micros: Int64(k * 10)) }
        snapshot.trends[.httpReqDuration] = histogram
        snapshot.counters.httpReqs = 200
        snapshot.counters.httpReqFailed = 3
        snapshot.counters.checksPassed = 99
        snapshot.counters.checksFailed = 1
        snapshot.counters.iterations = 100
        snapshot.counters.dataReceivedBytes = 5000
        snapshot.counters.dataSentBytes = 1000
        return snapshot
    }

    static func evaluate(_ flag: String, elapsedMicros: Int64 = 10_000_000) throws -> ThresholdResult {
        let results = ThresholdEvaluator.evaluate(
            [try Threshold.parse(flag: flag)], metrics: snapshot(), elapsedMicros: elapsedMicros, vus: 7, vusMax: 10)
        #expect(results.count == 1)
        return try #require(results.first)
    }

    @Test(arguments: [
        // Trends in milliseconds.
        ("http_req_duration:p(95)<1", true, 0.95, "p(95)=950µs"),
        ("http_req_duration:p(95)<0.9", false, 0.95, "p(95)=950µs"),
        ("http_req_duration:p(95)<=0.95", true, 0.95, "p(95)=950µs"),
        ("http_req_duration:avg<0.6", true, 0.505, "avg=505µs"),
        ("http_req_duration:avg>0.6", false, 0.505, "avg=505µs"),
        ("http_req_duration:med==0.5", true, 0.5, "med=500µs"),
        ("http_req_duration:min>0.01", false, 0.01, "min=10µs"),
        ("http_req_duration:max<2", true, 1, "max=1ms"),
        // Rates.
        ("http_req_failed:rate<0.01", false, 0.015, "rate=1.50%"),
        ("http_req_failed:rate<0.02", true, 0.015, "rate=1.50%"),
        ("checks:rate>0.98", true, 0.99, "rate=99.00%"),
        ("checks:rate>0.995", false, 0.99, "rate=99.00%"),
        // Counters: count, and rate per second over the 10 s elapsed.
        ("http_reqs:count>100", true, 200, "count=200"),
        ("http_reqs:count<100", false, 200, "count=200"),
        ("http_reqs:rate>=20", true, 20, "rate=20/s"),
        ("iterations:rate>10", false, 10, "rate=10/s"),
        ("data_received:count==5000", true, 5000, "count=5000"),
        ("data_sent:rate<100", false, 100, "rate=100/s"),
        // Gauges.
        ("vus:value==7", true, 7, "value=7"),
        ("vus_max:value<10", false, 10, "value=10"),
    ])
    func evaluatesLikeK6(flag: String, passed: Bool, observed: Double, text: String) throws {
        let result = try Self.evaluate(flag)
        #expect(result.passed == passed)
        #expect(abs(result.observed - observed) < 1e-9)
        #expect(result.observedText == text)
        #expect(!result.unsupported)
    }

    @Test func liveEvaluationWaitsForAMetricsFirstValue() throws {
        let checks = try Threshold.parse(flag: "checks:rate>0.99")
        let requests = try Threshold.parse(flag: "http_reqs{name:feed}:count>10")
        let duration = try Threshold.parse(flag: "http_req_duration:p(95)<500")
        var metrics = MetricsSnapshot()
        #expect(!ThresholdEvaluator.hasObservations(checks, in: metrics))
        #expect(!ThresholdEvaluator.hasObservations(requests, in: metrics))
        #expect(!ThresholdEvaluator.hasObservations(duration, in: metrics))
        metrics.counters.checksPassed = 1
        var feed = MetricsSnapshot()
        feed.counters.httpReqs = 1
        metrics.series[SeriesKey(name: "feed", method: "GET", status: 200)] = feed
        metrics.trends[.httpReqDuration] = SummaryFixtures.histogram([1000])
        #expect(ThresholdEvaluator.hasObservations(checks, in: metrics))
        #expect(ThresholdEvaluator.hasObservations(requests, in: metrics))
        #expect(ThresholdEvaluator.hasObservations(duration, in: metrics))
    }

    @Test func emptyMetricsObserveZero() throws {
        let results = ThresholdEvaluator.evaluate(
            [try Threshold.parse(flag: "http_req_duration:p(95)<500"), try Threshold.parse(flag: "http_req_failed:rate<0.01"),
             try Threshold.parse(flag: "http_reqs:rate<1")],
            metrics: .empty(), elapsedMicros: 0, vus: 0, vusMax: 0)
        #expect(results.map(\.passed) == [true, true, true])
        #expect(results.map(\.observed) == [0, 0, 0])
        #expect(!ThresholdEvaluator.anyFailed(results))
    }

    @Test func oneResultPerExpressionInOrder() throws {
        let thresholds = [
            try Threshold.parse(flag: "http_req_duration:p(95)<1,p(99)<0.5"),
            try Threshold.parse(flag: "checks:rate>0.9"),
        ]
        let results = ThresholdEvaluator.evaluate(thresholds, metrics: Self.snapshot(), elapsedMicros: 1, vus: 1, vusMax: 1)
        #expect(results.map(\.text) == ["p(95)<1", "p(99)<0.5", "rate>0.9"])
        #expect(results.map(\.passed) == [true, false, true])
        #expect(ThresholdEvaluator.anyFailed(results))
    }

    @Test func taggedThresholdsNeedASubMetricSource() throws {
        let threshold = try Threshold.parse(flag: "http_req_duration{name:feed}:p(95)<1")
        let without = ThresholdEvaluator.evaluate([threshold], metrics: Self.snapshot(), elapsedMicros: 1, vus: 1, vusMax: 1)
        #expect(without.map(\.passed) == [false])
        #expect(without.map(\.unsupported) == [true])
        #expect(without.first?.observedText == "no data for tag selector http_req_duration{name:feed}")

        var slow = MetricsSnapshot.empty()
        slow.trends[.httpReqDuration]?.recordClamped(micros: 5000)
        let feed = slow
        let with = ThresholdEvaluator.evaluate(
            [threshold], metrics: Self.snapshot(), elapsedMicros: 1, vus: 1, vusMax: 1,
            subMetrics: { tags in tags == [.init(key: "name", value: "feed")] ? feed : nil })
        #expect(with.map(\.passed) == [false])
        #expect(with.map(\.unsupported) == [false])
        #expect(with.first?.observedText == "p(95)=5ms")
    }

    @Test func unvalidatedThresholdsFailInsteadOfTrapping() {
        let threshold = Threshold(metric: "nope", expressions: [ThresholdExpression(stat: .avg, op: .less, limit: 1)])
        let results = ThresholdEvaluator.evaluate([threshold], metrics: .empty(), elapsedMicros: 1, vus: 0, vusMax: 0)
        #expect(results.map(\.passed) == [false])
        #expect(results.map(\.unsupported) == [true])
    }

    @Test func abortOnFailWaitsForDelayAbortEval() throws {
        let aborting = try Threshold.parse(
            flag: "http_req_failed:rate<0.01", abortOnFail: true, delayAbortEvalMicros: 10_000_000)
        let results = ThresholdEvaluator.evaluate([aborting], metrics: Self.snapshot(), elapsedMicros: 5_000_000, vus: 1, vusMax: 1)
        #expect(results.map(\.passed) == [false])
        #expect(!ThresholdEvaluator.shouldAbort(results: results, elapsedMicros: 0))
        #expect(!ThresholdEvaluator.shouldAbort(results: results, elapsedMicros: 9_999_999))
        #expect(ThresholdEvaluator.shouldAbort(results: results, elapsedMicros: 10_000_000))
        #expect(ThresholdEvaluator.abortingResult(results: results, elapsedMicros: 20_000_000)?.text == "rate<0.01")
    }

    @Test func abortNeedsAFailedAbortOnFailThreshold() throws {
        let notAborting = try Threshold.parse(flag: "http_req_failed:rate<0.01")
        let passingAborting = try Threshold.parse(flag: "checks:rate>0.5", abortOnFail: true)
        let immediate = try Threshold.parse(flag: "http_reqs:count<10", abortOnFail: true)
        let metrics = Self.snapshot()
        let quiet = ThresholdEvaluator.evaluate([notAborting, passingAborting], metrics: metrics, elapsedMicros: 1, vus: 1, vusMax: 1)
        #expect(ThresholdEvaluator.anyFailed(quiet))
        #expect(!ThresholdEvaluator.shouldAbort(results: quiet, elapsedMicros: 100_000_000))
        let loud = ThresholdEvaluator.evaluate([notAborting, immediate], metrics: metrics, elapsedMicros: 1, vus: 1, vusMax: 1)
        #expect(ThresholdEvaluator.shouldAbort(results: loud, elapsedMicros: 0))
        #expect(ThresholdEvaluator.abortingResult(results: loud, elapsedMicros: 0)?.metricName == "http_reqs")
    }

    @Test func rendersTheThresholdsBlock() throws {
        let thresholds = [
            try Threshold.parse(flag: "http_req_duration:p(95)<1"),
            try Threshold.parse(flag: "http_req_failed:rate<0.01"),
            try Threshold.parse(flag: "http_req_duration{name:feed}:avg<1"),
        ]
        let results = ThresholdEvaluator.evaluate(thresholds, metrics: Self.snapshot(), elapsedMicros: 1, vus: 1, vusMax: 1)
        #expect(ThresholdRenderer().render(results) == """
                 thresholds:
                   ✓ http_req_duration: p(95)<1 (observed p(95)=950µs)
                   ✗ http_req_failed: rate<0.01 (observed rate=1.50%)
                   ✗ http_req_duration{name:feed}: avg<1 (no data for tag selector http_req_duration{name:feed})
            """)
        let colored = ThresholdRenderer(color: true).lines(results)
        #expect(colored[1].contains("\u{1B}[32m✓\u{1B}[0m"))
        #expect(colored[2].contains("\u{1B}[31m✗\u{1B}[0m"))
        #expect(ThresholdRenderer().render([]) == "")
    }
}
