import BarrageCore

/// A run rebuilt from its journal: the report its summary is rendered from, its seconds for the
/// report page, and whether the journal was cut short.
public struct ReplayedRun: Sendable {
    public var plan: JournalPlan
    /// The report, with its thresholds evaluated again on the recorded data.
    public var report: RunReport
    public var thresholds: [Threshold]
    public var trendStats: [TrendStat]
    /// One row per closed second, in order.
    public var seconds: [SecondRow]
    /// The journal has no `end` record: the coordinator stopped before the run finished.
    public var partial: Bool
    public var abortedByThresholds: Bool

    /// The summary as `coord run` prints it: the summary, then the thresholds block if any.
    public var summaryText: String {
        SummaryText.render(report, trendStats: trendStats, showPhases: plan.showPhases)
    }
}
