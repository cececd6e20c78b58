import BarrageCore

/// Where Prometheus remote write goes: `http://HOST[:PORT][/PATH]`, port 9090 and path
/// `/api/v1/write` unless given (k6's `K6_PROMETHEUS_RW_SERVER_URL` default).
public struct RemoteWriteEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var path: String

    /// - Throws: ``OutputTargetError/badRemoteWriteURL(_:reason:)``.
    public init(parsing text: String) throws(OutputTargetError) {
        let address: HTTPAddress
        do { address = try HTTPAddress(parsing: text, defaultPort: 9090) } catch { throw .badRemoteWriteURL(text, reason: error.reason) }
        guard !address.path.contains(where: { $0.isWhitespace }) else { throw .badRemoteWriteURL(text, reason: "the path has spaces") }
        host = address.host
        port = address.port
        path = address.path == "/" ? "/api/v1/write" : address.path
    }

    /// Where the series are written.
    public var address: HTTPAddress { HTTPAddress(host: host, port: port, path: path) }

    /// `http://HOST:PORT/PATH`.
    public var description: String { address.description }
}
