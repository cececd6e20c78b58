import Testing
@testable import BarrageCore

struct ZigZagLEB128Tests {
    @Test(arguments: [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (63, [0x7E]), (-64, [0x7F]), (64, [0x80, 0x01]),
        (-100, [0xC7, 0x01]), (Int64.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        (Int64.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
    ] as [(Int64, [UInt8])])
    func encodesKnownValues(value: Int64, bytes: [UInt8]) {
        var encoded: [UInt8] = []
        ZigZagLEB128.append(value, to: &encoded)
        #expect(encoded == bytes)
        var offset = 0
        #expect(ZigZagLEB128.read(bytes[...], at: &offset) == value)
        #expect(offset == bytes.count)
    }

    @Test func roundTripsRandomValues() {
        var random = SeededGenerator.fresh("ZigZagLEB128.roundTripsRandomValues")
        var bytes: [UInt8] = []
        let values = (0..<5000).map { _ in Int64.random(in: .min ... .max, using: &random) >> Int.random(in: 0...63, using: &random) }
        for value in values { ZigZagLEB128.append(value, to: &bytes) }
        var offset = 0
        for value in values { #expect(ZigZagLEB128.read(bytes[...], at: &offset) == value) }
        #expect(offset == bytes.count)
    }

    @Test func reportsTruncation() {
        var offset = 0
        #expect(ZigZagLEB128.read([0x80, 0x80][...], at: &offset) == nil)
        #expect(offset == 0)
    }
}
