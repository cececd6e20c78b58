import Testing
@testable import BarrageCore

/// One sample a second: a sample's `seq` and interval can only be as far along as the run
/// (issue #21 item 6).
struct SampleTimingTests {
    func sample(seq: UInt64, startMicros: Int64 = 0, intervalMicros: Int64 = 1_000_000) -> Message.Sample {
        Message.Sample(
            runId: "r", seq: seq, intervalStartMicros: startMicros, intervalMicros: intervalMicros, counters: Counters(), histograms: [:],
            activeVUs: 1, processCPUPercent: 1, hostCPUPercent: 1, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
    }

    func problem(seq: UInt64, elapsed: Int64, start: Int64? = nil, interval: Int64 = 1_000_000) -> String? {
        let start = start ?? Int64(seq - 1) * 1_000_000
        return SampleCheck.timingProblem(
            with: sample(seq: seq, startMicros: start, intervalMicros: interval), elapsedMicros: elapsed, startOffsetMicros: start)
    }

    @Test func anHonestAgentsSamplesFit() {
        // Seq n is sent n seconds in; a little early (a clock offset's error) is fine too.
        for seq in UInt64(1)...3600 {
            #expect(problem(seq: seq, elapsed: Int64(seq) * 1_000_000) == nil)
            #expect(problem(seq: seq, elapsed: Int64(seq) * 1_000_000 - 1_500_000) == nil)
        }
        // A last, partial second.
        #expect(problem(seq: 5, elapsed: 4_300_000, start: 4_000_000, interval: 300_000) == nil)
    }

    @Test func seqAheadOfTheClockIsRefused() {
        #expect(problem(seq: 7, elapsed: 4_000_000)?.contains("seq 7") == true)
        #expect(problem(seq: 2, elapsed: -500_000) != nil)
        #expect(problem(seq: 1_001, elapsed: 4_000_000) != nil)
        // Extreme values do not trap.
        _ = problem(seq: .max, elapsed: .max, start: 0)
        #expect(problem(seq: 1, elapsed: .min) != nil)
    }

    @Test func anIntervalOutsideTheRunIsRefused() {
        #expect(problem(seq: 1, elapsed: 1_000_000, start: -60_000_000) != nil)
        #expect(problem(seq: 1, elapsed: 1_000_000, start: .min) != nil)
        #expect(problem(seq: 1, elapsed: 1_000_000, start: .max) != nil)
        #expect(problem(seq: 2, elapsed: 2_000_000, start: 1_000_000, interval: 120_000_000)?.contains("interval") == true)
    }
}
