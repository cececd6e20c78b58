import Histogram
import Testing
@testable import BarrageCore

/// Merging samples bucket by bucket (``SparseHistogram``) gives exactly the histogram that one
/// histogram fed every value would: the property issue #13 keeps while removing dense intermediates.
struct SparseMergeTests {
    @Test func decodingSparseThenAddingEqualsTheDenseDecode() throws {
        var random = SplitMix64(seed: 0x5EED_0013)
        var histogram = LatencyHistogram.make()
        for _ in 0..<5_000 { histogram.record(1 + random.next() % 2_000_000) }
        let text = HdrV2Codec.encodeBase64(histogram)
        let dense = try HdrV2Codec.decode(base64: text)
        let sparse = try HdrV2Codec.decodeSparse(base64: text)
        #expect(sparse.totalCount == dense.totalCount)
        #expect(sparse.dense.max == dense.max && sparse.dense.min == dense.min)
        for percentile in [0.0, 50, 90, 95, 99, 99.9, 100] {
            #expect(sparse.dense.valueAtPercentile(percentile) == dense.valueAtPercentile(percentile))
        }
    }

    @Test func athousandReplayedAgentsMergeToTheHistogramOfEveryValue() throws {
        print("SparseMergeTests seed 0x13A9E")
        var random = SplitMix64(seed: 0x13A9E)
        var everything = LatencyHistogram.make()
        var merged = MetricsSnapshot()
        for agent in 0..<1_000 {
            var own = LatencyHistogram.make()
            for _ in 0..<(1 + Int(random.next() % 40)) {
                let value = 1 + random.next() % (agent.isMultiple(of: 7) ? 3_600_000_000 : 500_000)
                own.record(value)
                everything.record(value)
            }
            var sample = Message.Sample(
                runId: "r", seq: 1, intervalStartMicros: 0, intervalMicros: 1_000_000, counters: Counters(),
                histograms: [TrendMetric.httpReqDuration.name: HdrV2Codec.encodeBase64(own)], activeVUs: 1,
                processCPUPercent: 0, hostCPUPercent: 0, netRxBytes: 0, netTxBytes: 0, loopLagMicros: 0)
            sample.series = [SeriesSample(name: "feed", method: "GET", status: 200, counters: Counters(), httpReqDuration: HdrV2Codec.encodeBase64(own))]
            merged.merge(try SparseSample(sample))
        }
        // The reference as any V2 reader sees it: the maximum is the top of its bucket.
        everything = try HdrV2Codec.decode(base64: HdrV2Codec.encodeBase64(everything))
        let result = merged.histogram(.httpReqDuration)
        let bySeries = merged.series[SeriesKey(name: "feed", method: "GET", status: 200)]?.histogram(.httpReqDuration)
        #expect(result.totalCount == everything.totalCount)
        #expect(result.max == everything.max && result.min == everything.min)
        for percentile in [1.0, 25, 50, 75, 90, 95, 99, 99.9, 100] {
            #expect(result.valueAtPercentile(percentile) == everything.valueAtPercentile(percentile), "p\(percentile)")
            #expect(bySeries?.valueAtPercentile(percentile) == everything.valueAtPercentile(percentile), "series p\(percentile)")
        }
    }

    @Test func anotherLayoutIsRefused() throws {
        var other = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 1_000, numberOfSignificantValueDigits: .two)
        other.record(5)
        #expect(throws: HdrCodecError.self) { try HdrV2Codec.decodeSparse(base64: HdrV2Codec.encodeBase64(other)) }
    }
}
