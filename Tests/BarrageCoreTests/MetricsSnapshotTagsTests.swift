import Histogram
import Testing
@testable import BarrageCore

/// What `{group:}`, a request tag and a scenario tag select from a merged snapshot.
struct MetricsSnapshotTagsTests {
    static func part(requests: UInt64, micros: UInt64, metric: TrendMetric = .httpReqDuration) -> MetricsSnapshot {
        var histogram = LatencyHistogram.make()
        for _ in 0..<requests { _ = histogram.record(micros) }
        var counters = Counters()
        counters.httpReqs = requests
        return MetricsSnapshot(counters: counters, trends: [metric: histogram])
    }

    static func tag(_ key: String, _ value: String) -> [Threshold.Tag] { [Threshold.Tag(key: key, value: value)] }

    @Test func groupAndRequestTagsSelectTheirParts() {
        var snapshot = MetricsSnapshot()
        snapshot.tagged[Threshold.Tag(key: "group", value: "::checkout")] = Self.part(requests: 3, micros: 9_000, metric: .groupDuration)
        snapshot.tagged[Threshold.Tag(key: "kind", value: "write")] = Self.part(requests: 5, micros: 2_000)
        var other = MetricsSnapshot()
        other.tagged[Threshold.Tag(key: "kind", value: "write")] = Self.part(requests: 2, micros: 2_000)
        snapshot.merge(other)
        #expect(snapshot.subMetric(Self.tag("group", "::checkout"))?.histogram(.groupDuration).totalCount == 3)
        #expect(snapshot.subMetric(Self.tag("kind", "write"))?.counters.httpReqs == 7)
        // A group not passed yet, a tag value not seen: empty. A key no part carries: unsupported.
        #expect(snapshot.subMetric(Self.tag("group", "::never"))?.counters.httpReqs == 0)
        #expect(snapshot.subMetric(Self.tag("kind", "read"))?.counters.httpReqs == 0)
        #expect(snapshot.subMetric(Self.tag("knd", "write")) == nil)
        #expect(snapshot.groups.map(\.path) == ["::checkout"])
    }

    @Test func scenarioTagsSelectTheScenariosTaggedSo() {
        var snapshot = MetricsSnapshot()
        snapshot.scenarios = ["buyers": Self.part(requests: 4, micros: 1_000), "admins": Self.part(requests: 6, micros: 1_000),
                              "browsers": Self.part(requests: 100, micros: 1_000)]
        snapshot.scenarioTags = ["buyers": ["team": "payments"], "admins": ["team": "payments", "tier": "ops"]]
        #expect(snapshot.subMetric(Self.tag("team", "payments"))?.counters.httpReqs == 10)
        #expect(snapshot.subMetric(Self.tag("tier", "ops"))?.counters.httpReqs == 6)
        #expect(snapshot.subMetric([Threshold.Tag(key: "team", value: "payments"), Threshold.Tag(key: "scenario", value: "buyers")])?
            .counters.httpReqs == 4)
        #expect(snapshot.subMetric(Self.tag("scenario", "browsers"))?.counters.httpReqs == 100)
        // A scenario part carries no series: a scenario tag with a request tag is unsupported.
        #expect(snapshot.subMetric([Threshold.Tag(key: "team", value: "payments"), Threshold.Tag(key: "name", value: "x")]) == nil)
        // A one-scenario run: its tags select everything.
        let single = Self.part(requests: 8, micros: 1_000).asScenario("feed", tags: ["team": "web"])
        #expect(single.subMetric(Self.tag("team", "web"))?.counters.httpReqs == 8)
    }
}
