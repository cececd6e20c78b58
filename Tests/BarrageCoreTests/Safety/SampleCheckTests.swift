import Testing
@testable import BarrageCore

struct SampleCheckTests {
    func sample(seq: UInt64 = 1) -> Message.Sample {
        Message.Sample(
            runId: "r", seq: seq, intervalStartMicros: 0, intervalMicros: 1_000_000, counters: Counters(), histograms: [:],
            activeVUs: 2, processCPUPercent: 10, hostCPUPercent: 5, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
    }

    var check: SampleCheck { SampleCheck(requestNames: ["feed"], checkNames: ["feed: status is 200"], maxVUs: 10) }

    @Test func aPlausibleSampleSequencePasses() {
        var check = self.check
        #expect(check.problem(with: sample(seq: 1)) == nil)
        #expect(check.problem(with: sample(seq: 2)) == nil)
        #expect(check.problem(with: sample(seq: 2)) != nil)  // repeated
        #expect(check.lastSeq == 2)
    }

    @Test func outOfRangeFieldsAreNamed() {
        var s = sample(); s.counters.httpReqs = .max
        var c = check; #expect(c.problem(with: s)?.contains("http_reqs") == true)
        s = sample(); s.activeVUs = .max
        c = check; #expect(c.problem(with: s)?.contains("active_vus") == true)
        s = sample(); s.intervalMicros = .max
        c = check; #expect(c.problem(with: s)?.contains("interval_micros") == true)
        s = sample(); s.processCPUPercent = .nan
        c = check; #expect(c.problem(with: s)?.contains("process_cpu_percent") == true)
        s = sample(); s.series = [SeriesSample(name: "invented\u{1b}", method: "GET", status: 200, counters: Counters(), httpReqDuration: "")]
        c = check; #expect(c.problem(with: s)?.contains("\\u{1b}") == true)
        s = sample(); s.checks = ["made up": CheckTally(passes: 1, fails: 0)]
        c = check; #expect(c.problem(with: s)?.contains("not a check") == true)
        s = sample(); s.seq = 5_000
        c = check; #expect(c.problem(with: s)?.contains("seq") == true)
    }

    @Test func specFieldsAreRangeChecked() {
        var spec = RunSpec(url: "http://127.0.0.1:1/", vus: 1, durationMicros: 1_000_000)
        #expect((try? spec.validate()) != nil)
        spec.executor = .constantVUs(vus: 1, durationMicros: .max)
        #expect(throws: SpecError.self) { try spec.validate() }
        spec.executor = .constantVUs(vus: 1, durationMicros: 1_000_000)
        spec.requests = [RequestSpec(name: "n", url: "http://127.0.0.1:1/", headers: [HTTPHeader(name: "Bad Name", value: "v")])]
        do { try spec.validate(); Issue.record("accepted") } catch { #expect(error.field == "spec.requests[0].headers[0].name") }
        let start = Message.Start(runId: "r", startAtMicros: .min)
        #expect(throws: SpecError.self) { try start.validate(nowMicros: 1_700_000_000_000_000) }
        #expect((try? Message.Start(runId: "r", startAtMicros: 1_700_000_001_000_000).validate(nowMicros: 1_700_000_000_000_000)) != nil)
        #expect(throws: SpecError.self) { try Message.Stop(runId: "r", gracefulStopMicros: -1).validate() }
    }
}
