import BarrageCore
import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One thread's load generator: an epoll loop driving a curl multi handle and timers. Its parts
/// live in their own files: what VUs run (``VUProgram``, built once per run, whose flow each VU's
/// pure ``VUMachine`` steps through), when they start iterations (an ``ExecutorRunner`` per
/// executor, through the ``VUPool`` interface), how the loop carries out a machine's actions
/// (`EventLoop+Transitions.swift`) and what each response records (`EventLoop+Metrics.swift`).
///
/// Everything here belongs to the loop's thread (hence not `Sendable`); other threads talk to it
/// only through its ``LoopMailbox``. Iterations follow k6: at the end of the executor's window no
/// new iteration starts, those in flight (requests and think time) get the graceful-stop window,
/// and anything still running after it is interrupted and not counted.
final class EventLoop {
    let spec: RunSpec
    let schedule: LoopSchedule
    let program: VUProgram
    private let runner: any ExecutorRunner
    private let mailbox: LoopMailbox
    /// The agent's allow-list at run time (redirect hops, connections); nil allows everything.
    let connectPolicy: ConnectPolicy?
    private let epoll: Epoll
    let multi: CurlMulti
    /// The VUs, indexed as their handles' CURLOPT_PRIVATE says. Runners read and mark them.
    var vus: ContiguousArray<VirtualUser> = []
    /// Each VU's place in its flow, indexed as ``vus``.
    var machines: ContiguousArray<VUMachine> = []
    var timers: TimerHeap
    var metrics: LoopMetrics
    var random: SplitMix64
    /// The test's per-request timeout (a request may set its own).
    let timeoutMillis: Int
    /// Per request: whether its URL is https (HTTP/2 is ALPN there, prior knowledge otherwise).
    private let isTLS: [Bool]
    /// Iterations this loop started (the block numbering of shared-iterations counts them).
    var iterationsStarted = 0
    /// Per data set, the rows of its block this loop's iterations took (unique, cycle).
    var dataCursors: ContiguousArray<Int>
    /// The data set (index into the session's sets) that ran out with `onExhausted: stopTest`:
    /// the engine stops every loop.
    var stopTestSet: Int?

    /// Hand the first VU's extracted values out in the last report (a setup or teardown run).
    private let capturesValues: Bool

    /// Monotonic µs at which curl wants `CURL_SOCKET_TIMEOUT`, or nil.
    private var curlDeadline: Int64?
    /// Set once no iteration may start any more: the instant running ones are interrupted.
    private(set) var stopDeadline: Int64?
    /// Monotonic µs of the run's start; executors' times count from it.
    private(set) var runStart: Int64 = 0
    /// VUs in an iteration.
    var activeVUs = 0
    var maxLagMicros: Int64 = 0
    /// Cookies dropped from VUs' jars in this interval (``CookieJarLimit``).
    var cookiesDropped: UInt64 = 0
    private var startedAtWallMicros: Int64?
    /// The current pass's monotonic µs.
    private(set) var now: Int64 = 0

    static let tickMicros: Int64 = 1_000_000

    /// - Parameter flow: the flow every VU of this loop runs (a scenario's `exec:`).
    init(
        spec: RunSpec, flow: String = RunSpec.defaultFlow, data: [DataTable] = [], loopIndex: Int, loopCount: Int, seed: UInt64,
        mailbox: LoopMailbox, capturesValues: Bool = false
    ) throws(EngineError) {
        self.spec = spec
        self.capturesValues = capturesValues
        schedule = LoopSchedule(plan: spec.executorPlan, loopIndex: loopIndex, loopCount: loopCount)
        runner = ExecutorRunners.make(schedule)
        self.mailbox = mailbox
        connectPolicy = mailbox.connectPolicy
        self.epoll = try Epoll(waker: mailbox.waker)
        do {
            multi = try CurlMulti(maxConnections: schedule.maxVUs + 16)
        } catch {
            throw .curl(error)
        }
        program = try VUProgram(spec: spec, flow: flow, schedule: schedule, data: data)
        dataCursors = ContiguousArray(repeating: 0, count: program.data.count)
        isTLS = program.requests.map { $0.prepared.spec.url.lowercased().hasPrefix("https://") }
        let isArrivalRate = schedule.config.isArrivalRate
        metrics = LoopMetrics(
            program: program.flow, recordPhases: spec.recordPhases ?? false, recordCorrected: isArrivalRate)
        timers = TimerHeap(capacity: schedule.maxVUs)
        random = SplitMix64(seed: seed)
        timeoutMillis = Int(max(spec.timeoutMicros / 1000, 1))
        // Arrival-rate executors start with their pre-allocated VUs and add up to maxVUs when needed;
        // the others allocate every VU they may run, as k6 does.
        let initial = isArrivalRate ? schedule.vus(atMicros: 0) : schedule.maxVUs
        vus.reserveCapacity(schedule.maxVUs)
        machines.reserveCapacity(schedule.maxVUs)
        for _ in 0..<initial { _ = try addVU() }
    }

