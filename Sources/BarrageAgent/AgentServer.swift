import BarrageCore
import BarrageWire
import NIOCore
import NIOPosix

/// The agent's TCP server: accepts coordinators and serves each connection with an
/// ``AgentSession``; stays up between runs. One ``RunSlot`` guards against two runs at once.
public final class AgentServer: Sendable {
    public let configuration: AgentConfiguration
    private let server: WireChannel.Server
    private let slot = RunSlot()

    /// The port actually bound (useful with port 0).
    public var port: Int { WireChannel.port(of: server) ?? configuration.port }

    private init(configuration: AgentConfiguration, server: WireChannel.Server) {
        self.configuration = configuration
        self.server = server
    }

    /// Binds the listening socket; serving starts with ``run()``.
    /// - Throws: NIO's error when the address cannot be bound.
    public static func bind(_ configuration: AgentConfiguration) async throws -> AgentServer {
        let server = try await WireChannel.bind(host: configuration.host, port: configuration.port)
        return AgentServer(configuration: configuration, server: server)
    }

    /// Serves connections until the task is cancelled or the socket closes.
    public func run() async throws {
        let configuration = self.configuration
        let slot = self.slot
        try await server.executeThenClose { connections in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in connections {
                    group.addTask {
                        await AgentSession.serve(connection, configuration: configuration, slot: slot)
                    }
                }
            }
        }
    }
}
