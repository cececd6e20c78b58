/// Why a data file (CSV or JSON) or a data chunk was rejected.
public enum DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case badHeader(String)
    /// `row` counts data rows from 1 (the header is line 1 of a CSV).
    case wrongFieldCount(row: Int, expected: Int, got: Int)
    case unterminatedQuote(line: Int)
    case nulByte(row: Int)
    case notUTF8
    case tooLarge(limit: Int)
    case badJSON(String)

    public var description: String {
        switch self {
        case .empty: return "the file has no header row"
        case .badHeader(let detail): return "bad header row: \(detail)"
        case .wrongFieldCount(let row, let expected, let got):
            return "line \(row + 1): expected \(expected) fields as in the header, got \(got)"
        case .unterminatedQuote(let line): return "line \(line): a quoted field is not closed"
        case .nulByte(let row): return "row \(row): a value contains a NUL byte"
        case .notUTF8: return "the file is not UTF-8 text"
        case .tooLarge(let limit): return "the data is larger than \(limit) bytes"
        case .badJSON(let detail): return "expected a JSON array of objects with string, number or boolean values: \(detail)"
        }
    }
}
