import BarrageCore
import BarrageResults
import NIOCore

/// `--out influxdb=http://HOST:PORT/DB`: InfluxDB v1 line protocol, one POST per closed second
/// (``InfluxPoints``), through an ``HTTPPostQueue``: a down InfluxDB never slows the run.
public final class InfluxSink: OutputSink {
    private let queue: HTTPPostQueue

    public init(endpoint: InfluxEndpoint, warn: @escaping @Sendable (String) -> Void) {
        // As k6 does: create the database first (a no-op when it exists).
        queue = HTTPPostQueue(
            label: "influxdb", endpoint: endpoint.description,
            target: endpoint.writeAddress,
            headers: [("Content-Type", "text/plain; charset=utf-8")],
            prelude: "/query?q=CREATE%20DATABASE%20%22\(endpoint.database)%22", warn: warn)
    }

    public func record(_ second: SecondRow) {
        let points = InfluxPoints.points(second)
        queue.send(.init(body: Array(LinePoint.body(points).utf8), points: points.count))
    }

    public func flush(until deadline: NIODeadline) async -> [String] {
        await queue.finish(until: deadline).note.map { [$0] } ?? []
    }

    public func finish(_ run: FinishedRun?) async -> [String] { [] }
}
