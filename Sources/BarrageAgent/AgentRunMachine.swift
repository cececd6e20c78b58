import BarrageCore
import BarrageEngine
import BarrageWire

/// The decisions of one coordinator connection as a state machine: events (a message, a tick,
/// the answers to its own requests, the connection's end) and a reading of the clocks in,
/// actions out. ``AgentSession`` reads the clocks and performs the actions; nothing here does
/// I/O, so every timeout is tested with a fake clock.
///
/// A connection authenticates (`auth`), then runs one test at a time: `prepare` → `data_chunk`s →
/// `ready` → `start` → `started` and one `sample` a second → `stop` (or the plan's end) → a last
/// `sample` and `done`. The dead-man switch: once the coordinator is silent for longer than
/// ``AgentConfiguration/coordinatorTimeout``, or its connection is lost, the load stops at once;
/// the last samples and `done` are still written, as a stalled (not dead) coordinator reads them
/// from its socket buffer once it runs again.
///
/// Everything the coordinator sends is checked before use (``BarrageCore/RunSpec/validate()``,
/// the allow-list by curl's own URL parser, and again per connection by the engine): a token
/// holder may be hostile, and this process fires HTTP at whatever it is told.
struct AgentRunMachine {
    /// One reading of the agent's two clocks.
    struct Now: Sendable {
        /// Monotonic time since an arbitrary origin: timeouts and the sample schedule.
        var monotonic: Duration
        /// Wall clock, µs since the Unix epoch: the protocol's timestamps.
        var wallMicros: Int64
    }

    enum Event {
        /// The connection is open: say hello. `busyRunId` is the run slot's holder, if any.
        case opened(cores: Int, busyRunId: String?)
        case message(Message)
        /// Time passed (every 50 ms); `engine` is the engine's progress while one exists.
        case tick(engine: EngineProgress?)
        /// The answer to ``Action/acquireSlot(runId:)``; `holder` is the slot's run when refused.
        case slot(acquired: Bool, holder: String?)
        /// The answer to ``Action/buildEngine(runId:spec:data:)``: nil, or why it failed.
        case engineBuilt(error: String?)
        /// The answer to ``Action/collect``: the engine's interval and a CPU/network reading.
        case collected(EngineInterval, ProcSampler.Reading)
        /// A write failed: nothing more reaches the coordinator.
        case writeFailed
        case connectionEnded(ConnectionEnd)
    }

    /// How the connection ended.
    enum ConnectionEnd {
        /// The coordinator closed it (or the reader stopped after a failure here).
        case closed
        /// The coordinator sent a frame that is not the protocol: say so before closing.
        case protocolError(ProtocolError)
        /// Anything else (TLS, reset), explained.
        case failed(String)
    }

    enum Action {
        case send(Message)
        case log(AgentLog.Level, String)
        /// The peer proved the token: it leaves the unauthenticated gate and may send big frames.
        case authenticated
        /// Take the agent's run slot; answered at once by ``Event/slot(acquired:holder:)``.
        case acquireSlot(runId: String)
        case releaseSlot
        /// Build the engine (VUs and handles, no thread yet); answered at once by ``Event/engineBuilt(error:)``.
        case buildEngine(runId: String, spec: RunSpec, data: [DataTable])
        /// Build the engine of a setup or teardown (one VU, its extracted values handed out at
        /// the end); answered at once by ``Event/engineBuilt(error:)``.
        case buildOnceEngine(runId: String, spec: RunSpec)
        /// Start the loops (and the CPU sampler's first reading); VUs begin `delayMicros` from now.
        case startEngine(delayMicros: Int64)
        case stopEngine(gracefulMicros: Int64)
        /// Drop the engine: closes every descriptor it opened.
        case dropEngine
        /// Take the engine's interval; answered at once by ``Event/collected(_:_:)``.
        case collect
    }

    enum Phase: Equatable {
        case awaitingAuth(challenge: String)
        case idle
        /// A checked `prepare` waits for the run slot.
        case acquiringSlot(runId: String)
        /// Prepared, waiting for the `data_chunk`s of its data sets (kept in ``receivedData``).
        case receivingData(runId: String)
        /// The engine is being built.
        case building(runId: String)
        case prepared(runId: String)
        case running(runId: String)
        case closing
    }

