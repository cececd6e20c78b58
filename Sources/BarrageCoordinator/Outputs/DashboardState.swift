import BarrageCore
import BarrageResults
import Synchronization

/// What the live dashboard shows, updated by the run and read by the server's handlers.
public final class DashboardState: Sendable {
    private struct Contents {
        var seconds: [SecondRow] = []
        var elapsedMicros: Int64 = 0
        var finished = false
        var summary = ""
    }

    private let title: String
    private let url: String
    private let agents: [String]
    private let plannedMicros: Int64
    private let contents = Mutex(Contents())

    public init(title: String, url: String, agents: [String], plannedMicros: Int64) {
        self.title = title
        self.url = url
        self.agents = agents
        self.plannedMicros = plannedMicros
    }

    /// Adds a closed second.
    public func append(_ row: SecondRow) {
        contents.withLock { $0.seconds.append(row) }
    }

    /// The run's live elapsed time, from the progress line.
    public func update(elapsedMicros: Int64) {
        contents.withLock { $0.elapsedMicros = max($0.elapsedMicros, elapsedMicros) }
    }

    /// The run ended: pages stop polling and show the summary.
    public func finish(summary: String) {
        contents.withLock {
            $0.finished = true
            $0.summary = summary
        }
    }

    /// Seconds the live page shows: every poll sends them all, so a run of hours would otherwise
    /// send megabytes a second to each open page. The report file keeps every second.
    public static let windowSeconds = 900

    /// The page's data so far (the last ``windowSeconds``): each agent is `running` while it
    /// reported the latest second, `silent` when it did not, `done` once the run finished.
    public func data() -> ReportData {
        var contents = contents.withLock { $0 }
        if contents.seconds.count > Self.windowSeconds { contents.seconds = Array(contents.seconds.suffix(Self.windowSeconds)) }
        let latest = contents.seconds.last
        let status = agents.map { name in
            let share = latest?.agents.first { $0.name == name }
            let state = contents.finished ? "done" : latest == nil ? "starting" : share == nil ? "silent" : "running"
            return ReportData.AgentStatus(name: name, state: state, activeVUs: share?.activeVUs ?? 0)
        }
        return ReportData(
            title: title, url: url, live: true, agents: agents, summary: contents.summary, seconds: contents.seconds,
            elapsedMicros: contents.elapsedMicros, plannedMicros: plannedMicros, finished: contents.finished,
            agentStatus: status)
    }
}
