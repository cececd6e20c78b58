import BarrageCore

extension SummaryRenderer {
    /// The per-group table: one row per group path passed (sorted, so `::a::b` follows `::a`), its
    /// passes and group_duration avg/p95, from the merged tag parts (``MetricsSnapshot/groups``).
    func groupLines(_ report: RunReport) -> [String] {
        let rows = report.metrics.groups.map { group -> [String] in
            let durations = group.part.histogram(.groupDuration)
            return [
                TerminalText.escape(group.path),
                "\(durations.totalCount)",
                DurationFormatter.format(micros: TrendStat.avg.value(in: durations)),
                DurationFormatter.format(micros: Double(durations.valueAtPercentile(95))),
            ]
        }
        return tableLines("groups:", header: ["group", "count", "avg", "p95"], rows: rows, leftColumns: 1)
    }

    /// A titled table: a faint header row, the first `leftColumns` columns left-aligned, the rest
    /// right-aligned, two spaces apart.
    func tableLines(_ title: String, header: [String], rows: [[String]], leftColumns: Int) -> [String] {
        let table = [header] + rows
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        var lines = [Self.metricIndent + title]
        for (rowIndex, row) in table.enumerated() {
            let cells = row.enumerated().map { column, text in
                let padded = column < leftColumns ? Self.pad(text, to: widths[column]) : Self.padLeft(text, to: widths[column])
                return rowIndex == 0 ? style.apply(padded, .faint) : padded
            }
            lines.append(Self.blockIndent + cells.joined(separator: "  "))
        }
        return lines
    }
}
