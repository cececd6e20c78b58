/// Why a YAML file was refused before it was composed: too large, too deep, or too many aliases.
///
/// Loaders wrap it in their own error, which adds the file name (`bomb.yaml:4: ...`).
public struct YAMLLimitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the node over the limit; nil when the file as a whole is.
    public var line: Int?
    /// What went over which limit.
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