    /// Event loops hand out their metrics once a second, counted from the start instant; sampling
    /// a little after each of those ticks puts exactly one tick in each sample, so per-second series
    /// do not alternate between two ticks and none when the two clocks drift by a millisecond.
    static let sampleLagAfterLoopTick: Duration = .milliseconds(150)

    let configuration: AgentConfiguration
    /// The peer's address, for log lines.
    let peer: String
    var phase: Phase
    /// The prepared run's spec (its data sets and plan), from `prepare` until `ready`.
    var spec: RunSpec?
    /// The data sets' rows while `receivingData`: a property of its own, changed in place, so a
    /// chunk never copies the tables received so far.
    var receivedData: [DataTable] = []
    /// Whether to go on reading messages (false after a failure here or the connection's end).
    var keepsReading = true
    /// Whether writes still reach the coordinator.
    var connectionOpen = true
    let openedAt: Duration
    var lastHeard: Duration

    // The current run's sampling state.
    var sampleSeq: UInt64 = 0
    var nextSampleAt: Duration = .zero
    var intervalStartWallMicros: Int64 = 0
    var startedSent = false
    var doneReason: Message.Done.Reason = .completed
    /// The run this connection last finished: its `stop` may cross our `done` on the wire (the
    /// coordinator stops everyone when one agent's data runs out), and is then ignored.
    var finishedRunId: String?
    /// Set while the run is a `run_once` (setup or teardown): no `ready`, no per-second samples,
    /// and `once_done` instead of `done` (AgentRunMachine+Once.swift).
    var once: RunSpec.OnceStage?

    /// The actions of the event being handled.
    private var actions: [Action] = []

    /// - Parameters:
    ///   - challenge: the random challenge the `hello` carries (``BarrageWire/ChallengeResponse/makeChallenge()``).
    ///   - now: when the connection opened.
    init(configuration: AgentConfiguration, peer: String, challenge: String, now: Now) {
        self.configuration = configuration
        self.peer = peer
        self.phase = .awaitingAuth(challenge: challenge)
        self.openedAt = now.monotonic
        self.lastHeard = now.monotonic
    }

    /// The session is over: stop reading and close.
    var isOver: Bool { phase == .closing }

    /// Handles one event at `now`.
    /// - Returns: the actions to perform, in order. An action that is answered by an event
    ///   (``Action/acquireSlot(runId:)``, ``Action/buildEngine(runId:spec:data:)``, ``Action/collect``)
    ///   is the last of its list.
    mutating func receive(_ event: Event, now: Now) -> [Action] {
        actions = []
        switch event {
        case .opened(let cores, let busyRunId):
            guard case .awaitingAuth(let challenge) = phase else { break }
            send(.hello(.init(
                agentName: configuration.name, challenge: challenge, maxVUs: configuration.maxVUs,
                cores: cores, busyRunId: busyRunId)))
        case .message(let message): handle(message, now: now)
        case .tick(let progress): tick(engine: progress, now: now)
        case .slot(let acquired, let holder): slotAnswered(acquired: acquired, holder: holder, now: now)
        case .engineBuilt(let error): engineBuilt(error: error, now: now)
        case .collected(let interval, let reading): collected(interval, reading: reading, now: now)
        case .writeFailed: connectionOpen = false
        case .connectionEnded(let end): connectionEnded(end)
        }
        defer { actions = [] }
        return actions
    }

    // MARK: Messages in

