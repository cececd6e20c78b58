import Foundation
import Testing
@testable import BarrageCore
@testable import BarrageResults

/// A journal is untrusted: every number in it is range-checked like a wire field. Each case puts a
/// hostile value in one field of a real journal's text; the reader must refuse it with one line
/// naming the line, never trap (`abs(Int64.min)` used to end `coord report` with SIGILL).
struct JournalHostileValueTests {
    /// plan, three seconds, end: lines 1 to 5.
    static func lines() throws -> [String] {
        let records = [JournalRecord.plan(JournalFixtures.plan())] + JournalFixtures.seconds.map(JournalRecord.second) + [.end(JournalReplayTests.end)]
        return try records.map { try JournalCoding.line($0) }
    }

    /// `line` with the first `"key":<number>` set to `value`.
    static func setting(_ key: String, to value: String, in line: String) throws -> String {
        let pattern = try NSRegularExpression(pattern: "\"\(key)\":-?[0-9.eE+]+")
        let range = try #require(pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))?.range, "no \(key) in \(line)")
        return (line as NSString).replacingCharacters(in: range, with: "\"\(key)\":\(value)")
    }

    static func read(_ text: String) throws(JournalError) -> ReplayedRun {
        var reader = JournalReader(file: "j")
        try reader.feed(ArraySlice(text.utf8))
        return try reader.finish()
    }

    static let int64Extremes = ["-9223372036854775808", "9223372036854775807"]

    static let cases: [(line: Int, key: String, values: [String])] = [
        (1, "start_micros", int64Extremes), (1, "version", ["-9223372036854775808", "0"]), (1, "vus", int64Extremes + ["-1"]),
        (1, "graceful_stop_micros", int64Extremes), (1, "timeout_micros", int64Extremes), (1, "duration_micros", int64Extremes),
        (2, "seq", ["18446744073709551615", "1000000"]), (2, "start_micros", int64Extremes + ["0"]), (2, "length_micros", int64Extremes),
        (2, "active_vus", int64Extremes), (2, "vus_max", int64Extremes), (2, "http_reqs", ["18446744073709551615"]),
        (2, "data_received_bytes", ["18446744073709551615"]), (2, "net_rx_bytes", ["18446744073709551615"]),
        (2, "process_cpu_percent", ["1e999", "-1e999"]), (2, "passes", ["18446744073709551615"]),
        (5, "elapsed_micros", int64Extremes + ["-1"]), (5, "vus", int64Extremes), (5, "vus_min", int64Extremes), (5, "vus_max", int64Extremes),
        (5, "vus_allocated", int64Extremes), (5, "start_skew_micros", int64Extremes), (5, "max_clock_offset_micros", int64Extremes),
        (5, "lost_at_micros", int64Extremes), (5, "cpu_percent", ["1e999"]),
    ]

    @Test(arguments: cases)
    func aHostileNumberIsRefusedWithItsLine(line: Int, key: String, values: [String]) throws {
        for value in values {
            var lines = try Self.lines()
            lines[line - 1] = try Self.setting(key, to: value, in: lines[line - 1])
            do {
                let run = try Self.read(lines.joined())
                Issue.record("\(key)=\(value) was accepted: \(run.report.elapsedMicros)")
            } catch {
                #expect(error.line == line, "\(key)=\(value): \(error)")
                #expect(!error.description.contains("\n"), "\(key)=\(value): \(error)")
            }
        }
    }

    @Test func aNegativeElapsedTimeIsAnError() throws {
        var lines = try Self.lines()
        lines[4] = try Self.setting("elapsed_micros", to: "-1", in: lines[4])
        #expect(throws: JournalError(file: "j", line: 5, detail: "elapsed_micros -1 is negative")) { try Self.read(lines.joined()) }
    }

