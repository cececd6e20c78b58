import BarrageCore
import CCurl

/// Options of a VU's session: its cookie engine, its client options (TLS, HTTP version,
/// redirects, compression) and the per-send values of templated requests. Each is a small
/// function of its own beside ``CurlEasy/configure(_:)``.
///
/// See https://curl.se/libcurl/c/curl_easy_setopt.html
extension CurlEasy {
    /// Turns on libcurl's cookie engine for this handle only (an empty CURLOPT_COOKIEFILE reads
    /// no file): the VU's own jar.
    func enableCookies() throws(CurlError) {
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_COOKIEFILE, ""), "CURLOPT_COOKIEFILE")
    }

    /// Empties the VU's jar (CURLOPT_COOKIELIST "ALL").
    func clearCookies() {
        _ = barrage_easy_setopt_string(handle, CURLOPT_COOKIELIST, "ALL")
    }

    /// Applies the scenario's `http:` options.
    func apply(_ options: HTTPOptions, isTLS: Bool) throws(CurlError) {
        // Any other version was refused by RunSpec.validate() before the engine was built.
        if options.version == .http2 {
            // ALPN over TLS; on http:// there is no upgrade round trip: prior knowledge.
            let version = isTLS ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
            try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, version), "CURLOPT_HTTP_VERSION")
        } else {
            try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1), "CURLOPT_HTTP_VERSION")
        }
        if options.insecureSkipTLSVerify {
            try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0), "CURLOPT_SSL_VERIFYPEER")
            try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0), "CURLOPT_SSL_VERIFYHOST")
        }
        if let pem = options.tlsCAPEM { try setBlob(CURLOPT_CAINFO_BLOB, pem, "CURLOPT_CAINFO_BLOB") }
        if let pem = options.tlsClientCertPEM { try setBlob(CURLOPT_SSLCERT_BLOB, pem, "CURLOPT_SSLCERT_BLOB") }
        if let pem = options.tlsClientKeyPEM { try setBlob(CURLOPT_SSLKEY_BLOB, pem, "CURLOPT_SSLKEY_BLOB") }
        // Redirects are not curl's to follow (CURLOPT_FOLLOWLOCATION stays off): the engine sends
        // each hop itself, so that each is a request of its own (EventLoop+Redirects.swift).
        if options.compression {
            // "" offers every encoding this libcurl decodes (gzip, deflate, br, zstd as built).
            try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""), "CURLOPT_ACCEPT_ENCODING")
        }
    }

    /// A PEM text handed to curl as a blob; CURL_BLOB_COPY makes curl keep its own copy.
    private func setBlob(_ option: CURLoption, _ text: String, _ name: String) throws(CurlError) {
        var bytes = Array(text.utf8)
        let code = bytes.withUnsafeMutableBytes { raw -> CURLcode in
            var blob = curl_blob(data: raw.baseAddress, len: raw.count, flags: UInt32(CURL_BLOB_COPY))
            return withUnsafeMutablePointer(to: &blob) { barrage_easy_setopt_pointer(handle, option, $0) }
        }
        try CurlError.check(code, name)
    }

    /// The rendered URL of a templated request (curl copies the string).
    func setURL(_ url: UnsafePointer<CChar>) throws(CurlError) {
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_URL, url), "CURLOPT_URL")
    }

    /// The rendered header list of a templated request (curl reads it during the transfer).
    func setHeaders(_ list: UnsafeMutablePointer<curl_slist>?) throws(CurlError) {
        try CurlError.check(barrage_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list), "CURLOPT_HTTPHEADER")
    }

    /// The rendered body of a templated request; curl copies it (CURLOPT_COPYPOSTFIELDS), after
    /// its size is set, so bodies with NUL bytes keep them.
    func setCopiedBody(_ body: String) throws(CurlError) {
        var bytes = Array(body.utf8)
        try CurlError.check(barrage_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count)), "CURLOPT_POSTFIELDSIZE_LARGE")
        bytes.append(0)
        let code = bytes.withUnsafeMutableBytes { raw in barrage_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, raw.baseAddress) }
        try CurlError.check(code, "CURLOPT_COPYPOSTFIELDS")
    }

    /// Whether curl decodes a compressed body (CURLOPT_HTTP_CONTENT_DECODING): off for a body
    /// nothing reads with `discardResponseBodies`, which saves the decompression.
    func setContentDecoding(_ decode: Bool) throws(CurlError) {
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_HTTP_CONTENT_DECODING, decode ? 1 : 0), "CURLOPT_HTTP_CONTENT_DECODING")
    }
}

