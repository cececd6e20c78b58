import Histogram
import Testing
@testable import BarrageCore

/// A closed second's statistics and bytes come from its buckets (``SparseHistogram``), never from a
/// dense histogram: they must be exactly what the dense form gives (issue #13: merged percentiles
/// stay those of one histogram fed every value).
struct SparseHistogramStatisticsTests {
    /// Random histograms of several shapes: one value, a narrow band, a wide spread, zeros, the
    /// top of the layout.
    private static func histograms(seed: UInt64) -> [Histogram<UInt64>] {
        var rng = SplitMix64(seed: seed)
        var result: [Histogram<UInt64>] = []
        for shape in 0..<60 {
            var histogram = LatencyHistogram.make()
            let count = shape % 6 == 0 ? 1 : 1 + rng.next(below: 2_000)
            for _ in 0..<count {
                let value: UInt64
                switch shape % 5 {
                case 0: value = 7_000 + rng.next() % 3_000
                case 1: value = rng.next() % 3_600_000_001
                case 2: value = rng.next() % 5 == 0 ? 0 : 1 + rng.next() % 2_000
                case 3: value = 3_600_000_000 - rng.next() % 10
                default: value = 1 + rng.next() % 500_000
                }
                _ = histogram.record(value, count: 1 + rng.next() % 4)
            }
            result.append(histogram)
        }
        return result
    }

    @Test func statisticsEqualThoseOfTheDenseForm() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("SparseHistogramStatistics seed: \(seed)")
        for (number, histogram) in Self.histograms(seed: seed).enumerated() {
            let sparse = try HdrV2Codec.decodeSparse(base64: HdrV2Codec.encodeBase64(histogram))
            let dense = sparse.dense
            #expect(LatencySummary(sparse) == LatencySummary(dense), "seed \(seed) histogram \(number)")
            #expect(sparse.mean == dense.mean, "seed \(seed) histogram \(number)")
            #expect(sparse.minimum == dense.min && sparse.maximum == dense.maxRecorded, "seed \(seed) histogram \(number)")
            for percentile in [0.0, 0.001, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.999, 100, 150] {
                #expect(sparse.valueAtPercentile(percentile) == dense.valueAtPercentile(percentile), "seed \(seed) histogram \(number) p\(percentile)")
            }
        }
    }

    @Test func encodingTheBucketsWritesTheDenseFormsBytes() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("SparseHistogramStatistics encode seed: \(seed)")
        for (number, histogram) in Self.histograms(seed: seed).enumerated() {
            let sparse = try HdrV2Codec.decodeSparse(base64: HdrV2Codec.encodeBase64(histogram))
            #expect(HdrV2Codec.encode(sparse) == HdrV2Codec.encode(sparse.dense), "seed \(seed) histogram \(number)")
            #expect(HdrV2Codec.encodeBase64(sparse) == HdrV2Codec.encodeBase64(sparse.dense), "seed \(seed) histogram \(number)")
            #expect(
                HdrIntervalLogWriter.line(startOffsetSeconds: 2, lengthSeconds: 1, histogram: sparse)
                    == HdrIntervalLogWriter.line(startOffsetSeconds: 2, lengthSeconds: 1, histogram: sparse.dense),
                "seed \(seed) histogram \(number)")
        }
    }

    @Test func anEmptyHistogramIsAllZeros() {
        let empty = SparseHistogram()
        #expect(LatencySummary(empty) == .zero)
        #expect(LatencySummary(empty) == LatencySummary(empty.dense))
        #expect(empty.valueAtPercentile(95) == 0 && empty.mean == 0)
        #expect(HdrV2Codec.encode(empty) == HdrV2Codec.encode(LatencyHistogram.make()))
    }

    /// A run's total sees the same buckets again and again: those adds happen in place. Either
    /// way the total is the dense sum.
    @Test func addingKnownBucketsInPlaceEqualsTheDenseSum() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("SparseHistogramStatistics in-place seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        let values: [UInt64] = (0..<300).map { _ in 1 + rng.next() % 80_000 }
        var total = SparseHistogram()
        var dense = LatencyHistogram.make()
        for round in 0..<200 {
            var histogram = LatencyHistogram.make()
            // Mostly values already seen (in place), now and then a new one (a merge).
            for _ in 0..<(1 + rng.next(below: 40)) {
                let value = round % 17 == 0 ? 1 + rng.next() % 2_000_000 : values[rng.next(below: values.count)]
                _ = histogram.record(value)
            }
            let sparse = try HdrV2Codec.decodeSparse(base64: HdrV2Codec.encodeBase64(histogram))
            total.add(sparse)
            sparse.add(into: &dense)
            #expect(total.totalCount == dense.totalCount, "seed \(seed) round \(round)")
        }
        #expect(HdrV2Codec.encode(total) == HdrV2Codec.encode(dense), "seed \(seed)")
        #expect(total.valueAtPercentile(95) == dense.valueAtPercentile(95), "seed \(seed)")
        #expect(total.buckets.map(\.value) == total.buckets.map(\.value).sorted(), "seed \(seed)")
    }
}
