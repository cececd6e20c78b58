@testable import BarrageCore
@testable import BarrageResults

/// Seconds with known numbers for the output tests.
enum OutputFixtures {
    /// 1714564803 = 2024-05-01T12:00:03Z; two agents, 300 requests, 3 failed.
    static func second() -> SecondRow {
        var counters = Counters()
        counters.httpReqs = 300
        counters.httpReqFailed = 3
        counters.iterations = 300
        counters.dataReceivedBytes = 1_500_000
        counters.dataSentBytes = 30_000
        counters.checksPassed = 297
        counters.checksFailed = 3
        var histogram = LatencyHistogram.make()
        for tens in 1...100 { _ = histogram.record(UInt64(tens) * 10) }  // 10µs...1ms: exact below 2048µs
        var a = Counters()
        a.httpReqs = 200
        var b = Counters()
        b.httpReqs = 100
        return SecondRow(
            startMicros: 1_714_564_803_000_000, lengthMicros: 1_000_000, counters: counters, activeVUs: 30,
            latency: LatencySummary(histogram),
            agents: [
                AgentSecond(name: "a", lengthMicros: 1_000_000, counters: a, activeVUs: 20, processCPUPercent: 41.25,
                            hostCPUPercent: 20, netRxBytes: 1_000_000, netTxBytes: 20_000),
                AgentSecond(name: "b,1", lengthMicros: 500_000, counters: b, activeVUs: 10, processCPUPercent: 12,
                            hostCPUPercent: 6, netRxBytes: 250_000, netTxBytes: 5_000),
            ])
    }
}
