import Histogram

/// Counters and one histogram per trend metric, for one interval or a whole run.
///
/// The unit of merging: event loops merge into an agent's snapshot, agents' snapshots merge into
/// the coordinator's. Every histogram uses ``LatencyHistogram``'s layout, so merging is lossless.
public struct MetricsSnapshot: Sendable {
    public var counters: Counters
    public var trends: [TrendMetric: Histogram<UInt64>]

    public init(counters: Counters = Counters(), trends: [TrendMetric: Histogram<UInt64>] = [:]) {
        self.counters = counters
        self.trends = trends
    }

    /// An empty snapshot with a histogram for every trend metric.
    public static func empty() -> MetricsSnapshot {
        var trends: [TrendMetric: Histogram<UInt64>] = [:]
        for metric in TrendMetric.allCases { trends[metric] = LatencyHistogram.make() }
        return MetricsSnapshot(trends: trends)
    }

    /// Adds `other`'s counters and histograms into `self`.
    public mutating func merge(_ other: MetricsSnapshot) {
        counters.add(other.counters)
        for (metric, histogram) in other.trends {
            if trends[metric] == nil {
                trends[metric] = histogram
            } else {
                trends[metric]?.add(histogram)
            }
        }
    }

    /// The histogram of `metric`, or an empty one.
    public func histogram(_ metric: TrendMetric) -> Histogram<UInt64> {
        trends[metric] ?? LatencyHistogram.make()
    }
}
