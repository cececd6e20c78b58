import Foundation
import Testing
@testable import BarrageCore
@testable import BarrageResults

/// A test of several scenarios: the per-scenario table and the per-scenario export entries.
struct SummaryScenariosTableTests {
    /// The single-agent fixture split into two scenarios: browsers 600 requests (the duration
    /// values), buyers 400 of 1500 µs with 4 failed; buyers' executor never ran a request of
    /// `admins`, a third scenario.
    static func report() -> RunReport {
        var report = SummaryFixtures.singleAgent()
        var browsers = MetricsSnapshot()
        browsers.counters.httpReqs = 600
        browsers.counters.iterations = 600
        browsers.trends[.httpReqDuration] = SummaryFixtures.histogram(SummaryFixtures.durationValues)
        var buyers = MetricsSnapshot()
        buyers.counters.httpReqs = 400
        buyers.counters.iterations = 380
        buyers.counters.httpReqFailed = 4
        buyers.trends[.httpReqDuration] = SummaryFixtures.histogram(Array(repeating: 1500, count: 400))
        report.metrics.scenarios = ["browsers": browsers, "buyers": buyers]
        report.scenarios = [
            ScenarioSpec(name: "browsers", executor: .constantVUs(vus: 8, durationMicros: 10_000_000)),
            ScenarioSpec(name: "buyers", executor: .constantArrivalRate(rate: 40, timeUnitMicros: 1_000_000, durationMicros: 10_000_000, preAllocatedVUs: 2, maxVUs: 2)),
            ScenarioSpec(name: "admins", executor: .sharedIterations(vus: 1, iterations: 1, maxDurationMicros: 10_000_000), startTimeMicros: 60_000_000),
        ]
        return report
    }

    @Test func rendersOneRowPerScenarioInFileOrder() {
        let text = SummaryRenderer(showHeader: false).render(Self.report())
        let expected = """
                 scenarios:
                   scenario  executor               VUs  iterations  req/s     p95  failed
                   browsers  constant-vus             8         600   60.0  1.94ms       0
                   buyers    constant-arrival-rate    2         380   40.0   1.5ms       4
                   admins    shared-iterations        1           0    0.0       -       0
            """
        #expect(text.contains(expected), "\(text)")
        // One scenario: no table.
        var single = Self.report()
        single.scenarios.removeLast(2)
        #expect(!SummaryRenderer(showHeader: false).render(single).contains("scenarios:"))
    }

    @Test func exportsEveryScenariosRequestsIterationsAndDuration() throws {
        let root = try SummaryExportTests.parsed(SummaryExport.json(Self.report()))
        let metrics = try SummaryExportTests.object(root["metrics"])
        #expect(try SummaryExportTests.number(try SummaryExportTests.object(metrics["http_reqs{scenario:buyers}"])["count"]) == 400)
        #expect(try SummaryExportTests.number(try SummaryExportTests.object(metrics["iterations{scenario:buyers}"])["count"]) == 380)
        #expect(try SummaryExportTests.number(try SummaryExportTests.object(metrics["iterations{scenario:browsers}"])["count"]) == 600)
        #expect(try SummaryExportTests.number(try SummaryExportTests.object(metrics["http_req_duration{scenario:buyers}"])["p(95)"]) == 1.5)
        // A scenario that never ran still has its entries, at zero.
        #expect(try SummaryExportTests.number(try SummaryExportTests.object(metrics["http_reqs{scenario:admins}"])["count"]) == 0)
    }

    @Test func thresholdsSelectAScenario() throws {
        var report = Self.report()
        report.evaluate([
            try Threshold.parse(metric: "iterations{scenario:buyers}", expressions: ["count==380"]),
            try Threshold.parse(metric: "http_req_failed{scenario:buyers}", expressions: ["rate<0.005"]),
            try Threshold.parse(metric: "http_req_duration{scenario:browsers}", expressions: ["p(95)<1"]),
        ])
        #expect(report.thresholdResults.map(\.passed) == [true, false, false])
    }
}
