import BarrageCore
import BarrageResults
import NIOCore
import Synchronization

/// `--out prometheus-rw=http://HOST:PORT/api/v1/write`: Prometheus remote write each closed
/// second, the series k6's experimental-prometheus-rw output writes (``PrometheusMapping``), as a
/// snappy-compressed protobuf `WriteRequest` through an ``HTTPPostQueue``: a down Prometheus
/// never slows the run; its samples are dropped and counted.
public final class PrometheusSink: OutputSink {
    private let queue: HTTPPostQueue
    private let mapping: Mutex<PrometheusMapping>
    private let warn: @Sendable (String) -> Void

    /// - Parameter trendStats: the stats written per trend metric (k6's default: p(99)).
    public init(endpoint: RemoteWriteEndpoint, trendStats: [TrendStat] = PrometheusMapping.defaultTrendStats, warn: @escaping @Sendable (String) -> Void) {
        mapping = Mutex(PrometheusMapping(trendStats: trendStats))
        self.warn = warn
        queue = HTTPPostQueue(
            label: "prometheus-rw", endpoint: endpoint.description, unit: "samples",
            target: endpoint.address,
            headers: [
                ("Content-Type", "application/x-protobuf"), ("Content-Encoding", "snappy"),
                ("X-Prometheus-Remote-Write-Version", "0.1.0"), ("User-Agent", "barrage-coord"),
            ],
            warn: warn)
    }

    public func record(_ second: SecondRow) {
        var merged = MetricsSnapshot()
        do {
            for share in second.shares { merged.merge(try share.snapshot()) }
        } catch {
            // The coordinator decoded the same histograms already: this cannot happen for a second it closed.
            warn("prometheus-rw: second \(second.seq) skipped: \(error)")
            return
        }
        let vusMax = second.shares.compactMap(\.vusMax)
        let series = mapping.withLock {
            $0.record(
                merged, activeVUs: second.activeVUs, vusMax: vusMax.isEmpty ? nil : vusMax.reduce(0, +),
                timestampMillis: (second.startMicros + second.lengthMicros) / 1000)
        }
        let body = Snappy.compress(RemoteWriteSeries.writeRequest(series))
        queue.send(.init(body: body, points: series.count))
    }

    public func flush(until deadline: NIODeadline) async -> [String] {
        await queue.finish(until: deadline).note.map { [$0] } ?? []
    }

    public func finish(_ run: FinishedRun?) async -> [String] { [] }
}
