/// Why ``TargetServer/start(host:port:threads:)`` could not start the target.
public enum TargetServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The port is outside 0...65535.
    case invalidPort(Int)
    /// Fewer than one event loop thread was asked for.
    case invalidThreadCount(Int)
    /// The socket could not be bound, e.g. the port is taken or the host does not resolve.
    case bindFailed(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidPort(let port):
            return "the target port must be from 0 to 65535 (0 picks a free port), but is \(port)"
        case .invalidThreadCount(let threads):
            return "the target needs at least 1 thread, but was given \(threads)"
        case .bindFailed(let host, let port, let reason):
            return "the target could not listen on \(ListenAddress(host: host, port: port)): \(reason)"
        }
    }
}
