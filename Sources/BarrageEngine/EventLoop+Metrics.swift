import BarrageCore
import CCurl

/// What one finished transfer records: counters, timings, its series, its checks and its
/// extractions.
extension EventLoop {
    /// Records the transfer of VU `index`'s request `request`.
    /// - Returns: false when an extraction failed (the rest of the iteration is skipped).
    func record(_ index: Int, request: Int, easy: UnsafeMutableRawPointer, result: CURLcode) -> Bool {
        let timings = RequestTimings(easy: easy)
        let status = CurlEasy.long(easy, CURLINFO_RESPONSE_CODE)
        let received = UInt64(clamping: CurlEasy.offT(easy, CURLINFO_SIZE_DOWNLOAD_T))
            + UInt64(clamping: CurlEasy.long(easy, CURLINFO_HEADER_SIZE))
        let sent = UInt64(clamping: CurlEasy.long(easy, CURLINFO_REQUEST_SIZE))
            + UInt64(clamping: CurlEasy.offT(easy, CURLINFO_SIZE_UPLOAD_T))
        // Every redirect hop curl followed is a request of its own, as in k6.
        metrics.counters.httpReqs += 1 + UInt64(clamping: CurlEasy.redirectCount(easy))
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

        let compiled = program.requests[request]
        let checks = compiled.prepared.spec.checks
        let responded = result == CURLE_OK
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
