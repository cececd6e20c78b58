/// A `HOST:PORT` to listen on, as given to `coord target --listen`.
///
/// IPv6 hosts are written in brackets, `[::1]:8080`. The port may be 0 (any free port).
/// Pure parsing; it could move to BarrageCore if another command needs it.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host or address, without brackets.
    public var host: String
    /// The port, 0...65535.
    public var port: Int

    /// Creates an address from parts, unchecked.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPv6]:PORT`.
    /// - Throws: ``ListenAddressError`` naming the value and what is accepted.
    public init(parsing text: String) throws(ListenAddressError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .malformed(text) }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .malformed(text) }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .malformed(text) }
            hostPart = text[..<colon]
            // An unbracketed IPv6 address is ambiguous: "::1:8080".
            guard !hostPart.contains(":") else { throw .malformed(text) }
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains(where: { $0.isWhitespace }) else { throw .malformed(text) }
        guard portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portPart), (0...65_535).contains(port)
        else { throw .invalidPort(text) }
        self.host = String(hostPart)
        self.port = port
    }

    /// `HOST:PORT`, with brackets around an IPv6 host.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Why a `--listen` value is not a ``ListenAddress``.
public enum ListenAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not of the form `HOST:PORT` or `[IPv6]:PORT`.
    case malformed(String)
    /// The part after the colon is not a number from 0 to 65535.
    case invalidPort(String)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "invalid listen address '\(text)': expected HOST:PORT such as 127.0.0.1:8080 or [::1]:8080"
        case .invalidPort(let text):
            return "invalid listen address '\(text)': the port must be a number from 0 to 65535"
        }
    }
}
