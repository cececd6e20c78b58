import BarrageCore

extension SummaryRenderer {
    /// The per-scenario table of a test of several scenarios: one row per scenario in file order,
    /// its executor, VUs, iterations, request rate, p95 and failed requests, from its own part of
    /// the merged data (``MetricsSnapshot/scenarios``).
    func scenarioLines(_ report: RunReport) -> [String] {
        let header = ["scenario", "executor", "VUs", "iterations", "req/s", "p95", "failed"]
        var rows: [[String]] = []
        for scenario in report.scenarios {
            let part = report.metrics.scenarios[scenario.name] ?? MetricsSnapshot()
            let counters = part.counters
            let p95 = part.histogram(.httpReqDuration).valueAtPercentile(95)
            rows.append([
                TerminalText.escape(scenario.name),
                TerminalText.escape(scenario.executor.name),
                "\(scenario.executor.maxVUs)",
                "\(counters.iterations)",
                DecimalFormatter.padded(report.perSecond(counters.httpReqs), decimals: 1),
                counters.httpReqs > 0 ? DurationFormatter.format(micros: Double(p95)) : "-",
                "\(counters.httpReqFailed)",
            ])
        }
        return tableLines("scenarios:", header: header, rows: rows, leftColumns: 2)
    }
}
