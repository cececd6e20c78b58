import BarrageCore
import NIOCore
import NIOPosix

/// Opens protocol connections: a listening agent (``bind(host:port:maxFrameBytes:group:)``) and a
/// connecting coordinator (``connect(host:port:timeout:maxFrameBytes:group:)``).
///
/// Every connection has the same pipeline, `LineFrameDecoder → MessageCodecHandler`, wrapped in an
/// `NIOAsyncChannel<Message, Message>`, so session code reads and writes whole ``BarrageCore/Message``s
/// from async code and never touches bytes (as apple/swift-nio's NIOTCPEchoServer sample does).
public enum WireChannel {
    /// One protocol connection: inbound and outbound ``BarrageCore/Message``s.
    public typealias Connection = NIOAsyncChannel<Message, Message>
    /// A listening socket whose inbound stream yields one ``Connection`` per accepted client.
    public typealias Server = NIOAsyncChannel<Connection, Never>

    /// Listens on `host:port`.
    ///
    /// Iterate the server's inbound stream inside `executeThenClose` and handle each connection in
    /// a child task of a discarding task group, so finished connections are not retained.
    /// - Parameters:
    ///   - port: 0 picks a free port; read it with ``port(of:)``.
    ///   - maxFrameBytes: the longest inbound frame accepted per connection.
    /// - Throws: the socket error if the address cannot be bound.
    public static func bind(
        host: String, port: Int, maxFrameBytes: Int = ProtocolLimits.defaultMaxFrameBytes,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Server {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try makeConnection(channel, maxFrameBytes: maxFrameBytes)
                }
            }
    }

    /// The port `server` listens on; the way to learn the port chosen for port 0.
    public static func port(of server: Server) -> Int? {
        server.channel.localAddress?.port
    }

    /// Connects to an agent at `host:port`.
    ///
    /// - Parameters:
    ///   - timeout: how long the TCP connect may take.
    ///   - maxFrameBytes: the longest inbound frame accepted.
    /// - Throws: NIO's connect error (refused, timed out, unresolvable host).
    public static func connect(
        host: String, port: Int, timeout: Duration = .seconds(10),
        maxFrameBytes: Int = ProtocolLimits.defaultMaxFrameBytes,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Connection {
        try await ClientBootstrap(group: group)
            .connectTimeout(.microseconds(timeout.microseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try makeConnection(channel, maxFrameBytes: maxFrameBytes)
                }
            }
    }

    /// Installs the framing and coding handlers and wraps `channel`; runs on its event loop.
    static func makeConnection(_ channel: any Channel, maxFrameBytes: Int) throws -> Connection {
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(LineFrameDecoder(maxFrameBytes: maxFrameBytes)))
        try channel.pipeline.syncOperations.addHandler(MessageCodecHandler())
        return try Connection(
            wrappingChannelSynchronously: channel,
            configuration: .init(inboundType: Message.self, outboundType: Message.self))
    }
}
