import BarrageCore

/// `http://HOST[:PORT][/PATH]` as the HTTP outputs take it (InfluxDB, Prometheus remote write):
/// plain http only, IPv6 hosts in brackets, no user info. The one parser of both endpoints, and
/// where the coordinator's POSTs go (`OutputPost`).
public struct HTTPAddress: Sendable, Equatable, CustomStringConvertible {
    /// Why a URL was refused, for the caller's message.
    struct Refusal: Error {
        var reason: String
    }

    /// Host name or address, without brackets.
    public var host: String
    public var port: Int
    /// Path and query; starts with `/`, which it is when the URL has none.
    public var path: String

    public init(host: String, port: Int, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    /// The host as a URL and a `Host` header write it: IPv6 in brackets.
    public var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    /// `http://HOST:PORT/PATH`.
    public var description: String { "http://\(hostForURL):\(port)\(path)" }

    init(parsing text: String, defaultPort: Int) throws(Refusal) {
        guard text.hasPrefix("http://") else {
            throw Refusal(reason: text.hasPrefix("https://") ? "https is not supported" : "it must start with http://")
        }
        let rest = text.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var host = Substring(authority)
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw Refusal(reason: "unclosed [") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw Refusal(reason: "junk after ]") }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "@" }) else { throw Refusal(reason: "the host is missing") }
        var port = defaultPort
        if let portText {
            guard let parsed = Int(portText), (1...65_535).contains(parsed) else { throw Refusal(reason: "the port must be 1 to 65535") }
            port = parsed
        }
        self.host = String(host)
        self.port = port
        path = slash == rest.endIndex ? "/" : String(rest[slash...])
    }
}
