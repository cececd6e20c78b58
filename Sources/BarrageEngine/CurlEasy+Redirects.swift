import CCurl

/// What the engine needs from a handle to follow a redirect itself: the absolute URL curl
/// resolved from the Location header, and the switch to a plain GET (303, or 301/302 after a
/// POST).
///
/// See https://curl.se/libcurl/c/CURLINFO_REDIRECT_URL.html
extension CurlEasy {
    /// The URL a redirect response points to (curl resolves a relative Location against the
    /// request's URL), or nil when the response has none. Owned by curl and valid until the
    /// handle's next transfer starts: copy it (CURLOPT_URL does) before then.
    @inline(__always)
    static func redirectURL(_ handle: UnsafeMutableRawPointer) -> UnsafePointer<CChar>? {
        var pointer: UnsafeMutableRawPointer?
        guard barrage_easy_getinfo_pointer(handle, CURLINFO_REDIRECT_URL, &pointer) == CURLE_OK, let pointer else { return nil }
        return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
    }

    /// The URL of the transfer that just finished (CURLINFO_EFFECTIVE_URL), or nil.
    static func effectiveURL(_ handle: UnsafeMutableRawPointer) -> String? {
        var pointer: UnsafeMutableRawPointer?
        guard barrage_easy_getinfo_pointer(handle, CURLINFO_EFFECTIVE_URL, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer.assumingMemoryBound(to: CChar.self))
    }

    /// The timeout of the next transfer (CURLOPT_TIMEOUT_MS): what is left of the request's.
    func setTimeout(millis: Int) throws(CurlError) {
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, millis), "CURLOPT_TIMEOUT_MS")
    }

    /// The next transfer is a GET without a body, whatever the request was (CURLOPT_HTTPGET drops
    /// the POST state; a custom method goes too). ``configure(_:)`` restores the request.
    func switchToGET() throws(CurlError) {
        try CurlError.check(barrage_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, nil), "CURLOPT_CUSTOMREQUEST")
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_NOBODY, 0), "CURLOPT_NOBODY")
        try CurlError.check(barrage_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), "CURLOPT_HTTPGET")
    }
}
