import Testing
@testable import BarrageCore

struct ZlibTests {
    @Test func roundTripsWithZlibHeader() throws {
        let input = Array("hello hello hello hello, HdrHistogram".utf8) + [UInt8](repeating: 7, count: 100_000)
        let compressed = Zlib.compress(input)
        #expect(compressed.count < 1000)
        // CMF 0x78 (deflate, 32 KiB window) and a header checksum divisible by 31.
        #expect(compressed[0] == 0x78 && (UInt16(compressed[0]) << 8 | UInt16(compressed[1])) % 31 == 0)
        #expect(try Zlib.decompress(compressed, expectedSize: 10) == input)
        #expect(try Zlib.decompress(Zlib.compress([])) == [])
    }

    @Test func refusesBadStreams() {
        let compressed = Zlib.compress([UInt8](repeating: 1, count: 1000))
        #expect(throws: Zlib.DecompressionError.truncated) { try Zlib.decompress(Array(compressed.dropLast(4))) }
        #expect(throws: Zlib.DecompressionError.trailingBytes(1)) { try Zlib.decompress(compressed + [0]) }
        #expect(throws: Zlib.DecompressionError.tooLarge(limit: 999)) { try Zlib.decompress(compressed, limit: 999) }
        #expect(throws: Zlib.DecompressionError.self) { try Zlib.decompress([0x1F, 0x8B, 0x08, 0x00]) }
        var badChecksum = compressed
        badChecksum[badChecksum.count - 1] ^= 0xFF
        #expect(throws: Zlib.DecompressionError.self) { try Zlib.decompress(badChecksum) }
        #expect(throws: Zlib.DecompressionError.truncated) { try Zlib.decompress([]) }
    }
}
