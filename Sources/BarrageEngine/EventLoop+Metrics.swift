import BarrageCore
import CCurl

/// What one finished transfer records: counters, timings, its series and its checks.
extension EventLoop {
    func record(_ index: Int, request: Int, easy: UnsafeMutableRawPointer, result: CURLcode) {
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

        let prepared = program.requests[request]
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
}
