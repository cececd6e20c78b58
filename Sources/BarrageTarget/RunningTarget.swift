import Dispatch
import NIOCore
import NIOPosix
import Synchronization

/// A started ``TargetServer``: its bound address, its counters, and how to stop it.
///
/// Lifecycle: the listening socket closes (``stop()``, or an error), then every connection and
/// event loop thread is shut down, then ``waitUntilClosed()`` returns in every waiter.
/// Waiting does not depend on the event loops, which are gone by then: NIO drops callbacks
/// scheduled on a shut-down loop, so awaiting one of its futures afterwards would never return.
public final class RunningTarget: Sendable {
    /// The host it was asked to listen on.
    public let host: String
    /// The bound port; the real one when 0 was asked for.
    public let port: Int

    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let counters: RequestCounters
    private let lifecycle = Mutex(Lifecycle())

    private struct Lifecycle {
        /// Set on the event loop once the listening socket is closed; from then on the loops may be gone.
        var loopsStopping = false
        /// The outcome of shutting the event loops down, once they are.
        var finished: Result<Void, any Error>?
        var waiters: [CheckedContinuation<Void, any Error>] = []
    }

    init(host: String, port: Int, channel: any Channel, group: MultiThreadedEventLoopGroup, counters: RequestCounters) {
        self.host = host
        self.port = port
        self.channel = channel
        self.group = group
        self.counters = counters
        // The closure keeps `self` alive until the listener closes; that is what shuts the loops down.
        channel.closeFuture.whenComplete { _ in self.listenerDidClose() }
    }

    /// The bound address as `HOST:PORT` (IPv6 hosts in brackets).
    public var address: ListenAddress { ListenAddress(host: host, port: port) }

    /// The responses written so far, as `GET /stats` would report them (without counting a `/stats` call).
    public var requestCounts: RequestCounts { counters.snapshot() }

    /// Stops accepting connections and starts the shutdown, without waiting; safe to call from any
    /// thread and more than once, e.g. from a signal handler's queue. ``waitUntilClosed()`` then returns.
    public func stop() {
        if channel.eventLoop.inEventLoop {
            // Closing runs inline here and calls `listenerDidClose`, which takes the lock: do not hold it.
            channel.close(promise: nil)
            return
        }
        lifecycle.withLock { state in
            // Holding the lock guarantees the loops are still running while the close is scheduled.
            guard !state.loopsStopping else { return }
            channel.close(promise: nil)
        }
    }

    /// Waits until the target has stopped: listener closed, connections closed, threads ended.
    /// Does not itself stop the target; see ``stop()`` and ``shutdown()``.
    /// - Throws: the error of shutting the event loops down, if any.
    public func waitUntilClosed() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Void, any Error>? = lifecycle.withLock { state in
                if let finished = state.finished { return finished }
                state.waiters.append(continuation)
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Stops the target and waits until it has stopped; calling it again returns at once.
    public func shutdown() async throws {
        stop()
        try await waitUntilClosed()
    }

    /// Runs on the event loop when the listening socket has closed.
    private func listenerDidClose() {
        lifecycle.withLock { $0.loopsStopping = true }
        group.shutdownGracefully(queue: .global()) { error in
            let outcome: Result<Void, any Error> = error.map { .failure($0) } ?? .success(())
            let waiters = self.lifecycle.withLock { state in
                state.finished = outcome
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(with: outcome) }
        }
    }
}
