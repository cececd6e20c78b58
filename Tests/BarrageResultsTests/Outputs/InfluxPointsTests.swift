import Testing
@testable import BarrageCore
@testable import BarrageResults

struct InfluxPointsTests {
    @Test func writesK6MeasurementsWithCountsAsValue() throws {
        let points = InfluxPoints.points(OutputFixtures.second(), tags: ["testid": "t1"])
        func point(_ name: String, agent: String? = nil) -> LinePoint? {
            points.first { $0.measurement == name && $0.tags["agent"] == agent }
        }
        #expect(point("http_reqs")?.fields["value"] == .float(300))
        #expect(point("iterations")?.fields["value"] == .float(300))
        #expect(point("vus")?.fields["value"] == .float(30))
        #expect(point("data_received")?.fields["value"] == .float(1_500_000))
        #expect(point("http_req_failed")?.fields["value"] == .float(0.01))
        #expect(point("checks")?.fields["fails"] == .float(3))
        let duration = try #require(point("http_req_duration"))
        #expect(duration.fields["value"] == .float(0.505))
        #expect(duration.fields["count"] == .float(100))
        #expect(duration.fields["p95"] == .float(0.95))
        #expect(duration.fields["max"] == .float(1))
        #expect(points.allSatisfy { $0.tags["testid"] == "t1" && $0.timestampNanos == 1_714_564_803_000_000_000 })
        #expect(point("agent_http_reqs", agent: "b,1")?.fields["rate"] == .float(200))
        #expect(point("agent_net_rx_bytes", agent: "a")?.fields["value"] == .float(1_000_000))
        // Merged k6 measurements carry no agent tag: sum(value) counts each request once.
        #expect(points.filter { $0.measurement == "http_reqs" }.count == 1)
        #expect(LinePoint.body(points).contains("agent_cpu_percent,agent=b\\,1,testid=t1 host=6,value=12 1714564803000000000\n"))
    }

    @Test func secondWithoutRequestsHasNoDurationOrRatePoints() {
        var row = OutputFixtures.second()
        row.counters = Counters()
        row.latency = LatencySummary(LatencyHistogram.make())
        row.agents = []
        let names = Set(InfluxPoints.points(row).map(\.measurement))
        #expect(names == ["http_reqs", "iterations", "data_received", "data_sent", "vus"])
    }

    @Test func httpMetricsArePerSeriesTaggedLikeK6() throws {
        var row = OutputFixtures.second()
        var feed = Counters()
        feed.httpReqs = 200
        var broken = Counters()
        broken.httpReqs = 100
        broken.httpReqFailed = 100
        var histogram = LatencyHistogram.make()
        histogram.recordClamped(micros: 2000)
        row.series = [
            SeriesSecond(key: SeriesKey(name: "feed", method: "GET", status: 200), counters: feed, latency: LatencySummary(histogram)),
            SeriesSecond(key: SeriesKey(name: "missing", method: "GET", status: 404), counters: broken, latency: LatencySummary(LatencyHistogram.make())),
        ]
        let points = InfluxPoints.points(row)
        let requests = points.filter { $0.measurement == "http_reqs" }
        // Summing over the series still gives the second's total, and no untagged point doubles it.
        #expect(requests.count == 2)
        #expect(requests.compactMap { if case .float(let value)? = $0.fields["value"] { return value } else { return nil } }.reduce(0, +) == 300)
        #expect(requests.allSatisfy { $0.tags["name"] != nil && $0.tags["method"] == "GET" && $0.tags["status"] != nil })
        let failed = try #require(points.first { $0.measurement == "http_req_failed" && $0.tags["name"] == "missing" })
        #expect(failed.fields["value"] == .float(1))
        #expect(failed.tags["status"] == "404")
        let durations = points.filter { $0.measurement == "http_req_duration" }
        #expect(durations.count == 1 && durations[0].tags["name"] == "feed" && durations[0].fields["p50"] == .float(2))
        #expect(LinePoint.body(points).contains("http_reqs,method=GET,name=feed,status=200 rate="))
    }
}
