import Histogram
import Testing
@testable import BarrageCoordinator
@testable import BarrageCore
@testable import BarrageResults

/// Judging a step from its closed seconds: the warm-up left out, thresholds on the rest alone, and
/// the load generator's limits (a full link, VUs that ran out) told apart from the target's.
@Suite struct CapacityStepJudgeTests {
    static let thresholds = CapacityDefaults.thresholds

    /// One agent's second: `iterations` requests of `latencyMicros`, split into waiting and
    /// receiving as given.
    static func share(
        _ name: String, iterations: UInt64, latencyMicros: UInt64, receivingMicros: UInt64 = 100, dropped: UInt64 = 0,
        failed: UInt64 = 0, cpu: Double = 20, rxBytes: UInt64 = 1_000_000, receivedBytes: UInt64 = 0
    ) -> JournalAgentSecond {
        func histogram(_ value: UInt64) -> String {
            var histogram = LatencyHistogram.make()
            for _ in 0..<iterations { _ = histogram.record(value) }
            return HdrV2Codec.encodeBase64(histogram)
        }
        var counters = Counters()
        counters.httpReqs = iterations
        counters.iterations = iterations
        counters.httpReqFailed = failed
        counters.droppedIterations = dropped
        counters.dataReceivedBytes = receivedBytes
        return JournalAgentSecond(
            name: name, lengthMicros: 1_000_000, counters: counters,
            histograms: [
                TrendMetric.httpReqDuration.name: histogram(latencyMicros),
                TrendMetric.httpReqWaiting.name: histogram(latencyMicros - min(receivingMicros, latencyMicros)),
                TrendMetric.httpReqReceiving.name: histogram(min(receivingMicros, latencyMicros)),
            ],
            series: nil, checks: nil, activeVUs: 10, vusMax: 10, processCPUPercent: cpu, hostCPUPercent: cpu,
            netRxBytes: rxBytes, netTxBytes: 1_000)
    }

    static func second(_ seq: UInt64, _ shares: [JournalAgentSecond], lengthMicros: Int64 = 1_000_000) -> SecondRow {
        var counters = Counters()
        for share in shares { counters.add(share.counters) }
        var row = SecondRow(
            startMicros: Int64(seq) * 1_000_000, lengthMicros: lengthMicros, counters: counters, activeVUs: 10,
            latency: LatencySummary(LatencyHistogram.make()), agents: [])
        row.seq = seq
        row.shares = shares
        return row
    }

    static let settings = CapacityStepJudge.Settings(warmUpSeconds: 2, thresholds: thresholds)

