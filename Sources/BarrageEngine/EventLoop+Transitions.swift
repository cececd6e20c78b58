import BarrageCore
import CCurl

/// A VU's transitions: the loop feeds its ``VUMachine`` events (iteration start, response
/// finished, timer fired) and does what it answers: send a request, sleep, or end the iteration
/// and ask the executor's runner what comes next. A request that cannot be rendered, or whose
/// extraction fails, skips the rest of the iteration (the VU goes on with its next one).
extension EventLoop: VUPool {
    func startIteration(_ index: Int, latenessMicros: Int64) {
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
        vus[index].latenessMicros = latenessMicros
        vus[index].iterationInTest = program.numbering.iteration(
            started: iterationsStarted, vu: index, vuIteration: vus[index].iterationsDone)
        iterationsStarted += 1
        for slot in program.iterationSlots { vus[index].extracted[slot] = nil }
        if program.session.cookies == .perIteration, vus[index].iterationsDone > 0 { vus[index].easy.clearCookies() }
        advance(index, .iterationStart)
    }

    /// Picks the iteration's row of every data set; false (and the VU stops, or the test) when
    /// a set ran out.
    private func takeRows(_ index: Int) -> Bool {
        for set in program.data.indices {
            guard let row = program.data[set].row(cursor: &dataCursors[set], vu: index, random: &random) else {
                if program.data[set].spec.onExhausted == .stopTest, stopTestSet == nil {
                    stopTestSet = set
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

    /// Feeds VU `index`'s machine `event` and does what it answers.
    @inline(__always)
    func advance(_ index: Int, _ event: VUMachine.Event) {
        var host = VUFlowHost(loop: self, vu: index)
        // The machines are an array of their own: the host reads `vus` while a machine runs.
        switch machines[index].handle(event, now: now, program: program.flow, host: &host) {
        case .send(let request): startRequest(index, request)
        case .sleep(let micros): pause(index, micros: micros)
        case .endIteration: finishIteration(index)
        }
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
            // Not sent: a failed request, and the rest of the iteration is skipped (the machine
            // pauses before ending an iteration that sent nothing, so this cannot recurse).
            metrics.counters.httpReqs += 1
            metrics.counters.httpReqFailed += 1
            metrics.counters.errors[.other, default: 0] += 1
            advance(index, .notSent)
            return
        }
        vus[index].body?.reset(capturing: compiled.needsBody)
        if multi.add(vus[index].easy) {
            vus[index].state = .requesting
        } else {
            retire(index)
        }
    }

    /// Sets `easy` up for request `request`: the request itself, its whole timeout (a redirect
    /// chain shortens it hop by hop) and, with `discardResponseBodies`, whether curl decodes its
    /// body (only when a check or an extraction reads it: decompressing a body nobody reads is
    /// CPU spent for nothing).
    func configure(_ easy: CurlEasy, for request: Int) throws(CurlError) {
        let compiled = program.requests[request]
        try easy.configure(compiled.prepared)
        try easy.setTimeout(millis: compiled.timeoutMillis)
        if program.discardsBodies { try easy.setContentDecoding(compiled.needsBody) }
    }

    func completeRequest(easy: UnsafeMutableRawPointer, result: CURLcode) {
        let index = CurlEasy.vuIndex(of: easy)
        guard vus.indices.contains(index), vus[index].state == .requesting else { return }
        multi.remove(vus[index].easy)
        if program.session.cookies != .off { boundCookieJar(index, easy: easy) }
        let request = vus[index].requestIndex
        var transfer = TransferResult(easy: easy, result: result)
        if let location = redirectLocation(index, transfer, easy: easy) {
            guard let final = followRedirect(index, request: request, transfer, to: location, easy: easy) else { return }
            transfer = final
        }
        let extracted = record(index, request: request, transfer, easy: easy)
        endRedirectChain(index)
        advance(index, .responded(status: transfer.responded ? transfer.status : 0, proceed: extracted))
    }

    /// Counts the response's Set-Cookie headers; once a domain's jar could have passed its
    /// bound, trims the jar (a header lookup per response, the jar read only then).
    private func boundCookieJar(_ index: Int, easy: UnsafeMutableRawPointer) {
        let received = CurlEasy.setCookieCount(easy)
        guard received > 0 else { return }
        vus[index].setCookiesSinceTrim += received
        guard vus[index].setCookiesSinceTrim >= CookieJarLimit.perDomain else { return }
        let dropped = vus[index].easy.trimCookies(lastResponseSetCookies: received)
        // A trim that had to wait (libcurl's per-response cap) is tried again on the next response.
        if dropped > 0 || received < CurlEasy.setCookiesPerResponse { vus[index].setCookiesSinceTrim = 0 }
        cookiesDropped += UInt64(dropped)
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
            advance(index, .timerFired)
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

    func isInIteration(_ index: Int) -> Bool { vus[index].isInIteration }
    func retireAt(_ index: Int) -> Int64 { vus[index].retireAtMicros }
    func setRetireAt(_ index: Int, micros: Int64) { vus[index].retireAtMicros = micros }
}
