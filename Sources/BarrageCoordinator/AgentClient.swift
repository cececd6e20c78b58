import BarrageCore
import BarrageWire
import NIOCore

/// What an agent connection reports to the run loop.
package enum AgentEvent: Sendable {
    /// Authenticated and clock-synced.
    case connected(index: Int, hello: Message.Hello, clock: ClockOffsetEstimator.Estimate)
    /// Any later message from the agent (ready, started, sample, done, error, pong).
    case message(index: Int, Message)
    /// The connection ended; `detail` says how.
    case closed(index: Int, detail: String, error: CoordinatorError?)
    case tick
    case interrupt
}

/// What the run loop asks an agent connection to do.
package enum AgentCommand: Sendable {
    case send(Message)
    case close
}

/// The coordinator's side of one agent connection: handshake, clock sync, then forwarding
/// messages both ways until told to close or the connection ends.
enum AgentClient {
    static let clockSyncRounds = 8

    /// Dials a listening agent on `group` (one loop pins it there), then serves the connection (``serve(index:connection:endpoint:token:coordinatorName:commands:events:)``).
    static func run(
        index: Int, endpoint: AgentEndpoint, token: String, tls: ControlChannelTLS, coordinatorName: String,
        group: any EventLoopGroup = WireChannel.defaultGroup, commands: AsyncStream<AgentCommand>,
        events: AsyncStream<AgentEvent>.Continuation
    ) async {
        let connection: WireChannel.Connection
        do {
            connection = try await WireChannel.connect(host: endpoint.host, port: endpoint.port, tls: tls, timeout: .seconds(5), group: group)
        } catch {
            let failure = CoordinatorError.connectFailed(agent: endpoint.name, address: endpoint.address, detail: SocketErrorText.describe(error))
            events.yield(.closed(index: index, detail: "cannot connect", error: failure))
            return
        }
        await serve(
            index: index, connection: connection, endpoint: endpoint, token: token, coordinatorName: coordinatorName,
            commands: commands, events: events)
    }

    /// Runs the handshake and clock sync on an open connection (dialed, or accepted from a joining
    /// agent), then forwards messages both ways until told to close or the connection ends.
    ///
    /// The handshake (TLS, `hello`/`auth`, clock sync) has ``BarrageCore/ProtocolLimits/handshakeTimeoutMicros``
    /// to finish, or the connection is closed: a peer that never answers holds nothing for long.
    /// - Parameter onConnected: called once the agent has authenticated and synced its clock.
    static func serve(
        index: Int, connection: WireChannel.Connection, endpoint: AgentEndpoint, token: String, coordinatorName: String,
        commands: AsyncStream<AgentCommand>, events: AsyncStream<AgentEvent>.Continuation,
        onConnected: @escaping @Sendable () -> Void = {}
    ) async {
        let deadline = HandshakeDeadline(connection.channel.channel)
        defer { deadline.cancel() }
        var failure: CoordinatorError?
        do {
            failure = try await connection.channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: CoordinatorError?.self) { group in
                    group.addTask {
                        var handshake = ClientHandshake(endpoint: endpoint, token: token, coordinatorName: coordinatorName)
                        for try await message in inbound {
                            if handshake.isComplete {
                                events.yield(.message(index: index, message))
                                continue
                            }
                            switch handshake.receive(message, nowMicros: WallClock.nowMicros()) {
                            case .send(let reply):
                                try await outbound.write(reply)
                            case .connected(let hello, let clock):
                                // The agent proved the token (TLS-PSK): its samples may be large.
                                connection.frameLimit.set(ProtocolLimits.defaultMaxFrameBytes)
                                deadline.cancel()
                                onConnected()
                                // From here its messages go from the event loop straight to the run,
                                // one hop instead of two. An agent speaks next only when asked (after
                                // `.connected` below), so none can overtake one still in `inbound`.
                                try await connection.divert.divert { events.yield(.message(index: index, $0)) }
                                events.yield(.connected(index: index, hello: hello, clock: clock))
                            case .fail(let error, let reply):
                                if let reply { try? await outbound.write(reply) }
                                return error
                            }
                        }
                        return handshake.isComplete ? nil : .protocolFailure(
                            agent: endpoint.name, address: endpoint.address, detail: deadline.expired
                                ? HandshakeDeadline.expiredText : "connection closed during the handshake")
                    }
                    group.addTask {
                        for await command in commands {
                            switch command {
                            case .send(let message): try await outbound.write(message)
                            case .close: return nil
                            }
                        }
                        return nil
                    }
                    let first = try await group.next() ?? nil
                    group.cancelAll()
                    return first
                }
            }
        } catch let error as ProtocolError {
            failure = .protocolFailure(agent: endpoint.name, address: endpoint.address, detail: error.description)
        } catch {
            // A token mismatch fails TLS; a peer that dies or a network that drops ends it unclean.
            let detail = deadline.expired ? HandshakeDeadline.expiredText : ControlChannelError.explain(error)
            events.yield(.closed(
                index: index, detail: detail == ControlChannelError.lostText ? detail : "connection failed: \(detail)",
                error: .protocolFailure(agent: endpoint.name, address: endpoint.address, detail: detail)))
            return
        }
        events.yield(.closed(index: index, detail: failure?.description ?? "connection closed", error: failure))
    }
}

