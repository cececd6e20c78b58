import BarrageTestSupport
import Testing
@testable import BarrageCore

/// `sample.cookies_dropped`: coded only when set, range-checked like every other count, and shown
/// in docs/PROTOCOL.md.
struct SampleCookiesDroppedTests {
    func sample(_ dropped: UInt64?) -> Message.Sample {
        var sample = Message.Sample(
            runId: "r", seq: 1, intervalStartMicros: 0, intervalMicros: 1_000_000, counters: Counters(), histograms: [:],
            activeVUs: 2, processCPUPercent: 10, hostCPUPercent: 5, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
        sample.cookiesDropped = dropped
        return sample
    }

    @Test func absentWhenNilAndRoundTripsWhenSet() throws {
        #expect(!String(decoding: try MessageCoding.encode(.sample(sample(nil))), as: UTF8.self).contains("cookies_dropped"))
        let set = sample(2_000)
        #expect(String(decoding: try MessageCoding.encode(.sample(set)), as: UTF8.self).contains(#""cookies_dropped":2000"#))
        #expect(try MessageCoding.decode(MessageCoding.encode(.sample(set)).dropLast()) == .sample(set))
    }

    @Test func sampleCheckRefusesACountBeyondTheLimit() {
        var check = SampleCheck(requestNames: [], checkNames: [], maxVUs: 10)
        #expect(check.problem(with: sample(SampleCheck.Limits.maxCount)) == nil)
        check = SampleCheck(requestNames: [], checkNames: [], maxVUs: 10)
        #expect(check.problem(with: sample(.max)) == "cookies_dropped \(UInt64.max) is beyond \(SampleCheck.Limits.maxCount) in one sample")
    }

    @Test func theProtocolDocShowsASampleWithDroppedCookies() throws {
        let blocks = DocFile.jsonBlocks(in: try DocFile.read())
        let dropped = try blocks.compactMap { block -> UInt64? in
            guard case .sample(let sample) = try MessageCoding.decode(line: block.text) else { return nil }
            return sample.cookiesDropped
        }
        #expect(dropped == [2_000])
    }
}
