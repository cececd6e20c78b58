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
    /// is an error naming it. (``JournalReader`` does the same from a file's bytes as they come.)
    /// - Parameter file: the name errors carry.
    /// - Throws: ``JournalError`` with the 1-based line number and what was wrong.
    public static func decode(_ text: String, file: String) throws(JournalError) -> Decoded {
        var lines = JournalLines(file: file)
        var records: [JournalRecord] = []
        let decoder = JSONDecoder()
        for (line, number) in try lines.feed(ArraySlice(text.utf8)) {
            if let record = try Self.record(line, number: number, unterminated: false, decoder: decoder, file: file).record { records.append(record) }
        }
        var truncated = false
        if !lines.tail.isEmpty {
            let last = try Self.record(lines.tail[...], number: lines.count + 1, unterminated: true, decoder: decoder, file: file)
            if let record = last.record { records.append(record) }
            truncated = last.truncated
        }
        return Decoded(records: records, truncatedLastLine: truncated)
    }

    /// Decodes line `number`. A blank line is an error unless it is an unterminated last line,
    /// which is dropped, as is one that does not decode (`truncated`).
    static func record(
        _ line: ArraySlice<UInt8>, number: Int, unterminated: Bool, decoder: JSONDecoder, file: String
    ) throws(JournalError) -> (record: JournalRecord?, truncated: Bool) {
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
            if unterminated { return (nil, false) }
            throw JournalError(file: file, line: number, detail: "empty line")
        }
        do {
            return (try decoder.decode(JournalRecord.self, from: Data(line)), false)
        } catch {
            if unterminated { return (nil, true) }
            throw JournalError(file: file, line: number, detail: describe(error))
        }
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