    private mutating func handle(_ message: Message, now: Now) {
        lastHeard = now.monotonic
        switch (phase, message) {
        case (.awaitingAuth(let challenge), .auth(let auth)):
            guard auth.version == ProtocolVersion.current else {
                return fail(.versionMismatch, "agent speaks protocol version \(ProtocolVersion.current), coordinator \(auth.version)")
            }
            guard ChallengeResponse.verify(response: auth.response, challenge: challenge, token: configuration.token) else {
                log(.error, "\(peer): authentication failed (wrong token)")
                return fail(.authFailed, "authentication failed: the coordinator's token does not match this agent's")
            }
            log(.info, "\(peer): coordinator '\(auth.coordinatorName)' authenticated")
            phase = .idle
            emit(.authenticated)
            send(.authOk(.init()))
        case (.awaitingAuth, _):
            fail(.unexpectedMessage, "expected 'auth' first, got '\(message.kind.rawValue)'")
        case (_, .ping(let ping)):
            // Any frame already proved the coordinator alive; a run's heartbeat asks for no pong.
            if ping.wantsReply { send(.pong(.init(seq: ping.seq, sentMicros: ping.sentMicros, agentMicros: now.wallMicros))) }
        case (.idle, .prepare(let prepare)):
            once = nil
            self.prepare(prepare)
        case (.idle, .runOnce(let runOnce)):
            self.runOnce(runOnce)
        case (.receivingData(let runId), .dataChunk(let chunk)) where chunk.runId == runId:
            absorb(chunk, now: now)
        case (.receivingData(let runId), .stop(let stop)) where stop.runId == runId,
             (.prepared(let runId), .stop(let stop)) where stop.runId == runId:
            // Dropping the engine closes every descriptor it opened (its loops never started).
            dropPreparedRun()
            phase = .idle
            send(.done(.init(runId: runId, reason: .stopped, samplesSent: 0)))
        case (.prepared(let runId), .start(let start)) where start.runId == runId:
            do { try start.validate(nowMicros: now.wallMicros) } catch {
                return refuse(.badSpec, error.description)
            }
            startRun(runId: runId, startAtWallMicros: start.startAtMicros, now: now)
        case (.running(let runId), .stop(let stop)):
            do { try stop.validate() } catch {
                return refuse(.badSpec, error.description)
            }
            guard stop.runId == runId else {
                return fail(.unexpectedMessage, "'stop' for another run is not expected now")
            }
            log(.info, "run \(runId): stop requested (graceful \(DurationFormatter.format(.microseconds(stop.gracefulStopMicros))))")
            doneReason = .stopped
            emit(.stopEngine(gracefulMicros: stop.gracefulStopMicros))
        case (.idle, .stop(let stop)) where stop.runId == finishedRunId:
            break  // crossed our `done`: the run is over already.
        case (.prepared, .prepare), (.running, .prepare), (.receivingData, .prepare), (.acquiringSlot, .prepare), (.building, .prepare),
             (.prepared, .runOnce), (.running, .runOnce), (.receivingData, .runOnce), (.acquiringSlot, .runOnce), (.building, .runOnce):
            send(.error(.init(kind: .busy, message: "this connection already has a run prepared", fault: .client)))
        default:
            fail(.unexpectedMessage, "'\(message.kind.rawValue)' is not expected now")
        }
    }

    // MARK: Helpers for the extensions

    /// An `error` that closes the connection; a running test stops at once, a prepared one is dropped.
    mutating func fail(_ kind: ProtocolErrorMessage.Kind, _ text: String) {
        send(.error(.init(kind: kind, message: text, fault: .client)))
        connectionOpen = false
        keepsReading = false
        if case .running = phase {
            emit(.stopEngine(gracefulMicros: 0))
        } else {
            dropPreparedRun()
            phase = .closing
        }
    }

    /// An `error` that keeps the connection (a refused `prepare`, `start` or `stop`).
    mutating func refuse(_ kind: ProtocolErrorMessage.Kind, _ text: String) {
        log(.error, "\(peer): refused: \(text)")
        send(.error(.init(kind: kind, message: text, fault: .client)))
    }

    /// Frees what a prepared (not running) run holds: its rows, its engine and the run slot.
    mutating func dropPreparedRun() {
        switch phase {
        case .acquiringSlot, .receivingData, .building, .prepared:
            receivedData = []
            spec = nil
            emit(.dropEngine)
            emit(.releaseSlot)
        default:
            break
        }
    }

    mutating func send(_ message: Message) { actions.append(.send(message)) }
    mutating func log(_ level: AgentLog.Level, _ text: String) { actions.append(.log(level, text)) }
    mutating func emit(_ action: Action) { actions.append(action) }
}
