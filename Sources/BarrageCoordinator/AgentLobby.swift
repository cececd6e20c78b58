import BarrageCore
import BarrageWire
import Synchronization

/// Where joining agents (`coord agent --join`) arrive: `coord run --listen-agents ADDR
/// --expect-agents N` waits here until N have authenticated, then runs on them as on dialed ones.
///
/// Each accepted connection gets the same handshake as a dialed agent (TLS-PSK, `auth`, clock
/// sync) before it counts: an agent with another token fails TLS, is reported and never appears in
/// a plan. Agents that join once the run has its agents are told to join again for the next run;
/// once that run ends the lobby admits them again (``detach()``).
/// Anyone can connect, so at most ``BarrageCore/ProtocolLimits/maxJoiningConnections`` connections
/// may be in their handshake at once (more are closed at once) and each has
/// ``BarrageCore/ProtocolLimits/handshakeTimeoutMicros`` to finish it.
public final class AgentLobby: Sendable {
    /// One agent that joined and authenticated.
    public struct Member: Sendable {
        public let endpoint: AgentEndpoint
        public let hello: Message.Hello
        public let clock: ClockOffsetEstimator.Estimate
        let commands: AsyncStream<AgentCommand>.Continuation
        let lobbyIndex: Int
    }

    private struct State {
        var pending: [Int: (endpoint: AgentEndpoint, commands: AsyncStream<AgentCommand>.Continuation)] = [:]
        var joined: [Member] = []
        /// Set once a run took its agents: lobby index -> run index, and where its events go.
        var run: (indexes: [Int: Int], sink: AsyncStream<AgentEvent>.Continuation)?
        var nextIndex = 0
        var names: Set<String> = []
        /// Connections that ended before their handshake finished, for the log's rate limit.
        var failedHandshakes = 0
    }

    private let server: WireChannel.Server
    /// The loop every joined connection, the lobby's tasks and the run on its agents use, so a
    /// frame reaches the run without a thread switch (``EventLoopTaskExecutor``).
    let executor: EventLoopTaskExecutor
    private let token: String
    private let coordinatorName: String
    private let state = Mutex(State())
    private let log: @Sendable (String) -> Void
    private let events: AsyncStream<AgentEvent>
    private let eventSink: AsyncStream<AgentEvent>.Continuation
    private let tasks = Mutex<[Task<Void, Never>]>([])
    /// Bounds the connections still in their handshake, as the agent's listener does.
    private let gate = ConnectionGate(limit: ProtocolLimits.maxJoiningConnections)

    /// The port joining agents dial (useful with port 0).
    public var port: Int { WireChannel.port(of: server) ?? 0 }

    private init(
        server: WireChannel.Server, executor: EventLoopTaskExecutor, token: String, coordinatorName: String,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.server = server
        self.executor = executor
        self.token = token
        self.coordinatorName = coordinatorName
        self.log = log
        (events, eventSink) = AsyncStream.makeStream(of: AgentEvent.self)
    }

    /// Listens on `host:port` and starts admitting agents.
    /// - Parameter log: one line per agent that joins, is refused or leaves.
    public static func open(
        host: String, port: Int, token: String, coordinatorName: String, log: @escaping @Sendable (String) -> Void
    ) async throws -> AgentLobby {
        let tls = try ControlChannelTLS(token: token)
        let executor = EventLoopTaskExecutor.next()
        let server = try await WireChannel.bindForJoiningAgents(host: host, port: port, tls: tls, group: executor.eventLoop)
        let lobby = AgentLobby(server: server, executor: executor, token: token, coordinatorName: coordinatorName, log: log)
        lobby.start()
        return lobby
    }

