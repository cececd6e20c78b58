import BarrageCore
import BarrageResults

/// `--dashboard HOST:PORT`: the live page, fed each closed second; at the end it shows the summary.
public final class DashboardSink: OutputSink {
    private let state: DashboardState
    private let server: DashboardServer

    /// Binds the dashboard, so a taken port fails before any load is sent.
    /// - Throws: ``DashboardError``.
    public init(
        host: String, port: Int, url: String, agents: [String], plannedMicros: Int64, checkNames: [String] = []
    ) async throws(DashboardError) {
        state = DashboardState(title: "Barrage live: \(url)", url: url, agents: agents, plannedMicros: plannedMicros, checkNames: checkNames)
        server = try await DashboardServer.start(host: host, port: port, state: state)
    }

    /// The address to print.
    public var port: Int { server.port }

    public func record(_ second: SecondRow) {
        state.append(second)
    }

    public func recordLate(seq: UInt64, share: JournalAgentSecond) {
        state.appendLate(share)
    }

    /// The live elapsed time, from the progress line (called on the run's task; it only locks).
    public func progress(_ line: ProgressLine) {
        state.update(elapsedMicros: line.elapsedMicros)
    }

    public func finish(_ run: FinishedRun?) async -> [String] {
        state.finish(summary: run?.summary ?? "")
        await server.shutdown()
        return []
    }
}
