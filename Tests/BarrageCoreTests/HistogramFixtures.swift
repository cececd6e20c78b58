import Histogram
@testable import BarrageCore

/// Small deterministic histograms for Core's tests (the summary tests have their own in
/// BarrageResultsTests' `SummaryFixtures`). Durations below 2048 µs are recorded exactly by the
/// 3-digit histogram, so their percentiles can be worked out by hand.
enum HistogramFixtures {
    static func histogram(_ values: [Int64]) -> Histogram<UInt64> {
        var histogram = LatencyHistogram.make()
        for value in values { histogram.recordClamped(micros: value) }
        return histogram
    }

    /// 1003, 1013, ..., 1993 µs: mean 1498, p50 1493, p90 1893, p95 1943, p99 1983.
    static let durationValues: [Int64] = (0..<100).map { 1003 + 10 * Int64($0) }
}
