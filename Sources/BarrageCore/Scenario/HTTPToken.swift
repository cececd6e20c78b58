/// RFC 9110's `token` (section 5.6.2): what a header name or a method may consist of. Anything
/// else (spaces, colons, CR/LF) would let a name end a header early or smuggle another one.
public enum HTTPToken {
    /// Whether `text` is a non-empty token: letters, digits and ``!#$%&'*+-.^_`|~``.
    public static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenByte)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
