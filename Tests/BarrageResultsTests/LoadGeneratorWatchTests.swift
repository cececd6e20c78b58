import Testing
@testable import BarrageCore
@testable import BarrageResults

struct LoadGeneratorWatchTests {
    /// 1000 VUs with 1 s think time could do 1000 iterations/s.
    func watch() -> LoadGeneratorWatch { LoadGeneratorWatch(meanThinkMicros: 1_000_000, plannedVUs: 1000) }

    func second(
        vus: Int = 1000, iterations: UInt64 = 980, receivedBytes: UInt64 = 47_000_000, cpu: Double = 30,
        lag: Int64 = 2_000, waiting: Double = 5_000, receiving: Double = 1_000
    ) -> AgentObservation {
        AgentObservation(
            activeVUs: vus, intervalMicros: 1_000_000, iterations: iterations, receivedBytes: receivedBytes,
            hostCPUPercent: cpu, processCPUPercent: cpu, loopLagMicros: lag,
            meanWaitingMicros: waiting, meanReceivingMicros: receiving)
    }

    @Test func healthyRunRaisesNothing() {
        var watch = watch()
        for _ in 0..<30 { #expect(watch.observe(agent: "a1", second()).isEmpty) }
    }

    @Test func slowServerIsNotBlamedOnTheAgent() {
        // Iterations fall short, but time goes to waiting for the server's first byte.
        var watch = watch()
        for _ in 0..<10 {
            #expect(watch.observe(agent: "a1", second(iterations: 400, receivedBytes: 19_000_000, waiting: 1_400_000, receiving: 2_000)).isEmpty)
        }
    }

    @Test func cappedLinkIsNetworkBoundWithAgentsNeeded() throws {
        // The reference experiment: ~11 MB/s through a 90 Mbit/s link, ~230 pages/s of 48 KB.
        var watch = watch()
        var findings: [LoadGeneratorInsight] = []
        for i in 0..<9 {
            findings += watch.observe(agent: "a1", second(
                iterations: UInt64(228 + i % 3), receivedBytes: UInt64(11_100_000 + (i % 2) * 150_000),
                waiting: 300_000, receiving: 3_000_000))
        }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.resource == .network)
        #expect(finding.agentsNeeded == 5)
        #expect(finding.description.contains("agent a1 is network-bound"))
        #expect(finding.description.contains("88.") || finding.description.contains("89."))
        #expect(finding.description.contains("needs about 5 agents"))
    }

    @Test func saturatedCPUAndLaggingLoopAreReportedOnce() {
        var watch = watch()
        var findings: [LoadGeneratorInsight] = []
        for _ in 0..<20 { findings += watch.observe(agent: "a2", second(iterations: 600, cpu: 97, lag: 250_000)) }
        #expect(findings.map(\.resource) == [.cpu, .eventLoop])
        #expect(findings[0].description.contains("97%"))
        #expect(findings[1].description.contains("250ms late"))
        #expect(findings[0].agentsNeeded == 2)
    }

    @Test func theConnectionStormAtTheStartIsNotAFinding() {
        var watch = watch()
        for i in 0..<12 {
            let starting = i < 3
            #expect(watch.observe(agent: "a1", second(
                iterations: starting ? 150 : 930, receivedBytes: 9_000_000, waiting: 50_000, receiving: starting ? 900_000 : 1_000)).isEmpty)
        }
    }

    @Test func aSpikeIsNotAFinding() {
        var watch = watch()
        for i in 0..<20 {
            #expect(watch.observe(agent: "a1", second(cpu: i == 7 ? 99 : 30, lag: i == 8 ? 900_000 : 1_000)).isEmpty)
        }
    }
}