/// The client half of hello/auth/ping-pong, as a state machine fed one message at a time.
struct ClientHandshake {
    enum Step {
        case send(Message)
        case connected(Message.Hello, ClockOffsetEstimator.Estimate)
        case fail(CoordinatorError, reply: Message?)
    }

    let endpoint: AgentEndpoint
    let token: String
    let coordinatorName: String
    private var hello: Message.Hello?
    private var authenticated = false
    private var pingSentMicros: Int64 = 0
    private var samples: [ClockOffsetEstimator.Sample] = []
    private(set) var isComplete = false

    init(endpoint: AgentEndpoint, token: String, coordinatorName: String) {
        self.endpoint = endpoint
        self.token = token
        self.coordinatorName = coordinatorName
    }

    mutating func receive(_ message: Message, nowMicros: Int64) -> Step {
        switch message {
        case .hello(let hello) where self.hello == nil:
            guard hello.version == ProtocolVersion.current else {
                let text = "agent speaks protocol version \(hello.version), this coordinator \(ProtocolVersion.current)"
                return .fail(
                    .protocolFailure(agent: endpoint.name, address: endpoint.address, detail: text),
                    reply: .error(.init(kind: .versionMismatch, message: text, fault: .server)))
            }
            guard hello.agentName.count <= ProtocolLimits.maxNameLength, hello.maxVUs >= 0, (0...65_536).contains(hello.cores) else {
                let text = "hello out of range (agent_name at most \(ProtocolLimits.maxNameLength) characters, max_vus >= 0, cores 0...65536)"
                return .fail(
                    .protocolFailure(agent: endpoint.name, address: endpoint.address, detail: text),
                    reply: .error(.init(kind: .malformedFrame, message: text, fault: .server)))
            }
            self.hello = hello
            do {
                let response = try ChallengeResponse.response(challenge: hello.challenge, token: token)
                return .send(.auth(.init(coordinatorName: coordinatorName, response: response)))
            } catch {
                return .fail(.protocolFailure(agent: endpoint.name, address: endpoint.address, detail: error.description), reply: nil)
            }
        case .authOk where hello != nil && !authenticated:
            authenticated = true
            return nextPing(nowMicros: nowMicros)
        case .pong(let pong) where authenticated:
            // The agent echoes our ping; anything else is a lie about timing.
            guard pong.sentMicros == pingSentMicros, pong.seq == UInt64(samples.count + 1) else {
                let text = "pong does not echo the ping (seq \(pong.seq), sent_micros \(pong.sentMicros))"
                return .fail(
                    .protocolFailure(agent: endpoint.name, address: endpoint.address, detail: text),
                    reply: .error(.init(kind: .unexpectedMessage, message: text, fault: .server)))
            }
            samples.append(.init(sentMicros: pong.sentMicros, agentMicros: pong.agentMicros, receivedMicros: nowMicros))
            if samples.count < AgentClient.clockSyncRounds { return nextPing(nowMicros: nowMicros) }
            guard let hello, let estimate = ClockOffsetEstimator.estimate(samples) else {
                return .fail(.protocolFailure(agent: endpoint.name, address: endpoint.address, detail: "clock sync failed (no valid round trip, or a clock offset beyond a day)"), reply: nil)
            }
            isComplete = true
            return .connected(hello, estimate)
        case .error(let error):
            return .fail(.refused(agent: endpoint.name, address: endpoint.address, error: error), reply: nil)
        default:
            let text = "unexpected '\(message.kind.rawValue)' during the handshake"
            return .fail(
                .protocolFailure(agent: endpoint.name, address: endpoint.address, detail: text),
                reply: .error(.init(kind: .unexpectedMessage, message: text, fault: .server)))
        }
    }

    private mutating func nextPing(nowMicros: Int64) -> Step {
        pingSentMicros = nowMicros
        return .send(.ping(.init(seq: UInt64(samples.count + 1), sentMicros: nowMicros)))
    }
}
