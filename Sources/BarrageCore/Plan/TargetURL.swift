/// A validated load-test URL: `http` or `https` with a host.
public struct TargetURL: Sendable, Equatable {
    public let text: String
    public let scheme: String
    public let host: String
    public let port: Int

    /// - Throws: ``TargetURLError`` with the value and what is accepted.
    public init(_ text: String) throws(TargetURLError) {
        let pieces = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2, !pieces[0].isEmpty else { throw .notAbsolute(text) }
        let scheme = pieces[0].lowercased()
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(text, scheme) }
        let afterScheme = pieces[1]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
        var host = hostPort
        var port = scheme == "https" ? 443 : 80
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw .badHost(text) }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let rest = hostPort[hostPort.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let p = Int(rest.dropFirst()), (1...65535).contains(p) else { throw .badPort(text) }
                port = p
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw .badPort(text)
            }
            port = p
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { throw .badHost(text) }
        self.text = text
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
    }
}

public enum TargetURLError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAbsolute(String)
    case unsupportedScheme(String, String)
    case badHost(String)
    case badPort(String)

    public var description: String {
        switch self {
        case .notAbsolute(let url): return "invalid URL '\(url)': expected an absolute http:// or https:// URL"
        case .unsupportedScheme(let url, let scheme):
            return "invalid URL '\(url)': scheme '\(scheme)' is not supported, use http or https"
        case .badHost(let url): return "invalid URL '\(url)': missing or malformed host"
        case .badPort(let url): return "invalid URL '\(url)': port must be a number from 1 to 65535"
        }
    }
}
