/// The varint used for HdrHistogram V2 counts: ZigZag, then little-endian base-128 groups.
///
/// ZigZag maps signed to unsigned so small magnitudes stay short (0, -1, 1, -2 … → 0, 1, 2, 3 …).
/// Bytes 1 to 8 carry 7 bits each with the high bit meaning "more follows"; a 9th byte, if reached,
/// carries the top 8 bits whole. So every 64-bit value takes at most 9 bytes and no byte sequence
/// can overflow.
enum ZigZagLEB128 {
    /// The most bytes one value can take.
    static let maxBytes = 9

    /// Appends `value` to `bytes`.
    static func append(_ value: Int64, to bytes: inout [UInt8]) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        for _ in 0..<(maxBytes - 1) {
            if rest < 0x80 {
                bytes.append(UInt8(rest))
                return
            }
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    /// Reads one value starting at `offset`, advancing it past the value.
    /// - Returns: the value, or `nil` when `bytes` ends inside it (`offset` is then unchanged).
    static func read(_ bytes: ArraySlice<UInt8>, at offset: inout Int) -> Int64? {
        var raw: UInt64 = 0
        var position = offset
        for group in 0..<maxBytes {
            guard position < bytes.endIndex else { return nil }
            let byte = bytes[position]
            position += 1
            if group == maxBytes - 1 {
                raw |= UInt64(byte) << 56
                break
            }
            raw |= UInt64(byte & 0x7F) << (7 * group)
            if byte & 0x80 == 0 { break }
        }
        offset = position
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
}
