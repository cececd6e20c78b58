import BarrageCore
import BarrageResults

/// `coord capacity --report F`: one self-contained HTML page (no script, no network) with the
/// verdict, a latency-vs-rate chart (p50, p95, p99 of each step: the knee) and the steps table.
public enum CapacityReportPage {
    static let width = 720.0
    static let height = 320.0
    static let margin = (left: 64.0, right: 16.0, top: 16.0, bottom: 40.0)

    public static func html(_ result: CapacityRun.Result, title: String) -> String {
        let steps = result.steps
        var rows = ""
        for (index, step) in steps.enumerated() {
            let cells = [
                "\(index + 1)", "\(step.rate)", DecimalFormatter.fixed(step.achievedRate, decimals: 1),
                CapacityVerdict.milliseconds(step.p50Micros), CapacityVerdict.milliseconds(step.p95Micros),
                CapacityVerdict.milliseconds(step.p99Micros), DecimalFormatter.fixed(step.failedRate * 100, decimals: 2) + "%",
                "\(step.dropped)", step.generatorStatus, step.passed ? "pass" : "FAIL",
            ]
            rows += "<tr class=\"\(step.passed ? "pass" : "fail")\">" + cells.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
        }
        let thresholds = result.thresholds.flatMap { threshold in threshold.expressions.map { threshold.name + ":" + $0.source } }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>\(HTMLText.escape(title))</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #ddd}
        tr.fail td{color:#b00}.verdict{font-size:1.1em;font-weight:600}
        svg text{font-size:11px;fill:#444}.p50{stroke:#2a7}.p95{stroke:#d80}.p99{stroke:#c22}
        </style></head><body>
        <h1>\(HTMLText.escape(title))</h1>
        <p class="verdict" id="verdict">\(HTMLText.escape(result.verdict.line))</p>
        <p>Thresholds: \(HTMLText.escape(thresholds.joined(separator: ", "))); \(steps.count) steps.</p>
        \(chart(steps))
        <table id="steps"><thead><tr><th>step</th><th>rate</th><th>achieved</th><th>p50</th><th>p95</th><th>p99</th>
        <th>failed</th><th>dropped</th><th>generator</th><th>result</th></tr></thead><tbody>
        \(rows)</tbody></table>
        </body></html>

        """
    }

    /// Latency (ms) against the asked rate, one polyline per percentile through the steps
    /// sorted by rate (a repeated rate: its last step).
    static func chart(_ steps: [CapacityStep]) -> String {
        var byRate: [Int: CapacityStep] = [:]
        for step in steps { byRate[step.rate] = step }
        let points = byRate.keys.sorted().compactMap { byRate[$0] }
        guard !points.isEmpty else { return "<p>No step ran.</p>" }
        let maxRate = Double(points.map(\.rate).max() ?? 1)
        let maxLatency = max(points.map(\.p99Micros).max() ?? 1, 1) / 1000
        let plotWidth = width - margin.left - margin.right
        let plotHeight = height - margin.top - margin.bottom
        func x(_ rate: Int) -> Double { margin.left + Double(rate) / max(maxRate, 1) * plotWidth }
        func y(_ micros: Double) -> Double { margin.top + plotHeight - (micros / 1000) / maxLatency * plotHeight }
        func line(_ value: (CapacityStep) -> Double, _ name: String) -> String {
            let coordinates = points.map { "\(format(x($0.rate))),\(format(y(value($0))))" }.joined(separator: " ")
            return "<polyline class=\"\(name)\" fill=\"none\" stroke-width=\"2\" points=\"\(coordinates)\"/>"
        }
        let marks = points.map { step in
            "<circle cx=\"\(format(x(step.rate)))\" cy=\"\(format(y(step.p95Micros)))\" r=\"3\" fill=\"\(step.passed ? "#2a7" : "#c22")\"/>"
        }.joined()
        let axisY = margin.top + plotHeight
        return """
        <svg id="chart" xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" role="img" aria-label="latency against rate">
        <line x1="\(margin.left)" y1="\(axisY)" x2="\(width - margin.right)" y2="\(axisY)" stroke="#888"/>
        <line x1="\(margin.left)" y1="\(margin.top)" x2="\(margin.left)" y2="\(axisY)" stroke="#888"/>
        <text x="\(margin.left)" y="\(height - 8)">0</text><text x="\(width - margin.right - 60)" y="\(height - 8)">\(Int(maxRate)) req/s</text>
        <text x="4" y="\(margin.top + 10)">\(HTMLText.escape(CapacityVerdict.milliseconds(maxLatency * 1000)))</text><text x="4" y="\(axisY)">0 ms</text>
        \(line(\.p50Micros, "p50"))\(line(\.p95Micros, "p95"))\(line(\.p99Micros, "p99"))\(marks)
        <text x="\(margin.left + 8)" y="\(margin.top + 12)">p50 green, p95 orange (dots: pass/fail), p99 red</text>
        </svg>
        """
    }

    static func format(_ value: Double) -> String { DecimalFormatter.fixed(value.isFinite ? value : 0, decimals: 1) }
}
