import BarrageCore
import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One thread's load generator: an epoll loop driving a curl multi handle, its VUs' state
/// machines, a timer heap for think time, its part of the executor's schedule, and lock-free
/// metrics.
///
/// Everything here belongs to the loop's thread (hence not `Sendable`); other threads talk to it
/// only through its ``LoopMailbox``. Iterations follow k6: at the end of the executor's window no
/// new iteration starts, those in flight (requests and think time) get the graceful-stop window,
/// and anything still running after it is interrupted and not counted.
final class EventLoop {
    private let spec: RunSpec
    private let schedule: LoopSchedule
    /// The schedule's executor and its kind, read per iteration: kept here, not recomputed.
    private let executor: ExecutorConfig
    private let isArrivalRate: Bool
    private let requests: [PreparedRequest]
    private let iterationSleep: ThinkTime
    private let mailbox: LoopMailbox
    private let epoll: Epoll
    private let multi: CurlMulti
    private var vus: ContiguousArray<VirtualUser> = []
    private var timers: TimerHeap
    private var metrics: LoopMetrics
    private var random: SplitMix64
    private let timeoutMillis: Int
    private let vuLimit: Int
    private let capturesBodies: Bool

    /// VUs not in an iteration that may start one (arrival-rate executors), as a stack.
    private var idleVUs: ContiguousArray<Int32> = []
    /// VU executors: how many VUs (the lowest indices) should be running now.
    private var targetVUs = 0
    /// Iteration executors: the iterations this loop may still start (shared-iterations).
    private var sharedIterationsLeft = 0
    /// Arrival-rate: the next iteration to start and its planned instant (µs since the start).
    private var nextIteration = 0
    private var nextIterationAt: Int64?
    private var nextRampCheck: Int64 = .max

    /// Monotonic µs at which curl wants `CURL_SOCKET_TIMEOUT`, or nil.
    private var curlDeadline: Int64?
    private var stopDeadline: Int64?
    private var runStart: Int64 = 0
    private var activeVUs = 0
    private var maxLagMicros: Int64 = 0
    private var startedAtWallMicros: Int64?
    private var now: Int64 = 0

    static let tickMicros: Int64 = 1_000_000
    /// How often ramping-vus re-reads its planned VU count.
    static let rampCheckMicros: Int64 = 10_000

    init(spec: RunSpec, loopIndex: Int, loopCount: Int, seed: UInt64, mailbox: LoopMailbox) throws(EngineError) {
        self.spec = spec
        schedule = LoopSchedule(plan: spec.executorPlan, loopIndex: loopIndex, loopCount: loopCount)
        executor = schedule.config
        isArrivalRate = executor.isArrivalRate
        self.mailbox = mailbox
        self.epoll = try Epoll(waker: mailbox.waker)
        vuLimit = schedule.maxVUs
        do {
            multi = try CurlMulti(maxConnections: vuLimit + 16)
        } catch {
            throw .curl(error)
        }
        let specs = spec.iterationRequests
        requests = specs.map(PreparedRequest.init)
        capturesBodies = requests.contains { $0.needsBody }
        iterationSleep = spec.thinkTime
        metrics = LoopMetrics(
            requests: specs, recordPhases: spec.recordPhases ?? false, recordCorrected: isArrivalRate)
        timers = TimerHeap(capacity: vuLimit)
        random = SplitMix64(seed: seed)
        timeoutMillis = Int(max(spec.timeoutMicros / 1000, 1))
        // Arrival-rate executors start with their pre-allocated VUs and add up to maxVUs when needed;
        // the others allocate every VU they may run, as k6 does.
        let initial = isArrivalRate ? schedule.vus(atMicros: 0) : vuLimit
        vus.reserveCapacity(vuLimit)
        for _ in 0..<initial { _ = try addVU() }
    }

    deinit {
        for vu in vus {
            if vu.state == .requesting { multi.remove(vu.easy) }
            vu.easy.cleanup()
        }
        multi.cleanup()
        for request in requests { request.free() }
    }

