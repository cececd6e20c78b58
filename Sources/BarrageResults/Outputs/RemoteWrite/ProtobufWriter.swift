import BarrageCore

/// The few pieces of the protobuf wire format that remote write needs, written by hand: varints,
/// 64-bit doubles and length-delimited fields (https://protobuf.dev/programming-guides/encoding/).
/// Fields are written in field-number order and defaults are skipped, as protobuf encoders do.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
    }

    mutating func tag(_ field: UInt32, _ type: WireType) {
        varint(UInt64(field) << 3 | UInt64(type.rawValue))
    }

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A `double` field (fixed64, little-endian); 0 is the default and is not written.
    mutating func double(_ field: UInt32, _ value: Double) {
        guard value != 0 || value.sign == .minus || value.isNaN else { return }
        tag(field, .fixed64)
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    /// An `int64` field (a varint of the two's complement); 0 is not written.
    mutating func int64(_ field: UInt32, _ value: Int64) {
        guard value != 0 else { return }
        tag(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    /// A `string` field; empty is not written.
    mutating func string(_ field: UInt32, _ value: String) {
        guard !value.isEmpty else { return }
        bytes(field, Array(value.utf8))
    }

    /// An embedded message or `bytes` field (written even when empty: a repeated message counts).
    mutating func bytes(_ field: UInt32, _ value: [UInt8]) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }
}
