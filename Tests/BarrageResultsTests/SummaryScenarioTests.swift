import Foundation
import Testing
@testable import BarrageCore
@testable import BarrageResults

/// The summary and export of a scenario run: named checks, per-request-name rows, dropped
/// iterations, the corrected latency, and thresholds in the export.
struct SummaryScenarioTests {
    static func report() -> RunReport {
        var report = SummaryFixtures.singleAgent()
        var feed = MetricsSnapshot()
        feed.counters.httpReqs = 600
        feed.trends[.httpReqDuration] = SummaryFixtures.histogram(Array(SummaryFixtures.durationValues.prefix(60)))
        var health = MetricsSnapshot()
        health.counters.httpReqs = 400
        health.trends[.httpReqDuration] = SummaryFixtures.histogram(Array(SummaryFixtures.durationValues.suffix(40)))
        report.metrics.series = [
            SeriesKey(name: "feed", method: "GET", status: 200): feed,
            SeriesKey(name: "health", method: "GET", status: 200): health,
        ]
        report.metrics.checks = ["feed: status is 200": CheckTally(passes: 600, fails: 0), "health: body contains \"ok\"": CheckTally(passes: 380, fails: 20)]
        report.requestNames = ["health", "feed"]
        report.checkNames = ["health: body contains \"ok\"", "feed: status is 200"]
        return report
    }

    @Test func listsChecksInScenarioOrderWithFailureRates() {
        let text = SummaryRenderer().render(Self.report())
        let lines = text.split(separator: "\n").map(String.init)
        let first = lines.firstIndex { $0.contains("✗ health: body contains \"ok\"") }
        let second = lines.firstIndex { $0.contains("✓ feed: status is 200") }
        #expect(first != nil && second != nil && first! < second!)
        #expect(text.contains("↳  95.00% — ✓ 380 / ✗ 20"))
    }

    @Test func perNameRowsSitUnderTheirMetric() throws {
        let lines = SummaryRenderer().render(Self.report()).split(separator: "\n").map(String.init)
        let duration = try #require(lines.firstIndex { $0.contains("http_req_duration...") })
        #expect(lines[duration + 1].contains("{ name:health }") && lines[duration + 1].contains("avg=1.8ms"))
        #expect(lines[duration + 2].contains("{ name:feed }") && lines[duration + 2].contains("avg=1.3ms"))
        let reqs = try #require(lines.firstIndex { $0.contains("http_reqs...") })
        #expect(lines[reqs + 1].contains("{ name:health }") && lines[reqs + 1].contains("400"))
        #expect(lines[reqs + 2].contains("{ name:feed }") && lines[reqs + 2].contains("600"))
    }

    @Test func droppedIterationsAndCorrectedLatencyShowOnlyWhenRecorded() {
        var report = Self.report()
        let plain = SummaryRenderer().render(report)
        #expect(!plain.contains("dropped_iterations") && !plain.contains("http_req_duration_corrected"))
        report.metrics.counters.droppedIterations = 7
        report.metrics.trends[.httpReqDurationCorrected] = SummaryFixtures.histogram([5000])
        let arrival = SummaryRenderer().render(report)
        #expect(arrival.contains("dropped_iterations") && arrival.contains("http_req_duration_corrected"))
        let json = SummaryExport.json(report)
        #expect(json.contains(#""dropped_iterations":{"count":7"#) || json.contains(#""dropped_iterations": {"#))
    }

    @Test func exportHasSubMetricsNamedChecksAndThresholds() throws {
        var report = Self.report()
        let thresholds = [
            try Threshold.parse(flag: "http_req_duration{name:feed}:p(95)<1"),
            try Threshold.parse(flag: "http_req_duration:p(95)<500"),
            try Threshold.parse(flag: "http_reqs{status:200}:count>999"),
        ]
        let metrics = report.metrics
        report.thresholdResults = ThresholdEvaluator.evaluate(
            thresholds, metrics: metrics, elapsedMicros: report.elapsedMicros, vus: 10, vusMax: 10, subMetrics: { metrics.subMetric($0) })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(SummaryExport.json(report).utf8)) as? [String: Any])
        let exported = try #require(json["metrics"] as? [String: Any])
        let feed = try #require(exported["http_req_duration{name:feed}"] as? [String: Any])
        #expect((feed["p(95)"] as? Double ?? 0) > 1)
        #expect((feed["thresholds"] as? [String: Bool]) == ["p(95)<1": true])
        #expect(((exported["http_req_duration"] as? [String: Any])?["thresholds"] as? [String: Bool]) == ["p(95)<500": false])
        let byStatus = try #require(exported["http_reqs{status:200}"] as? [String: Any])
        #expect(byStatus["count"] as? Int == 1000)
        #expect((byStatus["thresholds"] as? [String: Bool]) == ["count>999": false])
        let checks = try #require((json["root_group"] as? [String: Any])?["checks"] as? [String: Any])
        #expect(Set(checks.keys) == ["feed: status is 200", "health: body contains \"ok\""])
    }
}
