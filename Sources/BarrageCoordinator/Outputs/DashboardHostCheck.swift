import BarrageCore

/// Which `Host` headers the dashboard answers: its own names only.
///
/// A web page on any site can make the operator's browser send requests to the dashboard's address;
/// the browser's same-origin rule keeps that page from reading the answers only while the origin
/// differs. With DNS rebinding the page's own name is made to resolve to the dashboard's address,
/// so the origin matches, and only the `Host` header (the rebound name) still tells. So the
/// dashboard answers requests addressed to the name or address given in `--dashboard`, the
/// address it bound, and, on loopback, `localhost`, `127.0.0.1` and `[::1]`, each with the bound
/// port (no port means 80), and refuses any other.
struct DashboardHostCheck: Sendable, Equatable {
    let port: Int
    let names: Set<String>
    let addresses: Set<IPAddress>

    /// - Parameters:
    ///   - flagHost: the host part of `--dashboard` (a name, an IPv4 or an IPv6 address without brackets).
    ///   - boundAddress: the IP address the listener bound, when known.
    ///   - port: the port the listener bound.
    init(flagHost: String, boundAddress: String?, port: Int) {
        self.port = port
        var names: Set<String> = []
        var addresses: Set<IPAddress> = []
        for host in [flagHost, boundAddress].compactMap({ $0 }) {
            if let address = IPAddress(host) { addresses.insert(address) } else { names.insert(Self.normalizedName(host)) }
        }
        if names.contains("localhost") || addresses.contains(where: Self.isLoopback) {
            names.insert("localhost")
            addresses.formUnion([IPAddress("127.0.0.1"), IPAddress("::1")].compactMap { $0 })
        }
        self.names = names
        self.addresses = addresses
    }

    /// Whether a request with this `Host` header (nil: none) is addressed to the dashboard.
    func allows(_ header: String?) -> Bool {
        guard let header, header.utf8.count <= 300 else { return false }
        let text = Substring(header)
        let host: Substring
        let portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return false }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return false }
            portText = rest.isEmpty ? nil : rest.dropFirst()
            guard let address = IPAddress(String(host)), !address.isV4 else { return false }
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return false }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
        }
        if let portText {
            guard !portText.isEmpty, portText.utf8.count <= 5, portText.utf8.allSatisfy({ (48...57).contains($0) }),
                  Int(portText) == port else { return false }
        } else {
            guard port == 80 else { return false }
        }
        if let address = IPAddress(String(host)) { return addresses.contains(address) }
        return names.contains(Self.normalizedName(host))
    }

    /// A DNS name compared without case and without its root dot (`LocalHost.` is `localhost`).
    static func normalizedName<Text: StringProtocol>(_ name: Text) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix(".") ? String(lower.dropLast()) : lower
    }

    static func isLoopback(_ address: IPAddress) -> Bool {
        address.isV4 ? address.bytes[0] == 127 : address.bytes == Array(repeating: 0, count: 15) + [1]
    }
}
