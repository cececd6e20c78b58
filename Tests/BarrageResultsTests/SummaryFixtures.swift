import Histogram
@testable import BarrageCore
@testable import BarrageResults

/// Small deterministic reports for the summary tests. Durations below 2048 µs are recorded exactly
/// by the 3-digit histogram, so their percentiles can be worked out by hand.
enum SummaryFixtures {
    static let url = "http://127.0.0.1:8080/api/posts/"

    static func histogram(_ values: [Int64]) -> Histogram<UInt64> {
        var histogram = LatencyHistogram.make()
        for value in values { histogram.recordClamped(micros: value) }
        return histogram
    }

    /// 1003, 1013, ..., 1993 µs: mean 1498, p50 1493, p90 1893, p95 1943, p99 1983.
    static let durationValues: [Int64] = (0..<100).map { 1003 + 10 * Int64($0) }
    /// 50 iterations of 1 s and 50 of 2 s.
    static let iterationValues: [Int64] = Array(repeating: 1_000_000, count: 50) + Array(repeating: 2_000_000, count: 50)

    /// 1000 requests in 10 s, 48 kB each, with the given failures by kind.
    static func singleAgentMetrics(errors: [ErrorKind: UInt64] = [:]) -> MetricsSnapshot {
        var counters = Counters()
        counters.httpReqs = 1000
        counters.iterations = 1000
        counters.dataReceivedBytes = 48_000_000
        counters.dataSentBytes = 95_000
        counters.errors = errors
        counters.httpReqFailed = errors.values.reduce(0, +)
        counters.checksFailed = counters.httpReqFailed
        counters.checksPassed = 1000 - counters.checksFailed
        var snapshot = MetricsSnapshot.empty()
        snapshot.counters = counters
        snapshot.trends[.httpReqDuration] = histogram(durationValues)
        snapshot.trends[.iterationDuration] = histogram(iterationValues)
        return snapshot
    }

    static func singleAgent(errors: [ErrorKind: UInt64] = [:], interrupted: Bool = false) -> RunReport {
        let metrics = singleAgentMetrics(errors: errors)
        return RunReport(
            metrics: metrics, elapsedMicros: 10_000_000, plannedDurationMicros: 10_000_000,
            vus: 10, vusMin: 10, vusMax: 10, url: url,
            agents: [AgentReport(name: "local", address: "127.0.0.1:40001", vus: 10, metrics: metrics, cpuPercent: 12.5)],
            interrupted: interrupted)
    }

    /// a1: 700 requests, all fine, the 100 duration values. a2: 300 requests of 1500 µs (40 recorded),
    /// 12 connection resets, lost 4 s into a 10 s run.
    static func twoAgentsOneLost() -> RunReport {
        var a1 = MetricsSnapshot.empty()
        a1.counters.httpReqs = 700
        a1.counters.iterations = 700
        a1.counters.dataReceivedBytes = 33_600_000
        a1.counters.dataSentBytes = 66_500
        a1.counters.checksPassed = 700
        a1.trends[.httpReqDuration] = histogram(durationValues)
        a1.trends[.iterationDuration] = histogram(iterationValues)

        var a2 = MetricsSnapshot.empty()
        a2.counters.httpReqs = 300
        a2.counters.iterations = 300
        a2.counters.dataReceivedBytes = 14_400_000
        a2.counters.dataSentBytes = 28_500
        a2.counters.checksPassed = 288
        a2.counters.checksFailed = 12
        a2.counters.httpReqFailed = 12
        a2.counters.errors = [.connectionReset: 12]
        a2.trends[.httpReqDuration] = histogram(Array(repeating: 1500, count: 40))

        var merged = MetricsSnapshot.empty()
        merged.merge(a1)
        merged.merge(a2)
        return RunReport(
            metrics: merged, elapsedMicros: 10_000_000, plannedDurationMicros: 10_000_000,
            vus: 5, vusMin: 5, vusMax: 10, url: url,
            agents: [
                AgentReport(name: "a1", address: "10.0.0.1:7070", vus: 5, metrics: a1, cpuPercent: 63.2),
                AgentReport(name: "a2", address: "10.0.0.2:7070", vus: 5, metrics: a2, lost: true, lostAtMicros: 4_000_000),
            ],
            startSkewMicros: 3_200, maxClockOffsetMicros: 400,
            notes: ["agent a2 (10.0.0.2:7070) lost at 4.0s; its results up to then are included"])
    }
}
