import BarrageCore

/// One InfluxDB v1 line-protocol point: `measurement,tag=v,... field=v,... timestamp`.
///
/// Escaping follows the line-protocol rules: in measurements, commas and spaces get a backslash;
/// in tag keys, tag values and field keys, commas, equals signs and spaces do; string field values
/// are double-quoted with `"` and `\` escaped. Line breaks cannot be escaped, so they become
/// spaces. Tags with an empty value are left out (InfluxDB rejects them) and tags and fields are
/// written sorted by key, as InfluxDB recommends. Escaping works on Unicode scalars: a `"` or `,`
/// after a prepend or before a combining mark is part of a larger `Character` and must still be seen.
public struct LinePoint: Sendable, Equatable {
    /// A field value: floats bare, integers with the `i` suffix.
    public enum Field: Sendable, Equatable {
        case float(Double)
        case integer(Int64)
        case string(String)
        case bool(Bool)
    }

    public var measurement: String
    public var tags: [String: String]
    public var fields: [String: Field]
    /// Nanoseconds since the Unix epoch (`precision=ns`).
    public var timestampNanos: Int64

    public init(measurement: String, tags: [String: String] = [:], fields: [String: Field], timestampNanos: Int64) {
        self.measurement = measurement
        self.tags = tags
        self.fields = fields
        self.timestampNanos = timestampNanos
    }

    /// The point as one line, without a newline; `nil` when no field has a writable value
    /// (NaN and infinities are not representable and are dropped).
    public func encoded() -> String? {
        let fieldText = fields.keys.sorted().compactMap { key -> String? in
            guard let value = fields[key].flatMap(Self.encode) else { return nil }
            return Self.escape(key, special: ",= ") + "=" + value
        }
        guard !fieldText.isEmpty else { return nil }
        var line = Self.escape(measurement, special: ", ")
        for key in tags.keys.sorted() {
            guard let value = tags[key], !value.isEmpty, !key.isEmpty else { continue }
            line += "," + Self.escape(key, special: ",= ") + "=" + Self.escape(value, special: ",= ")
        }
        return line + " " + fieldText.joined(separator: ",") + " " + String(timestampNanos)
    }

    /// `points` encoded, one per line, each ending in a newline: a `/write` request body.
    public static func body(_ points: [LinePoint]) -> String {
        points.compactMap { $0.encoded() }.map { $0 + "\n" }.joined()
    }

    static func encode(_ field: Field) -> String? {
        switch field {
        case .float(let value):
            guard value.isFinite else { return nil }
            return JSONValue.number(value)
        case .integer(let value): return String(value) + "i"
        case .bool(let value): return value ? "true" : "false"
        case .string(let text):
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": quoted.append(contentsOf: "\\\"".unicodeScalars)
                case "\\": quoted.append(contentsOf: "\\\\".unicodeScalars)
                case "\n", "\r": quoted.append(" ")
                default: quoted.append(scalar)
                }
            }
            quoted.append("\"")
            return String(quoted)
        }
    }

    static func escape(_ text: String, special: String) -> String {
        var escaped = String.UnicodeScalarView()
        // A trailing backslash would escape the separator after it and break the whole line;
        // InfluxDB cannot store one there, so it is dropped.
        var scalars = Substring(text).unicodeScalars
        while scalars.last == "\\" { scalars.removeLast() }
        let special = special.unicodeScalars
        for scalar in scalars {
            if scalar == "\n" || scalar == "\r" {
                escaped.append(contentsOf: "\\ ".unicodeScalars)
            } else {
                if special.contains(scalar) { escaped.append("\\") }
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
