import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs batches to one HTTP endpoint off the run's task, so a slow or down server never slows
/// the run: the HTTP half of ``InfluxSink`` and ``PrometheusSink``.
///
/// Batches wait in a bounded queue (``queueLimit`` batches, one per second) drained by one task;
/// each POST times out after ``requestTimeout``. A batch that does not fit in the queue, fails, or
/// is still queued when ``finish()`` gives up is dropped and its points counted; the first failure
/// is reported once through `warn`, the count in ``finish()``'s note.
final class HTTPPostQueue: Sendable {
    /// One POST body and the number of points (or samples) it carries.
    struct Batch: Sendable {
        var body: Data
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

    /// `influxdb`, `prometheus-rw`: how messages name the output.
    let label: String
    /// Where the points go, for messages.
    let endpoint: String
    /// What a batch counts, for messages: `points` (InfluxDB), `samples` (Prometheus).
    let unit: String
    private let queue: AsyncStream<Batch>.Continuation
    private let drain: Task<Void, Never>
    private let tally = TallyBox()

    /// - Parameters:
    ///   - url: the URL every batch is POSTed to.
    ///   - headers: sent with every batch (content type and encoding).
    ///   - prelude: a URL POSTed once with an empty body before the first batch (InfluxDB's
    ///     CREATE DATABASE); its failure is not counted, the writes show it.
    init(
        label: String, endpoint: String, unit: String = "points", url: URL?, headers: [String: String], prelude: URL? = nil,
        warn: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.endpoint = endpoint
        self.unit = unit
        let (stream, queue) = AsyncStream.makeStream(of: Batch.self, bufferingPolicy: .bufferingOldest(Self.queueLimit))
        self.queue = queue
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.requestTimeout
        configuration.timeoutIntervalForResource = Self.requestTimeout
        let session = URLSession(configuration: configuration)
        let tally = self.tally
        drain = Task {
            if let prelude { _ = await Self.post(Data(), to: prelude, headers: headers, session: session) }
            for await batch in stream {
                tally.value.withLock { $0.queuedPoints -= batch.points }
                let failure = await Self.post(batch.body, to: url, headers: headers, session: session)
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
                    warn("\(label): cannot write to \(endpoint): \(failure); dropping \(unit) until it answers (counted in the summary)")
                }
            }
        }
    }

    /// Queues one batch; never blocks.
    func send(_ batch: Batch) {
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
            ? "\(label): \(tally.dropped) \(unit) dropped, \(tally.written) written (\(endpoint): \(tally.firstError ?? "queue full or too slow"))"
            : nil
        return (tally.written, tally.dropped, note)
    }

    /// POSTs one body; `nil` on 2xx, else why not.
    private static func post(_ body: Data, to url: URL?, headers: [String: String], session: URLSession) async -> String? {
        guard let url else { return "bad URL" }
        var request = URLRequest(url: url, timeoutInterval: requestTimeout)
        request.httpMethod = "POST"
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
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
