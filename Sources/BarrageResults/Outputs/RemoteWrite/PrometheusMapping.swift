import BarrageCore
import Histogram

/// The time series k6's `experimental-prometheus-rw` output writes (xk6-output-prometheus-remote),
/// built from Barrage's merged seconds, so k6's Prometheus Grafana dashboards read them:
///
/// - counters `k6_<metric>_total`: `k6_http_reqs_total`, `k6_iterations_total`,
///   `k6_data_received_total`, `k6_data_sent_total`, `k6_dropped_iterations_total`;
/// - rates `k6_<metric>_rate`: `k6_http_req_failed_rate`, `k6_checks_rate` (label `check`);
/// - gauges `k6_vus`, `k6_vus_max`;
/// - trends one gauge per stat, `k6_<metric>_<stat>` with `p(99)` spelled `p99`, durations in
///   seconds (k6's default stats are just `p(99)`: `k6_http_req_duration_p99`).
///
/// As in k6, every value is cumulative since the start of the run (counters count up, a rate is
/// the fraction so far, a trend stat is over every value so far), and the request metrics are
/// labelled `name`, `method` and `status`. Pure: seconds in, series out.
public struct PrometheusMapping: Sendable {
    /// k6's `K6_PROMETHEUS_RW_TREND_STATS` default.
    public static let defaultTrendStats: [TrendStat] = [.percentile(99)]

    public let trendStats: [TrendStat]
    private var totals = MetricsSnapshot()

    public init(trendStats: [TrendStat] = defaultTrendStats) {
        self.trendStats = trendStats
    }

    /// Adds one closed second and returns every series' value as of its end.
    /// - Parameters:
    ///   - second: the second merged over agents, with its series and checks.
    ///   - activeVUs: VUs running at its end; `vusMax`: VUs allocated (nil: the active ones).
    ///   - timestampMillis: the end of the second, ms since the Unix epoch.
    public mutating func record(_ second: MetricsSnapshot, activeVUs: Int, vusMax: Int?, timestampMillis: Int64) -> [RemoteWriteSeries] {
        totals.merge(second)
        func series(_ name: String, _ value: Double, _ labels: [String: String] = [:]) -> RemoteWriteSeries {
            RemoteWriteSeries(name: "k6_" + name, labels: labels, samples: [.init(value: value, timestampMillis: timestampMillis)])
        }
        let counters = totals.counters
        var out: [RemoteWriteSeries] = []
        if totals.series.isEmpty {
            out.append(series(MetricName.httpReqs + "_total", Double(counters.httpReqs)))
            out.append(series(MetricName.httpReqFailed + "_rate", Self.fraction(counters.httpReqFailed, of: counters.httpReqs)))
            out += trend(.httpReqDuration, totals.histogram(.httpReqDuration), [:], series)
        }
        for key in totals.series.keys.sorted() {
            guard let request = totals.series[key] else { continue }
            let labels = ["name": key.name, "method": key.method, "status": String(key.status)]
            out.append(series(MetricName.httpReqs + "_total", Double(request.counters.httpReqs), labels))
            out.append(series(MetricName.httpReqFailed + "_rate", Self.fraction(request.counters.httpReqFailed, of: request.counters.httpReqs), labels))
            out += trend(.httpReqDuration, request.histogram(.httpReqDuration), labels, series)
        }
        out.append(series(MetricName.iterations + "_total", Double(counters.iterations)))
        out.append(series(MetricName.dataReceived + "_total", Double(counters.dataReceivedBytes)))
        out.append(series(MetricName.dataSent + "_total", Double(counters.dataSentBytes)))
        if counters.droppedIterations > 0 {
            out.append(series(MetricName.droppedIterations + "_total", Double(counters.droppedIterations)))
        }
        out.append(series(MetricName.vus, Double(activeVUs)))
        out.append(series(MetricName.vusMax, Double(vusMax ?? activeVUs)))
        if totals.checks.isEmpty {
            out.append(series(MetricName.checks + "_rate", Self.fraction(counters.checksPassed, of: counters.checksPassed + counters.checksFailed)))
        }
        for name in totals.checks.keys.sorted() {
            guard let tally = totals.checks[name] else { continue }
            out.append(series(MetricName.checks + "_rate", Self.fraction(tally.passes, of: tally.passes + tally.fails), ["check": name]))
        }
        for metric in TrendMetric.allCases where metric != .httpReqDuration {
            guard let histogram = totals.trends[metric], histogram.totalCount > 0 else { continue }
            out += trend(metric, histogram, [:], series)
        }
        return out
    }

    /// One gauge per trend stat: `k6_<metric>_<stat>`, durations in seconds as k6 writes them.
    private func trend(
        _ metric: TrendMetric, _ histogram: Histogram<UInt64>, _ labels: [String: String],
        _ series: (String, Double, [String: String]) -> RemoteWriteSeries
    ) -> [RemoteWriteSeries] {
        trendStats.map { stat in
            let value = stat.value(in: histogram)
            return series(metric.name + "_" + Self.suffix(stat), stat.isDuration ? value / 1_000_000 : value, labels)
        }
    }

    /// k6's spelling of a stat in a series name: `p(99)` → `p99`, `p(99.9)` → `p999`.
    static func suffix(_ stat: TrendStat) -> String {
        guard case .percentile = stat else { return stat.description }
        return "p" + stat.description.dropFirst(2).dropLast().filter { $0 != "." }
    }

    static func fraction(_ part: UInt64, of whole: UInt64) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole)
    }
}
