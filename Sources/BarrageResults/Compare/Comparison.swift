import BarrageCore

/// Two runs side by side: the rows `coord compare` prints, built from their ``RunFigures``.
public struct Comparison: Sendable {
    public var rows: [ComparisonRow]

    /// The figures compared, in order: throughput, http_req_duration's stats, failures, checks,
    /// data received, iterations, then each request name either run has.
    public init(base: RunFigures, new: RunFigures) {
        func row(_ label: String, _ metric: String, _ stat: String, _ unit: ComparisonRow.Unit, higherIsWorse: Bool) -> ComparisonRow {
            ComparisonRow(
                label: label, metric: metric, stat: stat, unit: unit, higherIsWorse: higherIsWorse,
                base: base.value(metric, stat), new: new.value(metric, stat))
        }
        var rows = [row("http_reqs (req/s)", MetricName.httpReqs, "rate", .perSecond, higherIsWorse: false)]
        for stat in ["avg", "med", "p(90)", "p(95)", "p(99)", "max"] {
            rows.append(row("\(MetricName.httpReqDuration) \(stat)", MetricName.httpReqDuration, stat, .milliseconds, higherIsWorse: true))
        }
        rows += [
            row(MetricName.httpReqFailed, MetricName.httpReqFailed, "value", .fraction, higherIsWorse: true),
            row(MetricName.checks, MetricName.checks, "value", .fraction, higherIsWorse: false),
            row(MetricName.dataReceived, MetricName.dataReceived, "count", .bytes, higherIsWorse: false),
            row(MetricName.iterations, MetricName.iterations, "count", .count, higherIsWorse: false),
        ]
        let prefix = MetricName.httpReqDuration + "{name:"
        let names = Set((Array(base.metrics.keys) + Array(new.metrics.keys)).filter { $0.hasPrefix(prefix) && $0.hasSuffix("}") })
        for metric in names.sorted() {
            let name = String(metric.dropFirst(prefix.count).dropLast())
            rows.append(row("\(name) req/s", MetricName.httpReqs + "{name:\(name)}", "rate", .perSecond, higherIsWorse: false))
            for stat in ["avg", "p(95)", "p(99)"] {
                rows.append(row("\(name) \(stat)", metric, stat, .milliseconds, higherIsWorse: true))
            }
        }
        self.rows = rows
    }

    /// Whether any row regressed.
    public var hasRegression: Bool { rows.contains(where: \.isRegression) }
}
