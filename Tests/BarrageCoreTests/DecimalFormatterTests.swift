import Testing
@testable import BarrageCore

struct DecimalFormatterTests {
    @Test(arguments: [
        (833.3333333, 6, "833.333333"), (209.0, 6, "209"), (0.1 + 0.2, 6, "0.3"), (1.5, 0, "2"),
        (0.0000004, 6, "0"), (-2.50, 2, "-2.5"), (1e20, 6, "1e+20"),
    ])
    func fixedDropsTrailingZeros(value: Double, decimals: Int, text: String) {
        #expect(DecimalFormatter.fixed(value, decimals: decimals) == text)
    }

    @Test(arguments: [(20.0, 1, "20.0"), (3.36, 1, "3.4"), (0.05, 2, "0.05"), (-1.26, 1, "-1.3"), (7.0, 0, "7")])
    func paddedKeepsTrailingZeros(value: Double, decimals: Int, text: String) {
        #expect(DecimalFormatter.padded(value, decimals: decimals) == text)
    }

    @Test func ratesLikeK6Counters() {
        #expect(DecimalFormatter.rate(150_000.0 / 180) == "833.333333/s")
        #expect(DecimalFormatter.rate(209) == "209/s")
        #expect(DecimalFormatter.rate(0) == "0/s")
    }

    @Test(arguments: [
        (1.0, "100.00%"), (0.0, "0.00%"), (0.99733, "99.73%"), (0.99999, "99.99%"), (0.5, "50.00%"),
        (2.0 / 3, "66.66%"), (0.0005, "0.05%"), (Double.nan, "0.00%"),
    ])
    func percentTruncatesToTwoDecimals(fraction: Double, text: String) {
        #expect(DecimalFormatter.percent(fraction) == text)
    }
}
