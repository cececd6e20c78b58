import Testing
@testable import BarrageCore
@testable import BarrageResults

struct JournalReplayTests {
    static let end = JournalEnd(
        elapsedMicros: 3_100_000, vus: 4, vusMin: 4, vusMax: 4, vusAllocated: 4, startSkewMicros: 120,
        maxClockOffsetMicros: 40, interrupted: false, abortedByThresholds: false, notes: ["a note"],
        agents: [.init(name: "a1", lost: false, lostAtMicros: nil, cpuPercent: 10), .init(name: "a2", lost: true, lostAtMicros: 2_500_000, cpuPercent: 10)])

    static func replay(_ records: [JournalRecord]) throws -> ReplayedRun {
        try JournalReplay.replay(try JournalCoding.decode(try JournalFixtures.text(records), file: "j"), file: "j")
    }

    @Test func aFinishedJournalRebuildsTheReport() throws {
        let run = try Self.replay([.plan(JournalFixtures.plan())] + JournalFixtures.seconds.map(JournalRecord.second) + [.end(Self.end)])
        #expect(!run.partial)
        let report = run.report
        #expect(report.metrics.counters.httpReqs == 45)
        #expect(report.metrics.histogram(.httpReqDuration).totalCount == 45)
        #expect(report.metrics.histogram(.httpReqDuration).max == report.metrics.histogram(.httpReqDuration).valueAtPercentile(100))
        #expect(report.metrics.checks["status is 200"] == CheckTally(passes: 45))
        #expect(report.metrics.series[SeriesKey(name: "feed", method: "GET", status: 200)]?.counters.httpReqs == 45)
        #expect(report.agents.map(\.metrics.counters.httpReqs) == [30, 15])
        #expect(report.agents[1].lost && report.agents[1].lostAtMicros == 2_500_000)
        #expect(report.elapsedMicros == 3_100_000 && report.startSkewMicros == 120 && report.notes == ["a note"])
        #expect(report.agents.allSatisfy { $0.metrics.series.isEmpty })
        #expect(run.seconds.count == 3 && run.seconds[0].series.first?.counters.httpReqs == 15)
        #expect(run.summaryText.contains("http_reqs............: 45"))
    }

    /// No end record: the seconds recorded, marked partial with where the coordinator stopped.
    @Test func aJournalWithoutItsEndIsPartial() throws {
        let run = try Self.replay([.plan(JournalFixtures.plan())] + JournalFixtures.seconds.map(JournalRecord.second))
        #expect(run.partial)
        #expect(run.report.notes == ["partial: the coordinator stopped at 3 s of 3m"])
        #expect(run.report.elapsedMicros == 3_000_000)
        #expect(run.report.vusMax == 4 && run.report.vusMin == 4 && run.report.vusAllocated == 4)
        #expect(run.report.agents.map(\.cpuPercent) == [10, 10])
        #expect(run.summaryText.contains("note: partial: the coordinator stopped at 3 s of 3m"))
    }

    /// The warnings journalled during the run come before the partial note; a finished run's
    /// end record has them all already.
    @Test func aPartialJournalKeepsItsNotes() throws {
        let lost = JournalRecord.note(JournalNote(text: "agent a2 127.0.0.1:7072 lost at 2s (sent nothing for 3s); its numbers stop there"))
        let partial = try Self.replay([.plan(JournalFixtures.plan()), .second(JournalFixtures.seconds[0]), lost, .second(JournalFixtures.seconds[1])])
        #expect(partial.report.notes == [
            "agent a2 127.0.0.1:7072 lost at 2s (sent nothing for 3s); its numbers stop there",
            "partial: the coordinator stopped at 2 s of 3m",
        ])
        let finished = try Self.replay([.plan(JournalFixtures.plan()), .second(JournalFixtures.seconds[0]), lost, .end(Self.end)])
        #expect(finished.report.notes == ["a note"])
    }

    /// A late share counts in the totals, not in the per-second rows.
    @Test func aLateShareCountsInTheTotals() throws {
        let late = JournalRecord.late(JournalLate(seq: 0, agent: JournalFixtures.share("a2", requests: 3, micros: 9000)))
        let run = try Self.replay([.plan(JournalFixtures.plan())] + JournalFixtures.seconds.map(JournalRecord.second) + [late])
        #expect(run.report.metrics.counters.httpReqs == 48)
        #expect(run.seconds.map(\.counters.httpReqs).reduce(0, +) == 45)
        #expect(run.report.agents[1].metrics.counters.httpReqs == 18)
    }

    @Test func thresholdsAreEvaluatedAgain() throws {
        let plan = JournalFixtures.plan(thresholds: [try Threshold.parse(flag: "http_req_duration:p(95)<1.5"), try Threshold.parse(flag: "http_reqs:count>40")])
        let run = try Self.replay([.plan(plan)] + JournalFixtures.seconds.map(JournalRecord.second))
        #expect(run.report.thresholdResults.map(\.passed) == [false, true])
        #expect(run.summaryText.contains("thresholds:"))
    }

    @Test func theFirstRecordMustBeThePlan() throws {
        #expect(throws: JournalError(file: "j", line: 1, detail: "the first record must be the plan")) {
            _ = try Self.replay([.second(JournalFixtures.seconds[0])])
        }
        #expect(throws: JournalError(file: "j", line: 1, detail: "the journal is empty (the run never started)")) {
            _ = try Self.replay([])
        }
    }

    @Test func aHistogramThatDoesNotDecodeNamesItsLine() throws {
        var second = JournalFixtures.seconds[1]
        second.agents[0].histograms[TrendMetric.httpReqDuration.name] = "bm90IGEgaGlzdG9ncmFt"
        do {
            _ = try Self.replay([.plan(JournalFixtures.plan()), .second(JournalFixtures.seconds[0]), .second(second)])
            Issue.record("expected an error")
        } catch let error as JournalError {
            #expect(error.line == 3)
            #expect(error.detail.hasPrefix("a histogram does not decode"))
        }
    }

    /// Values that would overflow a sum (a damaged or forged journal) are refused, not a trap.
    @Test func implausibleValuesAreRefusedWithTheirLine() throws {
        var huge = JournalFixtures.seconds[1]
        huge.agents[1].counters.httpReqs = .max
        var vus = JournalFixtures.seconds[1]
        vus.agents[0].activeVUs = .max
        var start = JournalFixtures.seconds[1]
        start.startMicros = .max
        for (second, detail) in [(huge, "implausible counters in agent a2's share"), (vus, "implausible VUs"), (start, "implausible start")] {
            do {
                _ = try Self.replay([.plan(JournalFixtures.plan()), .second(JournalFixtures.seconds[0]), .second(second), .second(second)])
                Issue.record("expected an error for \(detail)")
            } catch let error as JournalError {
                #expect(error.line == 3 && error.detail.hasPrefix(detail), "\(error)")
            }
        }
    }

    @Test func recordsAfterTheEndAreRefused() throws {
        #expect(throws: JournalError.self) {
            _ = try Self.replay([.plan(JournalFixtures.plan()), .end(Self.end), .second(JournalFixtures.seconds[0])])
        }
    }
}
