import BarrageCore

/// The InfluxDB points of one merged second, under k6's measurement names so k6 Grafana
/// dashboards read them.
///
/// k6 writes one point per sample (each request a `http_reqs value=1`, each duration a
/// `http_req_duration value=<ms>`); Barrage writes one point per metric per second, aggregated
/// from the merged data, choosing `value` so the usual k6 queries stay right:
/// - counters (`http_reqs`, `iterations`, `data_received`, `data_sent`): `value` = the count of the
///   second, so `sum(value)` is the total, as with k6.
/// - `http_reqs`, `http_req_duration` and `http_req_failed` are written once per request series,
///   tagged `name`, `method` and `status` as k6 tags them (untagged only when no series exist).
/// - `http_req_duration`: `value` = the mean in ms, plus fields `count`, `min`, `p50`, `p90`,
///   `p95`, `p99`, `max` (ms) for exact merged percentiles per second.
/// - rates (`http_req_failed`, `checks`): `value` = the fraction of the second, plus `passes`/`fails`.
/// - `vus`: `value` = VUs active at the end of the second.
/// Per-agent series go in their own measurements tagged `agent` (so summing a k6 measurement never
/// counts a request twice): `agent_http_reqs` (count), `agent_vus`, `agent_cpu_percent` (`value` =
/// the agent process, `host` = its machine), `agent_net_rx_bytes` and `agent_net_tx_bytes` (bytes/s).
public enum InfluxPoints {
    /// The points of `row`, each tagged with `tags` (e.g. k6's `name`, `method`, `status` once
    /// per-request metrics exist).
    public static func points(_ row: SecondRow, tags: [String: String] = [:]) -> [LinePoint] {
        let time = row.startMicros * 1000
        let counters = row.counters
        func point(_ name: String, _ fields: [String: LinePoint.Field], extraTags: [String: String] = [:]) -> LinePoint {
            LinePoint(measurement: name, tags: tags.merging(extraTags) { $1 }, fields: fields, timestampNanos: time)
        }
        func count(_ value: UInt64) -> LinePoint.Field { .float(Double(value)) }
        var points = [
            point(MetricName.iterations, ["value": count(counters.iterations)]),
            point(MetricName.dataReceived, ["value": count(counters.dataReceivedBytes)]),
            point(MetricName.dataSent, ["value": count(counters.dataSentBytes)]),
            point(MetricName.vus, ["value": .float(Double(row.activeVUs))]),
        ]
        // The HTTP metrics once per series, tagged as k6 tags each request (name, method, status),
        // so `sum(value)` over all series is still the total and `GROUP BY "name"` splits it; a
        // second without series writes them untagged.
        let http: [(counters: Counters, latency: LatencySummary, tags: [String: String])] = row.series.isEmpty
            ? [(counters, row.latency, [:])]
            : row.series.map { ($0.counters, $0.latency, $0.tags) }
        for (httpCounters, latency, httpTags) in http {
            points.append(point(MetricName.httpReqs, [
                "value": count(httpCounters.httpReqs), "rate": .float(SecondRow.rate(httpCounters.httpReqs, lengthMicros: row.lengthMicros)),
            ], extraTags: httpTags))
            if httpCounters.httpReqs > 0 {
                points.append(point(MetricName.httpReqFailed, [
                    "value": .float(RunReport.fraction(httpCounters.httpReqFailed, of: httpCounters.httpReqs)),
                    "fails": count(httpCounters.httpReqFailed), "passes": count(httpCounters.httpReqsNotFailed),
                ], extraTags: httpTags))
            }
            if latency.count > 0 {
                points.append(point(MetricName.httpReqDuration, latencyFields(latency), extraTags: httpTags))
            }
        }
        let checks = counters.checksPassed + counters.checksFailed
        if checks > 0 {
            points.append(point(MetricName.checks, [
                "value": .float(RunReport.fraction(counters.checksPassed, of: checks)),
                "passes": count(counters.checksPassed), "fails": count(counters.checksFailed),
            ]))
        }
        for agent in row.agents {
            let tag = ["agent": agent.name]
            points += [
                point("agent_http_reqs", ["value": count(agent.counters.httpReqs), "rate": .float(agent.requestsPerSecond)], extraTags: tag),
                point("agent_vus", ["value": .float(Double(agent.activeVUs))], extraTags: tag),
                point("agent_cpu_percent", ["value": .float(agent.processCPUPercent), "host": .float(agent.hostCPUPercent)], extraTags: tag),
                point("agent_net_rx_bytes", ["value": .float(agent.netRxBytesPerSecond)], extraTags: tag),
                point("agent_net_tx_bytes", ["value": .float(agent.netTxBytesPerSecond)], extraTags: tag),
            ]
        }
        return points
    }

    /// `value` = the mean in ms, plus the exact merged statistics of the second.
    static func latencyFields(_ latency: LatencySummary) -> [String: LinePoint.Field] {
        [
            "value": .float(latency.avgMillis), "count": .float(Double(latency.count)), "min": .float(latency.minMillis),
            "p50": .float(latency.p50Millis), "p90": .float(latency.p90Millis), "p95": .float(latency.p95Millis),
            "p99": .float(latency.p99Millis), "max": .float(latency.maxMillis),
        ]
    }
}
