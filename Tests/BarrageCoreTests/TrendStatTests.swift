import Testing
@testable import BarrageCore

struct TrendStatTests {
    @Test func parsesK6Spellings() throws {
        let stats = try TrendStat.parseList("avg,min,med,max,count,p(90), p(99.9)")
        #expect(stats == [.avg, .min, .med, .max, .count, .percentile(90), .percentile(99.9)])
        #expect(stats.map(\.description) == ["avg", "min", "med", "max", "count", "p(90)", "p(99.9)"])
        #expect(TrendStat.defaults.map(\.description) == ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"])
    }

    @Test(arguments: ["", "mean", "p()", "p(x)", "p95", "p(95"])
    func rejectsUnknownStats(text: String) {
        #expect(throws: TrendStatParseError.unknown(text)) { try TrendStat.parse(text) }
    }

    @Test func rejectsPercentilesOutsideZeroToHundred() {
        #expect(throws: TrendStatParseError.percentileOutOfRange("p(101)")) { try TrendStat.parse("p(101)") }
        let message = TrendStatParseError.percentileOutOfRange("p(101)").description
        #expect(message.contains("'p(101)'") && message.contains("p(N) with N in 0...100"))
    }

    @Test func valuesComeFromTheHistogram() {
        let histogram = HistogramFixtures.histogram(HistogramFixtures.durationValues)
        #expect(TrendStat.avg.value(in: histogram) == 1498)
        #expect(TrendStat.min.value(in: histogram) == 1003)
        #expect(TrendStat.med.value(in: histogram) == 1493)
        #expect(TrendStat.max.value(in: histogram) == 1993)
        #expect(TrendStat.percentile(90).value(in: histogram) == 1893)
        #expect(TrendStat.count.value(in: histogram) == 100)
        let empty = LatencyHistogram.make()
        for stat in TrendStat.defaults + [.count] { #expect(stat.value(in: empty) == 0) }
    }

    @Test func maxIsTheRecordedMaximumNotItsBucketTop() {
        // 4_500_000 µs falls in a 4096 µs wide bucket; `Histogram.max` would report its top.
        let histogram = HistogramFixtures.histogram([4_500_000])
        #expect(TrendStat.max.value(in: histogram) == 4_500_000)
        #expect(histogram.max > 4_500_000)
    }
}
