/// Why an encoded HdrHistogram (V2 binary, V2 compressed or its base64 text) was rejected.
///
/// Every case names the offending value and what is accepted, in one line, because these reach the
/// user when an agent sends a damaged histogram or an `.hlog` line is corrupt.
public enum HdrCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not standard padded base64; the payload is the offset of the first bad character.
    case invalidBase64(offset: Int)
    /// The first four bytes are not a V2 cookie.
    case badCookie(UInt32)
    /// The input ends before a field that must be there.
    case truncated(field: String, needed: Int, available: Int)
    /// A length field disagrees with the bytes actually present.
    case lengthMismatch(field: String, declared: Int, actual: Int)
    /// A length field is larger than the codec is willing to handle.
    case tooLarge(field: String, size: Int, limit: Int)
    /// A header field holds a value that no valid histogram has, or one this codec does not support.
    case invalidHeader(field: String, value: String, accepted: String)
    /// A varint in the counts starts at `offset` but the counts end before it does.
    case truncatedVarint(offset: Int)
    /// The counts run past the end of the counts array the header's layout allows.
    case countsBeyondArray(index: UInt64, length: Int)
    /// A count sits in a bucket whose values do not fit in 64 bits.
    case valueOutOfRange(index: Int)
    /// The counts add up to more than 2^64 - 1.
    case totalCountOverflow
    /// The counts times their values add up to more than 2^64 - 1, which `Histogram` cannot iterate.
    case valueSumOverflow
    /// The zlib stream inside a compressed histogram is corrupt or incomplete.
    case zlib(String)

    public var description: String {
        switch self {
        case .invalidBase64(let offset):
            return "the encoded histogram is not valid base64 at character \(offset); "
                + "expected the standard alphabet (A-Z a-z 0-9 + /) with '=' padding"
        case .badCookie(let cookie):
            return "the histogram cookie is \(Self.hex(cookie)), but only 0x1c849313 (V2) "
                + "and 0x1c849314 (V2 compressed) are accepted"
        case .truncated(let field, let needed, let available):
            return "the encoded histogram is truncated: \(field) needs \(needed) bytes, but only \(available) remain"
        case .lengthMismatch(let field, let declared, let actual):
            return "the \(field) says \(declared) bytes, but \(actual) bytes are present"
        case .tooLarge(let field, let size, let limit):
            return "the \(field) is \(size), but at most \(limit) is accepted"
        case .invalidHeader(let field, let value, let accepted):
            return "the histogram's \(field) is \(value), but \(accepted)"
        case .truncatedVarint(let offset):
            return "the histogram's counts end inside the varint starting at byte \(offset); a varint needs up to 9 bytes"
        case .countsBeyondArray(let index, let length):
            return "the histogram's counts reach index \(index), but its layout has only \(length) buckets"
        case .valueOutOfRange(let index):
            return "the histogram has a count at index \(index), whose values do not fit in 64 bits"
        case .totalCountOverflow:
            return "the histogram's counts add up to more than 18446744073709551615, the largest total accepted"
        case .valueSumOverflow:
            return "the histogram's counts times their values add up to more than 18446744073709551615, "
                + "the largest sum accepted"
        case .zlib(let reason):
            return "the compressed histogram could not be inflated: \(reason)"
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
