/// One `--out KIND=VALUE` of `coord run`: where the per-second series goes.
public enum OutputTarget: Sendable, Equatable {
    /// `csv=FILE`: one CSV row per second (``SeriesFormat``).
    case csv(path: String)
    /// `json=FILE`: JSON Lines, one object per second (``SeriesFormat``).
    case json(path: String)
    /// `influxdb=http://HOST:PORT/DB`: InfluxDB v1 line protocol each second (``InfluxPoints``).
    case influxDB(InfluxEndpoint)

    /// The kinds `--out` accepts, for messages.
    public static let kinds = "csv=FILE, json=FILE or influxdb=http://HOST:PORT/DB"

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
        guard text.hasPrefix("http://") else {
            throw .badInfluxURL(text, reason: text.hasPrefix("https://") ? "https is not supported" : "it must start with http://")
        }
        let rest = text.dropFirst("http://".count)
        guard let slash = rest.firstIndex(of: "/") else { throw .badInfluxURL(text, reason: "the database is missing") }
        let authority = rest[..<slash]
        var database = String(rest[rest.index(after: slash)...])
        while database.hasSuffix("/") { database.removeLast() }
        guard !database.isEmpty, database.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { throw .badInfluxURL(text, reason: "the database must be one name of letters, digits, _ or -") }
        var host = Substring(authority)
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .badInfluxURL(text, reason: "unclosed [") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw .badInfluxURL(text, reason: "junk after ]") }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "@" }) else { throw .badInfluxURL(text, reason: "the host is missing") }
        var port = 8086
        if let portText {
            guard let parsed = Int(portText), (1...65_535).contains(parsed) else { throw .badInfluxURL(text, reason: "the port must be 1 to 65535") }
            port = parsed
        }
        self.host = String(host)
        self.port = port
        self.database = database
    }

    /// `http://HOST:PORT/DB`.
    public var description: String { "http://\(hostForURL):\(port)/\(database)" }

    /// The host as written in a URL: IPv6 in brackets.
    public var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    /// The v1 write path with nanosecond timestamps.
    public var writePath: String { "/write?db=\(database)&precision=ns" }
}

/// A bad `--out` value.
public enum OutputTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingEquals(String)
    case unknownKind(String)
    case emptyValue(kind: String)
    case badInfluxURL(String, reason: String)

    public var description: String {
        switch self {
        case .missingEquals(let text): return "--out must be KIND=VALUE (\(OutputTarget.kinds)), but is '\(text)'"
        case .unknownKind(let kind): return "--out kind must be csv, json or influxdb, but is '\(kind)'"
        case .emptyValue(let kind): return "--out \(kind)= needs a file name, e.g. \(kind)=run.\(kind)"
        case .badInfluxURL(let text, let reason):
            return "--out influxdb must be http://HOST[:PORT]/DB, but is '\(text)': \(reason)"
        }
    }
}
