import BarrageCore
import CCurl

/// A VU's transitions (the ``VirtualUser`` state machine): start an iteration, send its requests
/// one after another (each followed by its think time), think after the iteration, and ask the
/// executor's runner what comes next.
extension EventLoop {
    func startIteration(_ index: Int) {
        guard claimIteration(index) else {
            retire(index, done: true)
            return
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

    func startRequest(_ index: Int, _ request: Int) {
        vus[index].requestIndex = request
        let prepared = program.requests[request]
        if vus[index].configuredRequest != request {
            do {
                try vus[index].easy.configure(prepared)
                vus[index].configuredRequest = request
            } catch {
                // A half-configured handle would send the wrong request: this VU stops.
                vus[index].configuredRequest = -1
                retire(index, done: true)
                return
            }
        }
        vus[index].body?.reset(capturing: prepared.needsBody)
        if multi.add(vus[index].easy) {
            vus[index].state = .requesting
        } else {
            retire(index)
        }
    }

    func completeRequest(easy: UnsafeMutableRawPointer, result: CURLcode) {
        let index = CurlEasy.vuIndex(of: easy)
        guard vus.indices.contains(index), vus[index].state == .requesting else { return }
        multi.remove(vus[index].easy)
        let request = vus[index].requestIndex
        record(index, request: request, easy: easy, result: result)
        var think = program.requests[request].spec.sleep?.micros(unit: random.nextUnit()) ?? 0
        let last = program.isLast(request)
        if last { think += program.iterationSleep.micros(unit: random.nextUnit()) }
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

    func fireDueTimers() {
        while let (vu, deadline) = timers.popDue(now: now) {
            let index = Int(vu)
            guard vus[index].state == .thinking, vus[index].thinkUntilMicros == deadline else { continue }
            // How late the loop got to a VU whose think time had ended: the event-loop lag.
            maxLagMicros = max(maxLagMicros, now - deadline)
            if program.isLast(vus[index].requestIndex) {
                finishIteration(index)
            } else {
                startRequest(index, vus[index].requestIndex + 1)
            }
        }
    }

    func finishIteration(_ index: Int) {
        metrics.counters.iterations += 1
        metrics.record(.iteration, micros: now - vus[index].iterationStartMicros)
        vus[index].iterationsDone += 1
        if stopDeadline != nil {
            retire(index, done: true)
            return
        }
        switch nextStep(after: index) {
        case .iterate: startIteration(index)
        case .idle: retire(index)
        case .done: retire(index, done: true)
        }
    }

    /// Takes a VU out of its iteration: back to the idle pool, or done for good.
    func retire(_ index: Int, done: Bool = false) {
        if vus[index].isInIteration { activeVUs -= 1 }
        vus[index].state = done ? .done : .idle
        vus[index].retireAtMicros = .max
        if !done { vuBecameIdle(index) }
    }

    /// Ends a VU's iteration now, uncounted (ramp-down past `gracefulRampDown`).
    func interrupt(_ index: Int) {
        if vus[index].state == .requesting { multi.remove(vus[index].easy) }
        retire(index)
    }

    func interruptAll() {
        for index in vus.indices where vus[index].state == .requesting {
            multi.remove(vus[index].easy)
        }
        for index in vus.indices { vus[index].state = .done }
        timers.removeAll()
        activeVUs = 0
    }
}
