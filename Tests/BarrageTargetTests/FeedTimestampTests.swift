import Testing

@testable import BarrageTarget

struct FeedTimestampTests {
    @Test(arguments: [
        (1970, 1, 1, Int64(0)),
        (2000, 3, 1, Int64(951_868_800)),
        (2023, 11, 14, Int64(1_699_920_000)),
        (2024, 2, 29, Int64(1_709_164_800)),
    ])
    func epochSecondsOfMidnight(year: Int, month: Int, day: Int, expected: Int64) {
        #expect(FeedTimestamp.epochSeconds(year: year, month: month, day: day) == expected)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (Int64(1_700_000_000_123_456), "2023-11-14T22:13:20.123456Z"),
        (Int64(1_709_251_199_999_999), "2024-02-29T23:59:59.999999Z"),
        (Int64(-1), "1969-12-31T23:59:59.999999Z"),
    ])
    func formatsLikeDjangoRestFramework(epochMicros: Int64, expected: String) {
        #expect(FeedTimestamp.format(epochMicros: epochMicros) == expected)
    }

    @Test func formatInvertsEpochSeconds() {
        let seconds = FeedTimestamp.epochSeconds(year: 2023, month: 11, day: 15, hour: 9, minute: 7, second: 5)
        #expect(FeedTimestamp.format(epochMicros: seconds * 1_000_000) == "2023-11-15T09:07:05.000000Z")
    }
}
