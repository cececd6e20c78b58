import BarrageCore
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Streams line-protocol batches to InfluxDB v1 (`POST /write?db=DB&precision=ns`) off the run's
/// task, so a slow or down InfluxDB never slows the run.
///
/// Batches wait in a bounded queue (``queueLimit`` seconds of points) drained by one task; each
/// POST times out after ``requestTimeout``. A batch that does not fit in the queue, fails, or is
/// still queued when ``finish()`` gives up is dropped and its points counted; the first failure
/// is reported once through `warn`, the count in ``finish()``'s note.
final class InfluxWriter: Sendable {
    private struct Batch: Sendable {
        var body: String
        var points: Int
    }

    private struct Tally {
        var written = 0
        var dropped = 0
        var queuedPoints = 0
        var firstError: String?
    }

    /// The tally, shared by reference with the drain task (a `Mutex` cannot be copied).
    private final class TallyBox: Sendable {
        let value = Mutex(Tally())
    }

    static let queueLimit = 30
    static let requestTimeout: TimeInterval = 2
    /// How long ``finish()`` waits for the queue to drain.
    static let finishTimeout: Duration = .seconds(3)

    let endpoint: InfluxEndpoint
    private let queue: AsyncStream<Batch>.Continuation
    private let drain: Task<Void, Never>
    private let tally = TallyBox()
    private let warn: @Sendable (String) -> Void

    init(endpoint: InfluxEndpoint, warn: @escaping @Sendable (String) -> Void) {
        self.endpoint = endpoint
        self.warn = warn
        let (stream, queue) = AsyncStream.makeStream(of: Batch.self, bufferingPolicy: .bufferingOldest(Self.queueLimit))
        self.queue = queue
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.requestTimeout
        configuration.timeoutIntervalForResource = Self.requestTimeout
        let session = URLSession(configuration: configuration)
        let url = URL(string: "http://\(endpoint.hostForURL):\(endpoint.port)\(endpoint.writePath)")
        let tally = self.tally
        let create = URL(string: "http://\(endpoint.hostForURL):\(endpoint.port)/query?q=CREATE%20DATABASE%20%22\(endpoint.database)%22")
        drain = Task {
            // As k6 does: create the database first (a no-op when it exists); failures show on the writes.
            _ = await Self.post("", to: create, session: session)
            for await batch in stream {
                tally.value.withLock { $0.queuedPoints -= batch.points }
                let failure = await Self.post(batch.body, to: url, session: session)
                let first = tally.value.withLock { tally -> Bool in
                    guard let failure else {
                        tally.written += batch.points
                        return false
                    }
                    tally.dropped += batch.points
                    defer { if tally.firstError == nil { tally.firstError = failure } }
                    return tally.firstError == nil
                }
                if first, let failure {
                    warn("influxdb: cannot write to \(endpoint): \(failure); dropping points until it answers (counted in the summary)")
                }
            }
        }
    }

    /// Queues `points` for writing; never blocks.
    func write(_ points: [LinePoint]) {
        let batch = Batch(body: LinePoint.body(points), points: points.count)
        tally.value.withLock { $0.queuedPoints += batch.points }
        if case .dropped = queue.yield(batch) {
            tally.value.withLock {
                $0.queuedPoints -= batch.points
                $0.dropped += batch.points
            }
        }
    }

    /// Sends what is queued (waiting at most ``finishTimeout``) and stops.
    /// - Returns: points written and dropped, and a one-line note when some were dropped.
    func finish() async -> (written: Int, dropped: Int, note: String?) {
        queue.finish()
        let drain = self.drain
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await drain.value }
            group.addTask { try? await Task.sleep(for: Self.finishTimeout) }
            await group.next()
            group.cancelAll()
        }
        drain.cancel()
        let tally = tally.value.withLock { tally in
            // Whatever is still queued will not be sent.
            tally.dropped += max(tally.queuedPoints, 0)
            tally.queuedPoints = 0
            return tally
        }
        let note = tally.dropped > 0
            ? "influxdb: \(tally.dropped) points dropped, \(tally.written) written (\(endpoint): \(tally.firstError ?? "queue full or too slow"))"
            : nil
        return (tally.written, tally.dropped, note)
    }

    /// POSTs one body; `nil` on 2xx, else why not.
    private static func post(_ body: String, to url: URL?, session: URLSession) async -> String? {
        guard let url else { return "bad URL" }
        var request = URLRequest(url: url, timeoutInterval: requestTimeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
        do {
            let (data, response) = try await session.data(for: request)
            guard let status = (response as? HTTPURLResponse)?.statusCode else { return "no HTTP response" }
            guard (200..<300).contains(status) else {
                let text = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return "HTTP \(status) \(text)"
            }
            return nil
        } catch {
            return error.localizedDescription
        }
    }
}
