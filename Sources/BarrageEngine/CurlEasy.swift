import CCurl

/// One easy handle: the reusable request of one VU. Options are set once; restarting the
/// transfer is `curl_multi_remove_handle` + `curl_multi_add_handle`, which keeps the connection.
///
/// See https://curl.se/libcurl/c/curl_easy_setopt.html
struct CurlEasy {
    let handle: UnsafeMutableRawPointer

    /// Discards the body: without a write function curl would write it to stdout. Byte counts come
    /// from `CURLINFO_SIZE_DOWNLOAD_T` afterwards, so nothing is done per chunk.
    private static let discardBody: barrage_write_callback = { _, size, count, _ in size * count }

    init(url: String, timeoutMillis: Int, vuIndex: Int) throws(CurlError) {
        guard CurlGlobal.initialized, let handle = curl_easy_init() else { throw .initFailed("an easy handle") }
        self.handle = handle
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_URL, url), "CURLOPT_URL")
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "CURLOPT_NOSIGNAL")
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMillis), "CURLOPT_TIMEOUT_MS")
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_TCP_NODELAY, 1), "CURLOPT_TCP_NODELAY")
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_USERAGENT, "barrage/0.1"), "CURLOPT_USERAGENT")
        try CurlError.check(barrage_easy_setopt_write_function(handle, Self.discardBody), "CURLOPT_WRITEFUNCTION")
        // The VU index rides in CURLOPT_PRIVATE (offset by one so index 0 is not a null pointer).
        try CurlError.check(
            barrage_easy_setopt_pointer(handle, CURLOPT_PRIVATE, UnsafeMutableRawPointer(bitPattern: vuIndex + 1)),
            "CURLOPT_PRIVATE")
    }

    func cleanup() { curl_easy_cleanup(handle) }

    static func vuIndex(of handle: UnsafeMutableRawPointer) -> Int {
        var pointer: UnsafeMutableRawPointer?
        _ = barrage_easy_getinfo_pointer(handle, CURLINFO_PRIVATE, &pointer)
        return Int(bitPattern: pointer) - 1
    }

    @inline(__always)
    static func long(_ handle: UnsafeMutableRawPointer, _ info: CURLINFO) -> Int {
        var value: Int = 0
        _ = barrage_easy_getinfo_long(handle, info, &value)
        return value
    }

    @inline(__always)
    static func offT(_ handle: UnsafeMutableRawPointer, _ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = barrage_easy_getinfo_off_t(handle, info, &value)
        return Int64(value)
    }
}
