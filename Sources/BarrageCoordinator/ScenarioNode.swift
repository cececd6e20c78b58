import BarrageCore
import Yams

/// A YAML node of a scenario file together with its key path, read through typed accessors that
/// throw a ``ScenarioFileError`` naming the node's line and key path.
///
/// The file is read from Yams' `Node` tree rather than through `Codable`, because decoding loses
/// the line numbers the error messages need.
struct ScenarioNode {
    let node: Node
    /// `scenarios.feed.stages[1].target`; empty for the document root.
    let path: String
    /// The file name used in errors.
    let file: String

    /// The node's 1-based line.
    var line: Int? { node.mark?.line }

    /// An error at this node.
    func error(_ message: String) -> ScenarioFileError {
        ScenarioFileError(file: file, line: line, keyPath: path, message: message)
    }

    /// The child at `key` of this mapping node.
    func child(_ key: String, _ node: Node) -> ScenarioNode {
        ScenarioNode(node: node, path: path.isEmpty ? key : path + "." + key, file: file)
    }

    /// Whether the node is YAML's null: an empty value, `~` or `null`.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// What the node is, for type errors: `a list`, `a mapping`, `an empty value`, `'ten'`.
    var kind: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar): return isNull ? "an empty value" : Self.quoted(scalar.string)
        }
    }

    /// The node as a mapping, in file order.
    /// - Parameter expected: what the key holds, for the error, e.g. `a mapping of header names to values`.
    func mapping(_ expected: String = "a mapping") throws(ScenarioFileError) -> ScenarioMapping {
        guard case .mapping(let mapping) = node else { throw error("expected \(expected), got \(kind)") }
        var entries: [ScenarioMapping.Entry] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw ScenarioNode(node: key, path: path, file: file).error("expected a plain key, got \(ScenarioNode(node: key, path: path, file: file).kind)")
            }
            entries.append(ScenarioMapping.Entry(key: scalar.string, keyLine: key.mark?.line, value: child(scalar.string, value)))
        }
        return ScenarioMapping(node: self, entries: entries)
    }

    /// The node as a list.
    func sequence(_ expected: String = "a list") throws(ScenarioFileError) -> [ScenarioNode] {
        guard case .sequence(let sequence) = node else { throw error("expected \(expected), got \(kind)") }
        return sequence.enumerated().map { ScenarioNode(node: $1, path: path + "[\($0)]", file: file) }
    }

    /// A list's items, or the node itself when it is a single scalar (`status: 200` or `status: [200, 204]`).
    func oneOrMany(_ expected: String) throws(ScenarioFileError) -> [ScenarioNode] {
        if case .sequence = node { return try sequence(expected) }
        return [self]
    }

    /// The scalar's text, as written (numbers and booleans included).
    func scalar(_ expected: String) throws(ScenarioFileError) -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw error("expected \(expected), got \(kind)") }
        return scalar.string
    }

    /// A non-empty string.
    func string(_ expected: String = "a string") throws(ScenarioFileError) -> String {
        let text = try scalar(expected)
        guard !text.isEmpty else { throw error("expected \(expected), got an empty string") }
        return text
    }

    /// A whole number of at least `minimum`.
    func wholeNumber(minimum: Int = 0) throws(ScenarioFileError) -> Int {
        let expected = "a whole number >= \(minimum)"
        guard let value = Int(try scalar(expected)), value >= minimum else { throw error("expected \(expected), got \(kind)") }
        return value
    }

    /// `true` or `false`.
    func bool() throws(ScenarioFileError) -> Bool {
        switch try scalar("true or false").lowercased() {
        case "true": return true
        case "false": return false
        default: throw error("expected true or false, got \(kind)")
        }
    }

    /// A duration as ``DurationParser`` reads it (`500ms`, `30s`, `1h30m`), in µs, at least
    /// `minimumMicros`.
    func durationMicros(minimumMicros: Int64 = 0) throws(ScenarioFileError) -> Int64 {
        let text = try scalar("a duration such as 500ms, 30s or 3m")
        let micros: Int64
        do {
            micros = try DurationParser.parse(text).microseconds
        } catch {
            throw self.error(error.description)
        }
        guard micros >= minimumMicros else {
            let minimum = minimumMicros == 1 ? "above 0s" : "at least " + DurationFormatter.format(.microseconds(minimumMicros))
            throw error("expected a duration \(minimum), got \(kind)")
        }
        return micros
    }

    /// A think time: `1s`, or `500ms..1500ms` for a uniform range.
    func thinkTime() throws(ScenarioFileError) -> ThinkTime {
        let text = try scalar("a think time such as 1s or 500ms..1500ms")
        do {
            return try ThinkTime.parse(text)
        } catch {
            throw self.error("invalid think time \(Self.quoted(text)): expected a duration such as 1s or a range such as 500ms..1500ms")
        }
    }

    /// A mapping of header names to values, in file order (`{Accept: application/json}`).
    func headers() throws(ScenarioFileError) -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        for entry in try mapping("a mapping of header names to values").entries {
            guard !entry.key.isEmpty, !entry.key.contains(where: { $0 == ":" || $0.isWhitespace }) else {
                throw entry.value.error("invalid header name \(Self.quoted(entry.key)): expected a token without ':' or spaces")
            }
            let value = try entry.value.scalar("a header value")
            guard !value.contains(where: \.isNewline) else { throw entry.value.error("a header value can't span lines") }
            headers.append(HTTPHeader(name: entry.key, value: value))
        }
        return headers
    }

    /// `'text'` for error messages: one line, at most 60 characters.
    static func quoted(_ text: String) -> String {
        let line = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: "\\n")
        return "'" + (line.count > 60 ? String(line.prefix(57)) + "..." : line) + "'"
    }
}
