import BarrageCore

extension SummaryRenderer {
    /// The per-scenario table of a test of several scenarios: one row per scenario in file order,
    /// its executor, VUs, iterations, request rate, p95 and failed requests, from its own part of
    /// the merged data (``MetricsSnapshot/scenarios``).
    func scenarioLines(_ report: RunReport) -> [String] {
        let header = ["scenario", "executor", "VUs", "iterations", "req/s", "p95", "failed"]
        var table = [header]
        for scenario in report.scenarios {
            let part = report.metrics.scenarios[scenario.name] ?? MetricsSnapshot()
            let counters = part.counters
            let p95 = part.histogram(.httpReqDuration).valueAtPercentile(95)
            table.append([
                TerminalText.escape(scenario.name),
                TerminalText.escape(scenario.executor.name),
                "\(scenario.executor.maxVUs)",
                "\(counters.iterations)",
                DecimalFormatter.padded(report.perSecond(counters.httpReqs), decimals: 1),
                counters.httpReqs > 0 ? DurationFormatter.format(micros: Double(p95)) : "-",
                "\(counters.httpReqFailed)",
            ])
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        var lines = [Self.metricIndent + "scenarios:"]
        for (rowIndex, row) in table.enumerated() {
            let cells = row.enumerated().map { column, text in
                let padded = column < 2 ? Self.pad(text, to: widths[column]) : Self.padLeft(text, to: widths[column])
                return rowIndex == 0 ? style.apply(padded, .faint) : padded
            }
            lines.append(Self.blockIndent + cells.joined(separator: "  "))
        }
        return lines
    }
}
