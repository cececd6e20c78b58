import BarrageCore

/// One `--out KIND=VALUE` of `coord run`: where the per-second series goes.
public enum OutputTarget: Sendable, Equatable {
    /// `csv=FILE`: one CSV row per second (``SeriesFormat``).
    case csv(path: String)
    /// `json=FILE`: JSON Lines, one object per second (``SeriesFormat``).
    case json(path: String)
    /// `influxdb=http://HOST:PORT/DB`: InfluxDB v1 line protocol each second (``InfluxPoints``).
    case influxDB(InfluxEndpoint)
    /// `prometheus-rw=http://HOST:PORT/api/v1/write`: Prometheus remote write each second (``PrometheusMapping``).
    case prometheusRW(RemoteWriteEndpoint)

    /// The kinds `--out` accepts, for messages.
    public static let kinds = "csv=FILE, json=FILE, influxdb=http://HOST:PORT/DB or prometheus-rw=http://HOST:PORT/api/v1/write"

    /// Parses `KIND=VALUE`.
    /// - Throws: ``OutputTargetError`` naming the value and what is accepted.
    public static func parse(_ text: String) throws(OutputTargetError) -> OutputTarget {
        guard let equals = text.firstIndex(of: "=") else { throw .missingEquals(text) }
        let kind = String(text[..<equals])
        let value = String(text[text.index(after: equals)...])
        switch kind {
        case "csv", "json":
            guard !value.isEmpty else { throw .emptyValue(kind: kind) }
            return kind == "csv" ? .csv(path: value) : .json(path: value)
        case "influxdb":
            return .influxDB(try InfluxEndpoint(parsing: value))
        case "prometheus-rw":
            return .prometheusRW(try RemoteWriteEndpoint(parsing: value))
        default:
            throw .unknownKind(kind)
        }
    }
}

/// Where InfluxDB v1 listens and which database to write to: `http://HOST[:PORT]/DB`.
public struct InfluxEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// Host name or address, without brackets.
    public var host: String
    /// 8086 unless given.
    public var port: Int
    public var database: String

    /// Parses `http://HOST[:PORT]/DB` (IPv6 hosts in brackets).
    /// - Throws: ``OutputTargetError/badInfluxURL(_:reason:)``.
    public init(parsing text: String) throws(OutputTargetError) {
        let address: HTTPAddress
        do { address = try HTTPAddress(parsing: text, defaultPort: 8086) } catch { throw .badInfluxURL(text, reason: error.reason) }
        var database = String(address.path.dropFirst())
        while database.hasSuffix("/") { database.removeLast() }
        guard !database.isEmpty else { throw .badInfluxURL(text, reason: "the database is missing") }
        guard database.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { throw .badInfluxURL(text, reason: "the database must be one name of letters, digits, _ or -") }
        self.host = address.host
        self.port = address.port
        self.database = database
    }

    /// `http://HOST:PORT/DB`.
    public var description: String { HTTPAddress(host: host, port: port, path: "/" + database).description }

    /// The v1 write path with nanosecond timestamps.
    public var writePath: String { "/write?db=\(database)&precision=ns" }

    /// Where points are written.
    public var writeAddress: HTTPAddress { HTTPAddress(host: host, port: port, path: writePath) }
}

/// A bad `--out` value.
public enum OutputTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingEquals(String)
    case unknownKind(String)
    case emptyValue(kind: String)
    case badInfluxURL(String, reason: String)
    case badRemoteWriteURL(String, reason: String)

    public var description: String {
        switch self {
        case .missingEquals(let text): return "--out must be KIND=VALUE (\(OutputTarget.kinds)), but is '\(text)'"
        case .unknownKind(let kind): return "--out kind must be csv, json, influxdb or prometheus-rw, but is '\(kind)'"
        case .emptyValue(let kind): return "--out \(kind)= needs a file name, e.g. \(kind)=run.\(kind)"
        case .badInfluxURL(let text, let reason):
            return "--out influxdb must be http://HOST[:PORT]/DB, but is '\(text)': \(reason)"
        case .badRemoteWriteURL(let text, let reason):
            return "--out prometheus-rw must be http://HOST[:PORT][/PATH], e.g. http://127.0.0.1:9090/api/v1/write, but is '\(text)': \(reason)"
        }
    }
}
