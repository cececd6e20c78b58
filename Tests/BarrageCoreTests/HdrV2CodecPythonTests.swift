import BarrageTestSupport
import Foundation
import Histogram
import Testing
@testable import BarrageCore

/// Our encodings read by an independent implementation: the Python `hdrhistogram` package.
@Suite(.tags(.tool), .enabled(if: RequiredTool.pythonHdrh.runs(PythonHdrh.isAvailable), "python3 cannot import hdrh (pip install hdrhistogram)"))
struct HdrV2CodecPythonTests {
    private struct PythonView: Decodable {
        let total: UInt64
        let min: UInt64
        let max: UInt64
        let p50: UInt64
        let p90: UInt64
        let p99: UInt64
        let lowest: UInt64
        let highest: UInt64
        let digits: Int8
        /// `[highest equivalent value, count]` per non-empty bucket.
        let buckets: [[UInt64]]
    }

    private static let script = """
        import json, sys
        from hdrh.histogram import HdrHistogram
        out = []
        for b64 in json.load(open(sys.argv[1])):
            h = HdrHistogram.decode(b64)
            out.append({
                "total": h.get_total_count(), "min": h.get_min_value(), "max": h.get_max_value(),
                "p50": h.get_value_at_percentile(50), "p90": h.get_value_at_percentile(90),
                "p99": h.get_value_at_percentile(99),
                "lowest": h.lowest_trackable_value, "highest": h.highest_trackable_value,
                "digits": h.significant_figures,
                "buckets": [[v.value_iterated_to, v.count_at_value_iterated_to] for v in h.get_recorded_iterator()],
            })
        print(json.dumps(out))
        """

    @Test func pythonDecodesOurBase64() async throws {
        try RequiredTool.pythonHdrh.require(PythonHdrh.isAvailable)
        var random = SeededGenerator.fresh("pythonDecodesOurBase64")
        var histograms: [Histogram<UInt64>] = [LatencyHistogram.make()]
        var latency = LatencyHistogram.make()
        for _ in 0..<5000 {
            // Roughly log-normal latencies: 1 ms to a few seconds.
            let exponent = Double.random(in: 3...6.5, using: &random)
            latency.record(UInt64(pow(10, exponent)))
        }
        latency.record(0, count: 3)
        latency.record(3_599_999_999)
        histograms.append(latency)
        var sparse = LatencyHistogram.make()
        sparse.record(1, count: 1 << 40)
        sparse.record(2_000_000_000)
        histograms.append(sparse)
        var other = Histogram<UInt64>(lowestDiscernibleValue: 1000, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .two)
        for _ in 0..<500 { other.record(UInt64.random(in: 0...60_000_000_000, using: &random)) }
        histograms.append(other)

        let texts = histograms.map(HdrV2Codec.encodeBase64)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-hdr-\(UUID().uuidString).json")
        try JSONEncoder().encode(texts).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let output = try await PythonHdrh.run(script: Self.script, arguments: [input.path])
        let views = try JSONDecoder().decode([PythonView].self, from: Data(output.utf8))
        try #require(views.count == histograms.count)

        for (histogram, view) in zip(histograms, views) {
            #expect(view.lowest == histogram.lowestDiscernibleValue)
            #expect(view.highest == histogram.highestTrackableValue)
            #expect(view.digits == histogram.numberOfSignificantValueDigits.rawValue)
            #expect(view.total == histogram.totalCount)
            #expect(view.min == histogram.lowestEquivalentForValue(histogram.min))
            #expect(view.max == histogram.max)
            #expect(view.p50 == HdrInspect.pythonValueAtPercentile(histogram, 50))
            #expect(view.p90 == HdrInspect.pythonValueAtPercentile(histogram, 90))
            #expect(view.p99 == HdrInspect.pythonValueAtPercentile(histogram, 99))
            let ours = histogram.recordedValues().map { [$0.value, $0.count] }
            #expect(view.buckets == ours)
        }
    }
}
