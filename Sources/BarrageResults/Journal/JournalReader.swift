import Foundation

/// Replays a journal from its bytes as they are read: lines (``JournalLines``) decoded one at a
/// time into a ``JournalReplay/Builder``, so that reading a file costs one line and the run's
/// seconds, never the whole file.
public struct JournalReader {
    var lines: JournalLines
    var builder: JournalReplay.Builder
    let file: String
    let decoder = JSONDecoder()

    /// - Parameter file: the name errors carry.
    public init(file: String) {
        self.file = file
        lines = JournalLines(file: file)
        builder = JournalReplay.Builder(file: file)
    }

    /// Adds the next bytes of the file.
    /// - Throws: ``JournalError`` naming the first bad line.
    public mutating func feed(_ bytes: ArraySlice<UInt8>) throws(JournalError) {
        for (line, number) in try lines.feed(bytes) {
            if let record = try JournalCoding.record(line, number: number, unterminated: false, decoder: decoder, file: file).record {
                try builder.add(record, line: number)
            }
        }
    }

    /// The run, once the whole file was fed. A last line without its newline that does not
    /// decode is the tail of a write cut short and is dropped.
    /// - Throws: ``JournalError``.
    public func finish() throws(JournalError) -> ReplayedRun {
        var builder = self.builder
        if !lines.tail.isEmpty, let record = try JournalCoding.record(lines.tail[...], number: lines.count + 1, unterminated: true, decoder: decoder, file: file).record {
            try builder.add(record, line: lines.count + 1)
        }
        return try builder.finish()
    }
}
