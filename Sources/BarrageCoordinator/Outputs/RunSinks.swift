import BarrageCore
import BarrageResults
import BarrageWire
import Foundation

/// The sinks of one run, built by one factory from the output flags, in the order they finish:
/// the streaming outputs first, then the dashboard and the journal, which show the summary with
/// every other sink's notes.
public struct RunSinks: Sendable {
    public var all: [any OutputSink] = []
    public var dashboard: DashboardSink?
    public var journal: JournalSink?

    /// Where a run's results go besides the summary.
    public struct Settings: Sendable {
        /// `--out` targets, in order.
        public var targets: [OutputTarget] = []
        /// `--hdr-log`: the merged http_req_duration per second as an interval log.
        public var hdrLog: String?
        /// `--dashboard`'s address (checked already: explicit, not a wildcard).
        public var dashboard: (host: String, port: Int)?
        /// The folder under which the run's results folder goes; nil writes none (`--no-results`).
        public var resultsParent: String?
        /// The process environment, for `K6_PROMETHEUS_RW_TREND_STATS`.
        public var environment: [String: String] = [:]

        public init() {}
    }

    /// Opens every output, so a bad path or a taken port fails (exit 2) before any load is sent.
    /// - Parameters:
    ///   - thresholds, trendStats, showPhases: what the journal's plan records.
    ///   - warn: receives the sinks' warnings and the dashboard's address.
    /// - Throws: ``RunSessionError`` (bad input) naming the output that failed.
    public static func make(
        _ settings: Settings, spec: RunSpec, thresholds: [Threshold], trendStats: [TrendStat], showPhases: Bool,
        agents: [AgentEndpoint], warn: @escaping @Sendable (String) -> Void
    ) async throws(RunSessionError) -> RunSinks {
        var sinks = RunSinks()
        do {
            for target in settings.targets {
                switch target {
                case .csv(let path): sinks.all.append(try CSVSink(path: path, agents: agents.map(\.name), warn: warn))
                case .json(let path): sinks.all.append(try JSONLinesSink(path: path, warn: warn))
                case .influxDB(let endpoint): sinks.all.append(InfluxSink(endpoint: endpoint, warn: warn))
                case .prometheusRW(let endpoint):
                    sinks.all.append(PrometheusSink(
                        endpoint: endpoint, trendStats: try remoteWriteTrendStats(settings.environment), warn: warn))
                }
            }
            if let path = settings.hdrLog { sinks.all.append(try IntervalLogSink(path: path, warn: warn)) }
            if let address = settings.dashboard {
                let dashboard = try await DashboardSink(
                    host: address.host, port: address.port, url: URLRedaction.redact(spec.url), agents: agents.map(\.name), plannedMicros: spec.durationMicros,
                    checkNames: spec.iterationRequests.flatMap(\.checkNames))
                warn("dashboard: http://\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(dashboard.port)/")
                sinks.dashboard = dashboard
                sinks.all.append(dashboard)
            }
            if let parent = settings.resultsParent {
                let id = ResultsFolder.shortId()
                let folder = try ResultsFolder.create(parent: parent, nowMicros: WallClock.nowMicros(), id: id)
                let journal = try JournalSink(folder: folder, plan: { start in
                    JournalPlan(
                        runId: id, startMicros: start.startMicros, spec: spec.redactingCredentials, agents: start.agents, thresholds: thresholds,
                        trendStats: trendStats, showPhases: showPhases)
                }, warn: warn)
                sinks.journal = journal
                sinks.all.append(journal)
            }
        } catch let error as OutputError {
            throw .badInput(error.description)
        } catch let error as DashboardError {
            throw .badInput(error.description)
        } catch let error as RunSessionError {
            throw error
        } catch {
            throw .badInput("\(error)")
        }
        return sinks
    }

    /// k6's `K6_PROMETHEUS_RW_TREND_STATS` (e.g. `p(95),p(99),avg`), p(99) when unset.
    static func remoteWriteTrendStats(_ environment: [String: String]) throws(RunSessionError) -> [TrendStat] {
        guard let text = environment["K6_PROMETHEUS_RW_TREND_STATS"], !text.isEmpty else {
            return PrometheusMapping.defaultTrendStats
        }
        do {
            return try TrendStat.parseList(text)
        } catch {
            throw .badInput("K6_PROMETHEUS_RW_TREND_STATS: \(error.description)")
        }
    }
}
