import BarrageCore
import CCurl

/// What one finished transfer records: counters, timings, its series, its checks and its
/// extractions.
extension EventLoop {
    /// Counts one transfer of VU `index`'s request `request` (the request, or one redirect hop of
    /// it) in every metric and in its series. It counts in http_req_failed unless its status is
    /// expected (the request's `expectedStatuses`, `--expect-status`, or 200-399).
    /// - Returns: the series slot, for the checks of a final response.
    @discardableResult
    func count(_ transfer: TransferResult, vu index: Int, request: Int) -> Int {
        metrics.counters.httpReqs += 1
        metrics.counters.dataReceivedBytes += transfer.received
        metrics.counters.dataSentBytes += transfer.sent
        metrics.record(transfer.timings)
        // Recorded only for arrival-rate executors (LoopMetrics has no histogram otherwise); the
        // iteration's lateness delays its first hop only.
        let lateness = vus[index].redirect == nil ? vus[index].latenessMicros : 0
        metrics.record(.corrected, micros: transfer.timings.duration + lateness)
        let failed = program.requests[request].fails(status: transfer.status, responded: transfer.responded)
        if failed {
            metrics.counters.httpReqFailed += 1
            metrics.counters.errors[transfer.failure ?? .other, default: 0] += 1
        }
        return metrics.recordSeries(
            request: request, status: transfer.status, asGET: vus[index].redirect?.asGET ?? false,
            durationMicros: transfer.timings.duration, failed: failed,
            received: transfer.received, sent: transfer.sent)
    }

    /// Records the final response of VU `index`'s request `request`: counted, then its checks
    /// (in ``RequestChecks/items`` order, the order their names and counters have) and its
    /// extractions, which read `easy` only when a response arrived.
    /// - Returns: false when an extraction failed (the rest of the iteration is skipped).
    func record(_ index: Int, request: Int, _ transfer: TransferResult, easy: UnsafeMutableRawPointer) -> Bool {
        let slot = count(transfer, vu: index, request: request)
        let compiled = program.requests[request]
        let checks = compiled.prepared.spec.checks
        let responded = transfer.responded
        for (check, item) in compiled.checkItems.enumerated() {
            let passed: Bool
            switch item {
            case .status:
                passed = responded && checks.statusPasses(transfer.status)
            case .bodyContains(let position):
                if responded, let body = vus[index].body {
                    if let templates = compiled.needles {
                        passed = body.contains(Array(render(templates[position], vu: index).utf8))
                    } else {
                        passed = body.contains(compiled.prepared.needles[position])
                    }
                } else {
                    passed = false
                }
            case .bodyNotContains(let position):
                passed = responded && !(vus[index].body?.contains(compiled.notNeedles[position]) ?? true)
            case .header(let position):
                let header = checks.headerEquals[position]
                let value = responded ? CurlEasy.header(easy, header.name) : nil
                let expected = compiled.headerValues.map { render($0[position], vu: index) } ?? header.value
                passed = value == expected
            case .json(let position):
                let check = compiled.jsonChecks[position]
                passed = responded && vus[index].body.flatMap { check.path.value(in: $0.bytes) } == check.value
            case .durationBelow:
                passed = responded && transfer.timings.duration < (checks.durationBelowMicros ?? 0)
            }
            metrics.recordCheck(request: request, check: check, slot: slot, passed: passed)
        }
        var extractedAll = true
        var check = compiled.checkItems.count
        for extraction in compiled.extractions {
            let value = responded ? extract(extraction, vu: index, easy: easy) : nil
            vus[index].extracted[extraction.slot] = value
            metrics.recordCheck(request: request, check: check, slot: slot, passed: value != nil)
            check += 1
            if value == nil { extractedAll = false }
        }
        return extractedAll
    }

    /// The value `extraction` finds in VU `index`'s response, or nil.
    private func extract(_ extraction: CompiledExtraction, vu index: Int, easy: UnsafeMutableRawPointer) -> String? {
        switch extraction.matcher {
        case .header(let name):
            return CurlEasy.header(easy, name)
        case .cookie(let name):
            return CurlEasy.setCookie(easy, name)
        case .json(let path):
            return vus[index].body.flatMap { body in path.value(in: body.bytes) }
        case .regex(let matcher):
            guard let body = vus[index].body else { return nil }
            return matcher.firstGroup(in: &body.bytes)
        }
    }
}
