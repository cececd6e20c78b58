import Testing
@testable import BarrageCoordinator
@testable import BarrageCore
@testable import BarrageResults

/// The live dashboard's whole-run view lists the groups passed so far, merged from the agents'
/// shares as they arrive (the page draws them in its Groups panel).
struct DashboardGroupsTests {
    static func share(_ name: String, passes: Int, micros: Int64) -> JournalAgentSecond {
        let empty = HdrV2Codec.encodeBase64(LatencyHistogram.make())
        var histogram = LatencyHistogram.make()
        for _ in 0..<passes { histogram.recordClamped(micros: micros) }
        let durations = HdrV2Codec.encodeBase64(histogram)
        return JournalAgentSecond(
            name: name, lengthMicros: 1_000_000, counters: Counters(), histograms: [:], series: nil, checks: nil, activeVUs: 1,
            vusMax: 1, processCPUPercent: 1, hostCPUPercent: 1, netRxBytes: 0, netTxBytes: 0,
            tags: [TagSample(key: "group", value: "::checkout", counters: Counters(), httpReqDuration: empty, groupDuration: durations)])
    }

    @Test func theLiveViewListsTheGroupsSoFar() {
        let state = DashboardState(title: "t", url: "http://127.0.0.1:1/", agents: ["a1", "a2"], plannedMicros: 10_000_000)
        #expect(state.data().views.first?.groups.isEmpty == true)
        var row = SecondRow(
            startMicros: 0, lengthMicros: 1_000_000, counters: Counters(), activeVUs: 2, latency: LatencySummary(LatencyHistogram.make()), agents: [])
        row.shares = [Self.share("a1", passes: 6, micros: 40_000), Self.share("a2", passes: 4, micros: 40_000)]
        state.append(row)
        let groups = state.data().views.first?.groups ?? []
        #expect(groups.map(\.path) == ["::checkout"])
        #expect(groups.first?.part.histogram(.groupDuration).totalCount == 10)
        #expect(state.data().json().contains(#"{"avg_ms":40.016,"count":10,"p95_ms":40.031,"path":"::checkout"}"#))
    }
}
