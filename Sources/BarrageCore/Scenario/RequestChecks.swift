/// The checks one request's response must pass (k6's `check()`), each counted in `checks` and
/// under its own name in the summary.
public struct RequestChecks: Codable, Sendable, Equatable {
    /// Accepted statuses; empty means any 2xx (the default check).
    public var statuses: [Int]
    /// Byte strings the body must contain (searched in the raw bytes, so any encoding works).
    public var bodyContains: [String]
    /// Response headers that must have exactly this value (names compare case-insensitively).
    public var headerEquals: [HTTPHeader]
    /// The request's http_req_duration must be below this, µs.
    public var durationBelowMicros: Int64?

    public init(statuses: [Int] = [], bodyContains: [String] = [], headerEquals: [HTTPHeader] = [], durationBelowMicros: Int64? = nil) {
        self.statuses = statuses
        self.bodyContains = bodyContains
        self.headerEquals = headerEquals
        self.durationBelowMicros = durationBelowMicros
    }

    /// Whether a response status passes the status check.
    @inlinable
    public func statusPasses(_ status: Int) -> Bool {
        statuses.isEmpty ? (200..<300).contains(status) : statuses.contains(status)
    }

    /// The checks in evaluation order, named as the summary lists them: status first, then body,
    /// headers and duration.
    public var names: [String] {
        var names = [statusName]
        names += bodyContains.map { "body contains " + Self.quoted($0) }
        names += headerEquals.map { "header \($0.name) is " + Self.quoted($0.value) }
        if let durationBelowMicros { names.append("duration < " + DurationFormatter.format(.microseconds(durationBelowMicros))) }
        return names
    }

    /// `"text"`, or `'text'` when the text has double quotes of its own.
    static func quoted(_ text: String) -> String {
        text.contains("\"") && !text.contains("'") ? "'\(text)'" : "\"\(text)\""
    }

    var statusName: String {
        switch statuses.count {
        case 0: return "status is 2xx"
        case 1: return "status is \(statuses[0])"
        default: return "status in [" + statuses.map(String.init).joined(separator: ", ") + "]"
        }
    }

    /// Whether any check needs the response body kept while it arrives.
    public var needsBody: Bool { !bodyContains.isEmpty }

    enum CodingKeys: String, CodingKey {
        case statuses
        case bodyContains = "body_contains"
        case headerEquals = "header_equals"
        case durationBelowMicros = "duration_below_micros"
    }
}
