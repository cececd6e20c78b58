import BarrageCore

/// Renders threshold results as a summary block, one line per expression, as k6 marks them:
///
/// ```
///      thresholds:
///        ✓ http_req_duration: p(95)<500 (observed p(95)=412.5ms)
///        ✗ http_req_failed: rate<0.01 (observed rate=2.31%)
/// ```
/// Lines carry no trailing spaces; marks are green and red only when ``color`` is set.
public struct ThresholdRenderer: Sendable {
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    /// The block's lines, empty when there are no results.
    public func lines(_ results: [ThresholdResult]) -> [String] {
        guard !results.isEmpty else { return [] }
        let style = TextStyle(enabled: color)
        var lines = [SummaryRenderer.metricIndent + "thresholds:"]
        for result in results {
            let mark = result.passed ? style.apply("✓", .green) : style.apply("✗", .red)
            let observed = result.unsupported ? result.observedText : "observed " + result.observedText
            let text = TerminalText.escape("\(result.metricName): \(result.text) (\(observed))")
            lines.append(SummaryRenderer.blockIndent + "\(mark) " + text)
        }
        return lines
    }

    /// The block as one string without a trailing newline; empty when there are no results.
    public func render(_ results: [ThresholdResult]) -> String {
        lines(results).joined(separator: "\n")
    }
}
