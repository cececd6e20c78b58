/// What an agent may fire HTTP at (`coord agent --allow-target`), checked twice: on every URL of
/// a `prepare` by host and port (as curl parses them), and on every connection the engine opens
/// by address and port (redirects, DNS answers), so the check and the connection cannot disagree.
///
/// Entries: `example.test` (any port), `example.test:8080`, `10.0.0.5`, `10.0.0.0/8`,
/// `[fd00::1]:8080`, `fd00::/8`, `[fd00::/8]:8080`. An empty list allows everything.
public struct TargetAllowList: Sendable, Equatable {
    public enum Entry: Sendable, Equatable, CustomStringConvertible {
        /// A host name, matched case-insensitively; at connect time, the addresses it resolved to.
        case host(String, port: Int?)
        /// An address block (a single address is a /32 or /128).
        case network(IPNetwork, port: Int?)

        public var port: Int? {
            switch self {
            case .host(_, let port), .network(_, let port): return port
            }
        }

        public var description: String {
            switch self {
            case .host(let name, let port): return port.map { "\(name):\($0)" } ?? name
            case .network(let network, let port):
                let text = network.prefixLength == network.address.bytes.count * 8 ? "\(network.address)" : "\(network)"
                guard let port else { return text }
                return network.address.isV4 ? "\(text):\(port)" : "[\(text)]:\(port)"
            }
        }
    }

    public let entries: [Entry]

    /// - Throws: ``TargetAllowListError`` naming the first entry that is none of the forms.
    public init(parsing texts: [String]) throws(TargetAllowListError) {
        var entries: [Entry] = []
        for text in texts {
            // An empty piece is an error, not "no entry": `--allow-target ""` must never allow all.
            for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
                entries.append(try Self.parseEntry(String(piece).trimmingWhitespace()))
            }
        }
        self.entries = entries
    }

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public var allowsAll: Bool { entries.isEmpty }

    /// Whether a URL whose host is `host` (a name, or an address literal without brackets) and
    /// port `port` may be requested.
    public func allows(host: String, port: Int) -> Bool {
        guard !allowsAll else { return true }
        let lowered = host.lowercased()
        let address = IPAddress(lowered)
        return entries.contains { entry in
            guard entry.port == nil || entry.port == port else { return false }
            switch entry {
            case .host(let name, _): return name == lowered
            case .network(let network, _): return address.map(network.contains) ?? false
            }
        }
    }

    /// The networks a connection may go to, with host entries replaced by the addresses they
    /// resolved to (`resolved[name]`): what the engine checks each new connection against.
    public func connectRules(resolved: [String: [IPAddress]]) -> [ConnectRule] {
        entries.flatMap { entry -> [ConnectRule] in
            switch entry {
            case .network(let network, let port):
                return [ConnectRule(network: network, port: port)]
            case .host(let name, let port):
                return (resolved[name] ?? []).compactMap { address in
                    IPNetwork(address: address, prefixLength: address.bytes.count * 8).map { ConnectRule(network: $0, port: port, hostName: name) }
                }
            }
        }
    }

    /// The host names whose addresses ``connectRules(resolved:)`` needs.
    public var hostNames: [String] {
        entries.compactMap { if case .host(let name, _) = $0 { return name } else { return nil } }
    }

    static func parseEntry(_ text: String) throws(TargetAllowListError) -> Entry {
        guard !text.isEmpty, !PeerText.hasControlCharacter(text), !text.contains(where: \.isWhitespace) else {
            throw .invalid(text)
        }
        var body = Substring(text)
        var port: Int?
        if body.hasPrefix("[") {
            guard let close = body.firstIndex(of: "]") else { throw .invalid(text) }
            let rest = body[body.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let value = Int(rest.dropFirst()), (1...65535).contains(value) else { throw .invalid(text) }
                port = value
            }
            body = body[body.index(after: body.startIndex)..<close]
        } else if body.filter({ $0 == ":" }).count == 1, let colon = body.firstIndex(of: ":") {
            guard let value = Int(body[body.index(after: colon)...]), (1...65535).contains(value) else { throw .invalid(text) }
            port = value
            body = body[..<colon]
        }
        if let slash = body.firstIndex(of: "/") {
            guard let address = IPAddress(String(body[..<slash])), let length = Int(body[body.index(after: slash)...]),
                  let network = IPNetwork(address: address, prefixLength: length) else { throw .invalid(text) }
            return .network(network, port: port)
        }
        if let address = IPAddress(String(body)), let network = IPNetwork(address: address, prefixLength: address.bytes.count * 8) {
            return .network(network, port: port)
        }
        let name = body.lowercased()
        guard name.utf8.allSatisfy({ HTTPToken.isTokenByte($0) && $0 != UInt8(ascii: "/") }), !name.isEmpty else { throw .invalid(text) }
        return .host(name, port: port)
    }
}

/// One network (and optional port) a new connection may go to.
public struct ConnectRule: Sendable, Equatable {
    public let network: IPNetwork
    public let port: Int?
    /// The allow-list's host name this address was resolved from; nil for an address entry. A
    /// URL naming this host (a redirect's Location) is allowed by name before it connects.
    public let hostName: String?

    public init(network: IPNetwork, port: Int?, hostName: String? = nil) {
        self.network = network
        self.port = port
        self.hostName = hostName
    }

    public func allows(_ address: IPAddress, port candidate: Int) -> Bool {
        (port == nil || port == candidate) && network.contains(address)
    }
}

public enum TargetAllowListError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let text):
            return "invalid --allow-target '\(PeerText.escape(text, limit: 80))': expected a host, host:port, an address, a CIDR block (10.0.0.0/8, fd00::/8) or [IPv6]:port"
        }
    }
}
