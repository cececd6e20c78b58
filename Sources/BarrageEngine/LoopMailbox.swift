import Synchronization

/// The two-way mailbox between an event loop thread and the rest of the process: commands in,
/// reports out, under one small lock taken once per tick or command, never per request. The
/// eventfd ``Waker`` makes a command take effect at once instead of at the loop's next timeout.
final class LoopMailbox: Sendable {
    enum Command: Sendable {
        /// Stop starting iterations; cancel whatever is still running after `deadlineMicros` (monotonic).
        case stop(deadlineMicros: Int64)
    }

    struct State {
        var command: Command?
        var reports: [LoopReport] = []
        var finished = false
    }

    let waker: Waker
    /// The agent's allow-list for every connection the loop's handles open; nil allows any.
    let connectPolicy: ConnectPolicy?
    private let state = Mutex(State())

    init(waker: Waker, connectPolicy: ConnectPolicy? = nil) {
        self.waker = waker
        self.connectPolicy = connectPolicy
    }

    func send(_ command: Command) {
        state.withLock { $0.command = command }
        waker.wake()
    }

    func takeCommand() -> Command? {
        state.withLock { state in
            defer { state.command = nil }
            return state.command
        }
    }

    func post(_ report: LoopReport) {
        state.withLock { state in
            state.reports.append(report)
            if report.finished { state.finished = true }
        }
    }

    func drain() -> (reports: [LoopReport], finished: Bool) {
        state.withLock { state in
            defer { state.reports.removeAll() }
            return (state.reports, state.finished)
        }
    }
}
