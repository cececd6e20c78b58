import BarrageCore

/// Renders the per-second series as CSV (`--out csv=FILE`) or JSON Lines (`--out json=FILE`).
///
/// CSV has one header line, then one row per second. The merged columns come first; then three
/// columns per agent, in the order the agents were given, named after the agent:
/// `agent_<name>_req_per_s`, `agent_<name>_cpu_percent`, `agent_<name>_net_rx_bytes_per_s`.
/// A cell is empty when that agent sent nothing for the second (e.g. after it was lost).
public enum SeriesFormat {
    /// The merged CSV columns, in order.
    public static let mergedColumns = [
        "time", "unix_seconds", "interval_seconds", "http_reqs", "req_per_s", "vus", "iterations", "http_req_failed",
        "data_received_bytes", "data_sent_bytes", "http_req_duration_p50_ms", "http_req_duration_p95_ms",
        "http_req_duration_p99_ms", "http_req_duration_max_ms", "http_req_duration_avg_ms",
    ]

    /// The CSV header line (no newline) for a run on `agents` (names in order).
    public static func csvHeader(agents: [String]) -> String {
        let perAgent = agents.flatMap { name in
            ["req_per_s", "cpu_percent", "net_rx_bytes_per_s"].map { "agent_\(name)_\($0)" }
        }
        return (mergedColumns + perAgent).map(csvField).joined(separator: ",")
    }

    /// One CSV row (no newline), with the agent columns in the order of `agents`.
    public static func csvRow(_ row: SecondRow, agents: [String]) -> String {
        func number(_ value: Double, places: Int = 3) -> String { JSONValue.rounded(value, places: places).rendered() }
        var cells = [
            ISO8601Time.format(micros: row.startMicros), number(row.unixSeconds), number(Double(row.lengthMicros) / 1_000_000),
            String(row.counters.httpReqs), number(row.requestsPerSecond), String(row.activeVUs),
            String(row.counters.iterations), String(row.counters.httpReqFailed), String(row.counters.dataReceivedBytes),
            String(row.counters.dataSentBytes), number(row.latency.p50Millis), number(row.latency.p95Millis),
            number(row.latency.p99Millis), number(row.latency.maxMillis), number(row.latency.avgMillis),
        ]
        for name in agents {
            if let agent = row.agents.first(where: { $0.name == name }) {
                cells += [number(agent.requestsPerSecond), number(agent.processCPUPercent, places: 1), number(agent.netRxBytesPerSecond, places: 0)]
            } else {
                cells += ["", "", ""]
            }
        }
        return cells.map(csvField).joined(separator: ",")
    }

    /// One JSON Lines record (no newline): ``SecondRow``'s object on one line.
    public static func jsonLine(_ row: SecondRow) -> String {
        row.json.compact()
    }

    /// `text` quoted as RFC 4180 asks when it holds a comma, quote or line break.
    /// Works on Unicode scalars: a `"` before a combining mark, or CR LF, is one `Character` that
    /// equals none of these.
    static func csvField(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }
}
