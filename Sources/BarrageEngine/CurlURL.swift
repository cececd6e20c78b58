import BarrageCore
import CCurl

/// curl's own URL parser (https://curl.se/libcurl/c/curl_url_get.html): the agent decides which
/// host a URL targets exactly as the transfer will, so its allow-list check and the connection
/// can never disagree (a hand-written parser and curl differed on `@`, `\` and NUL before).
public enum CurlURL {
    /// The host (address literals without brackets) and port (the scheme's default if none)
    /// curl would connect to for `url`.
    /// - Throws: ``EngineError/invalidURL(_:)`` if curl does not accept the URL or it is not http(s).
    public static func hostAndPort(of url: String) throws(EngineError) -> (host: String, port: Int) {
        guard !PeerText.hasControlCharacter(url), let handle = curl_url() else { throw .invalidURL(PeerText.escape(url, limit: 200)) }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { throw .invalidURL(PeerText.escape(url, limit: 200)) }
        guard let scheme = part(handle, CURLUPART_SCHEME, flags: 0)?.lowercased(), scheme == "http" || scheme == "https",
              var host = part(handle, CURLUPART_HOST, flags: 0),
              let portText = part(handle, CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)), let port = Int(portText)
        else { throw .invalidURL(PeerText.escape(url, limit: 200)) }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        // A zone id (`fe80::1%25eth0`) is not part of the address the allow-list names.
        if let percent = host.firstIndex(of: "%") { host = String(host[..<percent]) }
        return (host.lowercased(), port)
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart, flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
