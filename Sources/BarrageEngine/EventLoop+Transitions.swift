import BarrageCore
import CCurl

/// A VU's transitions (the ``VirtualUser`` state machine): start an iteration, send its requests
/// one after another (each followed by its think time), think after the iteration, and ask the
/// executor's runner what comes next. A request that cannot be rendered, or whose extraction
/// fails, ends the iteration early (the VU goes on with its next one).
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
        guard takeRows(index) else { return }
        vus[index].iterationStartMicros = now
        vus[index].latenessMicros = 0
        vus[index].iterationInTest = program.numbering.iteration(
            started: iterationsStarted, vu: index, vuIteration: vus[index].iterationsDone)
        iterationsStarted += 1
        if program.variableSlots > 0 {
            for slot in 0..<program.variableSlots { vus[index].extracted[slot] = nil }
        }
        if program.session.cookies == .perIteration, vus[index].iterationsDone > 0 { vus[index].easy.clearCookies() }
        startRequest(index, 0)
    }

    /// Picks the iteration's row of every data set; false (and the VU stops, or the test) when
    /// a set ran out.
    private func takeRows(_ index: Int) -> Bool {
        for set in program.data.indices {
            guard let row = program.data[set].row(cursor: &dataCursors[set], vu: index, random: &random) else {
                if program.data[set].spec.onExhausted == .stopTest, !stopTestRequested {
                    stopTestRequested = true
                    stopStarting(deadline: now + spec.gracefulStopMicros)
                    publish(finished: false)
                }
                retire(index, done: true)
                return false
            }
            vus[index].rows[set] = row
        }
        return true
    }

    func startRequest(_ index: Int, _ request: Int) {
        vus[index].requestIndex = request
        let compiled = program.requests[request]
        if vus[index].configuredRequest != request {
            do {
                try configure(vus[index].easy, for: request)
                vus[index].configuredRequest = request
            } catch {
                // A half-configured handle would send the wrong request: this VU stops.
                vus[index].configuredRequest = -1
                retire(index, done: true)
                return
            }
        }
        if compiled.isTemplated, !applyTemplates(compiled, vu: index) {
            // Not sent: a failed request, and the rest of the iteration is skipped. Through a
            // timer, so a VU whose every iteration fails this way cannot recurse.
            metrics.counters.httpReqs += 1
            metrics.counters.httpReqFailed += 1
            metrics.counters.errors[.other, default: 0] += 1
            skipRest(index, inTransfer: false)
            return
        }
        vus[index].body?.reset(capturing: compiled.needsBody)
        if multi.add(vus[index].easy) {
            vus[index].state = .requesting
        } else {
            retire(index)
        }
    }

    /// Sets `easy` up for request `request`: the request itself, the whole timeout (a redirect
    /// chain shortens it hop by hop) and, with `discardResponseBodies`, whether curl decodes its
    /// body (only when a check or an extraction reads it: decompressing a body nobody reads is
    /// CPU spent for nothing).
    func configure(_ easy: CurlEasy, for request: Int) throws(CurlError) {
        let compiled = program.requests[request]
        try easy.configure(compiled.prepared)
        try easy.setTimeout(millis: timeoutMillis)
        if program.discardsBodies { try easy.setContentDecoding(compiled.needsBody) }
    }

    func completeRequest(easy: UnsafeMutableRawPointer, result: CURLcode) {
        let index = CurlEasy.vuIndex(of: easy)
        guard vus.indices.contains(index), vus[index].state == .requesting else { return }
        multi.remove(vus[index].easy)
        let request = vus[index].requestIndex
        var transfer = TransferResult(easy: easy, result: result)
        if let location = redirectLocation(index, transfer, easy: easy) {
            guard let final = followRedirect(index, request: request, transfer, to: location, easy: easy) else { return }
            transfer = final
        }
        let extracted = record(index, request: request, transfer, easy: easy)
        endRedirectChain(index)
        guard extracted else {
            skipRest(index, inTransfer: true)
            return
        }
        var think = program.requests[request].prepared.spec.sleep?.micros(unit: random.nextUnit()) ?? 0
        let last = program.isLast(request)
        if last { think += program.iterationSleep.micros(unit: random.nextUnit()) }
        if think > 0 {
            pause(index, micros: think)
        } else if last {
            finishIteration(index)
        } else {
            startRequest(index, request + 1)
        }
    }

    /// Ends the iteration after its think time, without its remaining requests.
    private func skipRest(_ index: Int, inTransfer: Bool) {
        vus[index].requestIndex = program.requests.count - 1
        var micros = program.iterationSleep.micros(unit: random.nextUnit())
        if !inTransfer { micros = max(micros, 1_000) }
        if micros > 0 {
            pause(index, micros: micros)
        } else {
            finishIteration(index)
        }
    }

    private func pause(_ index: Int, micros: Int64) {
        vus[index].state = .thinking
        vus[index].thinkUntilMicros = now + micros
        timers.push(deadline: now + micros, vu: Int32(index))
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
        endRedirectChain(index)
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
