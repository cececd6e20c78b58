import BarrageCore
import Yams

/// `barrage.yaml`: defaults for `coord run` (and `coord agents`) whose keys are the long flag
/// names, so nothing new has to be learned (as Locust's locust.conf takes its flags' names):
///
/// ```yaml
/// url: http://10.0.0.5:8080/api/posts/
/// token-file: barrage.token
/// listen-agents: 0.0.0.0:7000
/// expect-agents: 5
/// sleep: 1s
/// threshold: ["http_req_duration:p(95)<500", "http_req_failed:rate<0.01"]
/// scenario: config/feed.yaml     # the positional scenario file
/// ```
///
/// This type only reads the file; which keys exist is the command line's business
/// (``ProjectFile/Entry``s are checked against `coord run`'s options where flags are parsed).
public struct ProjectFile: Sendable, Equatable {
    /// One key of the file.
    public struct Entry: Sendable, Equatable {
        public enum Value: Sendable, Equatable {
            case scalar(String)
            case list([String])
            case flag(Bool)
        }

        public var key: String
        public var value: Value
        /// 1-based line of the key, for errors.
        public var line: Int
    }

    public var path: String
    public var entries: [Entry]

    /// The default file name, looked up in the current directory.
    public static let defaultName = "barrage.yaml"

    /// The largest project file accepted, in bytes.
    public static let maxBytes = 256 * 1024

    /// Reads `text` (the contents of `path`).
    /// - Throws: ``ScenarioFileError`` as `file:line: key: problem`.
    public static func parse(_ text: String, path: String) throws(ScenarioFileError) -> ProjectFile {
        guard text.utf8.count <= maxBytes else {
            throw ScenarioFileError(file: path, line: 1, keyPath: "", message: "the file is \(text.utf8.count) bytes, at most \(maxBytes) are accepted")
        }
        let root: Node?
        do { root = try ScenarioFile.compose(text, file: path) }
        guard let root else { return ProjectFile(path: path, entries: []) }
        guard let mapping = root.mapping else {
            throw ScenarioFileError(file: path, line: root.mark.map { $0.line } ?? 1, keyPath: "", message: "expected a mapping of coord run's flag names to values")
        }
        var entries: [Entry] = []
        var seen: Set<String> = []
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line ?? 1
            guard let key = keyNode.scalar?.string, !key.isEmpty, !PeerText.hasControlCharacter(key) else {
                throw ScenarioFileError(file: path, line: line, keyPath: "", message: "keys must be flag names such as url or token-file")
            }
            guard seen.insert(key).inserted else {
                throw ScenarioFileError(file: path, line: line, keyPath: key, message: "given twice")
            }
            entries.append(Entry(key: key, value: try value(valueNode, key: key, line: line, path: path), line: line))
        }
        return ProjectFile(path: path, entries: entries)
    }

    static func value(_ node: Node, key: String, line: Int, path: String) throws(ScenarioFileError) -> Entry.Value {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["true", "false"].contains(scalar.string) { return .flag(scalar.string == "true") }
            guard !PeerText.hasControlCharacter(scalar.string) else {
                throw ScenarioFileError(file: path, line: line, keyPath: key, message: "holds a control character")
            }
            return .scalar(scalar.string)
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard let text = item.scalar?.string, !PeerText.hasControlCharacter(text) else {
                    throw ScenarioFileError(file: path, line: item.mark?.line ?? line, keyPath: key, message: "list items must be plain values")
                }
                items.append(text)
            }
            return .list(items)
        default:
            throw ScenarioFileError(file: path, line: line, keyPath: key, message: "expected a value or a list of values, not a mapping")
        }
    }
}
