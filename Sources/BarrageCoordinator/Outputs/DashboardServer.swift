import BarrageCore
import BarrageResults
import NIOCore
import NIOHTTP1
import NIOPosix

/// The live dashboard of `coord run --dashboard HOST:PORT`: a small HTTP/1.1 server on its own
/// event loop, so serving pages never touches the run.
///
/// Routes: `GET /` the page (``ReportPage`` in live mode: it polls `/data` each second);
/// `GET /data` ``ReportData`` as JSON (the seconds merged so far and each agent's status);
/// anything else 404. Every response closes its connection. A request whose `Host` is not one of
/// the dashboard's own names gets 421 (``DashboardHostCheck``: DNS rebinding); the page carries
/// ``ReportPolicy``'s Content-Security-Policy, also sent as a header.
public final class DashboardServer: Sendable {
    /// The port actually bound (useful with port 0).
    public let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    private init(port: Int, channel: any Channel, group: MultiThreadedEventLoopGroup) {
        self.port = port
        self.channel = channel
        self.group = group
    }

    /// Binds `host:port` and starts serving `state`.
    /// - Throws: ``DashboardError/bindFailed(address:reason:)``.
    public static func start(host: String, port: Int, state: DashboardState) async throws(DashboardError) -> DashboardServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(DashboardHandler(state: state, flagHost: host))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            return DashboardServer(port: channel.localAddress?.port ?? port, channel: channel, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw .bindFailed(address: "\(host):\(port)", reason: SocketErrorText.describe(error))
        }
    }

    /// Stops listening and shuts the event loop down.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// The dashboard could not start.
public enum DashboardError: Error, Sendable, CustomStringConvertible {
    case bindFailed(address: String, reason: String)

    public var description: String {
        switch self {
        case .bindFailed(let address, let reason): return "cannot serve the dashboard on \(address): \(reason)"
        }
    }
}

/// Answers one dashboard connection. Not `Sendable`: it lives on its channel's event loop.
final class DashboardHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: DashboardState
    /// `--dashboard`'s host, for ``DashboardHostCheck``.
    private let flagHost: String
    private var path: String?
    private var misdirected = false

    init(state: DashboardState, flagHost: String) {
        self.state = state
        self.flagHost = flagHost
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            path = head.method == .GET ? String(head.uri.split(separator: "?", maxSplits: 1).first ?? "") : nil
            // The connection's local address is the bound address and port (port 0 resolved).
            let local = context.channel.localAddress
            let hosts = DashboardHostCheck(flagHost: flagHost, boundAddress: local?.ipAddress, port: local?.port ?? 0)
            let host = head.headers["Host"]
            misdirected = host.count != 1 || !hosts.allows(host.first)
        case .body:
            break
        case .end:
            let (status, type, body) = response()
            path = nil
            let buffer = context.channel.allocator.buffer(string: body)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: String(buffer.readableBytes))
            headers.add(name: "Cache-Control", value: "no-store")
            headers.add(name: "Content-Security-Policy", value: ReportPolicy.forPage(live: true))
            headers.add(name: "X-Content-Type-Options", value: "nosniff")
            headers.add(name: "Connection", value: "close")
            context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// The answer to the request just read.
    private func response() -> (HTTPResponseStatus, String, String) {
        if misdirected { return (.misdirectedRequest, "text/plain", "misdirected request: this Host is not the dashboard's\n") }
        switch path {
        case "/", "/index.html": return (.ok, "text/html; charset=utf-8", ReportPage.html(state.data()))
        case "/data": return (.ok, "application/json", state.data().json())
        default: return (.notFound, "text/plain", "not found\n")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
