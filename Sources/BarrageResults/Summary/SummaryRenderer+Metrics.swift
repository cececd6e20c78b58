import BarrageCore
import Histogram

extension SummaryRenderer {
    /// The rows of the metrics block, sorted by name as k6 sorts them.
    func metricRows(_ report: RunReport) -> [SummaryRow] {
        let counters = report.metrics.counters
        let checksTotal = counters.checksPassed + counters.checksFailed
        let notFailed = counters.httpReqsNotFailed
        var rows: [SummaryRow] = [
            .value(
                name: MetricName.checks,
                value: DecimalFormatter.percent(RunReport.fraction(counters.checksPassed, of: checksTotal)),
                extras: ["✓ \(counters.checksPassed)", "✗ \(counters.checksFailed)"]),
            dataRow(MetricName.dataReceived, bytes: counters.dataReceivedBytes, report),
            dataRow(MetricName.dataSent, bytes: counters.dataSentBytes, report),
            // k6's http_req_failed is a rate of "failed" samples: ✓ counts failed requests, ✗ the rest.
            .value(
                name: MetricName.httpReqFailed,
                value: DecimalFormatter.percent(RunReport.fraction(counters.httpReqFailed, of: counters.httpReqs)),
                extras: ["✓ \(counters.httpReqFailed)", "✗ \(notFailed)"]),
            counterRow(MetricName.httpReqs, count: counters.httpReqs, report),
            counterRow(MetricName.iterations, count: counters.iterations, report),
            .value(name: MetricName.vus, value: "\(report.vus)", extras: ["min=\(report.vusMin)", "max=\(report.vusMax)"]),
            .value(
                name: MetricName.vusMax, value: "\(report.vusMaxGauge)",
                extras: ["min=\(report.vusMaxGauge)", "max=\(report.vusMaxGauge)"]),
        ]
        if counters.droppedIterations > 0 {
            rows.append(counterRow(MetricName.droppedIterations, count: counters.droppedIterations, report))
        }
        for metric in Self.trendMetrics(report, showPhases: showPhases) {
            rows.append(trendRow(metric, report.metrics.histogram(metric)))
        }
        rows.sort { $0.name < $1.name }
        // Per-request-name sub-metrics go right under their metric, indented as k6 shows them.
        for name in report.requestNames.reversed() {
            let tags = [Threshold.Tag(key: "name", value: name)]
            guard let sub = report.metrics.subMetric(tags) else { continue }
            let label = "  { name:\(TerminalText.escape(name)) }"
            if let index = rows.firstIndex(where: { $0.name == MetricName.httpReqs }) {
                rows.insert(counterRow(label, count: sub.counters.httpReqs, report), at: index + 1)
            }
            if let index = rows.firstIndex(where: { $0.name == MetricName.httpReqDuration }) {
                rows.insert(trendRow(label, sub.histogram(.httpReqDuration)), at: index + 1)
            }
        }
        return rows
    }

    /// The trend metrics the summary and the export show: phases only when asked, and metrics that
    /// only some executors record only when they recorded something.
    static func trendMetrics(_ report: RunReport, showPhases: Bool) -> [TrendMetric] {
        TrendMetric.allCases.filter { metric in
            (showPhases || !metric.isPhase)
                && (!metric.isShownOnlyWhenRecorded || (report.metrics.trends[metric]?.totalCount ?? 0) > 0)
        }
    }

    /// k6's check list above the metrics: one line per named check, with its pass rate when some failed.
    func checkLines(_ report: RunReport) -> [String] {
        let known = Set(report.checkNames)
        let names = report.checkNames.filter { report.metrics.checks[$0] != nil }
            + report.metrics.checks.keys.filter { !known.contains($0) }.sorted()
        return names.flatMap { name -> [String] in
            guard let tally = report.metrics.checks[name] else { return [] }
            if tally.fails == 0 { return ["     " + style.apply("✓ " + TerminalText.escape(name), .green)] }
            let rate = RunReport.fraction(tally.passes, of: tally.passes + tally.fails)
            return [
                "     " + style.apply("✗ " + TerminalText.escape(name), .red),
                "      ↳  " + DecimalFormatter.percent(rate) + " — ✓ \(tally.passes) / ✗ \(tally.fails)",
            ]
        }
    }

    /// A counter: the count, then its rate per second.
    func counterRow(_ name: String, count: UInt64, _ report: RunReport) -> SummaryRow {
        .value(name: name, value: "\(count)", extras: [DecimalFormatter.rate(report.perSecond(count))])
    }

    /// A data counter: bytes and bytes per second in decimal units.
    func dataRow(_ name: String, bytes: UInt64, _ report: RunReport) -> SummaryRow {
        .value(
            name: name, value: ByteFormatter.format(bytes: bytes),
            extras: [ByteFormatter.rate(report.perSecond(bytes))])
    }

    /// A trend: one `stat=value` column per requested stat.
    func trendRow(_ metric: TrendMetric, _ histogram: Histogram<UInt64>) -> SummaryRow {
        trendRow(metric.name, histogram)
    }

    func trendRow(_ name: String, _ histogram: Histogram<UInt64>) -> SummaryRow {
        let columns = trendStats.map { stat in
            let value = stat.value(in: histogram)
            let text = stat.isDuration ? DurationFormatter.format(micros: value) : "\(histogram.totalCount)"
            return SummaryRow.Column(stat: stat.description, value: text)
        }
        return .trend(name: name, columns: columns)
    }

    /// The metrics block laid out as k6's `summarizeMetrics` does: names padded with dots to the
    /// longest name plus three; trend columns padded to the widest value of that column; for other
    /// metrics the main value padded to the widest main value and, when a row has several extras,
    /// each extra padded to the widest extra at that position.
    func metricLines(_ report: RunReport) -> [String] {
        let rows = metricRows(report)
        let nameWidth = rows.map(\.name.count).max() ?? 0
        var trendWidths = [Int](repeating: 0, count: trendStats.count)
        var valueWidth = 0
        var extraWidths: [Int] = []
        for row in rows {
            switch row {
            case .trend(_, let columns):
                for (index, column) in columns.enumerated() {
                    trendWidths[index] = Swift.max(trendWidths[index], column.value.count)
                }
            case .value(_, let value, let extras):
                valueWidth = Swift.max(valueWidth, value.count)
                for (index, extra) in extras.enumerated() {
                    if index == extraWidths.count { extraWidths.append(0) }
                    extraWidths[index] = Swift.max(extraWidths[index], extra.count)
                }
            }
        }
        return rows.map { row in
            let dots = String(repeating: ".", count: nameWidth - row.name.count + 3) + ":"
            var line = Self.metricIndent + row.name + style.apply(dots, .faint) + " "
            switch row {
            case .trend(_, let columns):
                line += columns.enumerated().map { index, column in
                    column.stat + "=" + style.apply(column.value, .cyan)
                        + String(repeating: " ", count: trendWidths[index] - column.value.count)
                }.joined(separator: " ")
            case .value(_, let value, let extras):
                line += style.apply(value, .cyan) + String(repeating: " ", count: valueWidth - value.count)
                if extras.count == 1 {
                    line += " " + style.apply(extras[0], .cyan, .faint)
                } else if extras.count > 1 {
                    line += " " + extras.enumerated().map { index, extra in
                        style.apply(extra, .cyan, .faint)
                            + String(repeating: " ", count: extraWidths[index] - extra.count)
                    }.joined(separator: " ")
                }
            }
            return line
        }
    }
}
