import NIOCore
import NIOPosix
import Synchronization

/// A started ``TargetServer``: its bound address, its counters, and how to stop it.
public final class RunningTarget: Sendable {
    /// The host it was asked to listen on.
    public let host: String
    /// The bound port; the real one when 0 was asked for.
    public let port: Int

    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let counters: RequestCounters
    /// Set by the first caller that shuts the event loops down, so later calls do not do it twice.
    private let groupShutDown = Atomic<Bool>(false)

    init(host: String, port: Int, channel: any Channel, group: MultiThreadedEventLoopGroup, counters: RequestCounters) {
        self.host = host
        self.port = port
        self.channel = channel
        self.group = group
        self.counters = counters
    }

    /// The bound address as `HOST:PORT` (IPv6 hosts in brackets).
    public var address: ListenAddress { ListenAddress(host: host, port: port) }

    /// The responses written so far, as `GET /stats` would report them (without counting a `/stats` call).
    public var requestCounts: RequestCounts { counters.snapshot() }

    /// Stops accepting connections, without waiting; safe to call from any thread, e.g. a signal handler's queue.
    /// ``waitUntilClosed()`` then returns.
    public func stop() {
        channel.close(promise: nil)
    }

    /// Waits until the listening socket is closed (by ``stop()`` or ``shutdown()``), then closes every
    /// connection and stops the event loop threads.
    public func waitUntilClosed() async throws {
        try await channel.closeFuture.get()
        try await shutDownGroup()
    }

    /// Stops accepting, closes every connection and stops the event loop threads.
    public func shutdown() async throws {
        stop()
        try await waitUntilClosed()
    }

    private func shutDownGroup() async throws {
        guard groupShutDown.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        try await group.shutdownGracefully()
    }
}
