import BarrageCore
import NIOCore
import NIOPosix
import NIOSSL

/// Opens protocol connections: a listening agent (``bind(host:port:tls:group:)``) and a connecting
/// coordinator (``connect(host:port:tls:timeout:group:)``).
///
/// Every connection has the same pipeline, `TLS (PSK) → LineFrameDecoder → MessageCodecHandler → InboundDivert`,
/// wrapped in an `NIOAsyncChannel<Message, Message>`, so session code reads and writes whole
/// ``BarrageCore/Message``s from async code and never touches bytes (as apple/swift-nio's
/// NIOTCPEchoServer sample does). There is no plaintext mode: ``ControlChannelTLS`` authenticates
/// both ends and protects every byte.
public enum WireChannel {
    /// One protocol connection: inbound and outbound ``BarrageCore/Message``s, and the frame limit
    /// the session raises once the peer has authenticated.
    public struct Connection: Sendable {
        public let channel: NIOAsyncChannel<Message, Message>
        public let frameLimit: FrameLimit
        /// Hands inbound messages straight to the session once it asks (``InboundDivert``).
        public let divert: InboundDivert

        /// The peer's address, for logs: `127.0.0.1:52944`, `[::1]:7070` (not NIO's
        /// `[IPv4]127.0.0.1/127.0.0.1:52944`).
        public var peer: String { Self.text(channel.channel.remoteAddress) }

        static func text(_ address: SocketAddress?) -> String {
            guard let address, let ip = address.ipAddress, let port = address.port else { return "unknown peer" }
            return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
    }

    /// The event loops connections use unless a caller pins them to one.
    public static var defaultGroup: any EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    /// A listening socket whose inbound stream yields one ``Connection`` per accepted client.
    public typealias Server = NIOAsyncChannel<Connection, Never>

    /// Listens on `host:port`.
    ///
    /// Iterate the server's inbound stream inside `executeThenClose` and handle each connection in
    /// a child task of a discarding task group, so finished connections are not retained.
    /// Connections start with the pre-auth frame limit (``BarrageCore/ProtocolLimits/preAuthMaxFrameBytes``).
    /// - Parameters:
    ///   - port: 0 picks a free port; read it with ``port(of:)``.
    ///   - tls: the control channel's TLS, from the shared token.
    /// - Throws: the socket error if the address cannot be bound.
    public static func bind(
        host: String, port: Int, tls: ControlChannelTLS,
        group: any EventLoopGroup = defaultGroup
    ) async throws -> Server {
        let context = tls.serverContext
        return try await listen(host: host, port: port, group: group) { NIOSSLServerHandler(context: context) }
    }

    /// The port `server` listens on; the way to learn the port chosen for port 0.
    public static func port(of server: Server) -> Int? {
        server.channel.localAddress?.port
    }

    /// Connects to an agent at `host:port`.
    ///
    /// The TLS handshake runs as soon as TCP connects; a wrong token fails the first read with
    /// NIOSSL's error (``ControlChannelError/explain(_:)`` words it).
    /// - Parameters:
    ///   - timeout: how long the TCP connect may take.
    /// - Throws: NIO's connect error (refused, timed out, unresolvable host).
    public static func connect(
        host: String, port: Int, tls: ControlChannelTLS, timeout: Duration = .seconds(10),
        group: any EventLoopGroup = defaultGroup
    ) async throws -> Connection {
        let context = tls.clientContext
        return try await dial(host: host, port: port, timeout: timeout, group: group) {
            try NIOSSLClientHandler(context: context, serverHostname: nil)
        }
    }

    /// Join mode, agent side: dials the coordinator at `host:port` and then plays the TLS server
    /// on that connection, so the protocol above is the same as for a listening agent.
    public static func dialAsServer(
        host: String, port: Int, tls: ControlChannelTLS, timeout: Duration = .seconds(10),
        group: any EventLoopGroup = defaultGroup
    ) async throws -> Connection {
        let context = tls.serverContext
        return try await dial(host: host, port: port, timeout: timeout, group: group) { NIOSSLServerHandler(context: context) }
    }

    /// Join mode, coordinator side: listens on `host:port` for agents that dial in, and plays the
    /// TLS client on each accepted connection (the agent is the TLS server, as in listen mode).
    public static func bindForJoiningAgents(
        host: String, port: Int, tls: ControlChannelTLS,
        group: any EventLoopGroup = defaultGroup
    ) async throws -> Server {
        let context = tls.clientContext
        return try await listen(host: host, port: port, group: group) {
            try NIOSSLClientHandler(context: context, serverHostname: nil)
        }
    }

    /// Listens on `host:port`; every accepted connection gets the handler `tls()` makes (TLS
    /// server or client: which end listens and which plays TLS server are independent).
    private static func listen(
        host: String, port: Int, group: any EventLoopGroup, tls: @escaping @Sendable () throws -> any ChannelHandler
    ) async throws -> Server {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(try tls())
                    return try makeConnection(channel)
                }
            }
    }

    /// Dials `host:port` and installs the handler `tls()` makes on the new connection.
    private static func dial(
        host: String, port: Int, timeout: Duration, group: any EventLoopGroup,
        tls: @escaping @Sendable () throws -> any ChannelHandler
    ) async throws -> Connection {
        try await ClientBootstrap(group: group)
            .connectTimeout(.microseconds(timeout.microseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(try tls())
                    return try makeConnection(channel)
                }
            }
    }

    /// Installs the framing and coding handlers and wraps `channel`; runs on its event loop.
    static func makeConnection(_ channel: any Channel) throws -> Connection {
        let limit = FrameLimit(bytes: ProtocolLimits.preAuthMaxFrameBytes)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(limit: limit)))
        try channel.pipeline.syncOperations.addHandler(MessageCodecHandler())
        let divert = try InboundDivert.install(on: channel)
        let wrapped = try NIOAsyncChannel<Message, Message>(
            wrappingChannelSynchronously: channel,
            configuration: .init(inboundType: Message.self, outboundType: Message.self))
        return Connection(channel: wrapped, frameLimit: limit, divert: divert)
    }
}
