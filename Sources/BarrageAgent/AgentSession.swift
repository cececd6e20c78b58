import BarrageCore
import BarrageEngine
import BarrageWire
import NIOCore

/// One coordinator connection: the shell around ``AgentRunMachine`` that reads the clocks,
/// performs its actions (writes, the engine, the run slot, the log) and feeds it their answers.
///
/// An actor: the reader task (messages in) and the ticker task (samples out, timeouts) both act
/// on it, so the machine sees one event at a time.
actor AgentSession {
    private let configuration: AgentConfiguration
    private let slot: RunSlot
    private let gate: ConnectionGate
    /// This connection's id: the run slot belongs to it.
    private let id: UInt64
    private let frameLimit: FrameLimit
    private var countedByGate = true
    private let outbound: NIOAsyncChannelOutboundWriter<Message>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private var machine: AgentRunMachine
    private var engine: Engine?
    private var sampler = ProcSampler()
    private let onAuthenticated: @Sendable () -> Void

    init(
        configuration: AgentConfiguration, slot: RunSlot, gate: ConnectionGate, id: UInt64, frameLimit: FrameLimit,
        outbound: NIOAsyncChannelOutboundWriter<Message>, peer: String, onAuthenticated: @escaping @Sendable () -> Void
    ) {
        self.onAuthenticated = onAuthenticated
        self.configuration = configuration
        self.slot = slot
        self.gate = gate
        self.id = id
        self.frameLimit = frameLimit
        self.outbound = outbound
        origin = clock.now
        machine = AgentRunMachine(
            configuration: configuration, peer: peer, challenge: ChallengeResponse.makeChallenge(),
            now: .init(monotonic: .zero, wallMicros: WallClock.nowMicros()))
    }

    /// Serves one connection to its end.
    /// - Parameter onAuthenticated: called once the peer has proved the token.
    /// - Returns: whether the peer authenticated (join mode backs off from peers that never do).
    @discardableResult
    static func serve(
        _ connection: WireChannel.Connection, id: UInt64, configuration: AgentConfiguration, slot: RunSlot, gate: ConnectionGate,
        onAuthenticated: @escaping @Sendable () -> Void = {}
    ) async -> Bool {
        let peer = connection.peer
        do {
            return try await connection.channel.executeThenClose { inbound, outbound in
                let session = AgentSession(
                    configuration: configuration, slot: slot, gate: gate, id: id, frameLimit: connection.frameLimit,
                    outbound: outbound, peer: peer, onAuthenticated: onAuthenticated)
                defer { Task { await session.finish() } }
                await session.receive(.opened(cores: System.coreCount, busyRunId: slot.current))
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await message in inbound {
                                guard await session.handle(message) else { break }
                            }
                            await session.receive(.connectionEnded(.closed))
                        } catch let error as ProtocolError {
                            await session.receive(.connectionEnded(.protocolError(error)))
                        } catch {
                            await session.receive(.connectionEnded(.failed(ControlChannelError.explain(error))))
                        }
                    }
                    let loop = connection.channel.channel.eventLoop
                    group.addTask {
                        while await session.tick() {
                            // Not `Task.sleep`: once the reader ends, the group is cancelled and a
                            // cancelled sleep returns at once, which spun this loop at 100% CPU while
                            // the engine stopped. The session ticks on until the machine is over.
                            do { try await loop.scheduleTask(in: .milliseconds(50)) {}.futureResult.get() } catch { return }
                        }
                    }
                    // The ticker ends the session: once it returns, stop reading and close.
                    _ = await group.next()
                    group.cancelAll()
                }
                return await session.authenticated
            }
        } catch {
            if configuration.logging { AgentLog.error("connection from \(peer): \(ControlChannelError.explain(error))") }
            return false
        }
    }

    /// Whether this connection's peer proved the token.
    private var authenticated: Bool { !countedByGate }

    /// Handles one message; false stops reading.
    private func handle(_ message: Message) async -> Bool {
        await receive(.message(message))
        return machine.keepsReading
    }

    /// One step of time: false once the session is over.
    private func tick() async -> Bool {
        await receive(.tick(engine: engine?.poll()))
        return !machine.isOver
    }

    /// The session ended: it no longer counts as unauthenticated, and holds no engine or run slot.
    private func finish() {
        leaveGate()
        // Only a session that ended abnormally still has one; its load must not outlive it.
        engine?.stop(gracefulMicros: 0)
        engine = nil
        slot.release(owner: id)
    }

    /// The connection no longer counts as unauthenticated (it authenticated, or it ended).
    private func leaveGate() {
        guard countedByGate else { return }
        countedByGate = false
        gate.leave()
    }

    /// Feeds `event` to the machine and performs its actions; an answer to an action is fed at once.
    private func receive(_ event: AgentRunMachine.Event) async {
        let now = AgentRunMachine.Now(monotonic: clock.now - origin, wallMicros: WallClock.nowMicros())
        for action in machine.receive(event, now: now) {
            if let answer = await perform(action) { await receive(answer) }
        }
    }

    private func perform(_ action: AgentRunMachine.Action) async -> AgentRunMachine.Event? {
        switch action {
        case .send(let message):
            do { try await outbound.write(message) } catch { return .writeFailed }
        case .log(let level, let text):
            if configuration.logging { AgentLog.write(level, text) }
        case .authenticated:
            leaveGate()
            onAuthenticated()
            // Trusted now: samples-sized frames (and a scenario's prepare) are allowed.
            frameLimit.set(ProtocolLimits.defaultMaxFrameBytes)
        case .acquireSlot(let runId):
            let acquired = slot.acquire(runId, owner: id)
            return .slot(acquired: acquired, holder: acquired ? nil : slot.current)
        case .releaseSlot:
            slot.release(owner: id)
        case .buildEngine(let runId, let spec, let data):
            do {
                engine = try Engine(spec: spec, data: data, connectPolicy: connectPolicy(runId: runId))
                return .engineBuilt(error: nil)
            } catch {
                return .engineBuilt(error: error.description)
            }
        case .buildOnceEngine(let runId, let spec):
            do {
                engine = try Engine(spec: spec, connectPolicy: connectPolicy(runId: runId), capturesValues: true)
                return .engineBuilt(error: nil)
            } catch {
                return .engineBuilt(error: error.description)
            }
        case .startEngine(let delayMicros):
            sampler = ProcSampler()
            _ = sampler.sample(nowMicros: WallClock.nowMicros())
            engine?.start(delayMicros: delayMicros)
        case .stopEngine(let gracefulMicros):
            engine?.stop(gracefulMicros: gracefulMicros)
        case .dropEngine:
            engine = nil
        case .collect:
            guard let engine else { return nil }
            let interval = engine.collect()
            return .collected(interval, sampler.sample(nowMicros: WallClock.nowMicros()))
        }
        return nil
    }

    /// The allow-list for the engine's connections: address rules, and the addresses the allowed
    /// host names resolve to now (a later DNS answer pointing elsewhere is refused).
    private func connectPolicy(runId: String) -> ConnectPolicy? {
        let allowList = configuration.allowList
        guard !allowList.allowsAll else { return nil }
        var resolved: [String: [IPAddress]] = [:]
        for name in allowList.hostNames { resolved[name] = HostResolver.addresses(of: name) }
        let logging = configuration.logging
        return ConnectPolicy(rules: allowList.connectRules(resolved: resolved)) { address in
            if logging { AgentLog.warning("run \(runId): refused a connection to \(address): not in --allow-target") }
        }
    }
}