    @Test func theDefaultThresholdsAreTheIssuesTwo() throws {
        #expect(CapacityDefaults.thresholds == [
            try Threshold.parse(flag: "http_req_duration:p(95)<1000"), try Threshold.parse(flag: "http_req_failed:rate<0.01"),
        ])
    }

    @Test func theWarmUpAndAShortLastSecondAreLeftOut() {
        // Two slow seconds of warm-up, four good ones, and a 0.3 s tail of slow stragglers.
        let seconds = (0..<2).map { Self.second($0, [Self.share("a1", iterations: 100, latencyMicros: 3_000_000)]) }
            + (2..<6).map { Self.second($0, [Self.share("a1", iterations: 100, latencyMicros: 20_000)]) }
            + [Self.second(6, [Self.share("a1", iterations: 5, latencyMicros: 5_000_000)], lengthMicros: 300_000)]
        let step = CapacityStepJudge.judge(rate: 100, seconds: seconds, agentVUs: [("a1", 10)], insights: [], settings: Self.settings)
        #expect(step.passed, "\(step)")
        #expect(abs(step.achievedRate - 100) < 0.01)
        #expect(abs(step.p95Micros - 20_000) < 200)

        // Judged from the first second, the same step fails its p95.
        var noWarmUp = Self.settings
        noWarmUp.warmUpSeconds = 0
        let cold = CapacityStepJudge.judge(rate: 100, seconds: seconds, agentVUs: [("a1", 10)], insights: [], settings: noWarmUp)
        #expect(!cold.passed)
        #expect(cold.failedThresholds.first?.hasPrefix("http_req_duration p(95)=") == true, "\(cold.failedThresholds)")
        #expect(!cold.isGeneratorLimited)
    }

    @Test func aSlowTargetIsTheTargetsLimit() {
        // Time goes to waiting for the first byte, and VUs run out: the target's fault.
        let seconds = (0..<6).map { Self.second($0, [Self.share("a1", iterations: 60, latencyMicros: 2_000_000, dropped: 40)]) }
        let step = CapacityStepJudge.judge(rate: 100, seconds: seconds, agentVUs: [("a1", 10)], insights: [], settings: Self.settings)
        #expect(!step.passed)
        #expect(!step.isGeneratorLimited, "\(step.limits)")
        #expect(step.dropped == 160)
        #expect(step.failedRate == 0)
    }

    @Test func aFullLinkIsTheLoadGeneratorsLimit() {
        // Agent a2 receives a steady 11.2 MB/s and its responses spend their time arriving; a1 is fine.
        let seconds = (0..<6).map {
            Self.second($0, [
                Self.share("a1", iterations: 150, latencyMicros: 5_000),
                Self.share("a2", iterations: 80, latencyMicros: 1_500_000, receivingMicros: 1_450_000, dropped: 70, rxBytes: 11_200_000),
            ])
        }
        var settings = Self.settings
        settings.goalRate = 1000
        let step = CapacityStepJudge.judge(
            rate: 300, seconds: seconds, agentVUs: [("a1", 10), ("a2", 10)], insights: [], settings: settings)
        #expect(!step.passed)
        #expect(step.limits.map(\.agent) == ["a2"])
        let limit = try? #require(step.limits.first)
        #expect(limit?.reason == .network)
        #expect(limit?.detail.hasPrefix("network-bound at 11.2 MB/s (89.6 Mbit/s") == true, "\(limit?.detail ?? "")")
        // 80 iterations/s each: 13 such agents for 1000/s.
        #expect(limit?.agentsNeeded == 13)
        #expect(step.generatorStatus == "a2 network")
    }

    /// A link emulated on loopback (ShapedLink in the integration tests): the host's interfaces
    /// see next to nothing, so the agent's own received bytes give the figure.
    @Test func aLinkOverLoopbackIsMeasuredByWhatTheAgentReceived() {
        let seconds = (0..<6).map {
            Self.second($0, [Self.share("a1", iterations: 74, latencyMicros: 900_000, receivingMicros: 800_000, dropped: 6, rxBytes: 3_000, receivedBytes: 1_500_000)])
        }
        let step = CapacityStepJudge.judge(rate: 80, seconds: seconds, agentVUs: [("a1", 10)], insights: [], settings: Self.settings)
        #expect(step.limits.map(\.reason) == [.network])
        #expect(step.limits.first?.detail.hasPrefix("network-bound at 1.5 MB/s (12.0 Mbit/s") == true, "\(step.limits)")
    }

    @Test func droppedIterationsWithinThresholdsMeanTheVUsRanOut() {
        let seconds = (0..<5).map { Self.second($0, [Self.share("a1", iterations: 90, latencyMicros: 30_000, dropped: 10)]) }
        let step = CapacityStepJudge.judge(rate: 100, seconds: seconds, agentVUs: [("a1", 10)], insights: [], settings: Self.settings)
        #expect(step.failedThresholds.isEmpty)
        #expect(step.limits.map(\.reason) == [.vus])
        #expect(!step.passed)
    }

    @Test func theRunsCPUAndEventLoopFindingsCount() {
        let seconds = (0..<5).map { Self.second($0, [Self.share("a1", iterations: 100, latencyMicros: 30_000, cpu: 95)]) }
        let insight = LoadGeneratorInsight(agent: "a1", resource: .eventLoop, evidence: "VUs woke up to 250ms late for 3s", agentsNeeded: nil)
        let step = CapacityStepJudge.judge(rate: 100, seconds: seconds, agentVUs: [("a1", 10)], insights: [insight], settings: Self.settings)
        #expect(step.limits.map(\.reason) == [.eventLoop, .cpu])
        #expect(step.limits.first?.detail.contains("250ms late") == true)
    }
}
