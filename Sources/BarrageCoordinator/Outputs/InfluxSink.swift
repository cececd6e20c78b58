import BarrageCore
import BarrageResults
import Foundation

/// `--out influxdb=http://HOST:PORT/DB`: InfluxDB v1 line protocol, one POST per closed second
/// (``InfluxPoints``), through an ``HTTPPostQueue``: a down InfluxDB never slows the run.
public final class InfluxSink: OutputSink {
    private let queue: HTTPPostQueue

    public init(endpoint: InfluxEndpoint, warn: @escaping @Sendable (String) -> Void) {
        let base = "http://\(endpoint.hostForURL):\(endpoint.port)"
        // As k6 does: create the database first (a no-op when it exists).
        queue = HTTPPostQueue(
            label: "influxdb", endpoint: endpoint.description, url: URL(string: base + endpoint.writePath),
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            prelude: URL(string: base + "/query?q=CREATE%20DATABASE%20%22\(endpoint.database)%22"), warn: warn)
    }

    public func record(_ second: SecondRow) {
        let points = InfluxPoints.points(second)
        queue.send(.init(body: Data(LinePoint.body(points).utf8), points: points.count))
    }

    public func finish(_ run: FinishedRun?) async -> [String] {
        await queue.finish().note.map { [$0] } ?? []
    }
}
