import BarrageCore
import BarrageTestSupport
import NIOCore
import NIOPosix
import NIOSSL
import Testing
@testable import BarrageWire

/// Real TCP over 127.0.0.1 with port 0: a minimal agent side and a coordinator side.
@Suite(.timeLimit(.minutes(1)), .tags(.timing))
struct WireChannelTests {
    let token = "loopback-test-token-0123456789"
    var tls: ControlChannelTLS { get throws { try ControlChannelTLS(token: token) } }

    /// Plays the agent: `hello`, checks `auth`, answers `ping`s until the client closes.
    private func serveAgent(_ connection: WireChannel.Connection) async throws {
        try await connection.channel.executeThenClose { inbound, outbound in
            let challenge = ChallengeResponse.makeChallenge()
            try await outbound.write(.hello(.init(agentName: "test-agent", challenge: challenge, maxVUs: 100, cores: 1)))
            for try await message in inbound {
                switch message {
                case .auth(let auth):
                    guard ChallengeResponse.verify(response: auth.response, challenge: challenge, token: token) else {
                        try await outbound.write(.error(.init(kind: .authFailed, message: "wrong token", fault: .client)))
                        return
                    }
                    try await outbound.write(.authOk(.init()))
                case .ping(let ping):
                    try await outbound.write(.pong(.init(seq: ping.seq, sentMicros: ping.sentMicros, agentMicros: 42)))
                default:
                    try await outbound.write(.error(.init(kind: .unexpectedMessage, message: "\(message.kind)", fault: .client)))
                    return
                }
            }
        }
    }

