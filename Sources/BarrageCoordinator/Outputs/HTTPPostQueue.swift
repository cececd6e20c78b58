import NIOCore
import Synchronization

/// POSTs batches to one HTTP endpoint off the run's task, so a slow or down server never slows
/// the run: the HTTP half of ``InfluxSink`` and ``PrometheusSink``.
///
/// Batches wait in a bounded queue (``queueLimit`` batches, one per second) drained by one task;
/// each POST (``OutputPost``) ends within ``requestTimeout`` and reads 4 KiB of the answer at most.
/// A batch that does not fit in the queue, fails, or is still queued when the flush's deadline
/// passes is dropped and its points counted; the first failure is reported once through `warn`,
/// the count in ``finish(until:)``'s note.
final class HTTPPostQueue: Sendable {
    /// One POST body and the number of points (or samples) it carries.
    struct Batch: Sendable {
        var body: [UInt8]
        var points: Int
    }

    private struct Tally {
        var written = 0
        var dropped = 0
        var queuedPoints = 0
        var firstError: String?
    }

    /// The tally and the flush's deadline, shared by reference with the drain task (a `Mutex`
    /// cannot be copied).
    private final class State: Sendable {
        let tally = Mutex(Tally())
        /// Set by ``finish(until:)``: no POST runs past it.
        let deadline = Mutex<NIODeadline?>(nil)
    }

    static let queueLimit = 30
    static let requestTimeout = TimeAmount.seconds(2)
    /// How long a flush may take, from the run's end to the last POST (the 3 s finish budget).
    static let finishTimeout = TimeAmount.seconds(3)

    /// `influxdb`, `prometheus-rw`: how messages name the output.
    let label: String
    /// Where the points go, for messages.
    let endpoint: String
    /// What a batch counts, for messages: `points` (InfluxDB), `samples` (Prometheus).
    let unit: String
    private let queue: AsyncStream<Batch>.Continuation
    private let drain: Task<Void, Never>
    private let state = State()

    /// - Parameters:
    ///   - target: where every batch is POSTed.
    ///   - headers: sent with every batch (content type and encoding).
    ///   - prelude: a path POSTed once with an empty body before the first batch (InfluxDB's
    ///     CREATE DATABASE); its failure is not counted, the writes show it.
    init(
        label: String, endpoint: String, unit: String = "points", target: OutputPost.Target, headers: [(String, String)],
        prelude: String? = nil, warn: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.endpoint = endpoint
        self.unit = unit
        let (stream, queue) = AsyncStream.makeStream(of: Batch.self, bufferingPolicy: .bufferingOldest(Self.queueLimit))
        self.queue = queue
        let state = self.state
        drain = Task {
            /// Ends each POST by its own timeout or the flush's deadline, whichever is first.
            func post(_ body: [UInt8], to target: OutputPost.Target) async -> String? {
                var deadline = NIODeadline.now() + Self.requestTimeout
                if let flush = state.deadline.withLock({ $0 }) { deadline = min(deadline, flush) }
                switch await OutputPost.post(body, to: target, headers: headers, deadline: deadline) {
                case .success(let response) where response.isSuccess: return nil
                case .success(let response) where (300..<400).contains(response.status):
                    return "HTTP \(response.status) (redirects are not followed)"
                case .success(let response): return "HTTP \(response.status) \(response.quotedBody)".trimmingSuffixSpaces
                case .failure(let failure): return failure.description
                }
            }
            if let prelude {
                var created = target
                created.path = prelude
                _ = await post([], to: created)
            }
            for await batch in stream {
                state.tally.withLock { $0.queuedPoints -= batch.points }
                let failure = await post(batch.body, to: target)
                let first = state.tally.withLock { tally -> Bool in
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
        state.tally.withLock { $0.queuedPoints += batch.points }
        if case .dropped = queue.yield(batch) {
            state.tally.withLock {
                $0.queuedPoints -= batch.points
                $0.dropped += batch.points
            }
        }
    }

    /// Sends what is queued until `deadline` (POSTs in flight end by then too) and stops.
    /// - Returns: points written and dropped, and a one-line note when some were dropped.
    func finish(until deadline: NIODeadline) async -> (written: Int, dropped: Int, note: String?) {
        state.deadline.withLock { $0 = deadline }
        queue.finish()
        // POSTs started from now on end by the deadline; one in flight is ended there by
        // cancelling the drain (which also stops it taking more batches: they count as dropped).
        let drain = self.drain
        let timer = Task {
            let nanoseconds = (deadline - .now()).nanoseconds
            if nanoseconds > 0 {
                do { try await Task.sleep(for: .nanoseconds(nanoseconds)) } catch { return }  // cancelled: drained in time
            }
            drain.cancel()
        }
        await drain.value
        timer.cancel()
        let tally = state.tally.withLock { tally in
            tally.dropped += max(tally.queuedPoints, 0)
            tally.queuedPoints = 0
            return tally
        }
        let note = tally.dropped > 0
            ? "\(label): \(tally.dropped) \(unit) dropped, \(tally.written) written (\(endpoint): \(tally.firstError ?? "queue full or too slow"))"
            : nil
        return (tally.written, tally.dropped, note)
    }
}

private extension String {
    var trimmingSuffixSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