    /// Creates one more VU with its curl handle, set up for the first request.
    private func addVU() throws(EngineError) -> Int {
        let index = vus.count
        let body = capturesBodies ? BodyBuffer() : nil
        let easy: CurlEasy
        do {
            easy = try CurlEasy(timeoutMillis: timeoutMillis, vuIndex: index, body: body, connectPolicy: mailbox.connectPolicy)
        } catch {
            throw .curl(error)
        }
        do {
            try easy.configure(requests[0])
        } catch {
            easy.cleanup()
            throw .curl(error)
        }
        var vu = VirtualUser(easy: easy, body: body)
        vu.configuredRequest = 0
        vus.append(vu)
        if isArrivalRate { idleVUs.append(Int32(index)) }
        return index
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
        let endMicros = runStart + executor.activeWindowMicros
        var nextTick = now + Self.tickMicros
        beginExecutor()

        while true {
            now = MonotonicClock.nowMicros()
            if stopDeadline == nil, now >= endMicros {
                startDueArrivals()  // those planned before the end, however late the loop got here
                stopStarting(deadline: endMicros + spec.gracefulStopMicros)
            }
            if activeVUs == 0, stopDeadline != nil || iterationsExhausted { break }
            if let deadline = stopDeadline, now >= deadline {
                interruptAll()
                break
            }
            fireDueTimers()
            if stopDeadline == nil {
                if now >= nextRampCheck { adjustRamp() }
                startDueArrivals()
            }
            if now >= nextTick {
                publish(finished: false)
                nextTick += Self.tickMicros
                if nextTick <= now { nextTick = now + Self.tickMicros }
            }
            var wakeAt = min(curlDeadline ?? .max, timers.earliest ?? .max, nextTick, stopDeadline ?? endMicros)
            if stopDeadline == nil {
                wakeAt = min(wakeAt, nextRampCheck, nextIterationAt.map { runStart + $0 } ?? .max)
            }
            let timeoutMillis = Int32(clamping: max((wakeAt - now + 999) / 1000, 0))
            let woken = epoll.wait(timeoutMillis: timeoutMillis) { fd, events in
                var mask: Int32 = 0
                if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { mask |= CURL_CSELECT_IN }
                if events & EPOLLOUT.rawValue != 0 { mask |= CURL_CSELECT_OUT }
                if events & EPOLLERR.rawValue != 0 { mask |= CURL_CSELECT_ERR }
                multi.socketAction(fd, mask)
            }
            if woken, case .stop(let deadline)? = mailbox.takeCommand() {
                stopStarting(deadline: min(stopDeadline ?? .max, deadline))
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

    // MARK: Executors

    private func beginExecutor() {
        switch executor {
        case .constantArrivalRate, .rampingArrivalRate:
            nextIterationAt = schedule.startMicros(ofIteration: 0, from: 0)
        case .sharedIterations:
            sharedIterationsLeft = schedule.totalIterations ?? 0
            targetVUs = vus.count
            for index in 0..<targetVUs { startIteration(index) }
        case .rampingVUs:
            nextRampCheck = now
            adjustRamp()
        case .constantVUs, .perVUIterations:
            targetVUs = vus.count
            for index in 0..<targetVUs { startIteration(index) }
        }
    }

    /// Iteration executors whose VUs have all run their iterations: the loop is done early.
    private var iterationsExhausted: Bool {
        switch executor {
        case .perVUIterations, .sharedIterations: return true
        default: return false
        }
    }

    /// ramping-vus: starts VUs up to the planned count; above it, VUs finish their iteration
    /// (within `gracefulRampDown`) and then idle.
    private func adjustRamp() {
        nextRampCheck = now + Self.rampCheckMicros
        let target = min(schedule.vus(atMicros: now - runStart), vus.count)
        let graceful = executor.gracefulRampDownMicros ?? 0
        if target > targetVUs {
            for index in targetVUs..<target {
                vus[index].retireAtMicros = .max
                if !vus[index].isInIteration { startIteration(index) }
            }
        } else if target < targetVUs {
            for index in target..<targetVUs where vus[index].isInIteration {
                vus[index].retireAtMicros = now + graceful
            }
        }
        targetVUs = target
        for index in targetVUs..<vus.count where vus[index].isInIteration && now >= vus[index].retireAtMicros {
            interrupt(index)
        }
    }

    /// Arrival-rate: starts every iteration planned by now, on an idle VU, a new one up to
    /// maxVUs, or not at all (dropped_iterations).
    private func startDueArrivals() {
        while let planned = nextIterationAt, runStart + planned <= now {
            var index = idleVUs.popLast().map(Int.init)
            if index == nil, vus.count < vuLimit {
                if (try? addVU()) != nil { index = idleVUs.popLast().map(Int.init) }
            }
            guard let index else {
                // Every VU is busy: drop everything planned by now at once, so a rate far beyond
                // the VUs never keeps the loop from its sockets, timers and stop commands.
                let due = max((schedule.iterationsStarted(byMicros: now - runStart + 1) ?? 0) - nextIteration, 1)
                metrics.counters.droppedIterations += UInt64(due)
                nextIteration += due
                nextIterationAt = schedule.startMicros(ofIteration: nextIteration, from: planned)
                continue
            }
            startIteration(index)
            vus[index].latenessMicros = now - (runStart + planned)
            nextIteration += 1
            nextIterationAt = schedule.startMicros(ofIteration: nextIteration, from: planned)
        }
    }

    private func stopStarting(deadline: Int64) {
        stopDeadline = deadline
        nextIterationAt = nil
        nextRampCheck = .max
    }

    // MARK: VU state machine

    private func startIteration(_ index: Int) {
        if case .sharedIterations = executor {
            guard sharedIterationsLeft > 0 else {
                retire(index, done: true)
                return
            }
            sharedIterationsLeft -= 1
        }
        if !vus[index].isInIteration {
            activeVUs += 1
            // In its iteration from now on, so a failed start below retires it with the count right.
            vus[index].state = .requesting
        }
        vus[index].iterationStartMicros = now
        vus[index].latenessMicros = 0
        startRequest(index, 0)
    }

    private func startRequest(_ index: Int, _ request: Int) {
        vus[index].requestIndex = request
        if vus[index].configuredRequest != request {
            do {
                try vus[index].easy.configure(requests[request])
                vus[index].configuredRequest = request
            } catch {
                // A half-configured handle would send the wrong request: this VU stops.
                vus[index].configuredRequest = -1
                retire(index, done: true)
                return
            }
        }
        vus[index].body?.reset(capturing: requests[request].needsBody)
        if multi.add(vus[index].easy) {
            vus[index].state = .requesting
        } else {
            retire(index)
        }
    }

    private func completeRequest(easy: UnsafeMutableRawPointer, result: CURLcode) {
        let index = CurlEasy.vuIndex(of: easy)
        guard vus.indices.contains(index), vus[index].state == .requesting else { return }
        multi.remove(vus[index].easy)
        let request = vus[index].requestIndex
        record(index, request: request, easy: easy, result: result)
        var think = requests[request].spec.sleep?.micros(unit: random.nextUnit()) ?? 0
        let last = request == requests.count - 1
        if last { think += iterationSleep.micros(unit: random.nextUnit()) }
        if think > 0 {
            vus[index].state = .thinking
            vus[index].thinkUntilMicros = now + think
            timers.push(deadline: now + think, vu: Int32(index))
        } else if last {
            finishIteration(index)
        } else {
            startRequest(index, request + 1)
        }
    }

    private func fireDueTimers() {
        while let (vu, deadline) = timers.popDue(now: now) {
            let index = Int(vu)
            guard vus[index].state == .thinking, vus[index].thinkUntilMicros == deadline else { continue }
            // How late the loop got to a VU whose think time had ended: the event-loop lag.
            maxLagMicros = max(maxLagMicros, now - deadline)
            if vus[index].requestIndex < requests.count - 1 {
                startRequest(index, vus[index].requestIndex + 1)
            } else {
                finishIteration(index)
            }
        }
    }

    private func finishIteration(_ index: Int) {
        metrics.counters.iterations += 1
        metrics.record(.iteration, micros: now - vus[index].iterationStartMicros)
        vus[index].iterationsDone += 1
        if stopDeadline != nil {
            retire(index, done: true)
            return
        }
        switch executor {
        case .constantArrivalRate, .rampingArrivalRate:
            retire(index)
        case .perVUIterations(_, let iterations, _):
            if vus[index].iterationsDone >= iterations { retire(index, done: true) } else { startIteration(index) }
        case .rampingVUs:
            if index >= targetVUs { retire(index) } else { startIteration(index) }
        case .constantVUs, .sharedIterations:
            startIteration(index)
        }
    }

    /// Takes a VU out of its iteration: back to the idle pool, or done for good.
    private func retire(_ index: Int, done: Bool = false) {
        if vus[index].isInIteration { activeVUs -= 1 }
        vus[index].state = done ? .done : .idle
        vus[index].retireAtMicros = .max
        if !done, isArrivalRate { idleVUs.append(Int32(index)) }
    }

    /// Ends a VU's iteration now, uncounted (ramp-down past `gracefulRampDown`).
    private func interrupt(_ index: Int) {
        if vus[index].state == .requesting { multi.remove(vus[index].easy) }
        retire(index)
    }

    private func interruptAll() {
        for index in vus.indices where vus[index].state == .requesting {
            multi.remove(vus[index].easy)
        }
        for index in vus.indices { vus[index].state = .done }
        timers.removeAll()
        activeVUs = 0
    }

    // MARK: Metrics

    private func record(_ index: Int, request: Int, easy: UnsafeMutableRawPointer, result: CURLcode) {
        let timings = RequestTimings(easy: easy)
        let status = CurlEasy.long(easy, CURLINFO_RESPONSE_CODE)
        let received = UInt64(clamping: CurlEasy.offT(easy, CURLINFO_SIZE_DOWNLOAD_T))
            + UInt64(clamping: CurlEasy.long(easy, CURLINFO_HEADER_SIZE))
        let sent = UInt64(clamping: CurlEasy.long(easy, CURLINFO_REQUEST_SIZE))
            + UInt64(clamping: CurlEasy.offT(easy, CURLINFO_SIZE_UPLOAD_T))
        metrics.counters.httpReqs += 1
        metrics.counters.dataReceivedBytes += received
        metrics.counters.dataSentBytes += sent
        metrics.record(timings)
        // Recorded only for arrival-rate executors (LoopMetrics has no histogram otherwise).
        metrics.record(.corrected, micros: timings.duration + vus[index].latenessMicros)

        let failure: ErrorKind? = result != CURLE_OK
            ? ErrorKind.forCurl(result, osErrno: CurlEasy.long(easy, CURLINFO_OS_ERRNO))
            : ErrorKind.forStatus(status)
        if let failure {
            metrics.counters.httpReqFailed += 1
            metrics.counters.errors[failure, default: 0] += 1
        }
        let slot = metrics.recordSeries(
            request: request, status: status, durationMicros: timings.duration, failed: failure != nil,
            received: received, sent: sent)

        let prepared = requests[request]
        let checks = prepared.spec.checks
        let responded = result == CURLE_OK
        var check = 0
        metrics.recordCheck(request: request, check: check, slot: slot, passed: responded && checks.statusPasses(status))
        for needle in prepared.needles {
            check += 1
            let passed = responded && (vus[index].body?.contains(needle) ?? false)
            metrics.recordCheck(request: request, check: check, slot: slot, passed: passed)
        }
        for header in checks.headerEquals {
            check += 1
            let value = responded ? CurlEasy.header(easy, header.name) : nil
            metrics.recordCheck(request: request, check: check, slot: slot, passed: value == header.value)
        }
        if let limit = checks.durationBelowMicros {
            check += 1
            metrics.recordCheck(request: request, check: check, slot: slot, passed: responded && timings.duration < limit)
        }
    }

    private func publish(finished: Bool) {
        var report = LoopReport(
            metrics: metrics.take(), activeVUs: activeVUs, maxLagMicros: maxLagMicros,
            startedAtWallMicros: startedAtWallMicros, finished: finished)
        report.allocatedVUs = vus.count
        mailbox.post(report)
        maxLagMicros = 0
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
