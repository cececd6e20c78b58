import BarrageCore

/// http_req_duration of the last few seconds, for the live line's p95: a person watching a run
/// expects "now", and a p95 since the start hides a slowdown behind minutes of good seconds.
///
/// Samples are binned by the coordinator second they arrived in, so the p95 merges at most
/// `windowSeconds + 1` histograms however many agents report.
struct RecentLatency {
    let windowSeconds: Int
    private var bins: [(second: Int64, histogram: SparseHistogram)] = []

    init(windowSeconds: Int) {
        self.windowSeconds = max(windowSeconds, 1)
    }

    /// Adds one sample's durations, received at `nowMicros`.
    mutating func add(_ histogram: SparseHistogram, nowMicros: Int64) {
        let second = nowMicros / 1_000_000
        if let last = bins.indices.last, bins[last].second == second {
            bins[last].histogram.add(histogram)
        } else {
            bins.append((second, histogram))
        }
        let oldest = second - Int64(windowSeconds) + 1
        bins.removeAll { $0.second < oldest }
    }

    /// The value at `percentile` over the samples received in the last ``windowSeconds`` before
    /// `nowMicros`; 0 when there were none.
    func valueAtPercentile(_ percentile: Double, nowMicros: Int64) -> UInt64 {
        let oldest = nowMicros / 1_000_000 - Int64(windowSeconds) + 1
        var window = SparseHistogram()
        for bin in bins where bin.second >= oldest { window.add(bin.histogram) }
        return window.valueAtPercentile(percentile)
    }
}
