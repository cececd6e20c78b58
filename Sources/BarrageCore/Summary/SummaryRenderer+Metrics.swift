import Histogram

extension SummaryRenderer {
    /// The rows of the metrics block, sorted by name as k6 sorts them.
    func metricRows(_ report: RunReport) -> [SummaryRow] {
        let counters = report.metrics.counters
        let checksTotal = counters.checksPassed + counters.checksFailed
        let notFailed = counters.httpReqs - Swift.min(counters.httpReqFailed, counters.httpReqs)
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
                name: MetricName.vusMax, value: "\(report.vusMax)",
                extras: ["min=\(report.vusMax)", "max=\(report.vusMax)"]),
        ]
        for metric in TrendMetric.allCases where showPhases || !metric.isPhase {
            rows.append(trendRow(metric, report.metrics.histogram(metric)))
        }
        return rows.sorted { $0.name < $1.name }
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
        let columns = trendStats.map { stat in
            let value = stat.value(in: histogram)
            let text = stat.isDuration ? DurationFormatter.format(micros: value) : "\(histogram.totalCount)"
            return SummaryRow.Column(stat: stat.description, value: text)
        }
        return .trend(name: metric.name, columns: columns)
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
