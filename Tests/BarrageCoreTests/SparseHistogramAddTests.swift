import Histogram
import Testing
@testable import BarrageCore

/// Sparse totals (``SparseHistogram/add(_:)``, an agent's running http_req_duration) are exactly
/// the dense histogram of every sample added in turn.
struct SparseHistogramAddTests {
    @Test func addingSparseHistogramsEqualsAddingThemDensely() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("SparseHistogramAdd seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        for round in 0..<20 {
            var total = SparseHistogram()
            var dense = LatencyHistogram.make()
            for _ in 0..<(1 + rng.next(below: 30)) {
                var histogram = LatencyHistogram.make()
                for _ in 0..<rng.next(below: 60) {
                    let top: UInt64 = rng.next() % 5 == 0 ? 3_600_000_000 : 100_000
                    _ = histogram.record(rng.next() % top)
                }
                let sparse = try HdrV2Codec.decodeSparse(base64: HdrV2Codec.encodeBase64(histogram))
                total.add(sparse)
                sparse.add(into: &dense)
            }
            #expect(total.totalCount == dense.totalCount, "seed \(seed) round \(round)")
            #expect(HdrV2Codec.encode(total.dense) == HdrV2Codec.encode(dense), "seed \(seed) round \(round)")
            #expect(total.dense.max == dense.max && total.dense.min == dense.min, "seed \(seed) round \(round)")
            #expect(total.buckets.map(\.value) == total.buckets.map(\.value).sorted(), "seed \(seed) round \(round)")
        }
    }

    @Test func addingEmptyChangesNothing() throws {
        var histogram = LatencyHistogram.make()
        _ = histogram.record(1234)
        var total = try HdrV2Codec.decodeSparse(base64: HdrV2Codec.encodeBase64(histogram))
        let before = total
        total.add(SparseHistogram())
        #expect(total == before)
        var empty = SparseHistogram()
        empty.add(before)
        #expect(empty == before)
    }
}
