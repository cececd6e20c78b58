import BarrageCore
import BarrageEngine
import BarrageWire
import NIOCore

/// One coordinator connection: handshake, then prepare/start/stop of runs, samples each second,
/// and the dead-man switch that stops load when the coordinator goes silent or away.
///
/// Everything the coordinator sends is checked before use (``BarrageCore/RunSpec/validate()``,
/// the allow-list by curl's own URL parser, then again per connection): a token holder may be
/// hostile, and this process fires HTTP at whatever it is told.
///
/// An actor: the reader task (messages in) and the ticker task (samples out, timeouts) both act
/// on it, so its phase changes one step at a time.
actor AgentSession {
    enum Phase {
        case awaitingAuth(challenge: String)
        case idle
        /// Prepared, waiting for the `data_chunk`s of its data sets (kept in ``receivedData``).
        case receivingData(runId: String, spec: RunSpec)
        case prepared(runId: String, engine: Engine)
        case running(runId: String, engine: Engine)
        case closing
    }

    private let configuration: AgentConfiguration
    private let slot: RunSlot
    private let gate: ConnectionGate
    /// This connection's id: the run slot belongs to it.
    private let id: UInt64
    private let frameLimit: FrameLimit
    private var countedByGate = true
    private let outbound: NIOAsyncChannelOutboundWriter<Message>
    private let peer: String
    private let clock = ContinuousClock()
    private var phase: Phase
    private var lastHeard: ContinuousClock.Instant
    private let openedAt: ContinuousClock.Instant
    private var connectionOpen = true
    /// The data sets' rows while `receivingData`: a property of its own, changed in place, so a
    /// chunk never copies the tables received so far.
    private var receivedData: [DataTable] = []

    // The current run's sampling state.
    private var sampler = ProcSampler()
    private var pending = EngineInterval()
    private var sampleSeq: UInt64 = 0
    private var nextSampleAt: ContinuousClock.Instant
    private var intervalStartWallMicros: Int64 = 0
    private var startedSent = false
    private var doneReason: Message.Done.Reason = .completed

    init(
        configuration: AgentConfiguration, slot: RunSlot, gate: ConnectionGate, id: UInt64, frameLimit: FrameLimit,
        outbound: NIOAsyncChannelOutboundWriter<Message>, peer: String
    ) {
        self.configuration = configuration
        self.slot = slot
        self.gate = gate
        self.id = id
        self.frameLimit = frameLimit
        self.outbound = outbound
        self.peer = peer
        self.phase = .awaitingAuth(challenge: ChallengeResponse.makeChallenge())
        self.lastHeard = clock.now
        self.openedAt = clock.now
        self.nextSampleAt = clock.now
    }

    /// Serves one connection to its end.
    /// - Returns: whether the peer authenticated (join mode backs off from peers that never do).
    @discardableResult
    static func serve(
        _ connection: WireChannel.Connection, id: UInt64, configuration: AgentConfiguration, slot: RunSlot, gate: ConnectionGate
    ) async -> Bool {
        let peer = connection.peer
        do {
            return try await connection.channel.executeThenClose { inbound, outbound in
                let session = AgentSession(
                    configuration: configuration, slot: slot, gate: gate, id: id, frameLimit: connection.frameLimit,
                    outbound: outbound, peer: peer)
                defer { Task { await session.leaveGate() } }
                await session.sendHello()
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await message in inbound {
                                guard await session.handle(message) else { break }
                            }
                            await session.connectionEnded(error: nil)
                        } catch {
                            await session.connectionEnded(error: error)
                        }
                    }
                    group.addTask {
                        while await session.tick() {
                            try? await Task.sleep(for: .milliseconds(50))
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

    /// The connection no longer counts as unauthenticated (it authenticated, or it ended).
    private func leaveGate() {
        guard countedByGate else { return }
        countedByGate = false
        gate.leave()
    }

    // MARK: Messages in

    func sendHello() async {
        guard case .awaitingAuth(let challenge) = phase else { return }
        let hello = Message.Hello(
            agentName: configuration.name, challenge: challenge, maxVUs: configuration.maxVUs,
            cores: System.coreCount, busyRunId: slot.current)
        await send(.hello(hello))
    }

    /// Handles one message; false ends the connection.
    func handle(_ message: Message) async -> Bool {
        lastHeard = clock.now
        switch (phase, message) {
        case (.awaitingAuth(let challenge), .auth(let auth)):
            guard auth.version == ProtocolVersion.current else {
                return await fail(.versionMismatch, "agent speaks protocol version \(ProtocolVersion.current), coordinator \(auth.version)", fault: .client)
            }
            guard ChallengeResponse.verify(response: auth.response, challenge: challenge, token: configuration.token) else {
                logError("\(peer): authentication failed (wrong token)")
                return await fail(.authFailed, "authentication failed: the coordinator's token does not match this agent's", fault: .client)
            }
            logInfo("\(peer): coordinator '\(auth.coordinatorName)' authenticated")
            phase = .idle
            leaveGate()
            // Trusted now: samples-sized frames (and a scenario's prepare) are allowed.
            frameLimit.set(ProtocolLimits.defaultMaxFrameBytes)
            await send(.authOk(.init()))
            return true
        case (.awaitingAuth, _):
            return await fail(.unexpectedMessage, "expected 'auth' first, got '\(message.kind.rawValue)'", fault: .client)
        case (_, .ping(let ping)):
            await send(.pong(.init(seq: ping.seq, sentMicros: ping.sentMicros, agentMicros: WallClock.nowMicros())))
            return true
        case (.idle, .prepare(let prepare)):
            return await prepareRun(prepare)
        case (.receivingData(let runId, let spec), .dataChunk(let chunk)) where chunk.runId == runId:
            if let problem = Self.absorb(chunk, into: &receivedData, spec: spec, limit: configuration.maxDataBytes) {
                receivedData = []
                phase = .idle
                slot.release(owner: id)
                return await fail(.badSpec, "data_chunk: \(problem)", fault: .client)
            }
            if zip(receivedData, spec.session?.data ?? []).allSatisfy({ $0.rowCount == $1.rows }) {
                let data = receivedData
                receivedData = []
                phase = .idle
                await finishPrepare(runId: runId, spec: spec, data: data)
            }
            return true
        case (.receivingData(let runId, _), .stop(let stop)) where stop.runId == runId:
            receivedData = []
            slot.release(owner: id)
            phase = .idle
            await send(.done(.init(runId: runId, reason: .stopped, samplesSent: 0)))
            return true
        case (.prepared(let runId, let engine), .start(let start)) where start.runId == runId:
            do { try start.validate(nowMicros: WallClock.nowMicros()) } catch {
                await refuse(.badSpec, error.description)
                return true
            }
            startRun(runId: runId, engine: engine, startAtWallMicros: start.startAtMicros)
            return true
        case (.prepared(let runId, _), .stop(let stop)) where stop.runId == runId:
            // Dropping the engine here closes every descriptor it opened (its loops never started).
            slot.release(owner: id)
            phase = .idle
            await send(.done(.init(runId: runId, reason: .stopped, samplesSent: 0)))
            return true
        case (.running, .stop(let stop)):
            do { try stop.validate() } catch {
                await refuse(.badSpec, error.description)
                return true
            }
            return await stopRun(stop)
        case (.prepared, .prepare), (.running, .prepare), (.receivingData, .prepare):
            await send(.error(.init(kind: .busy, message: "this connection already has a run prepared", fault: .client)))
            return true
        default:
            return await fail(.unexpectedMessage, "'\(message.kind.rawValue)' is not expected now", fault: .client)
        }
    }

    private func stopRun(_ stop: Message.Stop) async -> Bool {
        switch phase {
        case .running(let runId, let engine) where stop.runId == runId:
            logInfo("run \(runId): stop requested (graceful \(DurationFormatter.format(.microseconds(stop.gracefulStopMicros))))")
            doneReason = .stopped
            engine.stop(gracefulMicros: stop.gracefulStopMicros)
            return true
        default:
            return await fail(.unexpectedMessage, "'stop' for another run is not expected now", fault: .client)
        }
    }

    /// An `error` that keeps the connection (a refused `prepare`, `start` or `stop`).
    private func refuse(_ kind: ProtocolErrorMessage.Kind, _ text: String) async {
        logError("\(peer): refused: \(text)")
        await send(.error(.init(kind: kind, message: text, fault: .client)))
    }

    private func prepareRun(_ prepare: Message.Prepare) async -> Bool {
        do { try prepare.validate() } catch {
            await refuse(.badSpec, error.description)
            return true
        }
        var spec = prepare.spec
        // `${agent}` is this agent's place in the coordinator's list.
        var session = spec.session ?? SessionSpec()
        session.agentIndex = prepare.agentIndex
        spec.session = session
        // Every request's host must be allowed, not just the main URL's, decided by curl's parser
        // (templates never touch scheme, host or port; the rest is checked again per connection).
        for url in [spec.url] + (spec.requests ?? []).map(\.url) {
            let target: (host: String, port: Int)
            do { target = try CurlURL.hostAndPort(of: Template.withPlaceholders(url)) } catch {
                await refuse(.badSpec, error.description)
                return true
            }
            guard configuration.allowList.allows(host: target.host, port: target.port) else {
                let allowed = configuration.allowList.entries.map(\.description).joined(separator: ", ")
                await refuse(.targetNotAllowed, "target '\(target.host):\(target.port)' is not allowed on this agent (allowed: \(allowed))")
                return true
            }
        }
        let vus = spec.executorPlan.maxVUs
        guard vus <= configuration.maxVUs else {
            await refuse(.tooManyVUs, "\(vus) VUs asked, this agent's --max-vus is \(configuration.maxVUs)")
            return true
        }
        guard slot.acquire(prepare.runId, owner: id) else {
            await send(.error(.init(kind: .busy, message: "this agent is running another test (\(slot.current ?? "?"))", fault: .client)))
            return true
        }
        let sets = spec.session?.data ?? []
        if sets.contains(where: { $0.rows > 0 }) {
            let declared = sets.reduce(0) { $0.addingSaturating(($1.bytes ?? 0).addingSaturating(4.multipliedSaturating($1.rows))) }
            guard declared <= configuration.maxDataBytes else {
                slot.release(owner: id)
                await refuse(.badSpec, "the data sets need \(declared) bytes, this agent accepts \(configuration.maxDataBytes)")
                return true
            }
            // Reserved once, within the limit just checked: the tables never grow by doubling.
            let tables = sets.map { set in
                var table = DataTable(columns: set.columns)
                table.reserve(rows: set.rows, bytes: set.bytes ?? 0)
                return table
            }
            receivedData = tables
            phase = .receivingData(runId: prepare.runId, spec: spec)
            lastHeard = clock.now
            logInfo("run \(prepare.runId): waiting for \(sets.map(\.rows).reduce(0, +)) data rows")
        } else {
            await finishPrepare(runId: prepare.runId, spec: spec, data: sets.map { DataTable(columns: $0.columns) })
        }
        return true
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

    /// Builds the engine (the VUs and their handles) and answers `ready`, or `bad_spec`.
    private func finishPrepare(runId: String, spec: RunSpec, data: [DataTable]) async {
        do {
            let engine = try Engine(spec: spec, data: data, connectPolicy: connectPolicy(runId: runId))
            phase = .prepared(runId: runId, engine: engine)
            lastHeard = clock.now
            logInfo("run \(runId): prepared \(spec.executorPlan.maxVUs) VUs (\(spec.executorPlan.config.name)) against \(spec.url)")
            await send(.ready(.init(runId: runId)))
        } catch {
            slot.release(owner: id)
            phase = .idle
            await refuse(.badSpec, error.description)
        }
    }

    /// Appends a chunk's rows to its set; the problem, if the chunk does not fit what `prepare`
    /// declared (set, order, row count, columns) or the agent's data limit.
    static func absorb(_ chunk: Message.DataChunk, into data: inout [DataTable], spec: RunSpec, limit: Int) -> String? {
        let sets = spec.session?.data ?? []
        guard let index = sets.firstIndex(where: { $0.name == chunk.set }), index < data.count else {
            return "unknown data set '\(chunk.set)'"
        }
        guard chunk.firstRow == data[index].rowCount else {
            return "set '\(chunk.set)': expected first_row \(data[index].rowCount), got \(chunk.firstRow)"
        }
        guard chunk.rows.count <= sets[index].rows - data[index].rowCount else {
            return "set '\(chunk.set)': more rows than the \(sets[index].rows) declared"
        }
        let total = data.reduce(0) { $0 + $1.byteCount }
        let adding = chunk.rows.reduce(0) { sum, row in row.reduce(sum + 4) { $0 + $1.utf8.count + 1 } }
        guard total + adding <= limit else { return "the data sets exceed this agent's limit of \(limit) bytes" }
        for row in chunk.rows {
            do {
                try data[index].append(row)
            } catch {
                return "set '\(chunk.set)': \(error.description)"
            }
        }
        return nil
    }

    private func startRun(runId: String, engine: Engine, startAtWallMicros: Int64) {
        let delay = max(startAtWallMicros.subtractingSaturating(WallClock.nowMicros()), 0)
        engine.start(delayMicros: delay)
        phase = .running(runId: runId, engine: engine)
        sampler = ProcSampler()
        _ = sampler.sample(nowMicros: WallClock.nowMicros())
        pending = EngineInterval()
        sampleSeq = 0
        startedSent = false
        doneReason = .completed
        intervalStartWallMicros = startAtWallMicros
        nextSampleAt = clock.now + .microseconds(delay) + .seconds(1) + Self.sampleLagAfterLoopTick
        logInfo("run \(runId): starting in \(DurationFormatter.format(.microseconds(delay)))")
    }

    // MARK: Time passing

    /// Sends samples, notices the end of a run and enforces timeouts; false once the session is over.
    func tick() async -> Bool {
        let now = clock.now
        switch phase {
        case .awaitingAuth:
            if now - openedAt > configuration.authTimeout {
                _ = await fail(.authFailed, "no 'auth' within \(configuration.authTimeout)", fault: .client)
                return false
            }
        case .running(let runId, let engine):
            if connectionOpen, doneReason != .coordinatorLost, now - lastHeard > configuration.coordinatorTimeout {
                // Stop the load, but keep writing: a stalled (not dead) coordinator reads the
                // final samples and `done` from its socket buffer once it runs again.
                logError("run \(runId): nothing heard from the coordinator for \(configuration.coordinatorTimeout); stopping load")
                doneReason = .coordinatorLost
                engine.stop(gracefulMicros: 0)
            }
            let interval = engine.collect()
            merge(interval)
            if !startedSent, let started = pending.startedAtWallMicros, connectionOpen {
                startedSent = true
                await send(.started(.init(runId: runId, startedAtMicros: started)))
            }
            if interval.finished {
                await sendSample(runId: runId)
                await send(.done(.init(runId: runId, reason: doneReason, samplesSent: sampleSeq)))
                logInfo("run \(runId): done (\(doneReason.rawValue)), \(sampleSeq) samples")
                slot.release(owner: id)
                phase = connectionOpen && doneReason != .coordinatorLost ? .idle : .closing
            } else if now >= nextSampleAt {
                // The loops' tick this sample waited for ended exactly one second after the last.
                await sendSample(runId: runId, intervalEndWallMicros: intervalStartWallMicros + 1_000_000)
                nextSampleAt = nextSampleAt + .seconds(1)
            }
        case .prepared(let runId, _), .receivingData(let runId, _):
            if !connectionOpen || now - lastHeard > configuration.coordinatorTimeout {
                logError("run \(runId): nothing heard from the coordinator for \(configuration.coordinatorTimeout); dropping the prepared run")
                receivedData = []
                slot.release(owner: id)
                phase = .closing
            }
        case .idle:
            if !connectionOpen || now - lastHeard > configuration.idleTimeout {
                if connectionOpen { logInfo("\(peer): idle for \(configuration.idleTimeout); closing") }
                phase = .closing
            }
        case .closing:
            break
        }
        if case .closing = phase { return false }
        return true
    }

    /// The connection closed or failed: stop any load now (the dead-man switch) and finish.
    func connectionEnded(error: (any Error)?) async {
        if let error = error as? ProtocolError {
            logError("\(peer): \(error.description); closing the connection")
            await send(.error(error.errorMessage(blaming: .client)))
        } else if let error {
            logError("\(peer): connection failed: \(ControlChannelError.explain(error))")
        }
        connectionOpen = false
        switch phase {
        case .running(let runId, let engine):
            logError("run \(runId): coordinator connection lost; stopping load")
            doneReason = .coordinatorLost
            engine.stop(gracefulMicros: 0)
        case .prepared, .receivingData:
            receivedData = []
            slot.release(owner: id)
            phase = .closing
        default:
            phase = .closing
        }
    }

    // MARK: Messages out

    private func merge(_ interval: EngineInterval) {
        pending.metrics.merge(interval.metrics)
        pending.maxLagMicros = max(pending.maxLagMicros, interval.maxLagMicros)
        pending.activeVUs = interval.activeVUs
        pending.allocatedVUs = interval.allocatedVUs
        if pending.startedAtWallMicros == nil { pending.startedAtWallMicros = interval.startedAtWallMicros }
    }

    /// Event loops hand out their metrics once a second, counted from the start instant; sampling
    /// a little after each of those ticks puts exactly one tick in each sample, so per-second series
    /// do not alternate between two ticks and none when the two clocks drift by a millisecond.
    static let sampleLagAfterLoopTick: Duration = .milliseconds(150)

    /// Sends what was collected since the last sample, as the interval up to `intervalEndWallMicros`
    /// (default: now, for the last sample).
    private func sendSample(runId: String, intervalEndWallMicros: Int64? = nil) async {
        let nowWall = WallClock.nowMicros()
        let end = min(intervalEndWallMicros ?? nowWall, nowWall)
        let reading = sampler.sample(nowMicros: nowWall)
        sampleSeq += 1
        var sample = Message.Sample(
            runId: runId, seq: sampleSeq, intervalStartMicros: intervalStartWallMicros,
            intervalMicros: max(end - intervalStartWallMicros, 1), counters: pending.metrics.counters,
            histograms: SampleHistograms.encode(pending.metrics),
            activeVUs: pending.activeVUs, processCPUPercent: reading.processCPUPercent,
            hostCPUPercent: reading.hostCPUPercent, netRxBytes: reading.netRxBytes, netTxBytes: reading.netTxBytes,
            loopLagMicros: pending.maxLagMicros)
        sample.series = SampleHistograms.encodeSeries(pending.metrics)
        sample.vusMax = pending.allocatedVUs > 0 ? pending.allocatedVUs : nil
        sample.checks = pending.metrics.checks.isEmpty ? nil : pending.metrics.checks
        intervalStartWallMicros = end
        let started = pending.startedAtWallMicros
        pending = EngineInterval()
        pending.startedAtWallMicros = started
        if connectionOpen { await send(.sample(sample)) }
    }

    private func fail(_ kind: ProtocolErrorMessage.Kind, _ text: String, fault: ProtocolErrorMessage.Fault) async -> Bool {
        await send(.error(.init(kind: kind, message: text, fault: fault)))
        connectionOpen = false
        if case .running(_, let engine) = phase { engine.stop(gracefulMicros: 0) } else { phase = .closing }
        return false
    }

    private func logInfo(_ text: String) { if configuration.logging { AgentLog.info(text) } }
    private func logError(_ text: String) { if configuration.logging { AgentLog.error(text) } }

    private func send(_ message: Message) async {
        do {
            try await outbound.write(message)
        } catch {
            connectionOpen = false
        }
    }
}