    private func start() {
        let accepting = Task(executorPreference: executor) { [self] in
            do {
                try await server.executeThenClose { connections in
                    await withDiscardingTaskGroup { group in
                        do {
                            for try await connection in connections {
                                guard let admission = ConnectionGate.Admission(gate) else {
                                    refuse(connection, group: &group)
                                    continue
                                }
                                let (index, endpoint, commands, stream) = admit(connection)
                                group.addTask { [self] in
                                    await AgentClient.serve(
                                        index: index, connection: connection, endpoint: endpoint, token: token,
                                        coordinatorName: coordinatorName, commands: stream, events: eventSink,
                                        onConnected: admission.leave)
                                    admission.leave()
                                    _ = commands
                                }
                            }
                        } catch {}
                    }
                }
            } catch {}
        }
        let routing = Task(executorPreference: executor) { [self] in
            for await event in events { route(event) }
        }
        tasks.withLock { $0 = [accepting, routing] }
    }

    /// Closes a connection the gate has no room for, before any TLS byte: one line per 100.
    private func refuse(_ connection: WireChannel.Connection, group: inout DiscardingTaskGroup) {
        if gate.countRefusal() % 100 == 1 {
            log("refused a connection from \(connection.peer): \(gate.limit) are already joining (\(gate.refusals) refused so far)")
        }
        group.addTask {
            // Closing through the async channel finishes its writer (NIO requires it).
            do { try await connection.channel.executeThenClose { _, _ in } } catch {}
        }
    }

    private func admit(_ connection: WireChannel.Connection) -> (Int, AgentEndpoint, AsyncStream<AgentCommand>.Continuation, AsyncStream<AgentCommand>) {
        let (stream, commands) = AsyncStream.makeStream(of: AgentCommand.self)
        let address = connection.channel.channel.remoteAddress
        let endpoint = AgentEndpoint(name: "joining", host: address?.ipAddress ?? "?", port: address?.port ?? 0)
        let index = state.withLock { state in
            defer { state.nextIndex += 1 }
            state.pending[state.nextIndex] = (endpoint, commands)
            return state.nextIndex
        }
        return (index, endpoint, commands, stream)
    }

    /// Handshake results go to the lobby; once a run has its agents, their events go to the run.
    private func route(_ event: AgentEvent) {
        switch event {
        case .connected(let index, let hello, let clock):
            let refused: AsyncStream<AgentCommand>.Continuation? = state.withLock { state in
                guard let pending = state.pending.removeValue(forKey: index) else { return nil }
                if state.run != nil { return pending.commands }
                let name = Self.uniqueName(hello.agentName, taken: &state.names)
                var endpoint = pending.endpoint
                endpoint.name = name
                state.joined.append(Member(endpoint: endpoint, hello: hello, clock: clock, commands: pending.commands, lobbyIndex: index))
                log("agent \(name) joined from \(endpoint.address) (\(hello.cores) cores, protocol v\(hello.version))")
                return nil
            }
            if let refused {
                log("agent \(PeerText.escape(hello.agentName, limit: 64)) joined during the run; told to join again for the next one")
                refused.yield(.send(.error(.init(kind: .busy, message: "this coordinator is running a test; join again for the next run", fault: .server))))
                refused.yield(.close)
                refused.finish()
            }
        case .closed(let index, let detail, _) where isPending(index):
            let removed = state.withLock { state -> (Int, AsyncStream<AgentCommand>.Continuation, String)? in
                guard let pending = state.pending.removeValue(forKey: index) else { return nil }
                state.failedHandshakes += 1
                return (state.failedHandshakes, pending.commands, pending.endpoint.address)
            }
            if let (count, commands, address) = removed {
                // The first few each get a line (an agent with another token); a flood, one per 100.
                if count <= 10 || count.isMultiple(of: 100) {
                    log("refused a joining agent from \(address): \(PeerText.escape(detail))\(count > 10 ? " (\(count) refused so far)" : "")")
                }
                commands.finish()
            }
        default:
            forwardToRun(event)
        }
    }

    private func isPending(_ index: Int) -> Bool { state.withLock { $0.pending[index] != nil } }

