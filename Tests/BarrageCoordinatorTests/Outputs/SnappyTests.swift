import Testing
@testable import BarrageCoordinator
@testable import BarrageCore
import BarrageResults

struct SnappyTests {
    @Test(arguments: [0, 1, 100, 70_000])
    func roundTrips(size: Int) throws {
        var random = SystemRandomNumberGenerator()
        // Half repetitive, half random: both the copy and the literal paths of the format.
        let bytes = (0..<size).map { $0 < size / 2 ? UInt8($0 % 7) : UInt8.random(in: 0...255, using: &random) }
        let compressed = Snappy.compress(bytes)
        #expect(try #require(Snappy.uncompress(compressed)) == bytes)
        if size == 100 { #expect(compressed.first == 100, "the block starts with the uncompressed length as a varint") }
    }

    @Test func aWriteRequestCompressesAndComesBack() throws {
        let request = RemoteWriteSeries.writeRequest([RemoteWriteSeries(name: "k6_vus", samples: [.init(value: 3, timestampMillis: 1)])])
        #expect(Snappy.uncompress(Snappy.compress(request)) == request)
    }

    @Test func garbageIsNotASnappyBlock() {
        #expect(Snappy.uncompress([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) == nil)
    }
}
