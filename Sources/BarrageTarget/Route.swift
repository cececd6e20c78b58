/// What the target does with a request, decided from its path alone.
///
/// These are also the keys of `GET /stats`: every response written is counted under exactly one route.
public enum Route: Int, CaseIterable, Sendable {
    /// `/api/posts/` or `/api/posts`: the feed page.
    case posts
    /// `/healthz`: a plain `ok`.
    case healthz
    /// `/stats`: the request counts.
    case stats
    /// Any other path (404), and any method but GET on the paths above (405), except:
    case other
    /// `POST /api/posts/`: "creates" a post (201 with a small JSON body; the request body is read
    /// and dropped), so scenarios can send bodies.
    case created

    /// Maps a request target to its route; the query string, if any, is ignored.
    /// - Parameter uri: the request target as received, e.g. `/api/posts/?page=1`.
    public init(uri: String) {
        let path = uri.utf8.firstIndex(of: UInt8(ascii: "?")).map { uri[..<$0] } ?? uri[...]
        switch path {
        case "/api/posts/", "/api/posts": self = .posts
        case "/healthz": self = .healthz
        case "/stats": self = .stats
        default: self = .other
        }
    }

    /// The key under which `GET /stats` reports this route.
    public var statsKey: String {
        switch self {
        case .posts: return "/api/posts/"
        case .healthz: return "/healthz"
        case .stats: return "/stats"
        case .other: return "other"
        case .created: return "POST /api/posts/"
        }
    }
}
