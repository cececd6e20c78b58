import BarrageCore

extension SummaryRenderer {
    /// Failed requests by ``ErrorKind``, most frequent first (ties by name), each with its share of
    /// all requests; empty when nothing failed.
    func errorLines(_ report: RunReport) -> [String] {
        let counters = report.metrics.counters
        let errors = counters.errors.filter { $0.value > 0 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
        guard !errors.isEmpty else { return [] }
        let nameWidth = errors.map(\.key.rawValue.count).max() ?? 0
        let countWidth = errors.map { "\($0.value)".count }.max() ?? 0
        var lines = [Self.metricIndent + "errors by kind:"]
        for (kind, count) in errors {
            let dots = String(repeating: ".", count: nameWidth - kind.rawValue.count + 3) + ":"
            var line = Self.blockIndent + kind.rawValue + style.apply(dots, .faint) + " "
                + style.apply(Self.pad("\(count)", to: countWidth), .red)
            if counters.httpReqs > 0 {
                line += " " + DecimalFormatter.percent(RunReport.fraction(count, of: counters.httpReqs)) + " of requests"
            }
            lines.append(line)
        }
        return lines
    }

    /// The per-agent table: one row per agent in report order, text columns left-aligned and
    /// numbers right-aligned. Rates of a lost agent divide by the time until it was lost.
    func agentLines(_ report: RunReport) -> [String] {
        guard !report.agents.isEmpty else { return [] }
        let header = ["agent", "address", "VUs", "req/s", "received", "CPU %", "errors", "p95", "status"]
        let rightAligned: Set<Int> = [2, 3, 4, 5, 6, 7]
        var table = [header]
        for agent in report.agents {
            let counters = agent.metrics.counters
            let received = agent.perSecond(counters.dataReceivedBytes, runElapsedMicros: report.elapsedMicros)
            let p95 = agent.metrics.histogram(.httpReqDuration).valueAtPercentile(95)
            table.append([
                TerminalText.escape(agent.name),
                TerminalText.escape(agent.address),
                "\(agent.vus)",
                DecimalFormatter.padded(agent.perSecond(counters.httpReqs, runElapsedMicros: report.elapsedMicros), decimals: 1),
                // One byte-rate format everywhere: 40 kB/s is not `0.0 MB/s`.
                ByteFormatter.rate(received),
                agent.cpuPercent.map { DecimalFormatter.padded($0, decimals: 1) } ?? "-",
                "\(counters.totalErrors)",
                DurationFormatter.format(micros: Double(p95)),
                Self.status(agent),
            ])
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        var lines = [Self.metricIndent + "agents:"]
        for (rowIndex, row) in table.enumerated() {
            let cells = row.enumerated().map { column, text in
                // The last column is not padded, so no trailing spaces hide inside a color sequence.
                let padded = column == header.count - 1 ? text
                    : rightAligned.contains(column)
                    ? Self.padLeft(text, to: widths[column]) : Self.pad(text, to: widths[column])
                if rowIndex > 0, column == header.count - 1, text != "ok" { return style.apply(padded, .red) }
                return rowIndex == 0 ? style.apply(padded, .faint) : padded
            }
            lines.append(Self.blockIndent + cells.joined(separator: "  "))
        }
        return lines
    }

    /// `ok`, `LOST at 12.3s`, or `LOST` when the time is unknown.
    static func status(_ agent: AgentReport) -> String {
        guard agent.lost else { return "ok" }
        guard let lostAtMicros = agent.lostAtMicros else { return "LOST" }
        return "LOST at " + DecimalFormatter.padded(Double(lostAtMicros) / 1_000_000, decimals: 1) + "s"
    }

    /// `start skew across agents: 3.2ms (largest clock offset 400µs)`, when either is known.
    func skewLines(_ report: RunReport) -> [String] {
        let offset = report.maxClockOffsetMicros.map { DurationFormatter.format(micros: Double($0)) }
        if let skew = report.startSkewMicros {
            var line = Self.metricIndent + "start skew across agents: " + DurationFormatter.format(micros: Double(skew))
            if let offset { line += " (largest clock offset \(offset))" }
            return [line]
        }
        if let offset { return [Self.metricIndent + "largest clock offset across agents: \(offset)"] }
        return []
    }

    /// One `note:` line per warning.
    func noteLines(_ report: RunReport) -> [String] {
        report.notes.map { Self.metricIndent + style.apply("note:", .red) + " " + TerminalText.escape($0) }
    }
}
