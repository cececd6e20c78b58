import BarrageCore
import Foundation

/// Turns journal records into lines and a journal's text back into records.
///
/// Foundation's JSON coders do the JSON, as in ``MessageCoding``: pure value work, no I/O.
public enum JournalCoding {
    /// The file name of the journal inside a results folder.
    public static let fileName = "journal.jsonl"

    /// One record as a line: compact JSON, keys sorted, then `\n`.
    /// - Throws: ``JournalError`` (line 0) for values JSON cannot hold, such as a NaN.
    public static func line(_ record: JournalRecord) throws(JournalError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(record), as: UTF8.self) + "\n"
        } catch {
            throw JournalError(file: fileName, line: 0, detail: "cannot encode a \(record.kind) record: \(error)")
        }
    }

    /// What a journal's text holds.
    public struct Decoded: Sendable {
        public var records: [JournalRecord]
        /// The last line was cut off mid-write (no newline and not a whole record): ignored.
        public var truncatedLastLine: Bool
    }

    /// Decodes every line of `text`. A last line without its newline that does not decode is the
    /// tail of a write cut short (the coordinator was killed) and is dropped; any other bad line
    /// is an error naming it.
    /// - Parameter file: the name errors carry.
    /// - Throws: ``JournalError`` with the 1-based line number and what was wrong.
    public static func decode(_ text: String, file: String) throws(JournalError) -> Decoded {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithNewline = lines.last?.isEmpty ?? true
        if endsWithNewline { lines.removeLast() }
        var records: [JournalRecord] = []
        var truncated = false
        let decoder = JSONDecoder()
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if isLast && !endsWithNewline { break }
                throw JournalError(file: file, line: index + 1, detail: "empty line")
            }
            do {
                records.append(try decoder.decode(JournalRecord.self, from: Data(line.utf8)))
            } catch {
                if isLast && !endsWithNewline {
                    truncated = true
                    break
                }
                throw JournalError(file: file, line: index + 1, detail: describe(error))
            }
        }
        return Decoded(records: records, truncatedLastLine: truncated)
    }

    /// One line for a decoding error: the field path and what was expected.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath)
            return "missing field '\(at.isEmpty ? key.stringValue : at + "." + key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "bad field '\(path(context.codingPath))': \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
