import Foundation
import Testing
@testable import BarrageCore
@testable import BarrageResults

/// Groups in the summary: a per-group table, `group_duration{group:::NAME}` in the export for
/// every group the flows declare, and thresholds on a group and on a request tag.
struct SummaryGroupsTableTests {
    /// The single-agent fixture with `::checkout` passed 100 times (the duration values again),
    /// `::checkout::pay` 50 times at 40 ms, `::admin` declared but never passed, and 30 requests
    /// tagged `kind: write` at 5 ms.
    static func report() -> RunReport {
        var report = SummaryFixtures.singleAgent()
        var checkout = MetricsSnapshot()
        checkout.trends[.groupDuration] = SummaryFixtures.histogram(SummaryFixtures.durationValues.map { $0 * 100 })
        var pay = MetricsSnapshot()
        pay.trends[.groupDuration] = SummaryFixtures.histogram(Array(repeating: 40_000, count: 50))
        var write = MetricsSnapshot()
        write.counters.httpReqs = 30
        write.trends[.httpReqDuration] = SummaryFixtures.histogram(Array(repeating: 5_000, count: 30))
        report.metrics.tagged = [
            Threshold.Tag(key: "group", value: "::checkout"): checkout,
            Threshold.Tag(key: "group", value: "::checkout::pay"): pay,
            Threshold.Tag(key: "kind", value: "write"): write,
        ]
        report.groupPaths = ["::admin", "::checkout", "::checkout::pay"]
        return report
    }

    @Test func rendersOneRowPerGroupSortedByPath() {
        let text = SummaryRenderer(showHeader: false).render(Self.report())
        let expected = """
                 groups:
                   group            count      avg      p95
                   ::admin              0        -        -
                   ::checkout         100  149.8ms  194.3ms
                   ::checkout::pay     50  40.02ms     40ms
            """
        #expect(text.contains(expected), "\(text)")
        // No groups: no table.
        #expect(!SummaryRenderer(showHeader: false).render(SummaryFixtures.singleAgent()).contains("groups:"))
    }

    @Test func exportsEveryGroupsDuration() throws {
        let root = try SummaryExportTests.parsed(SummaryExport.json(Self.report()))
        let metrics = try SummaryExportTests.object(root["metrics"])
        let checkout = try SummaryExportTests.object(metrics["group_duration{group:::checkout}"])
        #expect(try SummaryExportTests.number(checkout["p(95)"]) == 194.303)
        #expect(try SummaryExportTests.number(try SummaryExportTests.object(metrics["group_duration{group:::checkout::pay}"])["max"]) == 40)
        // Declared, never passed: there, at zero.
        #expect(try SummaryExportTests.number(try SummaryExportTests.object(metrics["group_duration{group:::admin}"])["max"]) == 0)
    }

    @Test func thresholdsSelectAGroupAndARequestTag() throws {
        var report = Self.report()
        report.evaluate([
            try Threshold.parse(metric: "group_duration{group:::checkout}", expressions: ["p(95)<200", "p(95)<150"]),
            try Threshold.parse(metric: "http_req_duration{kind:write}", expressions: ["max<6"]),
            try Threshold.parse(metric: "http_reqs{kind:write}", expressions: ["count==30"]),
        ])
        #expect(report.thresholdResults.map(\.passed) == [true, false, true, true])
        // The export keeps the request tag's threshold entry with its data.
        let metrics = try SummaryExportTests.object(try SummaryExportTests.parsed(SummaryExport.json(report))["metrics"])
        #expect(try SummaryExportTests.number(try SummaryExportTests.object(metrics["http_req_duration{kind:write}"])["max"]) == 5)
    }
}
