import BarrageCore
import BarrageWire
import NIOCore
import NIOPosix

/// The agent's TLS server: accepts coordinators and serves each connection with an
/// ``AgentSession``; stays up between runs. One ``RunSlot`` guards against two runs at once, one
/// ``ConnectionGate`` against floods of unauthenticated connections.
public final class AgentServer: Sendable {
    public let configuration: AgentConfiguration
    private let server: WireChannel.Server
    private let slot = RunSlot()
    private let gate = ConnectionGate()

    /// The port actually bound (useful with port 0).
    public var port: Int { WireChannel.port(of: server) ?? configuration.port }

    private init(configuration: AgentConfiguration, server: WireChannel.Server) {
        self.configuration = configuration
        self.server = server
    }

    /// Binds the listening socket; serving starts with ``run()``.
    /// - Throws: NIO's error when the address cannot be bound, NIOSSL's if TLS cannot be set up.
    public static func bind(_ configuration: AgentConfiguration) async throws -> AgentServer {
        let tls = try ControlChannelTLS(token: configuration.token)
        let server = try await WireChannel.bind(host: configuration.host, port: configuration.port, tls: tls)
        return AgentServer(configuration: configuration, server: server)
    }

    /// Serves connections until the task is cancelled or the socket closes.
    public func run() async throws {
        let configuration = self.configuration
        let slot = self.slot
        let gate = self.gate
        try await server.executeThenClose { connections in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in connections {
                    guard let id = gate.admit() else {
                        // One line per 100 refusals: a flood must not flood the log too.
                        if configuration.logging, gate.countRefusal() % 100 == 1 {
                            AgentLog.warning("\(connection.peer): refused, \(gate.limit) connections are already authenticating (\(gate.refusals) refused so far)")
                        }
                        group.addTask {
                            // Closing through the async channel finishes its writer (NIO requires it).
                            do { try await connection.channel.executeThenClose { _, _ in } } catch {}
                        }
                        continue
                    }
                    group.addTask {
                        await AgentSession.serve(connection, id: id, configuration: configuration, slot: slot, gate: gate)
                    }
                }
            }
        }
    }
}
