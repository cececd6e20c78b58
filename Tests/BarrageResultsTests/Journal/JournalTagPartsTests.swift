import Testing
@testable import BarrageCore
@testable import BarrageResults

/// The journal keeps each share's group and request-tag parts, so `coord report` (and the live
/// dashboard, which merges the same shares) has the groups the run had; a part the plan does not
/// declare is dropped, and one with implausible counters is refused with its line.
struct JournalTagPartsTests {
    static let checkout = Threshold.Tag(key: "group", value: "::checkout")

    /// The fixture plan, its flow one `checkout` group around one request.
    static func plan() -> JournalPlan {
        var plan = JournalFixtures.plan()
        plan.spec.flows = ["default": [.group(FlowGroup(name: "checkout", steps: [.request(RequestSpec(name: "order", url: SummaryFixtures.url))]))]]
        return plan
    }

    /// `passes` passes of `micros` each, as a share's tag part.
    static func part(_ tag: Threshold.Tag, passes: Int, micros: Int64) -> TagSample {
        let empty = HdrV2Codec.encodeBase64(LatencyHistogram.make())
        let durations = HdrV2Codec.encodeBase64(SummaryFixtures.histogram(Array(repeating: micros, count: passes)))
        return TagSample(key: tag.key, value: tag.value, counters: Counters(), httpReqDuration: empty, groupDuration: durations)
    }

    static func second(_ seq: UInt64, parts: [TagSample]) -> JournalSecond {
        var share = JournalFixtures.share("a1", requests: 10, micros: 1000)
        share.tags = parts
        return JournalFixtures.second(seq, [share, JournalFixtures.share("a2", requests: 5, micros: 2000)])
    }

    @Test func theReplayedReportHasTheRunsGroups() throws {
        let forged = Self.part(Threshold.Tag(key: "group", value: "::forged"), passes: 3, micros: 9000)
        let run = try JournalReplayTests.replay([
            .plan(Self.plan()),
            .second(Self.second(0, parts: [Self.part(Self.checkout, passes: 10, micros: 50_000)])),
            .second(Self.second(1, parts: [Self.part(Self.checkout, passes: 4, micros: 80_000), forged])),
        ])
        #expect(run.report.groups.map(\.path) == ["::checkout"])
        let durations = try #require(run.report.groups.first).part.histogram(.groupDuration)
        #expect(durations.totalCount == 14 && durations.max >= 79_000)
        #expect(run.summaryText.contains("::checkout"), "\(run.summaryText)")
        #expect(!run.summaryText.contains("forged"))
        let export = try SummaryExportTests.object(try SummaryExportTests.parsed(SummaryExport.json(run.report))["metrics"])
        #expect(export["group_duration{group:::checkout}"] != nil && export["group_duration{group:::forged}"] == nil)
    }

    @Test func implausiblePartCountersAreRefusedWithTheirLine() throws {
        var part = Self.part(Self.checkout, passes: 1, micros: 1000)
        part.counters.httpReqs = .max
        do {
            _ = try JournalReplayTests.replay([.plan(Self.plan()), .second(Self.second(0, parts: [part]))])
            Issue.record("expected an error")
        } catch let error as JournalError {
            #expect(error.line == 2 && error.detail.hasPrefix("implausible counters in agent a1's share part group:::checkout"), "\(error)")
        }
    }
}