    /// Binds, runs `serveAgent` for one connection, and runs `client` against it.
    private func withAgent(
        _ serve: @escaping @Sendable (WireChannel.Connection) async throws -> Void,
        client: (Int) async throws -> Void
    ) async throws {
        let server = try await WireChannel.bind(host: "127.0.0.1", port: 0, tls: tls)
        let port = try #require(WireChannel.port(of: server))
        #expect(port > 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        try await serve(connection)
                        return
                    }
                }
            }
            try await client(port)
            try await group.waitForAll()
        }
    }

    @Test func handshakeAndPingOverLoopback() async throws {
        try await withAgent({ try await self.serveAgent($0) }) { port in
            let connection = try await WireChannel.connect(host: "127.0.0.1", port: port, tls: tls, timeout: .seconds(5))
            try await connection.channel.executeThenClose { inbound, outbound in
                var messages = inbound.makeAsyncIterator()
                guard case .hello(let hello) = try await messages.next() else {
                    Issue.record("first message is not hello")
                    return
                }
                #expect(hello.version == ProtocolVersion.current && hello.agentName == "test-agent")
                let response = try ChallengeResponse.response(challenge: hello.challenge, token: token)
                try await outbound.write(.auth(.init(coordinatorName: "test", response: response)))
                #expect(try await messages.next() == .authOk(.init()))
                for seq in UInt64(0)..<3 {
                    try await outbound.write(.ping(.init(seq: seq, sentMicros: Int64(seq) * 10)))
                    #expect(try await messages.next() == .pong(.init(seq: seq, sentMicros: Int64(seq) * 10, agentMicros: 42)))
                }
            }
        }
    }

    @Test func wrongTokenGetsAuthFailedThenClose() async throws {
        try await withAgent({ try await self.serveAgent($0) }) { port in
            let connection = try await WireChannel.connect(host: "127.0.0.1", port: port, tls: tls, timeout: .seconds(5))
            try await connection.channel.executeThenClose { inbound, outbound in
                var messages = inbound.makeAsyncIterator()
                guard case .hello(let hello) = try await messages.next() else {
                    Issue.record("first message is not hello")
                    return
                }
                let response = try ChallengeResponse.response(challenge: hello.challenge, token: "not-the-right-token!")
                try await outbound.write(.auth(.init(coordinatorName: "test", response: response)))
                guard case .error(let error) = try await messages.next() else {
                    Issue.record("wrong token was not refused")
                    return
                }
                #expect(error.kind == .authFailed && error.fault == .client)
                #expect(try await messages.next() == nil)
            }
        }
    }

    @Test func malformedFrameIsAnsweredWithErrorAndClose() async throws {
        let serve: @Sendable (WireChannel.Connection) async throws -> Void = { connection in
            try await connection.channel.executeThenClose { inbound, outbound in
                do {
                    for try await _ in inbound {}
                    Issue.record("garbage frame was not reported")
                } catch let error as ProtocolError {
                    try await outbound.write(.error(error.errorMessage(blaming: .client)))
                }
            }
        }
        try await withAgent(serve) { port in
            // A raw byte client over the same TLS: the typed one cannot send garbage.
            let context = try tls.clientContext
            let raw = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            var received: [UInt8] = []
            try await raw.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "{\"type\": nope}\n"))
                for try await chunk in inbound { received += Array(chunk.readableBytesView) }
            }
            #expect(received.last == UInt8(ascii: "\n"))
            let reply = try MessageCoding.decode(received.dropLast())
            guard case .error(let error) = reply else {
                Issue.record("expected an error message, got \(reply)")
                return
            }
            #expect(error.kind == .malformedFrame && error.fault == .client)
        }
    }

    @Test func aCoordinatorWithAnotherTokenFailsTheTLSHandshakeAndSeesNoHello() async throws {
        let serve: @Sendable (WireChannel.Connection) async throws -> Void = { connection in
            try await connection.channel.executeThenClose { inbound, outbound in
                try? await outbound.write(.hello(.init(agentName: "secret-name", challenge: ChallengeResponse.makeChallenge(), maxVUs: 1, cores: 1)))
                await #expect(throws: (any Error).self) { for try await _ in inbound {} }
            }
        }
        try await withAgent(serve) { port in
            let other = try ControlChannelTLS(token: "another-token-entirely-9876543210")
            let connection = try await WireChannel.connect(host: "127.0.0.1", port: port, tls: other, timeout: .seconds(5))
            try await connection.channel.executeThenClose { inbound, _ in
                var messages = inbound.makeAsyncIterator()
                do {
                    let first = try await messages.next()
                    Issue.record("a wrong-token peer received \(String(describing: first))")
                } catch {
                    #expect(ControlChannelError.explain(error).contains("TLS handshake failed"))
                }
            }
        }
    }

    @Test func aPlaintextPeerReadsNoProtocolText() async throws {
        let serve: @Sendable (WireChannel.Connection) async throws -> Void = { connection in
            try await connection.channel.executeThenClose { inbound, outbound in
                try? await outbound.write(.hello(.init(agentName: "secret-name", challenge: ChallengeResponse.makeChallenge(), maxVUs: 1, cores: 1)))
                do { for try await _ in inbound {} } catch {}
            }
        }
        try await withAgent(serve) { port in
            let raw = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            var received: [UInt8] = []
            try await raw.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "{\"type\":\"auth\"}\n"))
                do { for try await chunk in inbound { received += Array(chunk.readableBytesView) } } catch {}
            }
            #expect(!String(decoding: received, as: UTF8.self).contains("secret-name"))
            #expect(!String(decoding: received, as: UTF8.self).contains("hello"))
        }
    }

    @Test func theKeyIsDerivedFromTheTokenNotTheTokenItself() {
        let key = ControlChannelKey(token: token)
        #expect(key.bytes.count == 32)
        #expect(key == ControlChannelKey(token: token))
        #expect(key != ControlChannelKey(token: token + "x"))
        #expect(key.bytes != Array(token.utf8.prefix(32)))
    }

    @Test func connectingToAClosedPortFails() async throws {
        let server = try await WireChannel.bind(host: "127.0.0.1", port: 0, tls: tls)
        let port = try #require(WireChannel.port(of: server))
        try await server.executeThenClose { _ in }
        await #expect(throws: (any Error).self) {
            _ = try await WireChannel.connect(host: "127.0.0.1", port: port, tls: tls, timeout: .seconds(2))
        }
    }
}
