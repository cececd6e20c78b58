/// Reads the compact JSON that ``MessageCoding/encode(_:)`` writes, and declines everything else.
///
/// It is the fast path's tokenizer (``SampleFrameDecoder``), not a JSON parser: it accepts a
/// strict subset of JSON (no whitespace, no string escapes, no raw control characters, integers
/// without sign, fraction or exponent where an integer is expected) and throws ``Decline`` at the
/// first byte outside it. A declined frame is decoded again by Foundation's `JSONDecoder`, which
/// accepts or rejects it with the same error as always, so the subset only has to be one that
/// `JSONDecoder` reads to the same values.
struct CompactJSONReader {
    /// The frame is outside the subset; decode it the slow way.
    struct Decline: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    /// Skips `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func expect(_ byte: UInt8) throws(Decline) {
        guard consume(byte) else { throw Decline() }
    }

    /// The bytes between the quotes of a string with no escape and no control character.
    mutating func stringBytes() throws(Decline) -> UnsafeBufferPointer<UInt8> {
        try expect(Byte.quote)
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Byte.quote {
                index += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
            }
            // An escape (rare in practice) or a raw control character (invalid JSON) is left to JSONDecoder.
            guard byte >= 0x20, byte != Byte.backslash else { throw Decline() }
            index += 1
        }
        throw Decline()
    }

    /// A string value; declines text that is not valid UTF-8.
    mutating func string() throws(Decline) -> String {
        let raw = try stringBytes()
        guard let text = String(validating: raw, as: UTF8.self) else { throw Decline() }
        return text
    }

    /// An object key and the `:` after it.
    mutating func key() throws(Decline) -> UnsafeBufferPointer<UInt8> {
        let raw = try stringBytes()
        try expect(Byte.colon)
        return raw
    }

    /// Reads `{`, then calls `member` once per key (positioned at its value) until the `}`.
    mutating func object(
        _ member: (inout CompactJSONReader, UnsafeBufferPointer<UInt8>) throws(Decline) -> Void
    ) throws(Decline) {
        try expect(Byte.openBrace)
        if consume(Byte.closeBrace) { return }
        repeat {
            let name = try key()
            try member(&self, name)
        } while consume(Byte.comma)
        try expect(Byte.closeBrace)
    }

    /// Reads `[`, then calls `element` once per element until the `]`.
    mutating func array(_ element: (inout CompactJSONReader) throws(Decline) -> Void) throws(Decline) {
        try expect(Byte.openBracket)
        if consume(Byte.closeBracket) { return }
        repeat {
            try element(&self)
        } while consume(Byte.comma)
        try expect(Byte.closeBracket)
    }

    /// A non-negative integer: digits only, no leading zero, within `UInt64`.
    mutating func uint64() throws(Decline) -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- Byte.zero
            guard digit < 10 else { break }
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(UInt64(digit))
            guard !overflowA, !overflowB else { throw Decline() }
            value = sum
            index += 1
        }
        guard index > start, index - start == 1 || bytes[start] != Byte.zero else { throw Decline() }
        try expectEndOfNumber()
        return value
    }

    /// An integer with an optional `-` (never `-0`), within `Int64` (`Int64.min` itself declines).
    mutating func int64() throws(Decline) -> Int64 {
        let negative = consume(Byte.minus)
        let magnitude = try uint64()
        guard let value = Int64(exactly: magnitude), !(negative && value == 0) else { throw Decline() }
        return negative ? -value : value
    }

    mutating func int() throws(Decline) -> Int {
        guard let value = Int(exactly: try int64()) else { throw Decline() }
        return value
    }

    /// A JSON number as a finite `Double`, parsed by the standard library (correctly rounded, as
    /// JSONDecoder's). Exponents beyond two digits decline, so under- and overflow never arise.
    mutating func double() throws(Decline) -> Double {
        let start = index
        _ = consume(Byte.minus)
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[index - integerDigits] != Byte.zero else { throw Decline() }
        if consume(Byte.dot) {
            guard digits() > 0 else { throw Decline() }
        }
        if consume(Byte.lowerE) || consume(Byte.upperE) {
            if !consume(Byte.plus) { _ = consume(Byte.minus) }
            let exponentDigits = digits()
            guard exponentDigits > 0, exponentDigits <= 2 else { throw Decline() }
        }
        try expectEndOfNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Decline() }
        return value
    }

    /// Skips decimal digits; returns how many.
    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] &- Byte.zero < 10 { index += 1 }
        return index - start
    }

    /// A number ends where a container continues or closes; `.`, `e` or anything else declines.
    private func expectEndOfNumber() throws(Decline) {
        guard index < bytes.count else { throw Decline() }
        switch bytes[index] {
        case Byte.comma, Byte.closeBrace, Byte.closeBracket: return
        default: throw Decline()
        }
    }

    /// Whether `raw` is exactly the UTF-8 of `literal`.
    static func equals(_ raw: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard raw.count == literal.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return raw.elementsEqual(expected)
    }

    enum Byte {
        static let quote = UInt8(ascii: "\"")
        static let backslash = UInt8(ascii: "\\")
        static let colon = UInt8(ascii: ":")
        static let comma = UInt8(ascii: ",")
        static let openBrace = UInt8(ascii: "{")
        static let closeBrace = UInt8(ascii: "}")
        static let openBracket = UInt8(ascii: "[")
        static let closeBracket = UInt8(ascii: "]")
        static let zero = UInt8(ascii: "0")
        static let minus = UInt8(ascii: "-")
        static let plus = UInt8(ascii: "+")
        static let dot = UInt8(ascii: ".")
        static let lowerE = UInt8(ascii: "e")
        static let upperE = UInt8(ascii: "E")
    }
}
