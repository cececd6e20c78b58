import BarrageCore
import BarrageResults

/// The result of a coordinated run: the report to render, and the merged per-second timeline.
public struct RunOutcome: Sendable {
    /// The merged report, its request/check names taken from the spec and its thresholds
    /// evaluated (by the same code that evaluates `abortOnFail` during the run).
    public var report: RunReport
    /// The merged seconds in order, without their histograms and agent shares (the outputs got
    /// those as each second closed): what the report page charts.
    public var timeline: [SecondRow]
    /// An `abortOnFail` threshold stopped the run early.
    public var abortedByThresholds = false
    /// The load-generator watch's findings (each also among the report's notes).
    public var insights: [LoadGeneratorInsight] = []
}
