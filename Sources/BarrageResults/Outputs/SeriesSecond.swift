import BarrageCore

/// One `name`/`method`/`status` series in one merged second: what k6 tags its HTTP samples with,
/// so outputs can write them tagged (InfluxDB) and group them by name.
public struct SeriesSecond: Sendable, Equatable {
    public var key: SeriesKey
    public var counters: Counters
    public var latency: LatencySummary

    public init(key: SeriesKey, counters: Counters, latency: LatencySummary) {
        self.key = key
        self.counters = counters
        self.latency = latency
    }

    /// k6's tags of the series.
    public var tags: [String: String] { ["name": key.name, "method": key.method, "status": String(key.status)] }
}
