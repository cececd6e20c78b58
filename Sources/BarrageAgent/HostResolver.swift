import BarrageCore
#if canImport(Glibc)
import Glibc
#endif

/// The system resolver (getaddrinfo), for the allow-list's host names.
enum HostResolver {
    /// The addresses `name` resolves to now; empty if it does not resolve.
    static func addresses(of name: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let sockaddr = current.pointee.ai_addr {
                switch current.pointee.ai_family {
                case AF_INET:
                    sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        if let address = IPAddress(bytes: withUnsafeBytes(of: v4.pointee.sin_addr.s_addr) { Array($0) }) {
                            addresses.append(address)
                        }
                    }
                case AF_INET6:
                    sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        if let address = IPAddress(bytes: withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) }) {
                            addresses.append(address)
                        }
                    }
                default:
                    break
                }
            }
            entry = current.pointee.ai_next
        }
        return Array(Set(addresses))
    }
}