/// The cookie jar's bounds (``CookieJarLimit``), applied by reading the jar and writing back what
/// is kept: libcurl has no per-domain limit of its own.
extension CurlEasy {
    /// The header's name as a static C string: no String is bridged per response.
    private static let setCookie: StaticString = "Set-Cookie"

    /// How many Set-Cookie headers the last response of `handle` carried: a walk of the
    /// response's header list inside libcurl, nothing allocated or copied (the static request
    /// path pays this one lookup per response when cookies are on, nothing when they are off).
    static func setCookieCount(_ handle: UnsafeMutableRawPointer) -> Int {
        var found: UnsafeMutablePointer<curl_header>?
        // A literal StaticString is stored NUL-terminated: utf8Start is a C string.
        let name = UnsafeRawPointer(setCookie.utf8Start).assumingMemoryBound(to: CChar.self)
        guard curl_easy_header(handle, name, 0, 1 /* CURLH_HEADER */, -1, &found) == CURLHE_OK, let found else { return 0 }
        return found.pointee.amount
    }

    /// libcurl's own cap on the Set-Cookie headers taken from one response (MAX_SET_COOKIE_AMOUNT).
    /// Once a response reached it, libcurl refuses every cookie added to the handle, through
    /// CURLOPT_COOKIELIST too, until the handle's next request starts.
    static let setCookiesPerResponse = 50

    /// Trims the jar to its bounds: reads it, empties it and adds back what is kept.
    /// - Parameter lastResponseSetCookies: the Set-Cookie headers of the response just received.
    ///   When they reached ``setCookiesPerResponse`` nothing can be added back, so the trim waits
    ///   for a later response while the jar is within twice its bounds, and past that the whole
    ///   jar is emptied (counted as dropped): memory stays bounded either way.
    /// - Returns: the cookies dropped, counted from the jar itself (before minus after).
    func trimCookies(lastResponseSetCookies: Int) -> Int {
        var pointer: UnsafeMutableRawPointer?
        guard barrage_easy_getinfo_pointer(handle, CURLINFO_COOKIELIST, &pointer) == CURLE_OK, let pointer else { return 0 }
        let list = pointer.assumingMemoryBound(to: curl_slist.self)
        defer { curl_slist_free_all(list) }
        var lines: [String] = []
        var item: UnsafeMutablePointer<curl_slist>? = list
        while let current = item {
            if let data = current.pointee.data { lines.append(String(cString: data)) }
            item = current.pointee.next
        }
        guard let (kept, _) = CookieJarLimit.trim(lines) else { return 0 }
        if lastResponseSetCookies >= Self.setCookiesPerResponse {
            guard lines.count > 2 * kept.count + Self.setCookiesPerResponse else { return 0 }
            clearCookies()
            return lines.count
        }
        clearCookies()
        for line in kept { _ = barrage_easy_setopt_string(handle, CURLOPT_COOKIELIST, line) }
        return max(lines.count - cookieCount(), 0)
    }

    /// The cookies in the jar (a listing: only after a trim).
    private func cookieCount() -> Int {
        var pointer: UnsafeMutableRawPointer?
        guard barrage_easy_getinfo_pointer(handle, CURLINFO_COOKIELIST, &pointer) == CURLE_OK, let pointer else { return 0 }
        let list = pointer.assumingMemoryBound(to: curl_slist.self)
        defer { curl_slist_free_all(list) }
        var count = 0
        var item: UnsafeMutablePointer<curl_slist>? = list
        while let current = item {
            count += 1
            item = current.pointee.next
        }
        return count
    }
}
