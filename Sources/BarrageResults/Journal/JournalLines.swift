/// Cuts a journal's bytes into lines as they are read, holding at most one line: a journal is
/// streamed, never read whole, and a line longer than ``JournalLimits/maxLineBytes`` is an error
/// as soon as that many bytes have come without a newline.
public struct JournalLines {
    let file: String
    /// The bytes of the line not yet ended by a newline.
    public private(set) var tail: [UInt8] = []
    /// Lines ended so far.
    public private(set) var count = 0

    /// - Parameter file: the name errors carry.
    public init(file: String) {
        self.file = file
    }

    /// Adds `bytes`; returns each line they end (without its newline) with its 1-based number.
    /// - Throws: ``JournalError`` for a line that is too long.
    public mutating func feed(_ bytes: ArraySlice<UInt8>) throws(JournalError) -> [(line: ArraySlice<UInt8>, number: Int)] {
        var ended: [(line: ArraySlice<UInt8>, number: Int)] = []
        var rest = bytes
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            let piece = rest[..<newline]
            rest = rest[rest.index(after: newline)...]
            try checkLength(tail.count + piece.count)
            count += 1
            if tail.isEmpty {
                ended.append((piece, count))
            } else {
                tail.append(contentsOf: piece)
                ended.append((tail[...], count))
                tail = []
            }
        }
        try checkLength(tail.count + rest.count)
        tail.append(contentsOf: rest)
        return ended
    }

    private func checkLength(_ bytes: Int) throws(JournalError) {
        guard bytes <= JournalLimits.maxLineBytes else {
            throw JournalError(file: file, line: count + 1, detail: "the line is longer than \(JournalLimits.maxLineBytes) bytes (no journal line is)")
        }
    }
}
