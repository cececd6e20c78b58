@testable import BarrageCore
@testable import BarrageResults

/// A small two-agent journal, built by hand: a plan, three seconds and optionally an end.
enum JournalFixtures {
    static let startMicros: Int64 = 1_700_000_000_000_000

    static func plan(thresholds: [Threshold] = []) -> JournalPlan {
        JournalPlan(
            runId: "abc123", startMicros: startMicros,
            spec: RunSpec(url: SummaryFixtures.url, vus: 4, durationMicros: 180_000_000),
            agents: [.init(name: "a1", address: "127.0.0.1:7071", vus: 2), .init(name: "a2", address: "127.0.0.1:7072", vus: 2)],
            thresholds: thresholds, trendStats: TrendStat.defaults, showPhases: false)
    }

    /// Agent `name`'s share of one second: `requests` requests of `micros` each, all passing.
    static func share(_ name: String, requests: Int, micros: Int64, cpu: Double = 10) -> JournalAgentSecond {
        var counters = Counters()
        counters.httpReqs = UInt64(requests)
        counters.iterations = UInt64(requests)
        counters.checksPassed = UInt64(requests)
        counters.dataReceivedBytes = UInt64(requests) * 48_000
        let histogram = SummaryFixtures.histogram(Array(repeating: micros, count: requests))
        let series = SeriesSample(name: "feed", method: "GET", status: 200, counters: counters, httpReqDuration: HdrV2Codec.encodeBase64(histogram))
        return JournalAgentSecond(
            name: name, lengthMicros: 1_000_000, counters: counters,
            histograms: [TrendMetric.httpReqDuration.name: HdrV2Codec.encodeBase64(histogram)], series: [series],
            checks: ["status is 200": CheckTally(passes: UInt64(requests))], activeVUs: 2, vusMax: 2,
            processCPUPercent: cpu, hostCPUPercent: cpu / 2, netRxBytes: 0, netTxBytes: 0)
    }

    static func second(_ seq: UInt64, _ shares: [JournalAgentSecond]) -> JournalSecond {
        var counters = Counters()
        var merged = LatencyHistogram.make()
        for share in shares {
            counters.add(share.counters)
            if let text = share.histograms[TrendMetric.httpReqDuration.name], let histogram = try? HdrV2Codec.decode(base64: text) {
                merged.add(histogram)
            }
        }
        return JournalSecond(
            seq: seq, startMicros: startMicros + Int64(seq) * 1_000_000, lengthMicros: 1_000_000, counters: counters,
            activeVUs: shares.map(\.activeVUs).reduce(0, +), httpReqDuration: HdrV2Codec.encodeBase64(merged), agents: shares)
    }

    /// Three seconds: a1 serves 10 requests of 1000 µs a second, a2 5 of 2000 µs.
    static let seconds: [JournalSecond] = (0..<3).map { second(UInt64($0), [share("a1", requests: 10, micros: 1000), share("a2", requests: 5, micros: 2000)]) }

    static func text(_ records: [JournalRecord]) throws -> String {
        try records.map { try JournalCoding.line($0) }.joined()
    }
}
