import NIOCore
import NIOHTTP1
import NIOPosix

/// The demo HTTP/1.1 target: a stand-in for the reference experiment's feed service.
///
/// Routes (any query string is ignored):
/// - `GET /api/posts/` and `GET /api/posts`: ``FeedPage/body`` as `application/json` (about 48 KB).
/// - `GET /healthz`: `ok`.
/// - `GET /stats`: ``RequestCounts/json``, the responses written per route since start; it counts
///   itself, including the request being answered.
/// - other paths: 404; other methods on the paths above: 405 (both counted as `other`).
///
/// Connections are kept alive unless the client sends `Connection: close` (or speaks HTTP/1.0
/// without keep-alive); request bodies are ignored; pipelined requests are answered in order.
public enum TargetServer {
    /// The default number of event loop threads: one per core.
    public static var defaultThreadCount: Int { System.coreCount }

    /// Binds the target and starts serving.
    /// - Parameters:
    ///   - host: the address to listen on, e.g. `127.0.0.1`, `::1` or `0.0.0.0`.
    ///   - port: the port; 0 picks a free one, read it back from ``RunningTarget/port``.
    ///   - threads: event loop threads, at least 1.
    ///   - feedDelayMicros: how long the feed waits before answering (a slower server, for comparisons).
    /// - Returns: the running server; call ``RunningTarget/shutdown()`` to stop it.
    /// - Throws: ``TargetServerError`` for bad arguments or when binding fails.
    public static func start(
        host: String, port: Int, threads: Int = defaultThreadCount, feedDelayMicros: Int64 = 0
    ) async throws -> RunningTarget {
        guard (0...65_535).contains(port) else { throw TargetServerError.invalidPort(port) }
        guard threads >= 1 else { throw TargetServerError.invalidThreadCount(threads) }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let responses = CannedResponses()
        let counters = RequestCounters()
        let bootstrap = ServerBootstrap(group: group)
            // 1000 VUs may connect at once; the default backlog would refuse some of them.
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        TargetRequestHandler(responses: responses, counters: counters, feedDelay: .microseconds(feedDelayMicros))
                    )
                }
            }

        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw TargetServerError.bindFailed(host: host, port: port, reason: String(describing: error))
        }
        let boundPort = channel.localAddress?.port ?? port
        return RunningTarget(host: host, port: boundPort, channel: channel, group: group, counters: counters)
    }
}
