import BarrageCore

/// One row of the report's per-request-name table: a request name (and any tags) with its totals.
///
/// Today a run has one row for all its requests; per-name metrics add one row per name, and the
/// page renders whatever rows and tags it is given.
public struct RequestRow: Sendable {
    /// The request name, k6's `name` tag (the URL when unnamed).
    public var name: String
    /// Other tags of the row, e.g. `method`, `status`; shown as columns.
    public var tags: [String: String]
    public var metrics: MetricsSnapshot
    /// The time the rates divide by, µs.
    public var elapsedMicros: Int64

    public init(name: String, tags: [String: String] = [:], metrics: MetricsSnapshot, elapsedMicros: Int64) {
        self.name = name
        self.tags = tags
        self.metrics = metrics
        self.elapsedMicros = elapsedMicros
    }

    /// The name of the row of all requests (the URL would read as one request among the others).
    public static let totalName = "total"

    /// The whole run as one row, named ``totalName``.
    public static func wholeRun(_ report: RunReport) -> RequestRow {
        RequestRow(name: totalName, metrics: report.metrics, elapsedMicros: report.elapsedMicros)
    }

    /// One row per `name`/`method`/`status` series of the run, in key order.
    public static func perSeries(_ report: RunReport) -> [RequestRow] {
        perSeries(report.metrics, elapsedMicros: report.elapsedMicros)
    }

    /// One row per `name`/`method`/`status` series of `metrics`, in key order.
    public static func perSeries(_ metrics: MetricsSnapshot, elapsedMicros: Int64) -> [RequestRow] {
        metrics.series.keys.sorted().compactMap { key in
            metrics.series[key].map {
                RequestRow(name: key.name, tags: ["method": key.method, "status": String(key.status)], metrics: $0, elapsedMicros: elapsedMicros)
            }
        }
    }

    var json: JSONValue {
        let latency = LatencySummary(metrics.histogram(.httpReqDuration))
        let counters = metrics.counters
        var object: [String: JSONValue] = [
            "name": .string(name),
            "http_reqs": .count(counters.httpReqs),
            "req_per_s": .rounded(SecondRow.rate(counters.httpReqs, lengthMicros: elapsedMicros), places: 2),
            "http_req_failed": .count(counters.httpReqFailed),
            "avg_ms": .rounded(latency.avgMillis), "p50_ms": .rounded(latency.p50Millis),
            "p90_ms": .rounded(latency.p90Millis), "p95_ms": .rounded(latency.p95Millis),
            "p99_ms": .rounded(latency.p99Millis), "max_ms": .rounded(latency.maxMillis),
        ]
        if !tags.isEmpty { object["tags"] = .object(tags.mapValues(JSONValue.string)) }
        return .object(object)
    }
}
