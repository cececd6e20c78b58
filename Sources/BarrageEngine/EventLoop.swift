import BarrageCore
import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One thread's load generator: an epoll loop driving a curl multi handle, its VUs' state
/// machines, a timer heap for think time, and lock-free metrics.
///
/// Everything here belongs to the loop's thread (hence not `Sendable`); other threads talk to it
/// only through its ``LoopMailbox``. Iterations follow k6: at the end of the duration no new
/// iteration starts, those in flight (request and think time) get the graceful-stop window, and
/// anything still running after it is interrupted and not counted.
final class EventLoop {
    private let spec: RunSpec
    private let mailbox: LoopMailbox
    private let epoll: Epoll
    private let multi: CurlMulti
    private var vus: ContiguousArray<VirtualUser> = []
    private var timers: TimerHeap
    private var metrics: LoopMetrics
    private var random: SplitMix64

    /// Monotonic µs at which curl wants `CURL_SOCKET_TIMEOUT`, or nil.
    private var curlDeadline: Int64?
    private var stopDeadline: Int64?
    private var activeVUs = 0
    private var maxLagMicros: Int64 = 0
    private var startedAtWallMicros: Int64?
    private var now: Int64 = 0

    static let tickMicros: Int64 = 1_000_000

    init(spec: RunSpec, vuCount: Int, seed: UInt64, mailbox: LoopMailbox) throws(EngineError) {
        self.spec = spec
        self.mailbox = mailbox
        self.epoll = try Epoll(waker: mailbox.waker)
        do {
            multi = try CurlMulti(maxConnections: vuCount + 16)
        } catch {
            throw .curl(error)
        }
        metrics = LoopMetrics(recordPhases: spec.recordPhases ?? false)
        timers = TimerHeap(capacity: vuCount)
        random = SplitMix64(seed: seed)
        let timeoutMillis = Int(max(spec.timeoutMicros / 1000, 1))
        vus.reserveCapacity(vuCount)
        for index in 0..<vuCount {
            do {
                vus.append(VirtualUser(easy: try CurlEasy(url: spec.url, timeoutMillis: timeoutMillis, vuIndex: index)))
            } catch {
                throw .curl(error)
            }
        }
    }

    deinit {
        for vu in vus {
            if vu.state == .requesting { multi.remove(vu.easy) }
            vu.easy.cleanup()
        }
        multi.cleanup()
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
        guard waitUntil(startMonotonicMicros) else {
            publish(finished: true)
            return
        }
        now = MonotonicClock.nowMicros()
        startedAtWallMicros = MonotonicClock.wallMicros()
        let endMicros = now + spec.durationMicros
        var nextTick = now + Self.tickMicros
        for index in vus.indices { startIteration(index) }

        while true {
            now = MonotonicClock.nowMicros()
            if stopDeadline == nil, now >= endMicros { stopDeadline = endMicros + spec.gracefulStopMicros }
            if let deadline = stopDeadline {
                if activeVUs == 0 { break }
                if now >= deadline { interruptAll(); break }
            }
            fireDueTimers()
            if now >= nextTick {
                publish(finished: false)
                nextTick += Self.tickMicros
                if nextTick <= now { nextTick = now + Self.tickMicros }
            }
            let wakeAt = min(curlDeadline ?? .max, timers.earliest ?? .max, nextTick, stopDeadline ?? endMicros)
            let timeoutMillis = Int32(clamping: max((wakeAt - now + 999) / 1000, 0))
            let woken = epoll.wait(timeoutMillis: timeoutMillis) { fd, events in
                var mask: Int32 = 0
                if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { mask |= CURL_CSELECT_IN }
                if events & EPOLLOUT.rawValue != 0 { mask |= CURL_CSELECT_OUT }
                if events & EPOLLERR.rawValue != 0 { mask |= CURL_CSELECT_ERR }
                multi.socketAction(fd, mask)
            }
            if woken, case .stop(let deadline)? = mailbox.takeCommand() {
                stopDeadline = min(stopDeadline ?? .max, deadline)
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

    // MARK: VU state machine

    private func startIteration(_ index: Int) {
        vus[index].iterationStartMicros = now
        if multi.add(vus[index].easy) {
            if vus[index].state == .idle || vus[index].state == .done { activeVUs += 1 }
            vus[index].state = .requesting
        } else {
            if vus[index].state != .idle && vus[index].state != .done { activeVUs -= 1 }
            vus[index].state = .done
        }
    }

    private func completeRequest(easy: UnsafeMutableRawPointer, result: CURLcode) {
        let index = CurlEasy.vuIndex(of: easy)
        guard vus.indices.contains(index) else { return }
        multi.remove(vus[index].easy)
        record(easy: easy, result: result)
        vus[index].state = .thinking
        let think = spec.thinkTime.micros(unit: random.nextUnit())
        if think > 0 {
            timers.push(deadline: now + think, vu: Int32(index))
        } else {
            finishIteration(index)
        }
    }

    private func finishIteration(_ index: Int) {
        metrics.counters.iterations += 1
        metrics.record(.iteration, micros: now - vus[index].iterationStartMicros)
        if stopDeadline != nil {
            vus[index].state = .done
            activeVUs -= 1
        } else {
            startIteration(index)
        }
    }

    private func fireDueTimers() {
        while let (vu, deadline) = timers.popDue(now: now) {
            // How late the loop got to a VU whose think time had ended: the event-loop lag.
            maxLagMicros = max(maxLagMicros, now - deadline)
            finishIteration(Int(vu))
        }
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

    private func record(easy: UnsafeMutableRawPointer, result: CURLcode) {
        let timings = RequestTimings(easy: easy)
        let status = CurlEasy.long(easy, CURLINFO_RESPONSE_CODE)
        metrics.counters.httpReqs += 1
        metrics.counters.dataReceivedBytes += UInt64(clamping: CurlEasy.offT(easy, CURLINFO_SIZE_DOWNLOAD_T))
            + UInt64(clamping: CurlEasy.long(easy, CURLINFO_HEADER_SIZE))
        metrics.counters.dataSentBytes += UInt64(clamping: CurlEasy.long(easy, CURLINFO_REQUEST_SIZE))
        metrics.record(timings)

        var failure: ErrorKind?
        if result != CURLE_OK {
            failure = ErrorKind.forCurl(result, osErrno: CurlEasy.long(easy, CURLINFO_OS_ERRNO))
        } else {
            failure = ErrorKind.forStatus(status)
        }
        if let failure {
            metrics.counters.httpReqFailed += 1
            metrics.counters.errors[failure, default: 0] += 1
        }
        if result == CURLE_OK && spec.isExpected(status: status) {
            metrics.counters.checksPassed += 1
        } else {
            metrics.counters.checksFailed += 1
        }
    }

    private func publish(finished: Bool) {
        mailbox.post(LoopReport(
            metrics: metrics.take(), activeVUs: activeVUs, maxLagMicros: maxLagMicros,
            startedAtWallMicros: startedAtWallMicros, finished: finished))
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