    /// Counts at the limit in every second and every share: the sums and the rendering stay in range.
    @Test func countsAtTheLimitSumWithoutOverflow() throws {
        var lines = try Self.lines()
        for index in 1...3 {
            for key in ["http_reqs", "iterations", "checks_passed", "data_received_bytes"] {
                lines[index] = lines[index].replacingOccurrences(
                    of: "\"\(key)\":[0-9]+", with: "\"\(key)\":\(key.hasSuffix("bytes") ? JournalLimits.maxBytes : JournalLimits.maxCount)",
                    options: .regularExpression)
            }
        }
        let run = try Self.read(lines.joined())
        // Six shares (two agents, three seconds), each at the limit.
        #expect(run.report.metrics.counters.httpReqs == JournalLimits.maxCount * 6)
        Self.renderEverything(run)
    }

    /// Instants at the edge of the range accepted: the summary, export, page and comparison render.
    @Test func instantsAtTheEdgeRender() throws {
        for start in [-JournalLimits.maxAbsMicros, JournalLimits.maxAbsMicros - 10_000_000] {
            var plan = JournalFixtures.plan()
            plan.startMicros = start
            var seconds = JournalFixtures.seconds
            for index in seconds.indices { seconds[index].startMicros = start + Int64(index) * 1_000_000 }
            let text = try JournalFixtures.text([.plan(plan)] + seconds.map(JournalRecord.second))
            Self.renderEverything(try Self.read(text))
        }
    }

    /// A journal with more distinct series than are kept: the rest count in the totals, and a note says so.
    @Test func seriesBeyondTheCapAreCountedAndNoted() throws {
        var seconds: [JournalRecord] = []
        for seq in 0..<3 {
            var second = JournalFixtures.second(UInt64(seq), [JournalFixtures.share("a1", requests: 1, micros: 1000)])
            let template = try #require(second.agents[0].series?.first)
            second.agents[0].series = (0..<200).map { index in
                var entry = template
                entry.name = "n\(seq)-\(index)"
                return entry
            }
            seconds.append(.second(second))
        }
        let run = try Self.read(try JournalFixtures.text([.plan(JournalFixtures.plan())] + seconds))
        #expect(run.report.metrics.series.count == JournalLimits.maxSeries)
        #expect(run.report.metrics.counters.httpReqs == 3)
        #expect(run.report.notes.contains(JournalReplay.seriesCapNote))
        #expect(run.seconds.map(\.series.count) == [200, JournalLimits.maxSeries - 200, 0])
    }

    @Test func aLineLongerThanTheCapIsRefusedBeforeItIsHeld() throws {
        var reader = JournalReader(file: "j")
        try reader.feed(ArraySlice(try Self.lines()[0].utf8))
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        var refusedAfter = 0
        do {
            for _ in 0..<64 {
                try reader.feed(chunk[...])
                refusedAfter += 1
            }
            Issue.record("a 64 MiB line was accepted")
        } catch {
            #expect(error.line == 2 && error.detail.contains("longer than"))
            #expect(refusedAfter == JournalLimits.maxLineBytes >> 20)
        }
    }

    /// Seconds past the plan's duration (and a forged seq) are refused: a journal's size is bounded by its run.
    @Test func moreSecondsThanThePlanAllowsAreRefused() throws {
        var plan = JournalFixtures.plan()
        plan.spec = RunSpec(url: SummaryFixtures.url, vus: 4, durationMicros: 1_000_000, gracefulStopMicros: 0)
        let second = JournalFixtures.seconds[0]
        let records = [JournalRecord.plan(plan)] + Array(repeating: JournalRecord.second(second), count: 62)
        #expect(throws: JournalError.self) { try Self.read(try JournalFixtures.text(records)) }
    }

    static func renderEverything(_ run: ReplayedRun) {
        let summary = run.summaryText
        let export = SummaryExport.json(run.report, trendStats: run.trendStats, includePhases: true)
        let page = ReportPage.html(ReportData.finished(run.report, summary: summary, seconds: run.seconds, agents: run.report.agents.map(\.name)))
        #expect(!summary.isEmpty && !page.isEmpty)
        if let figures = try? RunFigures.parse(export, file: "x") {
            #expect(!ComparisonRenderer.render(Comparison(base: figures, new: figures), baseName: "a", newName: "b", thresholds: []).isEmpty)
        } else {
            Issue.record("the export does not parse")
        }
    }
}
