import Histogram
import Testing
@testable import BarrageCore

struct HistogramMergeTests {
    private static func randomLatency(using random: inout SeededGenerator) -> UInt64 {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: return 0
        case 1: return UInt64.random(in: 1_000_000...3_600_000_000, using: &random)
        default: return UInt64.random(in: 50...300_000, using: &random)
        }
    }

    @Test func mergedSnapshotsEqualOneSnapshotOfAllValues() throws {
        var random = SeededGenerator.fresh("mergedSnapshotsEqualOneSnapshotOfAllValues")
        var parts: [MetricsSnapshot] = []
        var whole = MetricsSnapshot.empty()
        var expectedCounters = Counters()
        for part in 0..<5 {
            // One part lacks some metrics entirely, as an agent that never connected over TLS would.
            var snapshot = part == 3 ? MetricsSnapshot(trends: [.httpReqDuration: LatencyHistogram.make()]) : .empty()
            snapshot.counters.httpReqs = UInt64.random(in: 0...10_000, using: &random)
            snapshot.counters.httpReqFailed = UInt64.random(in: 0...100, using: &random)
            snapshot.counters.dataReceivedBytes = UInt64.random(in: 0...1 << 40, using: &random)
            snapshot.counters.errors[.timeout] = UInt64.random(in: 0...5, using: &random)
            if part == 2 { snapshot.counters.errors[.dns] = 7 }
            for metric in snapshot.trends.keys {
                for _ in 0..<Int.random(in: 0...2000, using: &random) {
                    let value = Self.randomLatency(using: &random)
                    snapshot.trends[metric]?.record(value)
                    whole.trends[metric]?.record(value)
                }
            }
            expectedCounters.httpReqs += snapshot.counters.httpReqs
            expectedCounters.httpReqFailed += snapshot.counters.httpReqFailed
            expectedCounters.dataReceivedBytes += snapshot.counters.dataReceivedBytes
            expectedCounters.errors[.timeout, default: 0] += snapshot.counters.errors[.timeout] ?? 0
            parts.append(snapshot)
        }
        expectedCounters.errors[.dns] = 7

        var merged = MetricsSnapshot()
        for part in parts { merged.merge(part) }
        #expect(merged.counters == expectedCounters)
        #expect(merged.counters.totalErrors == expectedCounters.errors.values.reduce(0, +))
        for metric in TrendMetric.allCases {
            try expectSameDistribution(merged.histogram(metric), whole.histogram(metric))
        }

        // The agent -> coordinator path: every part travels as V2 base64 and is merged after decoding.
        var decodedMerge = MetricsSnapshot()
        for part in parts {
            var travelled = MetricsSnapshot(counters: part.counters)
            for (metric, histogram) in part.trends {
                travelled.trends[metric] = try HdrV2Codec.decode(base64: HdrV2Codec.encodeBase64(histogram))
            }
            decodedMerge.merge(travelled)
        }
        #expect(decodedMerge.counters == expectedCounters)
        for metric in TrendMetric.allCases {
            try expectSameDistribution(decodedMerge.histogram(metric), whole.histogram(metric))
        }
    }

    private func expectSameDistribution(_ actual: Histogram<UInt64>, _ expected: Histogram<UInt64>) throws {
        #expect(actual.totalCount == expected.totalCount)
        #expect(HdrInspect.buckets(actual) == HdrInspect.buckets(expected))
        #expect(actual.max == expected.max)
        #expect(actual.lowestEquivalentForValue(actual.min) == expected.lowestEquivalentForValue(expected.min))
        for percentile in [50.0, 90.0, 95.0, 99.0, 99.9] {
            #expect(HdrInspect.swiftValueAtPercentile(actual, percentile) == HdrInspect.swiftValueAtPercentile(expected, percentile))
        }
        #expect(actual == expected)
    }
}
