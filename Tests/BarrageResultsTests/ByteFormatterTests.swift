import Testing
@testable import BarrageCore
@testable import BarrageResults

struct ByteFormatterTests {
    @Test(arguments: [
        (0.0, "0 B"), (5, "5 B"), (2.5, "2.5 B"), (10, "10 B"), (999, "999 B"), (1000, "1.0 kB"),
        (48_000, "48 kB"), (48_600, "49 kB"), (9_960, "10 kB"), (999_960, "1.0 MB"), (1_000_000, "1.0 MB"),
        (13_000_000, "13 MB"), (11_250_000, "11 MB"), (2_100_000_000, "2.1 GB"), (7_200_000_000, "7.2 GB"),
    ])
    func formatsDecimalUnitsLikeK6(bytes: Double, text: String) {
        #expect(ByteFormatter.format(bytes) == text)
    }

    @Test func formatsCountsAndRates() {
        #expect(ByteFormatter.format(bytes: 13_000_000) == "13 MB")
        #expect(ByteFormatter.rate(40_000_000) == "40 MB/s")
        #expect(ByteFormatter.rate(72_000) == "72 kB/s")
        #expect(ByteFormatter.rate(0) == "0 B/s")
    }
}
