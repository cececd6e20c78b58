import Histogram

/// The statistics of one http_req_duration histogram the outputs show, in milliseconds.
public struct LatencySummary: Sendable, Equatable {
    /// Requests measured; when 0 every statistic is 0.
    public var count: UInt64
    public var minMillis: Double
    public var avgMillis: Double
    public var p50Millis: Double
    public var p90Millis: Double
    public var p95Millis: Double
    public var p99Millis: Double
    public var maxMillis: Double

    public init(
        count: UInt64, minMillis: Double, avgMillis: Double, p50Millis: Double, p90Millis: Double,
        p95Millis: Double, p99Millis: Double, maxMillis: Double
    ) {
        self.count = count
        self.minMillis = minMillis
        self.avgMillis = avgMillis
        self.p50Millis = p50Millis
        self.p90Millis = p90Millis
        self.p95Millis = p95Millis
        self.p99Millis = p99Millis
        self.maxMillis = maxMillis
    }

    /// No requests: every statistic 0.
    public static let zero = LatencySummary(
        count: 0, minMillis: 0, avgMillis: 0, p50Millis: 0, p90Millis: 0, p95Millis: 0, p99Millis: 0, maxMillis: 0)

    /// The statistics of `histogram` (values in µs, the ``LatencyHistogram`` layout).
    public init(_ histogram: Histogram<UInt64>) {
        self.init(
            count: histogram.totalCount, minimumMicros: histogram.min, meanMicros: histogram.mean,
            maximumMicros: histogram.maxRecorded, percentileMicros: histogram.valueAtPercentile)
    }

    /// The statistics of `histogram`'s buckets: the same as of its dense form, without building it.
    public init(_ histogram: SparseHistogram) {
        self.init(
            count: histogram.totalCount, minimumMicros: histogram.minimum, meanMicros: histogram.mean,
            maximumMicros: histogram.maximum, percentileMicros: histogram.valueAtPercentile)
    }

    /// One histogram's statistics in µs, given by either form, as milliseconds; all 0 when empty.
    private init(
        count: UInt64, minimumMicros: @autoclosure () -> UInt64, meanMicros: @autoclosure () -> Double,
        maximumMicros: @autoclosure () -> UInt64, percentileMicros: (Double) -> UInt64
    ) {
        guard count > 0 else {
            self = .zero
            return
        }
        func millis(_ percentile: Double) -> Double { Double(percentileMicros(percentile)) / 1000 }
        self.init(
            count: count, minMillis: Double(minimumMicros()) / 1000, avgMillis: meanMicros() / 1000,
            p50Millis: millis(50), p90Millis: millis(90), p95Millis: millis(95), p99Millis: millis(99),
            maxMillis: Double(maximumMicros()) / 1000)
    }
}