    deinit {
        for vu in vus {
            if vu.state == .requesting { multi.remove(vu.easy) }
            vu.easy.cleanup()
            var chain = vu.redirect
            chain?.free()
        }
        multi.cleanup()
    }

    /// The VUs allocated so far.
    var vuCount: Int { vus.count }

    /// Creates one more VU with its curl handle, set up for the first request.
    private func addVU() throws(EngineError) -> Int {
        let index = vus.count
        let body = program.capturesBodies ? BodyBuffer() : nil
        let easy: CurlEasy
        do {
            easy = try CurlEasy(timeoutMillis: timeoutMillis, vuIndex: index, body: body, connectPolicy: mailbox.connectPolicy)
        } catch {
            throw .curl(error)
        }
        do {
            if program.session.cookies != .off { try easy.enableCookies() }
            try easy.apply(program.session.http, isTLS: isTLS.first ?? false)
            try configure(easy, for: 0)
        } catch {
            easy.cleanup()
            throw .curl(error)
        }
        var vu = VirtualUser(easy: easy, body: body)
        vu.configuredRequest = 0
        vu.extracted = ContiguousArray(repeating: nil, count: program.variableSlots)
        vu.rows = ContiguousArray(repeating: 0, count: program.data.count)
        if program.requests.contains(where: \.isTemplated) { vu.render = VURenderState(program: program) }
        vus.append(vu)
        machines.append(VUMachine(program: program.flow))
        return index
    }

    /// An arrival-rate runner's new VU; nil when curl cannot make another handle (the iteration
    /// is then dropped, as when every VU is busy).
    func addVUForArrivals() -> Int? {
        do {
            return try addVU()
        } catch {
            return nil
        }
    }

    /// Counts iterations an arrival-rate runner could not start.
    func dropIterations(_ count: Int) {
        metrics.counters.droppedIterations += UInt64(clamping: count)
    }

    /// Runs the whole test on the calling thread; returns when every VU is done.
    func run(startMonotonicMicros: Int64) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        do {
            try multi.setCallbacks(socket: Self.socketCallback, timer: Self.timerCallback, context: context)
        } catch {
            mailbox.post(LoopReport(metrics: metrics.take(), activeVUs: 0, maxLagMicros: 0, startedAtWallMicros: nil, finished: true))
            return
        }
        // The VUs exist and nothing of the setup runs again: drop the code pages it mapped.
        StartupPages.releaseOnce()
        guard waitUntil(startMonotonicMicros) else {
            publish(finished: true)
            return
        }
        now = MonotonicClock.nowMicros()
        runStart = now
        startedAtWallMicros = MonotonicClock.wallMicros()
        let endMicros = runStart + schedule.config.activeWindowMicros
        var nextTick = now + Self.tickMicros
        runner.begin(self)

