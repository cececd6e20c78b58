/// RFC 4180 CSV: a header row naming the columns, then one row per line; fields separated by
/// commas, optionally in double quotes (`""` is a quote inside them; quoted fields may span
/// lines); CRLF or LF line ends; a final line end is optional; empty lines are skipped.
public enum CSVParser {
    /// Parses `bytes` into a table whose columns are the header's.
    /// - Throws: ``DataFileError`` naming the line of a bad row.
    public static func parse(_ bytes: [UInt8]) throws(DataFileError) -> DataTable {
        var table: DataTable?
        var failure: DataFileError?
        bytes.withUnsafeBytes { raw in
            do throws(DataFileError) {
                table = try parse(raw)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        guard let table else { throw .empty }
        return table
    }

    /// Parses bytes in place (a memory-mapped file is read without a copy).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(DataFileError) -> DataTable {
        var table: DataTable?
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var index = 0
        var estimatedRows = 0

        func endField() throws(DataFileError) {
            guard let text = String(validating: field, as: UTF8.self) else { throw .notUTF8 }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        func endRow() throws(DataFileError) {
            try endField()
            defer { fields.removeAll(keepingCapacity: true) }
            if fields.count == 1, fields[0].isEmpty { return }  // an empty line
            if var existing = table {
                table = nil  // keep the table uniquely referenced while appending
                do {
                    try existing.append(fields)
                } catch .wrongFieldCount(_, let expected, let got) {
                    throw .wrongFieldCount(row: rowLine - 1, expected: expected, got: got)
                }
                table = existing
            } else {
                guard !fields.contains(where: \.isEmpty) else { throw .badHeader("a column has no name") }
                guard Set(fields).count == fields.count else { throw .badHeader("column names repeat") }
                var fresh = DataTable(columns: fields)
                fresh.reserve(rows: estimatedRows, bytes: bytes.count)
                table = fresh
            }
        }

        estimatedRows = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                try endField()
            case UInt8(ascii: "\"") where field.isEmpty && !quoted:
                inQuotes = true
                quoted = true
            case 0x0D where index < bytes.count && bytes[index] == 0x0A:
                continue
            case 0x0A:
                try endRow()
                line += 1
                rowLine = line
            default:
                field.append(byte)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: rowLine) }
        if !field.isEmpty || !fields.isEmpty || quoted { try endRow() }
        guard let table else { throw .empty }
        return table
    }
}
