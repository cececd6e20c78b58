import BarrageCore
import CCurl

/// One easy handle: the reusable request of one VU. Options are set when the VU moves to another
/// request of its iteration (never for a one-request iteration); restarting the transfer is
/// `curl_multi_remove_handle` + `curl_multi_add_handle`, which keeps the connection.
///
/// See https://curl.se/libcurl/c/curl_easy_setopt.html
struct CurlEasy {
    let handle: UnsafeMutableRawPointer

    /// Discards the body: without a write function curl would write it to stdout. Byte counts come
    /// from `CURLINFO_SIZE_DOWNLOAD_T` afterwards, so nothing is done per chunk.
    private static let discardBody: barrage_write_callback = { _, size, count, _ in size * count }

    /// Hands the body to the VU's ``BodyBuffer`` (which keeps it only while a check needs it).
    private static let captureBody: barrage_write_callback = { pointer, size, count, userdata in
        if let pointer, let userdata {
            Unmanaged<BodyBuffer>.fromOpaque(userdata).takeUnretainedValue().append(pointer, count: size * count)
        }
        return size * count
    }

    init(timeoutMillis: Int, vuIndex: Int, body: BodyBuffer?, connectPolicy: ConnectPolicy? = nil) throws(CurlError) {
        guard CurlGlobal.initialized, let handle = curl_easy_init() else { throw .initFailed("an easy handle") }
        self.handle = handle
        try Self.restrict(handle, to: connectPolicy)
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "CURLOPT_NOSIGNAL")
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMillis), "CURLOPT_TIMEOUT_MS")
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_TCP_NODELAY, 1), "CURLOPT_TCP_NODELAY")
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_USERAGENT, "barrage/0.1"), "CURLOPT_USERAGENT")
        if let body {
            try CurlError.check(barrage_easy_setopt_write_function(handle, Self.captureBody), "CURLOPT_WRITEFUNCTION")
            try CurlError.check(
                barrage_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(body).toOpaque()), "CURLOPT_WRITEDATA")
        } else {
            try CurlError.check(barrage_easy_setopt_write_function(handle, Self.discardBody), "CURLOPT_WRITEFUNCTION")
        }
        // The VU index rides in CURLOPT_PRIVATE (offset by one so index 0 is not a null pointer).
        try CurlError.check(
            barrage_easy_setopt_pointer(handle, CURLOPT_PRIVATE, UnsafeMutableRawPointer(bitPattern: vuIndex + 1)),
            "CURLOPT_PRIVATE")
    }

    /// Only HTTP and HTTPS, on the first request and on every redirect (no `file://`, `gopher://`,
    /// `dict://` a hostile URL or `Location` could smuggle in), and every socket through the
    /// agent's ``ConnectPolicy`` when it has an allow-list.
    private static func restrict(_ handle: UnsafeMutableRawPointer, to policy: ConnectPolicy?) throws(CurlError) {
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "CURLOPT_PROTOCOLS_STR")
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), "CURLOPT_REDIR_PROTOCOLS_STR")
        guard let policy else { return }
        // The engine keeps the policy alive for as long as any of its handles exists.
        try CurlError.check(barrage_easy_setopt_opensocket_function(handle, ConnectPolicy.openSocket), "CURLOPT_OPENSOCKETFUNCTION")
        try CurlError.check(
            barrage_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, Unmanaged.passUnretained(policy).toOpaque()),
            "CURLOPT_OPENSOCKETDATA")
    }

    /// Sets the handle up for `request`: URL, method, headers and body.
    func configure(_ request: PreparedRequest) throws(CurlError) {
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_URL, request.spec.url), "CURLOPT_URL")
        // Back to a plain GET first, so nothing of the previous request's method lingers.
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_NOBODY, 0), "CURLOPT_NOBODY")
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, nil), "CURLOPT_CUSTOMREQUEST")
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), "CURLOPT_HTTPGET")
        let method = request.spec.method
        if let body = request.body {
            try CurlError.check(barrage_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.bodyLength)), "CURLOPT_POSTFIELDSIZE_LARGE")
            try CurlError.check(barrage_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, body), "CURLOPT_POSTFIELDS")
        } else if method == "POST" {
            try CurlError.check(barrage_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0), "CURLOPT_POSTFIELDSIZE_LARGE")
            try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""), "CURLOPT_COPYPOSTFIELDS")
        }
        if method == "HEAD" {
            try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_NOBODY, 1), "CURLOPT_NOBODY")
        } else if method != "GET" && method != "POST" {
            try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method), "CURLOPT_CUSTOMREQUEST")
        } else if method == "GET" && request.body != nil {
            try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "GET"), "CURLOPT_CUSTOMREQUEST")
        }
        try CurlError.check(barrage_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, request.headers), "CURLOPT_HTTPHEADER")
    }

    /// The value of response header `name` (first occurrence, case-insensitive), or nil.
    static func header(_ handle: UnsafeMutableRawPointer, _ name: String) -> String? {
        var found: UnsafeMutablePointer<curl_header>?
        guard curl_easy_header(handle, name, 0, 1 /* CURLH_HEADER: a plain server header */, -1, &found) == CURLHE_OK,
              let value = found?.pointee.value else { return nil }
        return String(cString: value)
    }

    /// The value the response's last `Set-Cookie` for cookie `name` gives it, or nil.
    static func setCookie(_ handle: UnsafeMutableRawPointer, _ name: String) -> String? {
        var found: UnsafeMutablePointer<curl_header>?
        var value: String?
        var index = 0
        // `amount` comes from curl (the headers it parsed), so the loop ends.
        while curl_easy_header(handle, "Set-Cookie", index, 1 /* CURLH_HEADER */, -1, &found) == CURLHE_OK, let header = found?.pointee {
            if let text = header.value.map({ String(cString: $0) }), let cookie = SetCookieValue.value(of: name, in: text) { value = cookie }
            index += 1
            guard index < header.amount else { break }
        }
        return value
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
