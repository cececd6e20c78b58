/// Why a scenario file was rejected: where (file, line, key path) and what was wrong with it.
///
/// Its ``description`` is the one line `coord run` prints before exiting with code 2:
/// `config/feed.yaml:7: scenarios.feed.stages[1].target: expected a whole number >= 0, got 'ten'`.
/// List indices in key paths count from 0, as in JSON paths.
public struct ScenarioFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The 1-based line of the offending key or value; nil when the problem is the file as a whole.
    public var line: Int?
    /// The dotted path of the offending key, e.g. `scenarios.feed.stages[1].target`; empty for
    /// the whole file.
    public var keyPath: String
    /// What is wrong, with the bad value and what is accepted.
    public var message: String

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line: key.path: message`, leaving out the line or key path when there is none.
    /// Always one line: control characters quoted from the file are escaped.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if !keyPath.isEmpty { text += ": " + keyPath }
        return OneLineText.escape(text + ": " + message)
    }
}
