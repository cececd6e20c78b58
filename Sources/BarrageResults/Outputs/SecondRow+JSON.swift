import BarrageCore

extension SecondRow {
    /// The second as one JSON object: the `--out json` record and one element of the report's series.
    ///
    /// ```
    /// {"agents":{"local":{"cpu_percent":41.2,"host_cpu_percent":20.1,"http_reqs":512,"net_rx_bytes_per_s":2.5e7,
    ///  "net_tx_bytes_per_s":41000,"req_per_s":512,"vus":50}},"data_received_bytes":24600000,"data_sent_bytes":40960,
    ///  "http_req_duration":{"avg":3.1,"count":512,"max":12.4,"min":0.9,"p50":2.8,"p90":5.1,"p95":6.2,"p99":9.9},
    ///  "http_req_failed":0,"http_reqs":512,"interval_seconds":1,"iterations":512,"req_per_s":512,
    ///  "time":"2024-05-01T12:00:03.000Z","unix_seconds":1714564803,"vus":50}
    /// ```
    /// Durations are in milliseconds; `agents` is keyed by agent name.
    var json: JSONValue {
        var agentObjects: [String: JSONValue] = [:]
        for agent in agents {
            agentObjects[agent.name] = .object([
                "req_per_s": .rounded(agent.requestsPerSecond),
                "http_reqs": .count(agent.counters.httpReqs),
                "data_received_bytes_per_s": .rounded(SecondRow.rate(agent.counters.dataReceivedBytes, lengthMicros: agent.lengthMicros), places: 0),
                "vus": .integer(Int64(agent.activeVUs)),
                "cpu_percent": .rounded(agent.processCPUPercent, places: 1),
                "host_cpu_percent": .rounded(agent.hostCPUPercent, places: 1),
                "net_rx_bytes_per_s": .rounded(agent.netRxBytesPerSecond, places: 0),
                "net_tx_bytes_per_s": .rounded(agent.netTxBytesPerSecond, places: 0),
            ])
        }
        return .object([
            "time": .string(ISO8601Time.format(micros: startMicros)),
            "unix_seconds": .rounded(unixSeconds),
            "interval_seconds": .rounded(Double(lengthMicros) / 1_000_000),
            "http_reqs": .count(counters.httpReqs),
            "req_per_s": .rounded(requestsPerSecond),
            "vus": .integer(Int64(activeVUs)),
            "iterations": .count(counters.iterations),
            "http_req_failed": .count(counters.httpReqFailed),
            "data_received_bytes": .count(counters.dataReceivedBytes),
            "data_sent_bytes": .count(counters.dataSentBytes),
            "http_req_duration": .object([
                "count": .count(latency.count),
                "min": .rounded(latency.minMillis),
                "avg": .rounded(latency.avgMillis),
                "p50": .rounded(latency.p50Millis),
                "p90": .rounded(latency.p90Millis),
                "p95": .rounded(latency.p95Millis),
                "p99": .rounded(latency.p99Millis),
                "max": .rounded(latency.maxMillis),
            ]),
            "agents": .object(agentObjects),
        ])
    }
}
