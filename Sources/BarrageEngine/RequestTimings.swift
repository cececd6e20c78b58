import CCurl

/// k6's request phases, in microseconds, from libcurl's cumulative `CURLINFO_*_TIME_T` marks.
///
/// curl reports each mark from the start of the transfer; the phases are their differences. On a
/// reused keep-alive connection the lookup, connect and TLS marks are 0, so those phases are 0.
/// http_req_duration is sending + waiting + receiving, as in k6: connection setup is excluded.
struct RequestTimings {
    var blocked: Int64
    var connecting: Int64
    var tlsHandshaking: Int64
    var sending: Int64
    var waiting: Int64
    var receiving: Int64

    var duration: Int64 { sending + waiting + receiving }

    init(nameLookup: Int64, connect: Int64, appConnect: Int64, preTransfer: Int64, startTransfer: Int64, total: Int64) {
        blocked = max(nameLookup, 0)
        connecting = max(connect - nameLookup, 0)
        tlsHandshaking = appConnect > 0 ? max(appConnect - connect, 0) : 0
        let connected = max(nameLookup, connect, appConnect)
        sending = max(preTransfer - connected, 0)
        // A failed transfer may have no first byte: then everything after the request is "waiting".
        let firstByte = startTransfer > 0 ? startTransfer : total
        waiting = max(firstByte - max(preTransfer, connected), 0)
        receiving = max(total - firstByte, 0)
    }

    init(easy handle: UnsafeMutableRawPointer) {
        self.init(
            nameLookup: CurlEasy.offT(handle, CURLINFO_NAMELOOKUP_TIME_T),
            connect: CurlEasy.offT(handle, CURLINFO_CONNECT_TIME_T),
            appConnect: CurlEasy.offT(handle, CURLINFO_APPCONNECT_TIME_T),
            preTransfer: CurlEasy.offT(handle, CURLINFO_PRETRANSFER_TIME_T),
            startTransfer: CurlEasy.offT(handle, CURLINFO_STARTTRANSFER_TIME_T),
            total: CurlEasy.offT(handle, CURLINFO_TOTAL_TIME_T))
    }
}
