import BarrageCore

/// Renders a ``Comparison`` and its threshold results as text, aligned in columns:
/// ```
///   compare: base results/2026-12-01T214500Z-3fa9c1, new results/2026-12-01T215010Z-9b2e77
///
///   metric                      base         new        delta     change
///   http_reqs (req/s)          912.3      850.12       -62.18     -6.81%  ✗ regressed
///   http_req_duration p(95)   12.3ms      14.1ms       +1.8ms    +14.63%  ✗ regressed
///   checks                   100.00%     100.00%       +0.00%        +0%
///
///   ✗ http_req_duration:p(95)<+10%  (12.3ms → 14.1ms: +14.63%)
/// ```
/// Figures missing from a file show `-`. Names from the files pass through ``TerminalText``. No trailing newline.
public enum ComparisonRenderer {
    public static func render(_ comparison: Comparison, baseName: String, newName: String, thresholds: [CompareThresholdResult]) -> String {
        var lines = [TerminalText.escape("  compare: base \(baseName), new \(newName)"), ""]
        let header = ["metric", "base", "new", "delta", "change"]
        var table = [header]
        var marks = [""]
        for row in comparison.rows where row.base != nil || row.new != nil {
            table.append([
                TerminalText.escape(row.label), row.base.map { format($0, row.unit) } ?? "-", row.new.map { format($0, row.unit) } ?? "-",
                row.delta.map { signed($0, row.unit) } ?? "-", row.relativeDelta.map(percent) ?? "-",
            ])
            marks.append(row.isRegression ? "✗ regressed" : row.isImprovement ? "✓ improved" : "")
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for (index, cells) in table.enumerated() {
            var line = "  " + SummaryRenderer.pad(cells[0], to: widths[0])
            for column in 1..<cells.count { line += "  " + SummaryRenderer.padLeft(cells[column], to: widths[column]) }
            if !marks[index].isEmpty { line += "  " + marks[index] }
            lines.append(SummaryRenderer.trimmingTrailingSpaces(line))
        }
        if !thresholds.isEmpty { lines.append("") }
        for result in thresholds {
            let unit = comparison.rows.first { $0.metric == result.threshold.metric && $0.stat == result.threshold.statKey }?.unit ?? .count
            let base = result.base.map { format($0, unit) } ?? "missing"
            let new = result.new.map { format($0, unit) } ?? "missing"
            var observed = ""
            if let value = result.observed {
                switch result.threshold.limit {
                case .relative: observed = ": " + (value >= 0 ? "+" : "") + DecimalFormatter.fixed(value, decimals: 2) + "%"
                case .delta: observed = ": " + signed(value, unit)
                case .absolute: observed = ""
                }
            }
            lines.append("  \(result.passed ? "✓" : "✗") \(TerminalText.escape(result.threshold.source))  (\(base) → \(new)\(observed))")
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, _ unit: ComparisonRow.Unit) -> String {
        switch unit {
        case .milliseconds:
            // A summary file is input: a duration past any real one (or negative) is shown as the number it is.
            guard value.isFinite, (0..<1e12).contains(value) else { return DecimalFormatter.fixed(value, decimals: 3) + "ms" }
            return DurationFormatter.format(micros: value * 1000)
        case .fraction: return DecimalFormatter.percent(value)
        case .bytes: return ByteFormatter.format(value)
        case .count: return DecimalFormatter.fixed(value, decimals: 0)
        case .perSecond: return DecimalFormatter.fixed(value, decimals: 2)
        }
    }

    static func signed(_ value: Double, _ unit: ComparisonRow.Unit) -> String {
        (value < 0 ? "-" : "+") + format(Swift.abs(value), unit)
    }

    static func percent(_ fraction: Double) -> String {
        (fraction < 0 ? "-" : "+") + DecimalFormatter.fixed(Swift.abs(fraction) * 100, decimals: 2) + "%"
    }
}
