import Testing
@testable import BarrageCore
@testable import BarrageResults

struct ReportPageTests {
    private func data(title: String = "Barrage report", live: Bool = false) -> ReportData {
        ReportData(
            title: title, url: "http://127.0.0.1:1/</script>", live: live, agents: ["a", "b,1"], summary: "  run: x",
            seconds: [OutputFixtures.second()], elapsedMicros: 3_000_000, plannedMicros: 3_000_000, finished: !live,
            agentStatus: [.init(name: "a", state: "running", activeVUs: 20)])
    }

    @Test func pageIsSelfContained() {
        let html = ReportPage.html(data())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>") && html.contains("function drawChart"))
        // Nothing is fetched: no external scripts, stylesheets or images.
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("https://"))
        #expect(html.contains(#"<body data-live="0">"#))
        #expect(ReportPage.html(data(live: true)).contains(#"<body data-live="1">"#))
    }

    @Test func embeddedDataCannotCloseTheScript() {
        let html = ReportPage.html(data(title: "a <b> & \"c\""))
        #expect(html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"))
        #expect(html.split(separator: "</script>").count == 3)
        #expect(html.contains(#""url":"http://127.0.0.1:1/\u003c/script\u003e""#))
    }

    @Test func dataHoldsSeriesRequestsAndStatus() {
        var report = data()
        report.requests = [RequestRow(name: "feed", tags: ["method": "GET"], metrics: MetricsSnapshot(), elapsedMicros: 1_000_000)]
        let json = report.json()
        #expect(json.contains(#""seconds":[{"agents":{"a":"#))
        #expect(json.contains(#""requests":[{"avg_ms":0,"#))
        #expect(json.contains(#""tags":{"method":"GET"}"#))
        #expect(json.contains(#""status":{"agents":[{"name":"a","state":"running","vus":20}],"elapsed_seconds":3,"finished":true,"planned_seconds":3}"#))
    }

    /// The finished page's views: the whole run (KPI figures, checks in the scenario's order, the
    /// per-name rows under a `total` row) and one per scenario.
    @Test func finishedViewsHoldKPIsChecksAndScenarios() {
        var report = SummaryFixtures.singleAgent()
        report.checkNames = ["status is 200", "has posts"]
        report.metrics.checks = ["has posts": CheckTally(passes: 990, fails: 10), "status is 200": CheckTally(passes: 1000)]
        report.scenarios = [ScenarioSpec(name: "browsers", executor: .constantVUs(vus: 10, durationMicros: 10_000_000))]
        report.metrics.scenarios = ["browsers": report.metrics.scenarioPart]
        let data = ReportData.finished(report, summary: "", seconds: [], agents: ["local"])
        #expect(data.views.map(\.name) == ["all", "browsers"])
        #expect(data.requests.first?.name == "total")
        let json = data.json()
        #expect(json.contains(#""checks":[{"fails":0,"name":"status is 200","passes":1000},{"fails":10,"name":"has posts","passes":990}]"#), "\(json)")
        #expect(json.contains(#""http_reqs":1000,"iterations":1000,"p95_ms":1.9"#), "\(json)")
        #expect(json.contains(#""req_per_s":100,"vus":10,"vus_max":10},"label":"whole run""#), "\(json)")
        #expect(json.contains(#""executor":"constant-vus","kpi":{"#) && json.contains(#""label":"browsers""#))
    }
}
