/// Parses the durations users type: `500ms`, `30s`, `3m`, `1h30m`, `1.5s`, `250us`.
///
/// The grammar is k6's (and Go's `time.ParseDuration`): one or more `<number><unit>` parts, units
/// `h`, `m`, `s`, `ms`, `us`/`µs`, `ns`. A bare `0` is accepted; other bare numbers are not, since
/// "is 30 seconds or milliseconds?" is exactly the ambiguity this format exists to avoid.
public enum DurationParser {
    /// - Returns: the parsed ``Duration``.
    /// - Throws: ``DurationParseError`` naming the text and the accepted form.
    public static func parse(_ text: String) throws(DurationParseError) -> Duration {
        let trimmed = text.trimmingWhitespace()
        if trimmed == "0" { return .zero }
        guard !trimmed.isEmpty else { throw .empty }
        var totalNanos: Double = 0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { throw .invalid(text) }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            guard let nanosPerUnit = Self.nanosPerUnit[String(unit)] else {
                throw unit.isEmpty ? .missingUnit(text) : .unknownUnit(text, String(unit))
            }
            rest = rest.dropFirst(unit.count)
            totalNanos += value * nanosPerUnit
        }
        guard totalNanos < 1e18 else { throw .invalid(text) }
        return .nanoseconds(Int64(totalNanos.rounded()))
    }

    static let nanosPerUnit: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]
}

/// Why a duration string was rejected.
public enum DurationParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case invalid(String)
    case missingUnit(String)
    case unknownUnit(String, String)
    /// A think-time range written with a dash (`1s-2s`), which reads as a negative duration.
    case dashRange(String, low: String, high: String)

    public var description: String {
        let accepted = "expected a number and a unit (ns, us, ms, s, m, h), e.g. 500ms, 30s, 3m, 1h30m"
        switch self {
        case .empty: return "empty duration: \(accepted)"
        case .invalid(let text): return "invalid duration '\(text)': \(accepted)"
        case .missingUnit(let text): return "duration '\(text)' has no unit: \(accepted)"
        case .unknownUnit(let text, let unit): return "duration '\(text)' has unknown unit '\(unit)': \(accepted)"
        case .dashRange(let text, let low, let high): return "invalid think time '\(text)': a range is written with '..', e.g. \(low)..\(high)"
        }
    }
}

extension String {
    /// The string without leading and trailing whitespace (Core avoids Foundation for this).
    public func trimmingWhitespace() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// A base URL without trailing slashes, so `base + "/path"` has exactly one.
    public var withoutTrailingSlashes: String {
        String(self.reversed().drop { $0 == "/" }.reversed())
    }
}
