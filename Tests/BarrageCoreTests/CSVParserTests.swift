import Testing
@testable import BarrageCore

/// RFC 4180 CSV into a packed ``DataTable``.
struct CSVParserTests {
    func parse(_ text: String) throws(DataFileError) -> DataTable { try CSVParser.parse(Array(text.utf8)) }

    @Test func readsHeaderRowsQuotesAndLineEnds() throws {
        let table = try parse("username,password,note\r\nann,\"se,cret\",\"say \"\"hi\"\"\"\nbob,pw,\"two\nlines\"\n\ncy,,x")
        #expect(table.columns == ["username", "password", "note"])
        #expect(table.rowCount == 3)
        #expect(table.row(0) == ["ann", "se,cret", "say \"hi\""])
        #expect(table.row(1) == ["bob", "pw", "two\nlines"])
        #expect(table.row(2) == ["cy", "", "x"])
        #expect(table.field(row: 9, column: 0) == "" && table.field(row: 0, column: 9) == "")
    }

    @Test(arguments: [
        ("a,b\n1,2\n3\n", "line 3: expected 2 fields as in the header, got 1"),
        ("a,b\n1,2,3\n", "line 2: expected 2 fields as in the header, got 3"),
        ("a,b\n\"1,2\n", "line 2: a quoted field is not closed"),
        ("", "the file has no header row"),
        ("a,a\n1,2\n", "bad header row: column names repeat"),
        ("a,\n1,2\n", "bad header row: a column has no name"),
        ("a\n1\u{0}\n", "row 1: a value contains a NUL byte"),
    ])
    func rejectsBadFilesNamingTheLine(text: String, message: String) {
        #expect(throws: DataFileError.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aMillionRowsStaySmall() throws {
        var text = "id,name\n"
        for index in 0..<200_000 { text += "\(index),user\(index)\n" }
        let table = try parse(text)
        #expect(table.rowCount == 200_000)
        #expect(table.field(row: 199_999, column: 1) == "user199999")
        // Fields, terminators and one 4-byte offset per row: no per-row objects.
        #expect(table.byteCount <= text.utf8.count + 4 * 200_000)
    }
}
