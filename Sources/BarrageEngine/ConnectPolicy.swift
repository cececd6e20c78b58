import BarrageCore
import CCurl
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The agent's allow-list at connect time: every socket curl opens for a transfer (the first
/// hop, each redirect, whatever DNS answered) goes through ``openSocket``, which refuses an
/// address outside the rules, so a URL that passed the name check cannot reach anything else.
///
/// Immutable apart from the refusal count; shared read-only by the loops of one engine.
public final class ConnectPolicy: Sendable {
    public let rules: [ConnectRule]
    private let refusals = Atomic<Int>(0)
    private let onFirstRefusal: @Sendable (String) -> Void

    /// - Parameters:
    ///   - rules: where connections may go (``BarrageCore/TargetAllowList/connectRules(resolved:)``).
    ///   - onFirstRefusal: told once, with the refused address, when the first connection is refused.
    public init(rules: [ConnectRule], onFirstRefusal: @escaping @Sendable (String) -> Void = { _ in }) {
        self.rules = rules
        self.onFirstRefusal = onFirstRefusal
    }

    /// Connections refused so far.
    public var refusedConnections: Int { refusals.load(ordering: .relaxed) }

    /// Whether a connection to `address`:`port` is allowed.
    public func allows(_ address: IPAddress, port: Int) -> Bool {
        rules.contains { $0.allows(address, port: port) }
    }

    /// Whether a URL whose host is `host` (lower case, an address literal without brackets) and
    /// port `port` may be requested: an address by the rules, a name when an allow-list host
    /// entry of that name (and port) resolved to addresses. Checked on every redirect hop before
    /// it is sent; the connection is checked again by ``openSocket``.
    public func allows(host: String, port: Int) -> Bool {
        if let address = IPAddress(host) { return allows(address, port: port) }
        return rules.contains { $0.hostName == host && ($0.port == nil || $0.port == port) }
    }

    func refuse(_ address: String) {
        if refusals.wrappingAdd(1, ordering: .relaxed).oldValue == 0 { onFirstRefusal(address) }
    }

    /// CURLOPT_OPENSOCKETFUNCTION (https://curl.se/libcurl/c/CURLOPT_OPENSOCKETFUNCTION.html):
    /// checks the address, then opens the socket as curl would; `CURL_SOCKET_BAD` makes the
    /// transfer fail with CURLE_COULDNT_CONNECT.
    static let openSocket: curl_opensocket_callback = { clientp, purpose, address in
        guard let clientp, let address else { return CURL_SOCKET_BAD }
        let policy = Unmanaged<ConnectPolicy>.fromOpaque(clientp).takeUnretainedValue()
        let family = address.pointee.family
        guard let (ip, port) = endpoint(of: &address.pointee.addr, family: family) else {
            policy.refuse("an address of family \(family)")
            return CURL_SOCKET_BAD
        }
        guard policy.allows(ip, port: port) else {
            policy.refuse("\(ip):\(port)")
            return CURL_SOCKET_BAD
        }
        return socket(family, address.pointee.socktype, address.pointee.protocol)
    }

    /// The address and port of a `sockaddr_in`/`sockaddr_in6`.
    static func endpoint(of address: UnsafeMutablePointer<sockaddr>, family: Int32) -> (IPAddress, Int)? {
        switch family {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                let raw = v4.pointee.sin_addr.s_addr  // network byte order
                let bytes = withUnsafeBytes(of: raw) { Array($0) }
                return IPAddress(bytes: bytes).map { ($0, Int(UInt16(bigEndian: v4.pointee.sin_port))) }
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                let bytes = withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) }
                return IPAddress(bytes: bytes).map { ($0, Int(UInt16(bigEndian: v6.pointee.sin6_port))) }
            }
        default:
            return nil
        }
    }
}
