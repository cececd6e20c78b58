import BarrageCore
import CCurl

/// What one finished transfer records: counters, timings, its series, its checks and its
/// extractions.
extension EventLoop {
    /// Counts one transfer of VU `index`'s request `request` (the request, or one redirect hop of
    /// it) in every metric and in its series.
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
        if let failure = transfer.failure {
            metrics.counters.httpReqFailed += 1
            metrics.counters.errors[failure, default: 0] += 1
        }
        return metrics.recordSeries(
            request: request, status: transfer.status, asGET: vus[index].redirect?.asGET ?? false,
            durationMicros: transfer.timings.duration, failed: transfer.failure != nil,
            received: transfer.received, sent: transfer.sent)
    }

    /// Records the final response of VU `index`'s request `request`: counted, then its checks
    /// and extractions (which read `easy` only when a response arrived).
    /// - Returns: false when an extraction failed (the rest of the iteration is skipped).
    func record(_ index: Int, request: Int, _ transfer: TransferResult, easy: UnsafeMutableRawPointer) -> Bool {
        let slot = count(transfer, vu: index, request: request)
        let status = transfer.status
        let timings = transfer.timings
        let compiled = program.requests[request]
        let checks = compiled.prepared.spec.checks
        let responded = transfer.responded
        var check = 0
        metrics.recordCheck(request: request, check: check, slot: slot, passed: responded && checks.statusPasses(status))
        for (position, needle) in compiled.prepared.needles.enumerated() {
            check += 1
            var passed = false
            if responded, let body = vus[index].body {
                if let templates = compiled.needles {
                    passed = body.contains(Array(render(templates[position], vu: index).utf8))
                } else {
                    passed = body.contains(needle)
                }
            }
            metrics.recordCheck(request: request, check: check, slot: slot, passed: passed)
        }
        for (position, header) in checks.headerEquals.enumerated() {
            check += 1
            let value = responded ? CurlEasy.header(easy, header.name) : nil
            let expected = compiled.headerValues.map { render($0[position], vu: index) } ?? header.value
            metrics.recordCheck(request: request, check: check, slot: slot, passed: value == expected)
        }
        if let limit = checks.durationBelowMicros {
            check += 1
            metrics.recordCheck(request: request, check: check, slot: slot, passed: responded && timings.duration < limit)
        }
        var extractedAll = true
        for extraction in compiled.extractions {
            check += 1
            let value = responded ? extract(extraction, vu: index, easy: easy) : nil
            vus[index].extracted[extraction.slot] = value
            metrics.recordCheck(request: request, check: check, slot: slot, passed: value != nil)
            if value == nil { extractedAll = false }
        }
        return extractedAll
    }

    /// The value `extraction` finds in VU `index`'s response, or nil.
    private func extract(_ extraction: CompiledExtraction, vu index: Int, easy: UnsafeMutableRawPointer) -> String? {
        switch extraction.matcher {
        case .header(let name):
            return CurlEasy.header(easy, name)
        case .json(let path):
            return vus[index].body.flatMap { body in path.value(in: body.bytes) }
        case .regex(let matcher):
            guard let body = vus[index].body else { return nil }
            return matcher.firstGroup(in: &body.bytes)
        }
    }
}
