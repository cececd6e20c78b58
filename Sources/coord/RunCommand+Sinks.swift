import BarrageCoordinator
import BarrageCore
import BarrageResults
import BarrageWire
import Foundation

extension RunCommand {
    /// The sinks of one run, in the order they finish: the streaming outputs first, then the
    /// dashboard and the journal, which show the summary with every other sink's notes.
    struct Sinks {
        var all: [any OutputSink]
        var dashboard: DashboardSink?
        var journal: JournalSink?
    }

    /// Opens every output, so a bad path or a taken port fails (exit 2) before any load is sent.
    func makeSinks(
        spec: RunSpec, thresholds: [Threshold], trendStats: [TrendStat], agents: [AgentEndpoint],
        warn: @escaping @Sendable (String) -> Void
    ) async throws -> Sinks {
        var sinks = Sinks(all: [])
        do {
            for target in output.outputTargets() {
                switch target {
                case .csv(let path): sinks.all.append(try CSVSink(path: path, agents: agents.map(\.name), warn: warn))
                case .json(let path): sinks.all.append(try JSONLinesSink(path: path, warn: warn))
                case .influxDB(let endpoint): sinks.all.append(InfluxSink(endpoint: endpoint, warn: warn))
                case .prometheusRW(let endpoint):
                    sinks.all.append(PrometheusSink(endpoint: endpoint, trendStats: try Self.remoteWriteTrendStats(), warn: warn))
                }
            }
            if let path = distribution.hdrLog { sinks.all.append(try IntervalLogSink(path: path, warn: warn)) }
            if let text = output.dashboard {
                let address = try OutputOptions.dashboardAddress(text)
                let dashboard = try await DashboardSink(
                    host: address.host, port: address.port, url: spec.url, agents: agents.map(\.name), plannedMicros: spec.durationMicros)
                warn("dashboard: http://\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(dashboard.port)/")
                sinks.dashboard = dashboard
                sinks.all.append(dashboard)
            }
            if !output.noResults {
                let id = ResultsFolder.shortId()
                let folder = try ResultsFolder.create(parent: output.results, nowMicros: WallClock.nowMicros(), id: id)
                let showPhases = output.verbose
                let journal = try JournalSink(folder: folder, plan: { start in
                    JournalPlan(
                        runId: id, startMicros: start.startMicros, spec: spec, agents: start.agents, thresholds: thresholds,
                        trendStats: trendStats, showPhases: showPhases)
                }, warn: warn)
                sinks.journal = journal
                sinks.all.append(journal)
            }
        } catch let error as OutputError {
            throw CommandFailure.badInput(error.description)
        } catch let error as DashboardError {
            throw CommandFailure.badInput(error.description)
        }
        return sinks
    }

    /// k6's `K6_PROMETHEUS_RW_TREND_STATS` (e.g. `p(95),p(99),avg`), p(99) when unset.
    static func remoteWriteTrendStats() throws -> [TrendStat] {
        guard let text = ProcessInfo.processInfo.environment["K6_PROMETHEUS_RW_TREND_STATS"], !text.isEmpty else {
            return PrometheusMapping.defaultTrendStats
        }
        do {
            return try TrendStat.parseList(text)
        } catch {
            throw CommandFailure.badInput("K6_PROMETHEUS_RW_TREND_STATS: \(error.description)")
        }
    }
}
