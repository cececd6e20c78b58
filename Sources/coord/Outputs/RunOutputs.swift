import BarrageCoordinator
import BarrageCore
import Foundation

/// Everything `coord run` writes while the run goes: `--out csv/json/influxdb` and the
/// `--dashboard`, fed one merged second at a time, plus the `--report` page at the end.
///
/// ``record(_:)`` is called on the run's task and only queues; one task of its own writes the
/// files, hands points to the ``InfluxWriter`` and updates the dashboard.
final class RunOutputs: Sendable {
    private let seconds: AsyncStream<TimelineInterval>.Continuation
    private let consumer: Task<Void, Never>
    private let influx: InfluxWriter?
    private let dashboardState: DashboardState?
    private let dashboard: DashboardServer?
    private let files: [FileHandle]

    /// Opens the files (writing the CSV header) and starts the dashboard, so a bad path or a
    /// taken port fails before any load is sent.
    /// - Parameters:
    ///   - agents: the agents' names in the order given (the CSV's per-agent columns).
    ///   - warn: prints one line on stderr.
    /// - Throws: ``CommandFailure`` when a file cannot be created or the dashboard cannot bind.
    init(
        targets: [OutputTarget], dashboardAddress: (host: String, port: Int)?, agents: [String], url: String,
        plannedMicros: Int64, warn: @escaping @Sendable (String) -> Void
    ) async throws {
        var csv: [FileHandle] = []
        var json: [FileHandle] = []
        var influx: InfluxWriter?
        for target in targets {
            switch target {
            case .csv(let path):
                let file = try Self.create(path)
                do {
                    try file.write(contentsOf: Data((SeriesFormat.csvHeader(agents: agents) + "\n").utf8))
                } catch {
                    throw CommandFailure.badInput("cannot write \(path): \(error.localizedDescription)")
                }
                csv.append(file)
            case .json(let path):
                json.append(try Self.create(path))
            case .influxDB(let endpoint):
                influx = InfluxWriter(endpoint: endpoint, warn: warn)
            }
        }
        if let address = dashboardAddress {
            let state = DashboardState(title: "Barrage live: \(url)", url: url, agents: agents, plannedMicros: plannedMicros)
            do {
                let server = try await DashboardServer.start(host: address.host, port: address.port, state: state)
                warn("dashboard: http://\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(server.port)/")
                dashboard = server
            } catch {
                throw CommandFailure.badInput(error.description)
            }
            dashboardState = state
        } else {
            dashboard = nil
            dashboardState = nil
        }
        self.influx = influx
        self.files = csv + json
        let (stream, seconds) = AsyncStream.makeStream(of: TimelineInterval.self)
        self.seconds = seconds
        let dashboardState = self.dashboardState
        consumer = Task {
            // A file that fails (disk full, gone) is warned about once and then left alone: the run
            // and the other outputs go on.
            var failed = Set<ObjectIdentifier>()
            func append(_ text: String, to file: FileHandle) {
                guard !failed.contains(ObjectIdentifier(file)) else { return }
                do {
                    try file.write(contentsOf: Data(text.utf8))
                } catch {
                    failed.insert(ObjectIdentifier(file))
                    warn("an --out file stopped being written: \(error.localizedDescription)")
                }
            }
            for await interval in stream {
                let row = interval.row
                for file in csv { append(SeriesFormat.csvRow(row, agents: agents) + "\n", to: file) }
                for file in json { append(SeriesFormat.jsonLine(row) + "\n", to: file) }
                influx?.write(InfluxPoints.points(row))
                dashboardState?.append(row)
            }
        }
    }

    /// Queues one closed second; never blocks.
    func record(_ interval: TimelineInterval) {
        seconds.yield(interval)
    }

    /// The live elapsed time for the dashboard.
    func progress(_ line: ProgressLine) {
        dashboardState?.update(elapsedMicros: line.elapsedMicros)
    }

    /// Writes what is queued, closes the files and flushes InfluxDB (bounded wait).
    /// - Returns: notes for the summary (e.g. InfluxDB points dropped).
    func finishSeries() async -> [String] {
        seconds.finish()
        await consumer.value
        for file in files { try? file.close() }
        guard let influx else { return [] }
        return await influx.finish().note.map { [$0] } ?? []
    }

    /// Shows the summary on the dashboard and stops serving it.
    func finishDashboard(summary: String) async {
        dashboardState?.finish(summary: summary)
        await dashboard?.shutdown()
    }

    private static func create(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure.badInput("cannot create \(path)")
        }
        return file
    }
}

extension RunOutputs {
    /// The `--report` page of a finished run.
    static func reportPage(_ outcome: RunOutcome, summary: String, thresholds: [ThresholdResult], agents: [String]) -> String {
        let report = outcome.report
        let data = ReportData(
            title: "Barrage report: \(report.url)", url: report.url, live: false, agents: agents, summary: summary,
            thresholds: thresholds, notes: report.notes, seconds: outcome.timeline.map(\.row),
            requests: [RequestRow.wholeRun(report)] + RequestRow.perSeries(report), elapsedMicros: report.elapsedMicros,
            plannedMicros: report.plannedDurationMicros, finished: true)
        return ReportPage.html(data)
    }
}
