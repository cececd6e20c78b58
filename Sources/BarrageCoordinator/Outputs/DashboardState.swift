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
        /// Every agent's share so far, decoded: the live checks and per-name panels.
        var metrics = MetricsSnapshot()
        var vusMax = 0
        /// Shares whose histograms did not decode (the run's own merge has refused such an agent already).
        var undecoded = 0
    }

    private let title: String
    private let url: String
    private let agents: [String]
    private let plannedMicros: Int64
    private let checkNames: [String]
    private let contents = Mutex(Contents())

    public init(title: String, url: String, agents: [String], plannedMicros: Int64, checkNames: [String] = []) {
        self.title = title
        self.url = url
        self.agents = agents
        self.plannedMicros = plannedMicros
        self.checkNames = checkNames
    }

    /// Adds a closed second, and its agents' shares to the totals.
    public func append(_ row: SecondRow) {
        let (decoded, failed) = Self.decode(row.shares)
        contents.withLock {
            $0.seconds.append(row)
            $0.metrics.merge(decoded)
            $0.vusMax = max($0.vusMax, row.activeVUs)
            $0.undecoded += failed
        }
    }

    /// Adds a share that arrived after its second closed to the totals.
    public func appendLate(_ share: JournalAgentSecond) {
        let (decoded, failed) = Self.decode([share])
        contents.withLock {
            $0.metrics.merge(decoded)
            $0.undecoded += failed
        }
    }

    /// The shares merged (decoded outside the lock), and how many did not decode.
    private static func decode(_ shares: [JournalAgentSecond]) -> (MetricsSnapshot, Int) {
        var merged = MetricsSnapshot()
        var failed = 0
        for share in shares {
            do {
                merged.merge(try share.snapshot())
            } catch {
                failed += 1
            }
        }
        return (merged, failed)
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
        let elapsed = contents.seconds.reduce(Int64(0)) { $0 + $1.lengthMicros }
        var totals = RequestRow(name: RequestRow.totalName, metrics: contents.metrics, elapsedMicros: elapsed)
        totals.metrics.series = [:]
        let view = ReportView(
            name: "all", label: "whole run", window: "so far", metrics: contents.metrics, elapsedMicros: elapsed,
            vus: latest?.activeVUs ?? 0, vusMax: contents.vusMax, checkNames: checkNames,
            requests: [totals] + RequestRow.perSeries(contents.metrics, elapsedMicros: elapsed))
        var notes: [String] = []
        if contents.undecoded > 0 { notes.append("\(contents.undecoded) agent share(s) did not decode and are not in the totals") }
        return ReportData(
            title: title, url: url, live: true, agents: agents, summary: contents.summary, notes: notes, seconds: contents.seconds,
            requests: view.requests, views: [view], elapsedMicros: contents.elapsedMicros, plannedMicros: plannedMicros,
            finished: contents.finished, agentStatus: status)
    }
}
