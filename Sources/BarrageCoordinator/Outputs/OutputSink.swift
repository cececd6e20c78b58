import BarrageCore
import BarrageResults
import NIOCore

/// One place a run's results go while it runs: a file per second, a time-series database, the
/// dashboard, the results journal. ``OutputSinks`` feeds every sink from one task of its own.
///
/// A sink must never make the run wait: ``record(_:)`` is called in order, off the run's task,
/// and anything slow (the network) is queued inside the sink and bounded there.
public protocol OutputSink: Sendable {
    /// The run started: every agent has its share of the VUs. Called once, before any second.
    func start(_ run: RunStart)
    /// One closed second, merged over every agent that reported it.
    func record(_ second: SecondRow)
    /// An agent's share of a second that had closed before it arrived.
    func recordLate(seq: UInt64, share: JournalAgentSecond)
    /// A warning given during the run (it is also among the report's notes at the end).
    func note(_ text: String)
    /// Sends what is still queued over the network, ending by `deadline`. Every sink's flush
    /// runs at once, before any ``finish(_:)``, so one budget bounds them all.
    /// - Returns: notes for the summary, e.g. points dropped.
    func flush(until deadline: NIODeadline) async -> [String]
    /// Writes what is left and stops.
    /// - Parameter run: the finished run, its notes including those of the sinks finished before
    ///   this one; nil when the run failed before producing a report.
    /// - Returns: notes for the summary, e.g. points dropped.
    func finish(_ run: FinishedRun?) async -> [String]
}

extension OutputSink {
    public func start(_ run: RunStart) {}
    public func recordLate(seq: UInt64, share: JournalAgentSecond) {}
    public func note(_ text: String) {}
    public func flush(until deadline: NIODeadline) async -> [String] { [] }
}

/// The moment a run starts: when, and which agent runs how many VUs.
public struct RunStart: Sendable {
    /// The start instant, µs since the Unix epoch (coordinator clock).
    public var startMicros: Int64
    public var agents: [JournalPlan.Agent]

    public init(startMicros: Int64, agents: [JournalPlan.Agent]) {
        self.startMicros = startMicros
        self.agents = agents
    }
}

/// A finished run as the sinks see it at the end: the outcome (thresholds evaluated) and how its
/// summary is rendered.
public struct FinishedRun: Sendable {
    public var outcome: RunOutcome
    public var trendStats: [TrendStat]
    public var showPhases: Bool

    public init(outcome: RunOutcome, trendStats: [TrendStat], showPhases: Bool) {
        self.outcome = outcome
        self.trendStats = trendStats
        self.showPhases = showPhases
    }

    /// The summary without the thresholds block (what the report page and dashboard show).
    public var summary: String {
        SummaryRenderer(trendStats: trendStats, showPhases: showPhases).render(outcome.report)
    }

    /// What `coord run` prints at the end.
    public var summaryText: String {
        SummaryText.render(outcome.report, trendStats: trendStats, showPhases: showPhases)
    }

    /// The report page.
    public func reportPage() -> String {
        ReportPage.html(.finished(
            outcome.report, summary: summary, seconds: outcome.timeline, agents: outcome.report.agents.map(\.name)))
    }
}
