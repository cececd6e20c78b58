import BarrageCore

/// The text `coord run` prints at the end (and `coord report` prints again): the summary, then,
/// after a blank line, the thresholds block when there are thresholds. No trailing newline.
public enum SummaryText {
    public static func render(_ report: RunReport, trendStats: [TrendStat], showPhases: Bool) -> String {
        let summary = SummaryRenderer(trendStats: trendStats, showPhases: showPhases).render(report)
        guard !report.thresholdResults.isEmpty else { return summary }
        return summary + "\n\n" + ThresholdRenderer().render(report.thresholdResults)
    }
}