    private func forwardToRun(_ event: AgentEvent) {
        let target: (Int, AsyncStream<AgentEvent>.Continuation)? = state.withLock { state in
            guard let run = state.run, let lobbyIndex = event.agentIndex, let runIndex = run.indexes[lobbyIndex] else { return nil }
            return (runIndex, run.sink)
        }
        guard let (runIndex, sink) = target else {
            if case .closed(let index, _, _) = event {
                state.withLock { state in
                    if let position = state.joined.firstIndex(where: { $0.lobbyIndex == index }) {
                        let member = state.joined.remove(at: position)
                        state.names.remove(member.endpoint.name)
                        log("agent \(member.endpoint.name) left before the run")
                    }
                }
            }
            return
        }
        sink.yield(event.reindexed(runIndex))
    }

    /// Waits until `count` agents have joined, or fails at `timeout` naming how many are missing.
    public func waitForAgents(count: Int, timeout: Duration) async throws(CoordinatorError) -> [Member] {
        let deadline = ContinuousClock.now + timeout
        let count = max(count, 1)  // `prefix` traps on a negative count
        while true {
            let joined = state.withLock { $0.joined }
            if joined.count >= count { return Array(joined.prefix(count)) }
            guard ContinuousClock.now < deadline else {
                throw .agentsTimeout(expected: count, joined: joined.map(\.endpoint.name), timeout: timeout)
            }
            do { try await Task.sleep(for: .milliseconds(100)) } catch { throw .interrupted }
        }
    }

    /// Hands `members` to a run: their events go to `sink` under the run's indexes; anyone who
    /// joins from now on is told to come back for the next run.
    func attach(_ members: [(member: Member, runIndex: Int)], sink: AsyncStream<AgentEvent>.Continuation) {
        state.withLock { state in
            state.run = (Dictionary(uniqueKeysWithValues: members.map { ($0.member.lobbyIndex, $0.runIndex) }), sink)
            // Joined agents beyond those the run takes wait for the next run too: they leave the
            // lobby now, so a later run never picks a connection that is closing.
            let taken = Set(members.map(\.member.lobbyIndex))
            for extra in state.joined where !taken.contains(extra.lobbyIndex) {
                extra.commands.yield(.send(.error(.init(kind: .busy, message: "this run has its agents; join again for the next run", fault: .server))))
                extra.commands.yield(.close)
                state.names.remove(extra.endpoint.name)
            }
            state.joined.removeAll { !taken.contains($0.lobbyIndex) }
        }
    }

    /// The run on the attached agents ended and closed their connections: they leave the lobby
    /// (keeping their names free), and agents that join from now on, as they do after a run, wait
    /// for the next one (`coord capacity` runs one per step).
    func detach() {
        state.withLock { state in
            guard let run = state.run else { return }
            for member in state.joined where run.indexes[member.lobbyIndex] != nil { state.names.remove(member.endpoint.name) }
            state.joined.removeAll { run.indexes[$0.lobbyIndex] != nil }
            state.run = nil
        }
    }

    /// Stops listening and closes every connection.
    public func close() {
        for task in tasks.withLock({ $0 }) { task.cancel() }
        server.channel.close(promise: nil)
        eventSink.finish()
    }

    /// A name for the summary from what the agent calls itself: letters, digits, `.`, `_`, `-`,
    /// at most 32, made unique with `-2`, `-3`, ...
    static func uniqueName(_ proposed: String, taken: inout Set<String>) -> String {
        var base = String(proposed.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }.prefix(32).map(Character.init))
        if base.isEmpty { base = "agent" }
        var name = base
        var suffix = 2
        while taken.contains(name) {
            name = "\(base)-\(suffix)"
            suffix += 1
        }
        taken.insert(name)
        return name
    }
}

extension AgentEvent {
    var agentIndex: Int? {
        switch self {
        case .connected(let index, _, _), .message(let index, _), .closed(let index, _, _): return index
        case .tick, .interrupt: return nil
        }
    }

    func reindexed(_ index: Int) -> AgentEvent {
        switch self {
        case .connected(_, let hello, let clock): return .connected(index: index, hello: hello, clock: clock)
        case .message(_, let message): return .message(index: index, message)
        case .closed(_, let detail, let error): return .closed(index: index, detail: detail, error: error)
        case .tick, .interrupt: return self
        }
    }
}