        while true {
            now = MonotonicClock.nowMicros()
            if stopDeadline == nil, now >= endMicros {
                runner.windowEnded(self)
                stopDeadline = endMicros + spec.gracefulStopMicros
            }
            if activeVUs == 0, stopDeadline != nil || runner.endsWhenIdle { break }
            if let deadline = stopDeadline, now >= deadline {
                interruptAll()
                break
            }
            fireDueTimers()
            let runnerWake = stopDeadline == nil ? runner.poll(self) : .max
            if now >= nextTick {
                publish(finished: false)
                nextTick += Self.tickMicros
                if nextTick <= now { nextTick = now + Self.tickMicros }
            }
            let wakeAt = min(curlDeadline ?? .max, timers.earliest ?? .max, nextTick, stopDeadline ?? endMicros, runnerWake)
            let timeoutMillis = Int32(clamping: max((wakeAt - now + 999) / 1000, 0))
            let woken = epoll.wait(timeoutMillis: timeoutMillis) { fd, events in
                var mask: Int32 = 0
                if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { mask |= CURL_CSELECT_IN }
                if events & EPOLLOUT.rawValue != 0 { mask |= CURL_CSELECT_OUT }
                if events & EPOLLERR.rawValue != 0 { mask |= CURL_CSELECT_ERR }
                multi.socketAction(fd, mask)
            }
            if woken, case .stop(let deadline)? = mailbox.takeCommand() {
                stopStarting(deadline: deadline)
            }
            if let deadline = curlDeadline, MonotonicClock.nowMicros() >= deadline {
                curlDeadline = nil
                multi.socketAction(-1, 0)  // CURL_SOCKET_TIMEOUT
            }
            now = MonotonicClock.nowMicros()
            multi.drainCompleted { easy, result in completeRequest(easy: easy, result: result) }
        }
        publish(finished: true)
    }

    /// Sleeps until the synchronized start instant; false if a stop arrived first.
    ///
    /// epoll's millisecond timeout can be a millisecond late, and agents should start within a
    /// few of each other, so the last few milliseconds are an absolute `clock_nanosleep`.
    private func waitUntil(_ startMicros: Int64) -> Bool {
        while true {
            let remaining = startMicros - MonotonicClock.nowMicros()
            if remaining <= 0 { return true }
            if remaining <= 3_000 {
                var deadline = timespec(tv_sec: Int(startMicros / 1_000_000), tv_nsec: Int(startMicros % 1_000_000) * 1000)
                while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
                return true
            }
            let woken = epoll.wait(timeoutMillis: Int32(clamping: (remaining - 3_000) / 1000)) { _, _ in }
            if woken, mailbox.takeCommand() != nil { return false }
        }
    }

    /// No iteration starts any more; those running may finish until `deadline`.
    func stopStarting(deadline: Int64) {
        stopDeadline = min(stopDeadline ?? .max, deadline)
    }

    // MARK: Runner hooks (the VU machine calls them)

    /// Whether VU `index` may start an iteration now.
    func claimIteration(_ index: Int) -> Bool { runner.claimIteration(index) }

    /// What VU `index` does after an iteration, while iterations may still start.
    func nextStep(after index: Int) -> ExecutorStep { runner.next(after: index, loop: self) }

    func vuBecameIdle(_ index: Int) { runner.vuBecameIdle(index) }

    func iterationsDone(_ index: Int) -> Int { vus[index].iterationsDone }

    func publish(finished: Bool) {
        var report = LoopReport(
            metrics: metrics.take(), activeVUs: activeVUs, maxLagMicros: maxLagMicros,
            startedAtWallMicros: startedAtWallMicros, finished: finished)
        report.allocatedVUs = vus.count
        report.stopTestSet = stopTestSet
        if finished, capturesValues { report.values = vus.first.map { program.values(of: $0.extracted) } ?? [:] }
        report.cookiesDropped = cookiesDropped
        mailbox.post(report)
        maxLagMicros = 0
        cookiesDropped = 0
    }

    // MARK: curl callbacks (C function pointers: no captures, state through userdata)

    private static let socketCallback: curl_socket_callback = { _, socket, what, userdata, _ in
        guard let userdata else { return 0 }
        let loop = Unmanaged<EventLoop>.fromOpaque(userdata).takeUnretainedValue()
        let mask: UInt32
        switch what {
        case CURL_POLL_IN: mask = EPOLLIN.rawValue
        case CURL_POLL_OUT: mask = EPOLLOUT.rawValue
        case CURL_POLL_INOUT: mask = EPOLLIN.rawValue | EPOLLOUT.rawValue
        default: mask = 0
        }
        loop.epoll.update(socket: socket, mask: mask)
        return 0
    }

    private static let timerCallback: curl_multi_timer_callback = { _, timeoutMillis, userdata in
        guard let userdata else { return 0 }
        let loop = Unmanaged<EventLoop>.fromOpaque(userdata).takeUnretainedValue()
        loop.curlDeadline = timeoutMillis < 0 ? nil : MonotonicClock.nowMicros() + Int64(timeoutMillis) * 1000
        return 0
    }
}
