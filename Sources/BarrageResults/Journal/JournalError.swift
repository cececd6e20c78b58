import BarrageCore

/// A journal (or summary file) that cannot be read: the file, the line and what was wrong.
public struct JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem is the file as a whole.
    public var line: Int
    public var detail: String

    public init(file: String, line: Int, detail: String) {
        self.file = file
        self.line = line
        self.detail = detail
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(detail)" : "\(file): \(detail)"
    }
}
