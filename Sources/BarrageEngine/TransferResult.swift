import BarrageCore
import CCurl

/// What one finished transfer (a request, or one hop of a redirect chain) measured, read from
/// its handle once: a few words on the stack, nothing allocated.
struct TransferResult {
    let status: Int
    let timings: RequestTimings
    /// Wire bytes: the body as received (before any decoding) plus the headers.
    let received: UInt64
    let sent: UInt64
    /// Why it failed (transport error or status >= 400), or nil.
    let failure: ErrorKind?
    /// Whether a response arrived (checks and extractions read it only then).
    let responded: Bool

    init(easy: UnsafeMutableRawPointer, result: CURLcode) {
        timings = RequestTimings(easy: easy)
        status = CurlEasy.long(easy, CURLINFO_RESPONSE_CODE)
        received = UInt64(clamping: CurlEasy.offT(easy, CURLINFO_SIZE_DOWNLOAD_T))
            + UInt64(clamping: CurlEasy.long(easy, CURLINFO_HEADER_SIZE))
        sent = UInt64(clamping: CurlEasy.long(easy, CURLINFO_REQUEST_SIZE))
            + UInt64(clamping: CurlEasy.offT(easy, CURLINFO_SIZE_UPLOAD_T))
        responded = result == CURLE_OK
        failure = responded
            ? ErrorKind.forStatus(status)
            : ErrorKind.forCurl(result, osErrno: CurlEasy.long(easy, CURLINFO_OS_ERRNO))
    }

    private init(failure: ErrorKind) {
        status = 0
        timings = RequestTimings(nameLookup: 0, connect: 0, appConnect: 0, preTransfer: 0, startTransfer: 0, total: 0)
        received = 0
        sent = 0
        self.failure = failure
        responded = false
    }

    /// A redirect hop that was not sent: its Location is not http(s), or its host is outside the
    /// agent's allow-list. A failed request with no response (status 0), as a connection the
    /// allow-list refuses is.
    static let refusedHop = TransferResult(failure: .other)

    /// A redirect chain whose hops used up the request's timeout before the next could go out.
    static let chainTimedOut = TransferResult(failure: .timeout)

    /// The whole transfer, connection setup included, µs.
    var totalMicros: Int64 {
        timings.blocked + timings.connecting + timings.tlsHandshaking + timings.duration
    }

    /// Whether this is a redirect the engine may follow (a response with a followed status).
    @inline(__always)
    var isRedirect: Bool { responded && RedirectRule.follows(status) }
}
