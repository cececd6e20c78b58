import BarrageCore
import BarrageEngine
import BarrageWire
@testable import BarrageAgent

/// Drives an ``AgentRunMachine`` with a fake clock and performs its actions the way
/// ``AgentSession`` does, with a recorded engine and run slot instead of real ones.
struct MachineHarness {
    /// What the machine asked of the engine, in order.
    enum EngineCall: Equatable {
        case build(runId: String, rows: [Int])
        case start(delayMicros: Int64)
        case stop(gracefulMicros: Int64)
        case drop
        case collect
    }

    static let token = "test-token-0123456789"
    static let challenge = String(repeating: "5a", count: 32)

    var configuration: AgentConfiguration
    var machine: AgentRunMachine
    /// The fake clock: monotonic from an arbitrary origin, wall in µs since the epoch.
    var monotonic: Duration = .seconds(1_000)
    var wallMicros: Int64 = 1_750_000_000_000_000
    /// Who holds the run slot (another connection when set before `prepare`).
    var slotHolder: String?
    var engineError: String?
    /// What the engine reports: progress on each tick, and the interval the next `collect` takes.
    var progress = EngineProgress()
    var interval = EngineInterval()
    private(set) var sent: [Message] = []
    private(set) var logs: [(AgentLog.Level, String)] = []
    private(set) var engineCalls: [EngineCall] = []
    private(set) var authenticatedSeen = false
    private(set) var engineExists = false
    /// Writes fail from now on (the peer is gone).
    var writesFail = false

    init(configuration: AgentConfiguration = AgentConfiguration(name: "agent-1", token: MachineHarness.token)) {
        self.configuration = configuration
        machine = AgentRunMachine(
            configuration: configuration, peer: "127.0.0.1:5000", challenge: Self.challenge,
            now: .init(monotonic: .seconds(1_000), wallMicros: 1_750_000_000_000_000))
    }

    var now: AgentRunMachine.Now { .init(monotonic: monotonic, wallMicros: wallMicros) }

    mutating func advance(_ duration: Duration) {
        monotonic += duration
        let (seconds, attoseconds) = duration.components
        wallMicros += seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    mutating func feed(_ event: AgentRunMachine.Event) {
        for action in machine.receive(event, now: now) {
            if let answer = perform(action) { feed(answer) }
        }
    }

    mutating func message(_ message: Message) { feed(.message(message)) }

    mutating func tick() { feed(.tick(engine: engineExists ? progress : nil)) }

    /// Everything sent since the last call.
    mutating func takeSent() -> [Message] {
        defer { sent = [] }
        return sent
    }

    mutating func takeEngineCalls() -> [EngineCall] {
        defer { engineCalls = [] }
        return engineCalls
    }

    private mutating func perform(_ action: AgentRunMachine.Action) -> AgentRunMachine.Event? {
        switch action {
        case .send(let message):
            if writesFail { return .writeFailed }
            sent.append(message)
        case .log(let level, let text):
            logs.append((level, text))
        case .authenticated:
            authenticatedSeen = true
        case .acquireSlot(let runId):
            guard let holder = slotHolder else {
                slotHolder = runId
                return .slot(acquired: true, holder: nil)
            }
            return .slot(acquired: false, holder: holder)
        case .releaseSlot:
            slotHolder = nil
        case .buildEngine(let runId, _, let data):
            engineCalls.append(.build(runId: runId, rows: data.map(\.rowCount)))
            if let engineError { return .engineBuilt(error: engineError) }
            engineExists = true
            return .engineBuilt(error: nil)
        case .buildOnceEngine(let runId, _):
            engineCalls.append(.build(runId: runId, rows: []))
            if let engineError { return .engineBuilt(error: engineError) }
            engineExists = true
            return .engineBuilt(error: nil)
        case .startEngine(let delayMicros):
            engineCalls.append(.start(delayMicros: delayMicros))
        case .stopEngine(let gracefulMicros):
            engineCalls.append(.stop(gracefulMicros: gracefulMicros))
        case .dropEngine:
            if engineExists { engineCalls.append(.drop) }
            engineExists = false
        case .collect:
            engineCalls.append(.collect)
            var taken = interval
            interval = EngineInterval()
            interval.startedAtWallMicros = taken.startedAtWallMicros
            taken.finished = progress.finished
            return .collected(taken, ProcSampler.Reading(processCPUPercent: 1, hostCPUPercent: 2, netRxBytes: 3, netTxBytes: 4))
        }
        return nil
    }

    // MARK: Steps of a run

    mutating func authenticate() throws {
        feed(.opened(cores: 2, busyRunId: nil))
        let response = try ChallengeResponse.response(challenge: Self.challenge, token: Self.token)
        message(.auth(.init(coordinatorName: "coord", response: response)))
    }

    static func spec(rows: Int = 0) -> RunSpec {
        var spec = RunSpec(url: "http://127.0.0.1:8080/", vus: 2, durationMicros: 5_000_000)
        if rows > 0 {
            spec.session = SessionSpec(data: [DataSetSpec(name: "users", columns: ["username"], rows: rows)])
        }
        return spec
    }

    mutating func prepare(runId: String = "run-1", rows: Int = 0) {
        message(.prepare(.init(runId: runId, agentIndex: 0, spec: Self.spec(rows: rows))))
    }

    /// Authenticated, prepared and started at `wallMicros + startInMicros`.
    mutating func startRun(runId: String = "run-1", startInMicros: Int64 = 0) throws {
        try authenticate()
        prepare(runId: runId)
        message(.start(.init(runId: runId, startAtMicros: wallMicros + startInMicros)))
        _ = takeSent()
        _ = takeEngineCalls()
    }

    var samples: [Message.Sample] {
        sent.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
    }
}
