import Foundation
import Testing
@testable import BarrageCore
@testable import BarrageResults

struct RunFiguresTests {
    static func k6Export() throws -> String {
        let url = try #require(Bundle.module.url(forResource: "k6-summary-export", withExtension: "json", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A genuine `k6 run --summary-export` (k6 v1.1.0): numbers read, `thresholds` maps skipped.
    @Test func readsK6sOwnExport() throws {
        let figures = try RunFigures.parse(try Self.k6Export(), file: "k6.json")
        #expect(figures.value("http_reqs", "count") == 60)
        #expect(figures.value("http_req_failed", "value") == 0)
        #expect(figures.value("checks", "value") == 1)
        #expect(figures.value("http_req_duration", "p(95)").map { $0 > 0 && $0 < 100 } == true)
        #expect(figures.value("http_req_duration{name:feed}", "p(99)") != nil)
        #expect(figures.metrics["http_req_duration"]?["thresholds"] == nil)
    }

    /// Barrage's own export reads the same way.
    @Test func readsBarragesExport() throws {
        let figures = try RunFigures.parse(SummaryExport.json(SummaryFixtures.singleAgent()), file: "summary.json")
        #expect(figures.value("http_reqs", "count") == 1000)
        #expect(figures.value("http_reqs", "rate") == 100)
        #expect(figures.value("http_req_duration", "p(95)") == 1.943)
    }

    @Test(arguments: [("[1,2]", "not a summary export"), ("{\"root_group\":{}}", "no \"metrics\" object"), ("{\"metr", "not a summary export: not JSON")])
    func badFilesSayWhy(text: String, detail: String) {
        #expect {
            _ = try RunFigures.parse(text, file: "x.json")
        } throws: { error in
            (error as? JournalError).map { $0.description.hasPrefix("x.json: ") && $0.detail.contains(detail) } ?? false
        }
    }
}

struct ComparisonTests {
    static let base = RunFigures(metrics: [
        "http_reqs": ["rate": 100, "count": 1000],
        "http_req_duration": ["avg": 10, "med": 9, "p(90)": 15, "p(95)": 20, "p(99)": 30, "max": 50],
        "http_req_failed": ["value": 0],
        "checks": ["value": 1],
        "http_req_duration{name:feed}": ["avg": 10, "p(95)": 20],
    ])
    static let new = RunFigures(metrics: [
        "http_reqs": ["rate": 80, "count": 800],
        "http_req_duration": ["avg": 10.2, "med": 9, "p(90)": 15, "p(95)": 25, "p(99)": 30, "max": 40],
        "http_req_failed": ["value": 0.02],
        "checks": ["value": 0.98],
        "http_req_duration{name:feed}": ["avg": 10, "p(95)": 25],
    ])

    static func row(_ comparison: Comparison, _ label: String) throws -> ComparisonRow {
        try #require(comparison.rows.first { $0.label == label })
    }

    @Test func deltasAndRegressions() throws {
        let comparison = Comparison(base: Self.base, new: Self.new)
        let p95 = try Self.row(comparison, "http_req_duration p(95)")
        #expect(p95.delta == 5 && p95.relativeDelta == 0.25 && p95.isRegression)
        let throughput = try Self.row(comparison, "http_reqs (req/s)")
        #expect(throughput.delta == -20 && throughput.relativeDelta == -0.2 && throughput.isRegression)
        // 2% worse is within the tolerance; a lower max is an improvement.
        #expect(try !Self.row(comparison, "http_req_duration avg").isRegression)
        #expect(try Self.row(comparison, "http_req_duration max").isImprovement)
        // From a base of 0, any failure is a regression (no relative change).
        let failed = try Self.row(comparison, "http_req_failed")
        #expect(failed.relativeDelta == nil && failed.isRegression)
        #expect(try Self.row(comparison, "feed p(95)").isRegression)
        #expect(comparison.hasRegression)
        #expect(!Comparison(base: Self.base, new: Self.base).hasRegression)
    }

    @Test func rendersSideBySide() {
        let text = ComparisonRenderer.render(Comparison(base: Self.base, new: Self.new), baseName: "A", newName: "B", thresholds: [])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "  compare: base A, new B")
        let p95 = lines.first { $0.hasPrefix("  http_req_duration p(95)") } ?? ""
        #expect(p95.contains("20ms") && p95.contains("25ms") && p95.contains("+5ms") && p95.contains("+25%") && p95.hasSuffix("✗ regressed"))
        #expect(lines.contains { $0.hasPrefix("  http_req_failed") && $0.contains("2.00%") })
        #expect(!lines.contains { $0.hasPrefix("  data_received") }, "absent from both: no row")
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }
}

extension ComparisonTests {
    /// Absurd figures in a file (it is input) render as numbers; nothing traps.
    @Test func absurdFiguresRenderWithoutTrapping() {
        let absurd = RunFigures(metrics: ["http_req_duration": ["p(95)": 1e300, "avg": -5, "max": 1e12], "http_reqs": ["rate": -1e300]])
        let text = ComparisonRenderer.render(Comparison(base: absurd, new: Self.base), baseName: "A", newName: "B", thresholds: [])
        #expect(text.contains("http_req_duration p(95)") && text.contains("-5ms"))
    }
}

struct CompareThresholdTests {
    @Test(arguments: [
        ("http_req_duration:p(95)<+10%", CompareThreshold.Limit.relative, "p(95)", false),
        ("http_req_duration:p(95)<+30%", .relative, "p(95)", true),
        ("http_req_duration:p(95) < +6", .delta, "p(95)", true),
        ("http_req_duration:p(95)<+4", .delta, "p(95)", false),
        ("http_req_duration:p(95)<30", .absolute, "p(95)", true),
        ("http_reqs:rate>-10%", .relative, "rate", false),
        ("http_req_failed:rate<0.05", .absolute, "value", true),
        ("checks:rate>=0.99", .absolute, "value", false),
        ("http_req_duration{name:feed}:p(95)<+30%", .relative, "p(95)", true),
    ])
    func parsesAndEvaluates(text: String, limit: CompareThreshold.Limit, statKey: String, passes: Bool) throws {
        let threshold = try CompareThreshold.parse(text)
        #expect(threshold.limit == limit)
        #expect(threshold.statKey == statKey)
        #expect(threshold.evaluate(base: ComparisonTests.base, new: ComparisonTests.new).passed == passes)
    }

    @Test func theRelativeChangeIsInPercent() throws {
        let result = try CompareThreshold.parse("http_req_duration:p(95)<+10%").evaluate(base: ComparisonTests.base, new: ComparisonTests.new)
        #expect(result.observed == 25 && result.base == 20 && result.new == 25)
    }

    /// A figure missing from either file fails the threshold rather than passing it silently.
    @Test func aMissingFigureFails() throws {
        let result = try CompareThreshold.parse("iteration_duration:p(95)<+10%").evaluate(base: ComparisonTests.base, new: ComparisonTests.new)
        #expect(!result.passed && result.observed == nil)
        let text = ComparisonRenderer.render(Comparison(base: ComparisonTests.base, new: ComparisonTests.new), baseName: "A", newName: "B", thresholds: [result])
        #expect(text.hasSuffix("  ✗ iteration_duration:p(95)<+10%  (missing → missing)"))
    }

    @Test(arguments: ["p(95)<+10%", "http_req_duration", "http_req_duration:p(95)<<1", "http_req_duration:p(101)<+1%", "http_req_duration:p(95)<abc%"])
    func badThresholdsAreRefused(text: String) {
        #expect(throws: ThresholdParseError.self) { _ = try CompareThreshold.parse(text) }
    }
}
