import BarrageCore

/// A recorded request URL split the way a scenario file needs it: the origin (`target:` or the
/// front of `url:`) and the path with its query (`path:`), without the fragment (browsers never
/// send it). Whitespace and control characters in the path are percent-encoded, as a scenario's
/// path may not contain them.
struct RecordedURL: Equatable {
    var scheme: String
    /// The host, lower-case, with brackets for IPv6.
    var host: String
    /// The port as written, nil when the scheme's default.
    var port: Int?
    var pathAndQuery: String

    var origin: String { scheme + "://" + host + (port.map { ":\($0)" } ?? "") }

    /// `host` and `host:port`, for `--host` matching.
    var hostNames: [String] { [host, host + ":" + String(port ?? (scheme == "https" ? 443 : 80))] }

    /// Parses an absolute `http://` or `https://` URL.
    /// - Throws: a one-line reason (other schemes, no host, a bad port).
    init(_ text: String) throws(ImportError) {
        let pieces = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        let scheme = pieces.first.map { $0.lowercased() } ?? ""
        guard pieces.count == 2, scheme == "http" || scheme == "https" else {
            throw .unreadable("not an http(s) URL: \(Self.shortened(text))")
        }
        self.scheme = scheme
        let rest = pieces[1]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }  // credentials are never replayed
        var hostPart = authority
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            hostPart = authority[..<colon]
            let portText = authority[authority.index(after: colon)...]
            guard let number = Int(portText), (1...65535).contains(number) else { throw .unreadable("bad port in \(Self.shortened(text))") }
            port = number == (scheme == "https" ? 443 : 80) ? nil : number
        }
        guard !hostPart.isEmpty, !hostPart.contains(where: { $0.isWhitespace || $0 == "$" || $0 == "{" }) else {
            throw .unreadable("no usable host in \(Self.shortened(text))")
        }
        host = hostPart.lowercased()
        self.port = port
        var path = rest[authorityEnd...]
        if let hash = path.firstIndex(of: "#") { path = path[..<hash] }
        var encoded = path.hasPrefix("/") ? "" : "/"
        for scalar in path.unicodeScalars {
            if scalar.value <= 0x20 || scalar.value == 0x7F || scalar.properties.isWhitespace {
                for byte in String(scalar).utf8 { encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
            } else {
                encoded.unicodeScalars.append(scalar)
            }
        }
        pathAndQuery = encoded
        do { _ = try TargetURL(origin + "/") } catch { throw .unreadable("\(error.description)") }
    }

    /// The path without the query, for request names.
    var path: String { String(pathAndQuery.prefix { $0 != "?" }) }

    static func shortened(_ text: String) -> String {
        let clean = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return clean.count > 80 ? String(clean.prefix(77)) + "..." : clean
    }
}
