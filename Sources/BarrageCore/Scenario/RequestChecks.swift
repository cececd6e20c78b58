/// The checks one request's response must pass (k6's `check()`), each counted in `checks` and
/// under its own name in the summary.
public struct RequestChecks: Codable, Sendable, Equatable {
    /// Accepted statuses; empty means any 2xx (the default check).
    public var statuses: [Int]
    /// Byte strings the body must contain (searched in the raw bytes, so any encoding works).
    public var bodyContains: [String]
    /// Byte strings the body must not contain.
    public var bodyNotContains: [String]
    /// Response headers that must have exactly this value (names compare case-insensitively).
    public var headerEquals: [HTTPHeader]
    /// JSON values the body must hold: `{"$.state": pending}` (a JSONPath and its text).
    public var json: [JSONCheck]
    /// The request's http_req_duration must be below this, µs.
    public var durationBelowMicros: Int64?

    /// One `json:` check: the value at `path` must read as `value`.
    public struct JSONCheck: Codable, Sendable, Equatable {
        public var path: String
        public var value: String

        public init(path: String, value: String) {
            self.path = path
            self.value = value
        }
    }

    /// One check, by kind and position in its list: ``items`` is the one order in which checks
    /// are named, counted and evaluated.
    public enum Item: Sendable, Equatable {
        case status
        case bodyContains(Int)
        case bodyNotContains(Int)
        case header(Int)
        case json(Int)
        case durationBelow
    }

    public init(
        statuses: [Int] = [], bodyContains: [String] = [], bodyNotContains: [String] = [], headerEquals: [HTTPHeader] = [],
        json: [JSONCheck] = [], durationBelowMicros: Int64? = nil
    ) {
        self.statuses = statuses
        self.bodyContains = bodyContains
        self.bodyNotContains = bodyNotContains
        self.headerEquals = headerEquals
        self.json = json
        self.durationBelowMicros = durationBelowMicros
    }

    /// Whether a response status passes the status check.
    @inlinable
    public func statusPasses(_ status: Int) -> Bool {
        statuses.isEmpty ? (200..<300).contains(status) : statuses.contains(status)
    }

    /// Every check in evaluation order: status first, then body, headers, JSON and duration.
    public var items: [Item] {
        var items: [Item] = [.status]
        items += bodyContains.indices.map(Item.bodyContains)
        items += bodyNotContains.indices.map(Item.bodyNotContains)
        items += headerEquals.indices.map(Item.header)
        items += json.indices.map(Item.json)
        if durationBelowMicros != nil { items.append(.durationBelow) }
        return items
    }

    /// The name of `item` as the summary lists it.
    public func name(of item: Item) -> String {
        switch item {
        case .status: return statusName
        case .bodyContains(let index): return "body contains " + Self.quoted(bodyContains[index])
        case .bodyNotContains(let index): return "body does not contain " + Self.quoted(bodyNotContains[index])
        case .header(let index): return "header \(headerEquals[index].name) is " + Self.quoted(headerEquals[index].value)
        case .json(let index): return "json \(json[index].path) is " + Self.quoted(json[index].value)
        case .durationBelow: return "duration < " + DurationFormatter.format(.microseconds(durationBelowMicros ?? 0))
        }
    }

    /// The checks' names in ``items`` order.
    public var names: [String] { items.map(name(of:)) }

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

    /// Checks every value against its range, as a spec from a peer needs: `field` names the
    /// request's `checks` in the spec (`scenarios[0].requests[1].checks`). A new check kind adds
    /// its range here.
    /// - Throws: ``SpecError`` naming the first value out of range.
    func validate(_ field: String) throws(SpecError) {
        typealias Limits = RunSpec.Limits
        try RunSpec.checkStatuses(field + ".statuses", statuses)
        try SpecError.check(field + ".body_contains (count)", bodyContains.count, in: 0...Limits.maxListItems)
        for (index, text) in bodyContains.enumerated() {
            guard text.utf8.count <= Limits.maxValueBytes else {
                throw SpecError(field: "\(field).body_contains[\(index)]", problem: "is \(text.utf8.count) bytes long, at most \(Limits.maxValueBytes) are accepted")
            }
        }
        try SpecError.check(field + ".body_not_contains (count)", bodyNotContains.count, in: 0...Limits.maxListItems)
        for (index, text) in bodyNotContains.enumerated() {
            try SpecError.check("\(field).body_not_contains[\(index)] (bytes)", text.utf8.count, in: 0...Limits.maxValueBytes)
        }
        try RunSpec.checkHeaders(field + ".header_equals", headerEquals)
        try SpecError.check(field + ".json (count)", json.count, in: 0...Limits.maxListItems)
        for (index, check) in json.enumerated() {
            do { _ = try JSONPath(check.path) } catch { throw SpecError(field: "\(field).json[\(index)].path", problem: error.description) }
            try SpecError.check("\(field).json[\(index)].value (bytes)", check.value.utf8.count, in: 0...Limits.maxValueBytes)
        }
        if let below = durationBelowMicros {
            try SpecError.check(field + ".duration_below_micros", below, in: 1...Limits.maxDurationMicros)
        }
    }

    /// Whether any check needs the response body kept while it arrives.
    public var needsBody: Bool { !bodyContains.isEmpty || !bodyNotContains.isEmpty || !json.isEmpty }

    enum CodingKeys: String, CodingKey {
        case statuses
        case bodyContains = "body_contains"
        case bodyNotContains = "body_not_contains"
        case headerEquals = "header_equals"
        case json
        case durationBelowMicros = "duration_below_micros"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        statuses = try c.decode([Int].self, forKey: .statuses)
        bodyContains = try c.decode([String].self, forKey: .bodyContains)
        bodyNotContains = try c.decodeIfPresent([String].self, forKey: .bodyNotContains) ?? []
        headerEquals = try c.decode([HTTPHeader].self, forKey: .headerEquals)
        json = try c.decodeIfPresent([JSONCheck].self, forKey: .json) ?? []
        durationBelowMicros = try c.decodeIfPresent(Int64.self, forKey: .durationBelowMicros)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(statuses, forKey: .statuses)
        try c.encode(bodyContains, forKey: .bodyContains)
        if !bodyNotContains.isEmpty { try c.encode(bodyNotContains, forKey: .bodyNotContains) }
        try c.encode(headerEquals, forKey: .headerEquals)
        if !json.isEmpty { try c.encode(json, forKey: .json) }
        try c.encodeIfPresent(durationBelowMicros, forKey: .durationBelowMicros)
    }
}
