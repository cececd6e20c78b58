/// How a client follows a redirect (the engine follows hops itself, one request each, as k6
/// does): which statuses it follows, what becomes of the method and body, and which headers it
/// no longer sends once a hop leaves the original host.
///
/// The method rules are the Fetch standard's and curl's defaults: 303 turns anything but HEAD
/// into a GET without a body, 301 and 302 turn a POST into a GET, 307 and 308 keep the method
/// and the body. See https://fetch.spec.whatwg.org/#http-redirect-fetch.
public enum RedirectRule {
    /// What the next hop sends.
    public enum Method: Sendable, Equatable {
        /// The same method and body.
        case keep
        /// A GET without a body.
        case get
    }

    /// Whether a response with `status` is followed when it has a Location (the statuses Go's
    /// client, hence k6, follows; 300, 304, 305 and 306 are final).
    @inline(__always)
    public static func follows(_ status: Int) -> Bool {
        status == 301 || status == 302 || status == 303 || status == 307 || status == 308
    }

    /// The next hop's method after a `status` response to a `method` request.
    public static func method(after status: Int, method: String) -> Method {
        switch status {
        case 303: return method == "HEAD" ? .keep : .get
        case 301, 302: return method == "POST" ? .get : .keep
        default: return .keep
        }
    }

    /// Header names (lower case) not sent to another host than the one the request named, as
    /// curl and Go drop them on a cross-host redirect: a token or session for one host must not
    /// reach the next.
    public static let credentialHeaders: Set<String> = ["authorization", "cookie", "proxy-authorization"]

    /// Whether the header line `Name: value` carries credentials (``credentialHeaders``).
    public static func carriesCredentials(line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return credentialHeaders.contains(String(line[..<colon]).trimmingWhitespace().lowercased())
    }
}
