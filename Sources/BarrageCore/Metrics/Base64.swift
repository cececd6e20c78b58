/// Standard base64 (RFC 4648 §4: `A-Z a-z 0-9 + /`, `=` padding), written here so that
/// BarrageCore does not need Foundation for the HdrHistogram text form.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Each ASCII byte's 6-bit value, or 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()

    /// Encodes `bytes` with padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let group = (b0 << 16) | (b1 << 8) | b2
            text.append(alphabet[Int((group >> 18) & 0x3F)])
            text.append(alphabet[Int((group >> 12) & 0x3F)])
            text.append(remaining > 1 ? alphabet[Int((group >> 6) & 0x3F)] : UInt8(ascii: "="))
            text.append(remaining > 2 ? alphabet[Int(group & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes padded base64 text.
    /// - Returns: the bytes, or the offset (in UTF-8 bytes) of the first character that makes it invalid.
    static func decode(_ text: String) -> Result<[UInt8], Base64DecodeFailure> {
        decode(Array(text.utf8)[...])
    }

    /// Decodes padded base64 given as ASCII bytes.
    /// - Returns: the bytes, or the index in `symbols` of the first byte that makes them invalid.
    static func decode<Symbols: RandomAccessCollection<UInt8>>(
        _ symbols: Symbols
    ) -> Result<[UInt8], Base64DecodeFailure> where Symbols.Index == Int {
        guard symbols.count % 4 == 0 else { return .failure(Base64DecodeFailure(offset: symbols.endIndex)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(symbols.count / 4 * 3)
        var index = symbols.startIndex
        while index < symbols.endIndex {
            let isLast = index + 4 == symbols.endIndex
            var group: UInt32 = 0
            var padding = 0
            for position in 0..<4 {
                let symbol = symbols[index + position]
                if symbol == UInt8(ascii: "="), isLast, position >= 2 {
                    padding += 1
                    group <<= 6
                    continue
                }
                let value = values[Int(symbol)]
                // A data symbol after padding ("ab=c") or outside the alphabet is invalid.
                guard value != 0xFF, padding == 0 else { return .failure(Base64DecodeFailure(offset: index + position)) }
                group = (group << 6) | UInt32(value)
            }
            bytes.append(UInt8(truncatingIfNeeded: group >> 16))
            if padding < 2 { bytes.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if padding < 1 { bytes.append(UInt8(truncatingIfNeeded: group)) }
            index += 4
        }
        return .success(bytes)
    }
}

/// Where a base64 text stopped being valid.
struct Base64DecodeFailure: Error, Equatable {
    let offset: Int
}
