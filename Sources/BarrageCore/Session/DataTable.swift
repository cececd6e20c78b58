/// The rows of one data set (`data:` in a scenario file), packed for a small memory footprint:
/// every field's UTF-8 bytes in one buffer, each field ended by a NUL byte (values cannot contain
/// NUL: parsers reject it), and one 32-bit offset per row. A 1 M-row, 50 MB CSV costs about
/// 50 MB plus 4 MB, and no object per row or field.
///
/// A value type (copy-on-write arrays), so one table is shared by every loop of an agent.
public struct DataTable: Sendable, Equatable {
    public let columns: [String]
    private var bytes: [UInt8] = []
    /// Where each row starts in ``bytes``.
    private var rowStarts: [UInt32] = []

    /// The largest table: offsets are 32-bit.
    public static let maximumBytes = Int(UInt32.max)

    public init(columns: [String]) {
        self.columns = columns
    }

    public var rowCount: Int { rowStarts.count }

    /// Bytes held (fields, terminators and offsets), for limits and reports.
    public var byteCount: Int { bytes.count + 4 * rowStarts.count }

    /// Appends a row of exactly ``columns``'s count of fields.
    /// - Throws: ``DataFileError`` for the wrong number of fields, a NUL byte, or a full table.
    public mutating func append<Fields: Collection>(_ fields: Fields) throws(DataFileError) where Fields.Element: StringProtocol {
        guard fields.count == columns.count else {
            throw .wrongFieldCount(row: rowCount + 1, expected: columns.count, got: fields.count)
        }
        var size = 0
        for field in fields { size += field.utf8.count + 1 }
        guard bytes.count + size <= Self.maximumBytes else { throw .tooLarge(limit: Self.maximumBytes) }
        let start = UInt32(bytes.count)
        for field in fields {
            guard !field.utf8.contains(0) else { throw .nulByte(row: rowCount + 1) }
            bytes.append(contentsOf: field.utf8)
            bytes.append(0)
        }
        rowStarts.append(start)
    }

    /// Reserves room, when the final size is known.
    public mutating func reserve(rows: Int, bytes count: Int) {
        rowStarts.reserveCapacity(rows)
        bytes.reserveCapacity(count)
    }

    /// The text of `column` in row `row`; "" for indices out of range.
    public func field(row: Int, column: Int) -> String {
        guard row >= 0, row < rowStarts.count, column >= 0, column < columns.count else { return "" }
        return bytes.withUnsafeBufferPointer { buffer in
            var start = Int(rowStarts[row])
            var remaining = column
            while remaining > 0, let end = buffer[start...].firstIndex(of: 0) {
                start = end + 1
                remaining -= 1
            }
            let end = buffer[start...].firstIndex(of: 0) ?? buffer.count
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
    }

    /// The bytes row `row` takes in the buffer (its fields and their terminators).
    public func rowBytes(_ row: Int) -> Int {
        guard row >= 0, row < rowStarts.count else { return 0 }
        let end = row + 1 < rowStarts.count ? Int(rowStarts[row + 1]) : bytes.count
        return end - Int(rowStarts[row])
    }

    /// Every field of row `row`.
    public func row(_ row: Int) -> [String] {
        (0..<columns.count).map { field(row: row, column: $0) }
    }

    /// The rows at `indices`, in order, as a table of their own (an agent's slice).
    public func subset<Indices: Sequence>(_ indices: Indices) throws(DataFileError) -> DataTable where Indices.Element == Int {
        var table = DataTable(columns: columns)
        for index in indices where index >= 0 && index < rowCount {
            try table.append(row(index))
        }
        return table
    }
}
