import CCurl

/// `curl_global_init` must run once, before any thread creates a handle; a static `let` runs
/// its initializer exactly once, thread-safely.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// The libcurl version string, e.g. "7.88.1".
    static var version: String { String(cString: curl_version_info(CURLVERSION_TENTH).pointee.version) }
}
