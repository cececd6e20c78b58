/// One message of the coordinator-agent protocol (docs/PROTOCOL.md).
///
/// Each case's name is the wire `type` string in camelCase (`authOk` is `"auth_ok"`), and each case
/// carries one payload struct whose fields are the rest of the JSON object. ``MessageCoding`` turns
/// a message into one `\n`-terminated line and back.
public enum Message: Sendable, Equatable {
    /// Agent → coordinator, first frame on a connection: version, identity and auth challenge.
    case hello(Hello)
    /// Coordinator → agent: the answer to the `hello` challenge.
    case auth(Auth)
    /// Agent → coordinator: the `auth` response was right.
    case authOk(AuthOk)
    /// Coordinator → agent: a clock-sync probe, and the heartbeat during a run.
    case ping(Ping)
    /// Agent → coordinator: the answer to a `ping`, stamped with the agent's wall clock.
    case pong(Pong)
    /// Coordinator → agent: the workload of one run.
    case prepare(Prepare)
    /// Coordinator → agent, after `prepare`: rows of this agent's slice of a data set.
    case dataChunk(DataChunk)
    /// Agent → coordinator: the prepared run can start.
    case ready(Ready)
    /// Coordinator → agent: start the prepared run at a given agent wall-clock time.
    case start(Start)
    /// Agent → coordinator: load began.
    case started(Started)
    /// Agent → coordinator: counters and histograms of one interval.
    case sample(Sample)
    /// Coordinator → agent: stop the run early.
    case stop(Stop)
    /// Agent → coordinator: the run is over and every sample has been sent.
    case done(Done)
    /// Either direction: something went wrong; see ``ProtocolErrorMessage``.
    case error(ProtocolErrorMessage)
    /// Coordinator → agent: run the test's setup or teardown once, with one VU.
    case runOnce(RunOnce)
    /// Agent → coordinator: the setup or teardown ran: its extracted values and its metrics.
    case onceDone(OnceDone)

    /// The wire `type` string of each message.
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case hello, auth
        case authOk = "auth_ok"
        case ping, pong, prepare
        case dataChunk = "data_chunk"
        case ready, start, started, sample, stop, done, error
        case runOnce = "run_once"
        case onceDone = "once_done"
    }

    /// The wire `type` of this message.
    public var kind: Kind {
        switch self {
        case .hello: return .hello
        case .auth: return .auth
        case .authOk: return .authOk
        case .ping: return .ping
        case .pong: return .pong
        case .prepare: return .prepare
        case .dataChunk: return .dataChunk
        case .ready: return .ready
        case .start: return .start
        case .started: return .started
        case .sample: return .sample
        case .stop: return .stop
        case .done: return .done
        case .error: return .error
        case .runOnce: return .runOnce
        case .onceDone: return .onceDone
        }
    }
}
