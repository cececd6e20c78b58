/// One VU as the loop drives it: `requesting` while curl has its request, `thinking` while a
/// timer runs, `idle` between iterations it was not asked to run, `done` once it runs no more.
/// Where it is in its flow is its ``VUMachine`` (``EventLoop/machines``, same index).
///
/// A plain value in the loop's array: a VU is a few words and a curl handle, not a thread or Task.
struct VirtualUser {
    enum State: UInt8 {
        case idle, requesting, thinking, done
    }

    var state: State = .idle
    let easy: CurlEasy
    /// Captures response bodies for `bodyContains` checks; nil when no request has one.
    let body: BodyBuffer?
    var iterationStartMicros: Int64 = 0
    /// How late the iteration started against its schedule (arrival-rate executors), µs.
    var latenessMicros: Int64 = 0
    /// The deadline of this VU's live timer; a popped timer with another deadline is stale.
    var thinkUntilMicros: Int64 = 0
    /// The request of the iteration in flight or just finished.
    var requestIndex = 0
    /// The request the easy handle is set up for; -1 before the first.
    var configuredRequest = -1
    var iterationsDone = 0
    /// Ramping down: the instant an iteration still running is interrupted (`gracefulRampDown`).
    var retireAtMicros: Int64 = .max

    /// The iteration's number in the whole test (`${iteration}`).
    var iterationInTest = 0
    /// Values extracted in the current iteration, by ``VUProgram`` slot; empty without extractions.
    var extracted: ContiguousArray<String?> = []
    /// Buffers for templated requests; nil when every request is static.
    var render: VURenderState?
    /// Per data set, the row (in the agent's slice) of the current iteration.
    var rows: ContiguousArray<Int> = []

    /// The redirect chain of the request in flight, after its first hop; nil otherwise.
    var redirect: RedirectChain?
    /// Set-Cookie headers received since the jar was last trimmed (``CookieJarLimit``).
    var setCookiesSinceTrim = 0

    var isInIteration: Bool { state == .requesting || state == .thinking }
}
