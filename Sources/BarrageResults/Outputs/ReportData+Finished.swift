import BarrageCore

extension ReportData {
    /// The data of the report page of a finished run (`--report`, and `report.html` in a results folder).
    /// - Parameters:
    ///   - summary: the text summary as printed, without the thresholds block.
    ///   - seconds: the run's closed seconds, in order.
    ///   - agents: the agents' names in the order given.
    public static func finished(_ report: RunReport, summary: String, seconds: [SecondRow], agents: [String]) -> ReportData {
        ReportData(
            title: "Barrage report: \(report.url)", url: report.url, live: false, agents: agents, summary: summary,
            thresholds: report.thresholdResults, notes: report.notes, seconds: seconds,
            requests: [RequestRow.wholeRun(report)] + RequestRow.perSeries(report), views: ReportView.finished(report),
            elapsedMicros: report.elapsedMicros,
            plannedMicros: report.plannedDurationMicros, finished: true)
    }
}
